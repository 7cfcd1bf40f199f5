import { DataTypes, QueryInterface } from 'sequelize';

export const name = '002-outages';

export async function up(qi: QueryInterface): Promise<void> {
  await qi.createTable('outages', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    utility: { type: DataTypes.STRING(16), allowNull: false },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    area: { type: DataTypes.STRING(1000), allowNull: false },
    starts_at: { type: DataTypes.DATE, allowNull: false },
    ends_at: { type: DataTypes.DATE },
    reason: { type: DataTypes.STRING(1000) },
    executor_id: { type: DataTypes.INTEGER, references: { model: 'organizations', key: 'id' }, onDelete: 'SET NULL', onUpdate: 'CASCADE' },
    cancelled_at: { type: DataTypes.DATE },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  // Every inbound call asks for what is active now or starts soon.
  await qi.addIndex('outages', ['ends_at', 'starts_at'], { name: 'outages_window' });
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('outages');
}
