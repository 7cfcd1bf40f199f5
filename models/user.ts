import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional, ForeignKey } from 'sequelize';

export const ROLES = ['admin', 'head', 'dispatcher', 'executor'] as const;
export type Role = (typeof ROLES)[number];

/** A person who signs in: an admin, the head of the centre, a dispatcher, or an executor's employee. */
export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<number>;
  declare login: string;
  declare passwordHash: string;
  declare fullName: string;
  declare role: Role;
  /** Executors only: the organization whose appeals they see. */
  declare organizationId: ForeignKey<number> | null;
  /** Dispatchers only: the queue interface of their phone, e.g. PJSIP/101. */
  declare queueInterface: CreationOptional<string | null>;
  /** The device whose state the queue follows for this member (a hint, a PJSIP device, Custom:…); null: the interface itself. */
  declare queueStateInterface: CreationOptional<string | null>;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    User.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        login: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        passwordHash: { type: DataTypes.STRING(255), allowNull: false },
        fullName: { type: DataTypes.STRING(255), allowNull: false },
        role: { type: DataTypes.STRING(16), allowNull: false },
        organizationId: { type: DataTypes.INTEGER, allowNull: true },
        queueInterface: { type: DataTypes.STRING(128), allowNull: true },
        queueStateInterface: { type: DataTypes.STRING(128), allowNull: true },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'users', underscored: true },
    );
  }
}
