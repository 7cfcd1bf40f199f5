import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

/** A street of the city (reference data, loaded from the seed list): outage areas must name one. */
export class Street extends Model<InferAttributes<Street>, InferCreationAttributes<Street>> {
  declare id: CreationOptional<number>;
  /** With the type word, as said: 'вулиця Шевченка'. */
  declare name: string;
  declare type: string;
  /** The highest house number. */
  declare buildings: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Street.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        name: { type: DataTypes.STRING(255), allowNull: false, unique: true },
        type: { type: DataTypes.STRING(20), allowNull: false },
        buildings: { type: DataTypes.INTEGER, allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'streets', underscored: true },
    );
  }
}
