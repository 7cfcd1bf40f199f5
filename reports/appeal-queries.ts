import type { Sequelize } from 'sequelize';
import type { ReportPeriod } from './period';
import type { OutcomeRow, ReceivedRow } from './figures';
import { idOrNull, num, select } from './sql';

/** Appeals registered within the period, counted per channel × category × executor (one indexed range scan). */
export async function receivedRows(db: Sequelize, period: ReportPeriod): Promise<ReceivedRow[]> {
  const rows = await select(
    db,
    `SELECT channel AS channel, category_id AS category_id, executor_id AS executor_id,
            COUNT(*) AS n, SUM(CASE WHEN repeated = 1 THEN 1 ELSE 0 END) AS rep
       FROM appeals
      WHERE registered_at >= :start AND registered_at < :end
      GROUP BY channel, category_id, executor_id`,
    { start: period.startUtc, end: period.endUtc },
  );
  return rows.map((r) => ({
    channel: String(r.channel), categoryId: num(r.category_id), executorId: idOrNull(r.executor_id), count: num(r.n), repeated: num(r.rep),
  }));
}

/**
 * Verification outcomes decided within the period: the history lines of the confirm move
 * (done → confirmed) and of the return move (done → returned), as appeals/change-appeal.ts writes them.
 */
export async function outcomeRows(db: Sequelize, period: ReportPeriod): Promise<OutcomeRow[]> {
  const rows = await select(
    db,
    `SELECT to_status AS to_status, COUNT(*) AS n
       FROM appeal_events
      WHERE to_status IN ('confirmed', 'returned') AND type = 'status_changed'
        AND created_at >= :start AND created_at < :end
      GROUP BY to_status`,
    { start: period.startUtc, end: period.endUtc },
  );
  return rows.map((r) => ({ toStatus: String(r.to_status), count: num(r.n) }));
}
