import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

/** A key with which a machine of an organization acts as that organization's executor. */
export class OrganizationApiKey extends Model<InferAttributes<OrganizationApiKey>, InferCreationAttributes<OrganizationApiKey>> {
  declare id: CreationOptional<number>;
  declare organizationId: number;
  declare name: string;
  /** SHA-256 (hex) of the key; the key itself is never stored. */
  declare keyHash: string;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare lastUsedAt: CreationOptional<Date | null>;

  static initModel(sequelize: Sequelize): void {
    OrganizationApiKey.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        organizationId: { type: DataTypes.INTEGER, allowNull: false },
        name: { type: DataTypes.STRING(255), allowNull: false },
        keyHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdAt: DataTypes.DATE,
        lastUsedAt: { type: DataTypes.DATE, allowNull: true },
      },
      { sequelize, tableName: 'organization_api_keys', underscored: true, updatedAt: false },
    );
  }
}
