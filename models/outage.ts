import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

export const UTILITIES = ['cold_water', 'hot_water', 'heating', 'electricity', 'gas', 'other'] as const;
export type Utility = (typeof UTILITIES)[number];

/** A planned or emergency cut-off of a utility in an area of the city. Active/upcoming derive from time. */
export class Outage extends Model<InferAttributes<Outage>, InferCreationAttributes<Outage>> {
  declare id: CreationOptional<number>;
  declare utility: Utility;
  declare kind: 'planned' | 'emergency';
  /** As a person says it: 'вулиця Шевченка, будинки 1–15' or 'усе місто'. */
  declare area: string;
  declare startsAt: Date;
  /** Null while the time of restoration is unknown. */
  declare endsAt: Date | null;
  declare reason: string | null;
  declare executorId: number | null;
  declare cancelledAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Outage.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        utility: { type: DataTypes.STRING(16), allowNull: false },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        area: { type: DataTypes.STRING(1000), allowNull: false },
        startsAt: { type: DataTypes.DATE, allowNull: false },
        endsAt: { type: DataTypes.DATE, allowNull: true },
        reason: { type: DataTypes.STRING(1000), allowNull: true },
        executorId: { type: DataTypes.INTEGER, allowNull: true },
        cancelledAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'outages', underscored: true },
    );
  }
}
