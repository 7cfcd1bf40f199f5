import { DataTypes, QueryInterface } from 'sequelize';

export const name = '003-open311';

export async function up(qi: QueryInterface): Promise<void> {
  // Each Open311 client (a city app, a partner portal) has its own key, so one can be revoked alone.
  await qi.createTable('open311_clients', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    name: { type: DataTypes.STRING(255), allowNull: false },
    // Only a SHA-256 of the key is kept: the key itself is shown once, when it is made.
    key_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    last_used_at: { type: DataTypes.DATE },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  // GeoReport requests may carry a WGS-84 point instead of (or besides) an address.
  await qi.addColumn('appeals', 'latitude', { type: DataTypes.DOUBLE, allowNull: true });
  await qi.addColumn('appeals', 'longitude', { type: DataTypes.DOUBLE, allowNull: true });
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.removeColumn('appeals', 'longitude');
  await qi.removeColumn('appeals', 'latitude');
  await qi.dropTable('open311_clients');
}
