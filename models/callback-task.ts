import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

export const CALLBACK_TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type CallbackTaskStatus = (typeof CALLBACK_TASK_STATUSES)[number];

/**
 * A caller to call back: they hung up while waiting in the queue. Dispatchers close it by hand;
 * with ABANDONED_AUTO_CALLBACK, jobs/abandoned-callback-dialer.ts claims fresh tasks, counts each
 * try in `attempts`, and closes the task when the caller was put through to the queue.
 */
export class CallbackTask extends Model<InferAttributes<CallbackTask>, InferCreationAttributes<CallbackTask>> {
  declare id: CreationOptional<number>;
  /** The abandoned call the task was made for. */
  declare callId: number;
  /** E.164. */
  declare phone: string;
  declare applicantId: number | null;
  declare reason: 'abandoned';
  declare status: CreationOptional<CallbackTaskStatus>;
  declare note: CreationOptional<string | null>;
  declare attempts: CreationOptional<number>;
  declare claimedBy: CreationOptional<string | null>;
  declare claimedUntil: CreationOptional<Date | null>;
  declare closedAt: CreationOptional<Date | null>;
  declare closedByUserId: CreationOptional<number | null>;
  declare createdAt: Date;
  declare updatedAt: Date;

  static initModel(sequelize: Sequelize): void {
    CallbackTask.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        callId: { type: DataTypes.INTEGER, allowNull: false, unique: true },
        phone: { type: DataTypes.STRING(32), allowNull: false },
        applicantId: { type: DataTypes.INTEGER, allowNull: true },
        reason: { type: DataTypes.STRING(16), allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' },
        note: { type: DataTypes.STRING(1000), allowNull: true },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        claimedBy: { type: DataTypes.STRING(64), allowNull: true },
        claimedUntil: { type: DataTypes.DATE, allowNull: true },
        closedAt: { type: DataTypes.DATE, allowNull: true },
        closedByUserId: { type: DataTypes.INTEGER, allowNull: true },
        // Set from the job's clock, not Sequelize's: tasks live in business time.
        createdAt: { type: DataTypes.DATE, allowNull: false },
        updatedAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'callback_tasks', underscored: true, timestamps: false },
    );
  }
}
