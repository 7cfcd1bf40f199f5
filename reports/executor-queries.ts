import type { Sequelize } from 'sequelize';
import type { ReportPeriod } from './period';
import type { DueRow } from './figures';
import { idOrNull, num, select } from './sql';

/**
 * Appeals whose deadline falls within the period, per executor: the base of "closed in time",
 * "overdue" and the executors' rating. Rejected appeals and duplicates owe no work and are left out.
 *
 * Finished = the executor reported it done (done_at; a return clears it, a new "done" sets it
 * again), or it was closed without that (closed_at).
 * - in time: finished no later than the deadline;
 * - overdue: finished after the deadline, or not finished and the deadline has passed (at `now`);
 * - confirmed: confirmed by now;
 * - returned: returned for rework at least once.
 */
export async function dueRows(db: Sequelize, period: ReportPeriod, now: Date): Promise<DueRow[]> {
  const finished = 'COALESCE(a.done_at, a.closed_at)';
  // MariaDB would rather walk the whole (executor_id, …) index to save the GROUP BY sort: over a
  // million appeals that is seconds instead of a range scan of the period's deadlines.
  const hint = db.getDialect() === 'mysql' ? 'FORCE INDEX (reports_appeals_deadline)' : '';
  const rows = await select(
    db,
    `SELECT a.executor_id AS executor_id,
            COUNT(*) AS due,
            SUM(CASE WHEN ${finished} IS NOT NULL AND ${finished} <= a.deadline_at THEN 1 ELSE 0 END) AS in_time,
            SUM(CASE WHEN ${finished} > a.deadline_at OR (${finished} IS NULL AND a.deadline_at < :now) THEN 1 ELSE 0 END) AS overdue,
            SUM(CASE WHEN a.status = 'confirmed' THEN 1 ELSE 0 END) AS confirmed,
            SUM(CASE WHEN EXISTS (
                  SELECT 1 FROM appeal_events e
                   WHERE e.appeal_id = a.id AND e.to_status = 'returned' AND e.type = 'status_changed'
                ) THEN 1 ELSE 0 END) AS returned
       FROM appeals a ${hint}
      WHERE a.deadline_at >= :start AND a.deadline_at < :end
        AND a.status NOT IN ('rejected', 'duplicate')
      GROUP BY a.executor_id`,
    { start: period.startUtc, end: period.endUtc, now },
  );
  return rows.map((r) => ({
    executorId: idOrNull(r.executor_id), due: num(r.due), inTime: num(r.in_time), overdue: num(r.overdue), confirmed: num(r.confirmed), returned: num(r.returned),
  }));
}
