import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional, ForeignKey, type Transaction } from 'sequelize';

export const ROLES = ['admin', 'head', 'dispatcher', 'executor'] as const;
export type Role = (typeof ROLES)[number];

const changeListeners = new Set<() => void>();

/**
 * Calls `listener` after every committed write to the users through this process (create, update,
 * destroy, one row or many); answers how to stop. Those who keep users in memory (who sits at which
 * phone) read them again.
 */
export function onUsersChanged(listener: () => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

function usersChanged(options: { transaction?: Transaction | null } | undefined): void {
  const tell = () => {
    for (const l of changeListeners) l();
  };
  // Inside a transaction the rows are not there for other readers until it commits.
  if (options?.transaction) options.transaction.afterCommit(tell);
  else tell();
}

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
      {
        sequelize, tableName: 'users', underscored: true,
        hooks: {
          afterCreate: (_u, options) => usersChanged(options),
          afterUpdate: (_u, options) => usersChanged(options),
          afterDestroy: (_u, options) => usersChanged(options),
          afterUpsert: (_r, options) => usersChanged(options),
          afterBulkCreate: (_us, options) => usersChanged(options),
          afterBulkUpdate: (options) => usersChanged(options),
          afterBulkDestroy: (options) => usersChanged(options),
        },
      },
    );
  }
}
