import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

export const DEADLINE_NOTICE_KINDS = ['warning', 'overdue'] as const;
export type DeadlineNoticeKind = (typeof DEADLINE_NOTICE_KINDS)[number];

/** A deadline alert that went out: unique per (appeal, kind, deadline), so each is sent once. */
export class DeadlineNotice extends Model<InferAttributes<DeadlineNotice>, InferCreationAttributes<DeadlineNotice>> {
  declare id: CreationOptional<number>;
  declare appealId: number;
  declare kind: DeadlineNoticeKind;
  declare deadlineAt: Date;
  declare createdAt: Date;

  static initModel(sequelize: Sequelize): void {
    DeadlineNotice.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        appealId: { type: DataTypes.INTEGER, allowNull: false },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        deadlineAt: { type: DataTypes.DATE, allowNull: false },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'deadline_notices', underscored: true, timestamps: false },
    );
  }
}
