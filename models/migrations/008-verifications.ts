import { DataTypes, QueryInterface } from 'sequelize';

export const name = '008-verifications';

export async function up(qi: QueryInterface): Promise<void> {
  // One row per completion of an appeal: the callback that asks the resident whether the work
  // was done, its attempts and how it ended. Dialer instances claim rows (claimed_by/until).
  await qi.createTable('verifications', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    appeal_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'appeals', key: 'id' }, onDelete: 'CASCADE' },
    // The appeal's done_at this verification is about: a reopened and again completed appeal gets a new one.
    completed_at: { type: DataTypes.DATE, allowNull: false },
    status: { type: DataTypes.STRING(20), allowNull: false },
    due_at: { type: DataTypes.DATE, allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    last_result: { type: DataTypes.STRING(16), allowNull: true },
    last_cause: { type: DataTypes.INTEGER, allowNull: true },
    last_attempt_at: { type: DataTypes.DATE, allowNull: true },
    /** Why it ended where it did: do_not_call, no_phone, max_attempts, appeal_changed, ... */
    reason: { type: DataTypes.STRING(32), allowNull: true },
    /** The channel of the attempt under way (also the call's uniqueid). */
    channel_id: { type: DataTypes.STRING(64), allowNull: true },
    resolved_by_user_id: { type: DataTypes.INTEGER, allowNull: true },
    ended_at: { type: DataTypes.DATE, allowNull: true },
    claimed_by: { type: DataTypes.STRING(64), allowNull: true },
    claimed_until: { type: DataTypes.DATE, allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('verifications', ['appeal_id', 'completed_at'], { unique: true, name: 'verifications_one_per_completion' });
  await qi.addIndex('verifications', ['status', 'due_at'], { name: 'verifications_status_due' });
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('verifications');
}
