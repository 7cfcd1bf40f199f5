import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

/** A program allowed to file appeals through Open311 GeoReport v2 with its own api_key. */
export class Open311Client extends Model<InferAttributes<Open311Client>, InferCreationAttributes<Open311Client>> {
  declare id: CreationOptional<number>;
  declare name: string;
  /** SHA-256 (hex) of the api_key; the key itself is never stored. */
  declare keyHash: string;
  declare active: CreationOptional<boolean>;
  declare lastUsedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Open311Client.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        name: { type: DataTypes.STRING(255), allowNull: false },
        keyHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        lastUsedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'open311_clients', underscored: true },
    );
  }
}
