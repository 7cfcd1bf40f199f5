import { DataTypes, QueryInterface } from 'sequelize';

export const name = '007-job-leases';

export async function up(qi: QueryInterface): Promise<void> {
  // One row per scheduled job that must run on one instance at a time. The lease expires, so a
  // server that dies mid-job blocks the job only until then.
  await qi.createTable('job_leases', {
    name: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    holder: { type: DataTypes.STRING(64), allowNull: true },
    expires_at: { type: DataTypes.DATE, allowNull: true },
    last_started_at: { type: DataTypes.DATE, allowNull: true },
    last_finished_at: { type: DataTypes.DATE, allowNull: true },
    last_error: { type: DataTypes.STRING(500), allowNull: true },
  });
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('job_leases');
}
