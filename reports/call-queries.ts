import type { Sequelize } from 'sequelize';
import type { ReportPeriod } from './period';
import type { CallRow } from './figures';
import { idOrNull, num, select } from './sql';

/**
 * Inbound calls that reached the dispatchers' queue and started within the period, per
 * dispatcher × disposition, with the sums the averages need. No phone numbers leave the query.
 */
export async function callRows(db: Sequelize, period: ReportPeriod): Promise<CallRow[]> {
  const rows = await select(
    db,
    `SELECT dispatcher_user_id AS dispatcher_user_id, disposition AS disposition, COUNT(*) AS n,
            SUM(CASE WHEN wait_seconds <= 20 THEN 1 ELSE 0 END) AS within20,
            SUM(wait_seconds) AS wait_sum, COUNT(wait_seconds) AS wait_n,
            SUM(talk_seconds) AS talk_sum, COUNT(talk_seconds) AS talk_n
       FROM calls
      WHERE started_at >= :start AND started_at < :end
        AND direction = 'inbound' AND (queue IS NOT NULL OR queue_joined_at IS NOT NULL)
      GROUP BY dispatcher_user_id, disposition`,
    { start: period.startUtc, end: period.endUtc },
  );
  return rows.map((r) => ({
    dispatcherUserId: idOrNull(r.dispatcher_user_id), disposition: String(r.disposition), count: num(r.n), within20: num(r.within20),
    waitSum: num(r.wait_sum), waitCount: num(r.wait_n), talkSum: num(r.talk_sum), talkCount: num(r.talk_n),
  }));
}
