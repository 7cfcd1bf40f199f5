import { DateTime } from 'luxon';
import type { DeadlineClass } from '../models/category';

/** The last whole second of a local day: MySQL DATETIME keeps seconds (and would round .999 up). */
const endOfDay = (d: DateTime) => d.endOf('day').startOf('second');

export interface DeadlineRules {
  timeZone: string;
  emergencyHours: number;
}

/** Law "Про звернення громадян", art. 20: the whole term, extensions included, is at most 45 days. */
export const MAX_TOTAL_DAYS = 45;
export const SHORT_TERM_DAYS = 15;

/**
 * The deadline for an appeal registered at `registeredAt`. Emergencies run in hours from
 * registration; the others end at the end of the local day in the city's time zone (calendar
 * days, so DST changes do not shift them by an hour).
 */
export function computeDeadline(registeredAt: Date, deadlineClass: DeadlineClass, rules: DeadlineRules): Date {
  const local = DateTime.fromJSDate(registeredAt, { zone: rules.timeZone });
  switch (deadlineClass) {
    case 'emergency':
      return local.plus({ hours: rules.emergencyHours }).toJSDate();
    case 'short':
      return endOfDay(local.plus({ days: SHORT_TERM_DAYS })).toJSDate();
    case 'standard':
      return endOfDay(local.plus({ months: 1 })).toJSDate();
  }
}

/** The latest deadline any extension may reach. */
export function maxDeadline(registeredAt: Date, timeZone: string): Date {
  return endOfDay(DateTime.fromJSDate(registeredAt, { zone: timeZone }).plus({ days: MAX_TOTAL_DAYS })).toJSDate();
}

/** A date given as `YYYY-MM-DD` means the end of that day in the city. */
export function endOfLocalDay(date: string, timeZone: string): Date | null {
  const parsed = DateTime.fromISO(date, { zone: timeZone });
  return parsed.isValid ? endOfDay(parsed).toJSDate() : null;
}

/** A date given as `YYYY-MM-DD` as a range start: the beginning of that day in the city. */
export function startOfLocalDay(date: string, timeZone: string): Date | null {
  const parsed = DateTime.fromISO(date, { zone: timeZone });
  return parsed.isValid ? parsed.startOf('day').toJSDate() : null;
}
