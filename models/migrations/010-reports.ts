import { DataTypes, QueryInterface } from 'sequelize';

export const name = '010-reports';

export async function up(qi: QueryInterface): Promise<void> {
  // Stored reports: the daily one made each morning (ranges are computed on request).
  await qi.createTable('reports', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    kind: { type: DataTypes.STRING(8), allowNull: false },
    // City-local calendar dates, both inclusive.
    period_from: { type: DataTypes.DATEONLY, allowNull: false },
    period_to: { type: DataTypes.DATEONLY, allowNull: false },
    generated_at: { type: DataTypes.DATE, allowNull: false },
    figures: { type: DataTypes.JSON, allowNull: false },
  });
  // Two instances (or two runs) making the same day's report cannot both store it.
  await qi.addIndex('reports', ['kind', 'period_from', 'period_to'], { name: 'reports_kind_period', unique: true });
  // The aggregates select by these columns; without them a million appeals would be scanned.
  await qi.addIndex('appeals', ['deadline_at'], { name: 'reports_appeals_deadline' });
  await qi.addIndex('appeal_events', ['created_at', 'to_status'], { name: 'reports_appeal_events_outcome' });
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.removeIndex('appeal_events', 'reports_appeal_events_outcome');
  await qi.removeIndex('appeals', 'reports_appeals_deadline');
  await qi.dropTable('reports');
}
