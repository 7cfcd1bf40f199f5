import { DataTypes, QueryInterface } from 'sequelize';

export const name = '005-cctv';

const ref = (table: string) => ({ references: { model: table, key: 'id' } });

/**
 * The city's cameras and the incidents seen on them. An incident becomes an appeal (channel
 * `cctv`) and keeps a link to it; it was registered either by a CCTV operator (a user) or by a
 * video analytics system (source `analytics`, no user).
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.createTable('cameras', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    name: { type: DataTypes.STRING(255), allowNull: false },
    /** Where it looks, as an appeal's address: 'вулиця Шевченка, 12'. */
    place: { type: DataTypes.STRING(500), allowNull: false },
    stream_url: { type: DataTypes.STRING(1000), allowNull: true },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.createTable('cctv_incidents', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    camera_id: { type: DataTypes.INTEGER, allowNull: false, ...ref('cameras') },
    /** The category code the incident was reported as. */
    type: { type: DataTypes.STRING(64), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: false },
    seen_at: { type: DataTypes.DATE, allowNull: false },
    snapshot_url: { type: DataTypes.STRING(1000), allowNull: true },
    appeal_id: { type: DataTypes.INTEGER, allowNull: true, ...ref('appeals') },
    /** 'operator' (a signed-in user) or 'analytics' (the signed webhook). */
    source: { type: DataTypes.STRING(16), allowNull: false },
    created_by_user_id: { type: DataTypes.INTEGER, allowNull: true, ...ref('users') },
    created_at: { type: DataTypes.DATE, allowNull: false },
    updated_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('cctv_incidents', ['camera_id', 'seen_at'], { name: 'cctv_incidents_camera_seen' });
  await qi.addIndex('cctv_incidents', ['appeal_id'], { name: 'cctv_incidents_appeal' });
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('cctv_incidents');
  await qi.dropTable('cameras');
}
