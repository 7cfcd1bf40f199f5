import { DateTime } from 'luxon';
import { ValidationError } from '../core/errors';

/** The longest period a report may cover (a leap year). */
export const MAX_PERIOD_DAYS = 366;

/** A report's period: city-local calendar dates (inclusive) and the UTC instants that bound them. */
export interface ReportPeriod {
  /** YYYY-MM-DD, city-local, inclusive. */
  from: string;
  to: string;
  timeZone: string;
  /** The first instant of `from` in the city. */
  startUtc: Date;
  /** The first instant of the day after `to` in the city (exclusive bound). */
  endUtc: Date;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string | undefined, field: string, zone: string): DateTime {
  const bad = () =>
    new ValidationError('invalid_date', 'Дата має бути у форматі РРРР-ММ-ДД (наприклад, 2026-03-09)', [
      { field, message: 'Некоректна дата; очікується РРРР-ММ-ДД' },
    ]);
  if (!value || !DATE.test(value)) throw bad();
  const day = DateTime.fromISO(value, { zone });
  if (!day.isValid) throw bad();
  return day.startOf('day');
}

/**
 * Turns city-local dates into a period. Day bounds come from luxon in the city's zone, so a day of
 * a DST change is 23 or 25 hours long and nothing falls between two days or into both.
 */
export function periodOf(from: string | undefined, to: string | undefined, timeZone: string): ReportPeriod {
  const start = parseDay(from, 'from', timeZone);
  const last = parseDay(to, 'to', timeZone);
  if (last < start) {
    throw new ValidationError('invalid_period', 'Початок періоду не може бути пізніше за його кінець', [{ field: 'from', message: 'Пізніше за кінець періоду' }]);
  }
  const days = Math.round(last.diff(start, 'days').days) + 1;
  if (days > MAX_PERIOD_DAYS) {
    throw new ValidationError('period_too_long', `Період звіту не може бути довшим за ${MAX_PERIOD_DAYS} днів`, [{ field: 'to', message: `Не більше ${MAX_PERIOD_DAYS} днів` }]);
  }
  return {
    from: start.toISODate()!,
    to: last.toISODate()!,
    timeZone,
    startUtc: start.toUTC().toJSDate(),
    endUtc: last.plus({ days: 1 }).startOf('day').toUTC().toJSDate(),
  };
}

/** One city-local day as a period. */
export function dayPeriod(date: string | undefined, timeZone: string): ReportPeriod {
  return periodOf(date, date, timeZone);
}

/** Yesterday's date in the city at `now` (YYYY-MM-DD). */
export function yesterdayIn(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).minus({ days: 1 }).toISODate()!;
}

/** A date as the head reads it: 09.03.2026. */
export function dateForPeople(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}
