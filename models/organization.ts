import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

/** An executor: a utility company or a city department that does the work. */
export class Organization extends Model<InferAttributes<Organization>, InferCreationAttributes<Organization>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare name: string;
  declare shortName: string;
  declare kind: 'utility' | 'department' | 'contractor';
  declare phone: string | null;
  declare email: string | null;
  declare address: string | null;
  declare webhookUrl: CreationOptional<string | null>;
  declare webhookSecret: CreationOptional<string | null>;
  declare active: CreationOptional<boolean>;
  /** Utilities it announces outages for; empty for departments. */
  declare utilities: CreationOptional<string[]>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Organization.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        code: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        name: { type: DataTypes.STRING(255), allowNull: false },
        shortName: { type: DataTypes.STRING(100), allowNull: false },
        kind: { type: DataTypes.STRING(20), allowNull: false },
        phone: { type: DataTypes.STRING(32), allowNull: true },
        email: { type: DataTypes.STRING(255), allowNull: true },
        address: { type: DataTypes.STRING(500), allowNull: true },
        webhookUrl: { type: DataTypes.STRING(1000), allowNull: true },
        webhookSecret: { type: DataTypes.STRING(255), allowNull: true },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        // Stored comma-separated (see migration 004); read as a list.
        utilities: {
          type: DataTypes.STRING(200),
          allowNull: true,
          get() {
            const raw = this.getDataValue('utilities') as unknown;
            return typeof raw === 'string' && raw ? raw.split(',') : [];
          },
          set(value: string[] | null) {
            this.setDataValue('utilities', (value?.length ? value.join(',') : null) as unknown as string[]);
          },
        },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'organizations', underscored: true },
    );
  }
}
