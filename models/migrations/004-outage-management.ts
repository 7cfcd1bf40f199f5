import { DataTypes, QueryInterface } from 'sequelize';

export const name = '004-outage-management';

/**
 * What managing outages needs: the city's street list as reference data (areas must name known
 * streets), the utilities each organization announces outages for, and on an outage the area as
 * structured input (the `area` text stays: the IVR reads it), a contact and why it was cancelled.
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.createTable('streets', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    name: { type: DataTypes.STRING(255), allowNull: false, unique: true },
    type: { type: DataTypes.STRING(20), allowNull: false },
    buildings: { type: DataTypes.INTEGER, allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  // Comma-separated utility codes ('heating,hot_water'): short, read whole, never queried inside.
  await qi.addColumn('organizations', 'utilities', { type: DataTypes.STRING(200), allowNull: true });
  await qi.addColumn('outages', 'area_spec', { type: DataTypes.TEXT, allowNull: true });
  await qi.addColumn('outages', 'contact', { type: DataTypes.STRING(255), allowNull: true });
  await qi.addColumn('outages', 'cancel_reason', { type: DataTypes.STRING(1000), allowNull: true });
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.removeColumn('outages', 'cancel_reason');
  await qi.removeColumn('outages', 'contact');
  await qi.removeColumn('outages', 'area_spec');
  await qi.removeColumn('organizations', 'utilities');
  await qi.dropTable('streets');
}
