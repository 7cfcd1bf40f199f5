import type { Transaction } from 'sequelize';
import { DateTime } from 'luxon';
import { AppealCounter } from '../models';

/**
 * Issues the next appeal number of the year, `2026-000123`: short enough to read over the phone,
 * and counted per year in the city's time zone. The counter row is locked for the transaction.
 */
export async function nextAppealNumber(at: Date, timeZone: string, transaction: Transaction): Promise<string> {
  const year = DateTime.fromJSDate(at, { zone: timeZone }).year;
  const counter = await AppealCounter.findByPk(year, { transaction, lock: transaction.LOCK.UPDATE });
  let next: number;
  if (counter) {
    next = counter.last + 1;
    await AppealCounter.update({ last: next }, { where: { year }, transaction });
  } else {
    next = 1;
    await AppealCounter.create({ year, last: next }, { transaction });
  }
  return `${year}-${String(next).padStart(6, '0')}`;
}
