import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes } from 'sequelize';

/** The last appeal number issued in a year; incremented under a row lock. */
export class AppealCounter extends Model<InferAttributes<AppealCounter>, InferCreationAttributes<AppealCounter>> {
  declare year: number;
  declare last: number;

  static initModel(sequelize: Sequelize): void {
    AppealCounter.init(
      {
        year: { type: DataTypes.INTEGER, primaryKey: true },
        last: { type: DataTypes.INTEGER, allowNull: false },
      },
      { sequelize, tableName: 'appeal_counters', underscored: true, timestamps: false },
    );
  }
}
