import { DataTypes, QueryInterface } from 'sequelize';

export const name = '009-deadline-control';

export async function up(qi: QueryInterface): Promise<void> {
  // The first moment the deadline watch saw the appeal overdue. Kept after the appeal is closed:
  // an executor's record counts appeals that were late even if they were done later.
  await qi.addColumn('appeals', 'overdue_at', { type: DataTypes.DATE, allowNull: true });

  // One row per deadline alert sent. The unique key is what makes an alert go out once, even
  // with two instances: the alert is sent only by whoever inserted the row. A new deadline (an
  // extension) is a new key, so the appeal may be warned again.
  await qi.createTable('deadline_notices', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    appeal_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'appeals', key: 'id' } },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    deadline_at: { type: DataTypes.DATE, allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('deadline_notices', ['appeal_id', 'kind', 'deadline_at'], { unique: true, name: 'deadline_notices_once' });

  // Callers who hung up in the queue, to be called back by a dispatcher (or, later, claimed by
  // the automatic dialer through claimed_by/claimed_until). One task per abandoned call.
  await qi.createTable('callback_tasks', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    call_id: { type: DataTypes.INTEGER, allowNull: false, unique: true, references: { model: 'calls', key: 'id' } },
    phone: { type: DataTypes.STRING(32), allowNull: false },
    applicant_id: { type: DataTypes.INTEGER, allowNull: true },
    reason: { type: DataTypes.STRING(16), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' },
    note: { type: DataTypes.STRING(1000), allowNull: true },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    claimed_by: { type: DataTypes.STRING(64), allowNull: true },
    claimed_until: { type: DataTypes.DATE, allowNull: true },
    closed_at: { type: DataTypes.DATE, allowNull: true },
    closed_by_user_id: { type: DataTypes.INTEGER, allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('callback_tasks', ['status', 'phone'], { name: 'callback_tasks_status_phone' });
  await qi.addIndex('callback_tasks', ['status', 'closed_at'], { name: 'callback_tasks_status_closed' });
  // The abandoned-calls job looks for recent abandoned calls and later answered ones by number.
  await qi.addIndex('calls', ['disposition', 'ended_at'], { name: 'calls_disposition_ended' });
  await qi.addIndex('sessions', ['expires_at'], { name: 'sessions_expires' });
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.removeIndex('sessions', 'sessions_expires');
  await qi.removeIndex('calls', 'calls_disposition_ended');
  await qi.dropTable('callback_tasks');
  await qi.dropTable('deadline_notices');
  await qi.removeColumn('appeals', 'overdue_at');
}
