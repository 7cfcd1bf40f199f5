import { DataTypes, QueryInterface } from 'sequelize';

export const name = '016-notices';

export async function up(qi: QueryInterface): Promise<void> {
  // A phone subscribed to notices for an address (street of the city's list, optionally one
  // building) or for the whole city (street_id null), with how and when consent was given.
  await qi.createTable('notice_subscriptions', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    phone: { type: DataTypes.STRING(20), allowNull: false },
    applicant_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'applicants', key: 'id' }, onDelete: 'SET NULL' },
    street_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'streets', key: 'id' } },
    building: { type: DataTypes.STRING(20), allowNull: true },
    /** ivr | console | site */
    consent_channel: { type: DataTypes.STRING(16), allowNull: false },
    consent_at: { type: DataTypes.DATE, allowNull: false },
    consent_by_user_id: { type: DataTypes.INTEGER, allowNull: true },
    /** The call (uniqueid) in which the resident pressed the key, for IVR consent. */
    consent_call_id: { type: DataTypes.STRING(64), allowNull: true },
    unsubscribed_at: { type: DataTypes.DATE, allowNull: true },
    /** notice_call (key 9) | console */
    unsubscribed_channel: { type: DataTypes.STRING(16), allowNull: true },
    unsubscribed_by_user_id: { type: DataTypes.INTEGER, allowNull: true },
    unsubscribed_notice_id: { type: DataTypes.INTEGER, allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('notice_subscriptions', ['phone'], { name: 'notice_subscriptions_phone' });
  await qi.addIndex('notice_subscriptions', ['street_id', 'unsubscribed_at'], { name: 'notice_subscriptions_street' });

  // A notice: composed by a dispatcher or the head, approved by the head, then called out.
  await qi.createTable('notices', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    text: { type: DataTypes.TEXT, allowNull: false },
    area: { type: DataTypes.STRING(1000), allowNull: false },
    area_spec: { type: DataTypes.TEXT, allowNull: false },
    urgent: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    /** The head allowed an urgent notice to call outside the calling hours. */
    outside_hours_confirmed: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    /** pending_approval | rejected | calling | stopped | done */
    status: { type: DataTypes.STRING(20), allowNull: false },
    outage_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'outages', key: 'id' }, onDelete: 'SET NULL' },
    speech_seconds: { type: DataTypes.FLOAT, allowNull: true },
    created_by_user_id: { type: DataTypes.INTEGER, allowNull: true },
    approved_by_user_id: { type: DataTypes.INTEGER, allowNull: true },
    approved_at: { type: DataTypes.DATE, allowNull: true },
    rejected_reason: { type: DataTypes.STRING(1000), allowNull: true },
    stopped_at: { type: DataTypes.DATE, allowNull: true },
    finished_at: { type: DataTypes.DATE, allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('notices', ['status'], { name: 'notices_status' });

  // One row per phone per notice (the unique index): the call list, claimed by dialers like verifications.
  await qi.createTable('notice_calls', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    notice_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'notices', key: 'id' }, onDelete: 'CASCADE' },
    phone: { type: DataTypes.STRING(20), allowNull: false },
    /** queued | calling | listened | hung_up | unanswered | failed | unsubscribed */
    status: { type: DataTypes.STRING(16), allowNull: false },
    due_at: { type: DataTypes.DATE, allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    repeats: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    last_result: { type: DataTypes.STRING(16), allowNull: true },
    last_cause: { type: DataTypes.INTEGER, allowNull: true },
    last_attempt_at: { type: DataTypes.DATE, allowNull: true },
    channel_id: { type: DataTypes.STRING(64), allowNull: true },
    ended_at: { type: DataTypes.DATE, allowNull: true },
    claimed_by: { type: DataTypes.STRING(64), allowNull: true },
    claimed_until: { type: DataTypes.DATE, allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('notice_calls', ['notice_id', 'phone'], { unique: true, name: 'notice_calls_one_per_phone' });
  await qi.addIndex('notice_calls', ['status', 'due_at'], { name: 'notice_calls_status_due' });
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('notice_calls');
  await qi.dropTable('notices');
  await qi.dropTable('notice_subscriptions');
}
