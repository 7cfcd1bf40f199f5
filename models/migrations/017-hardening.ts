import { DataTypes, QueryInterface } from 'sequelize';

export const name = '017-hardening';

export async function up(qi: QueryInterface): Promise<void> {
  // Moves carry the version they were made from; a stale one is refused (409).
  await qi.addColumn('appeals', 'version', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 });

  // Secrets the server makes for itself when the environment gives none (TOKEN_SECRET), shared by every instance.
  await qi.createTable('server_secrets', {
    name: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    value: { type: DataTypes.STRING(255), allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });

  // Failed sign-ins per account and client address, and per account over all addresses ('*').
  await qi.createTable('login_throttles', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    login: { type: DataTypes.STRING(64), allowNull: false },
    address: { type: DataTypes.STRING(64), allowNull: false },
    failures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    last_failure_at: { type: DataTypes.DATE, allowNull: false },
    locked_until: { type: DataTypes.DATE, allowNull: true },
  });
  await qi.addIndex('login_throttles', ['login', 'address'], { name: 'login_throttles_login_address', unique: true });

  // Idempotency-Key of registrations: one per caller and key, committed with the appeal it made.
  await qi.createTable('idempotency_keys', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    scope: { type: DataTypes.STRING(64), allowNull: false },
    idem_key: { type: DataTypes.STRING(255), allowNull: false },
    request_hash: { type: DataTypes.STRING(64), allowNull: false },
    appeal_id: { type: DataTypes.INTEGER, allowNull: true },
    status: { type: DataTypes.INTEGER, allowNull: true },
    response: { type: DataTypes.TEXT, allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('idempotency_keys', ['scope', 'idem_key'], { name: 'idempotency_keys_scope_key', unique: true });
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('idempotency_keys');
  await qi.dropTable('login_throttles');
  await qi.dropTable('server_secrets');
  await qi.removeColumn('appeals', 'version');
}
