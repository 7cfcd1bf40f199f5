import { DataTypes, QueryInterface } from 'sequelize';

export const name = '006-executor-api';

export async function up(qi: QueryInterface): Promise<void> {
  // Machines of an organization (its dispatch system) act as the organization's executor with a key.
  await qi.createTable('organization_api_keys', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    organization_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organizations', key: 'id' } },
    name: { type: DataTypes.STRING(255), allowNull: false },
    // Only a SHA-256 of the key is kept: the key itself is shown once, when it is made.
    key_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
    last_used_at: { type: DataTypes.DATE },
  });
  await qi.addIndex('organization_api_keys', ['organization_id']);

  // Every webhook sent to an organization: the delivery log and the retry queue in one.
  await qi.createTable('webhook_deliveries', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    organization_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'organizations', key: 'id' } },
    event: { type: DataTypes.STRING(32), allowNull: false },
    appeal_id: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'appeals', key: 'id' } },
    // The exact body that is signed and sent, so that every retry carries the same bytes.
    payload: { type: DataTypes.TEXT, allowNull: false },
    attempt: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
    response_status: { type: DataTypes.INTEGER },
    error: { type: DataTypes.STRING(500) },
    next_attempt_at: { type: DataTypes.DATE },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('webhook_deliveries', ['status', 'next_attempt_at']);
  await qi.addIndex('webhook_deliveries', ['organization_id', 'created_at']);
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('webhook_deliveries');
  await qi.dropTable('organization_api_keys');
}
