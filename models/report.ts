import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

export const REPORT_KINDS = ['daily', 'range'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** A stored report: its period in city-local dates (inclusive) and the figures as computed then. */
export class Report extends Model<InferAttributes<Report>, InferCreationAttributes<Report>> {
  declare id: CreationOptional<number>;
  declare kind: ReportKind;
  /** YYYY-MM-DD, city-local. */
  declare periodFrom: string;
  declare periodTo: string;
  declare generatedAt: Date;
  /** ReportFigures (reports/figures.ts). */
  declare figures: unknown;

  static initModel(sequelize: Sequelize): void {
    Report.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        kind: { type: DataTypes.STRING(8), allowNull: false },
        periodFrom: { type: DataTypes.DATEONLY, allowNull: false },
        periodTo: { type: DataTypes.DATEONLY, allowNull: false },
        generatedAt: { type: DataTypes.DATE, allowNull: false },
        figures: { type: DataTypes.JSON, allowNull: false },
      },
      { sequelize, tableName: 'reports', underscored: true, timestamps: false },
    );
  }
}
