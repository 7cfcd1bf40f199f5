import { DataTypes, QueryInterface } from 'sequelize';

const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false };
const createdAt = { type: DataTypes.DATE, allowNull: false };
const timestamps = { created_at: createdAt, updated_at: { type: DataTypes.DATE, allowNull: false } };
const ref = (table: string, allowNull: boolean, onDelete = 'RESTRICT') => ({
  type: DataTypes.INTEGER,
  allowNull,
  references: { model: table, key: 'id' },
  onDelete,
  onUpdate: 'CASCADE',
});

export const name = '001-initial-schema';

export async function up(qi: QueryInterface): Promise<void> {
  await qi.createTable('organizations', {
    id,
    code: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    name: { type: DataTypes.STRING(255), allowNull: false },
    short_name: { type: DataTypes.STRING(100), allowNull: false },
    kind: { type: DataTypes.STRING(20), allowNull: false },
    phone: { type: DataTypes.STRING(32) },
    email: { type: DataTypes.STRING(255) },
    address: { type: DataTypes.STRING(500) },
    webhook_url: { type: DataTypes.STRING(1000) },
    webhook_secret: { type: DataTypes.STRING(255) },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps,
  });
  await qi.createTable('categories', {
    id,
    code: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    name: { type: DataTypes.STRING(255), allowNull: false },
    group_name: { type: DataTypes.STRING(255), allowNull: false },
    deadline_class: { type: DataTypes.STRING(16), allowNull: false },
    emergency: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    default_executor_id: ref('organizations', true, 'SET NULL'),
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps,
  });
  await qi.createTable('applicants', {
    id,
    phone: { type: DataTypes.STRING(20), allowNull: false, unique: true },
    full_name: { type: DataTypes.STRING(255) },
    address: { type: DataTypes.STRING(500) },
    consent_to_calls: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    do_not_call: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...timestamps,
  });
  await qi.createTable('users', {
    id,
    login: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    password_hash: { type: DataTypes.STRING(255), allowNull: false },
    full_name: { type: DataTypes.STRING(255), allowNull: false },
    role: { type: DataTypes.STRING(16), allowNull: false },
    organization_id: ref('organizations', true),
    queue_interface: { type: DataTypes.STRING(64) },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps,
  });
  await qi.createTable('sessions', {
    id,
    token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    user_id: ref('users', false, 'CASCADE'),
    expires_at: { type: DataTypes.DATE, allowNull: false },
    revoked_at: { type: DataTypes.DATE },
    ip: { type: DataTypes.STRING(64) },
    created_at: createdAt,
  });
  await qi.createTable('calls', {
    id,
    uniqueid: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    linkedid: { type: DataTypes.STRING(64) },
    direction: { type: DataTypes.STRING(10), allowNull: false },
    purpose: { type: DataTypes.STRING(32) },
    caller_number: { type: DataTypes.STRING(32) },
    called_number: { type: DataTypes.STRING(32) },
    applicant_id: ref('applicants', true, 'SET NULL'),
    started_at: { type: DataTypes.DATE, allowNull: false },
    answered_at: { type: DataTypes.DATE },
    ended_at: { type: DataTypes.DATE },
    ivr_path: { type: DataTypes.JSON },
    queue: { type: DataTypes.STRING(64) },
    queue_joined_at: { type: DataTypes.DATE },
    wait_seconds: { type: DataTypes.INTEGER },
    agent_interface: { type: DataTypes.STRING(64) },
    dispatcher_user_id: ref('users', true, 'SET NULL'),
    talk_seconds: { type: DataTypes.INTEGER },
    disposition: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'in_progress' },
    hangup_cause: { type: DataTypes.INTEGER },
    hangup_cause_text: { type: DataTypes.STRING(64) },
    ...timestamps,
  });
  await qi.createTable('appeals', {
    id,
    number: { type: DataTypes.STRING(16), allowNull: false, unique: true },
    channel: { type: DataTypes.STRING(16), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    applicant_id: ref('applicants', true),
    category_id: ref('categories', false),
    executor_id: ref('organizations', true),
    address: { type: DataTypes.STRING(500), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: false },
    emergency: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    registered_at: { type: DataTypes.DATE, allowNull: false },
    deadline_at: { type: DataTypes.DATE, allowNull: false },
    original_deadline_at: { type: DataTypes.DATE, allowNull: false },
    repeated: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    repeat_of_id: ref('appeals', true, 'SET NULL'),
    repeat_of_resolved: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    duplicate_of_id: ref('appeals', true, 'SET NULL'),
    rejection_reason: { type: DataTypes.STRING(1000) },
    result: { type: DataTypes.TEXT },
    created_by_user_id: ref('users', true, 'SET NULL'),
    source_call_id: ref('calls', true, 'SET NULL'),
    done_at: { type: DataTypes.DATE },
    closed_at: { type: DataTypes.DATE },
    ...timestamps,
  });
  await qi.createTable('appeal_events', {
    id,
    appeal_id: ref('appeals', false, 'CASCADE'),
    type: { type: DataTypes.STRING(32), allowNull: false },
    from_status: { type: DataTypes.STRING(16) },
    to_status: { type: DataTypes.STRING(16) },
    user_id: ref('users', true, 'SET NULL'),
    actor: { type: DataTypes.STRING(64), allowNull: false },
    comment: { type: DataTypes.TEXT },
    data: { type: DataTypes.JSON },
    created_at: createdAt,
  });
  await qi.createTable('call_appeals', {
    call_id: { ...ref('calls', false, 'CASCADE'), primaryKey: true },
    appeal_id: { ...ref('appeals', false, 'CASCADE'), primaryKey: true },
    relation: { type: DataTypes.STRING(16), allowNull: false },
    created_at: createdAt,
  });
  await qi.createTable('audit_logs', {
    id,
    user_id: ref('users', true, 'SET NULL'),
    action: { type: DataTypes.STRING(32), allowNull: false },
    subject_type: { type: DataTypes.STRING(32), allowNull: false },
    subject_id: { type: DataTypes.INTEGER, allowNull: false },
    ip: { type: DataTypes.STRING(64) },
    context: { type: DataTypes.STRING(255) },
    created_at: createdAt,
  });
  await qi.createTable('appeal_counters', {
    year: { type: DataTypes.INTEGER, primaryKey: true, allowNull: false },
    last: { type: DataTypes.INTEGER, allowNull: false },
  });

  // The screen-pop query (an applicant's latest appeals) reads these on every call.
  await qi.addIndex('appeals', ['applicant_id', 'registered_at'], { name: 'appeals_applicant_registered' });
  await qi.addIndex('appeals', ['status', 'deadline_at'], { name: 'appeals_status_deadline' });
  await qi.addIndex('appeals', ['executor_id', 'status', 'registered_at'], { name: 'appeals_executor_status' });
  await qi.addIndex('appeals', ['category_id', 'registered_at'], { name: 'appeals_category_registered' });
  await qi.addIndex('appeals', ['registered_at'], { name: 'appeals_registered' });
  await qi.addIndex('appeals', ['repeated', 'registered_at'], { name: 'appeals_repeated' });
  await qi.addIndex('appeal_events', ['appeal_id', 'created_at'], { name: 'appeal_events_appeal' });
  await qi.addIndex('calls', ['caller_number', 'started_at'], { name: 'calls_caller_started' });
  await qi.addIndex('calls', ['applicant_id', 'started_at'], { name: 'calls_applicant_started' });
  await qi.addIndex('calls', ['started_at'], { name: 'calls_started' });
  await qi.addIndex('call_appeals', ['appeal_id'], { name: 'call_appeals_appeal' });
  await qi.addIndex('audit_logs', ['subject_type', 'subject_id', 'created_at'], { name: 'audit_logs_subject' });
  await qi.addIndex('audit_logs', ['user_id', 'created_at'], { name: 'audit_logs_user' });
  await qi.addIndex('audit_logs', ['created_at'], { name: 'audit_logs_created' });
  await qi.addIndex('sessions', ['user_id'], { name: 'sessions_user' });
}

export async function down(qi: QueryInterface): Promise<void> {
  for (const table of [
    'audit_logs', 'call_appeals', 'appeal_events', 'appeals', 'calls', 'sessions', 'users',
    'applicants', 'categories', 'organizations', 'appeal_counters',
  ]) {
    await qi.dropTable(table);
  }
}
