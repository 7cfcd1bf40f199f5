import { DateTime } from 'luxon';
import type { AppealStatus } from '../models/appeal';
import { Open311Error } from './errors';
import { statusesFor } from './request-view';

export interface RequestFilters {
  numbers?: string[];
  serviceCodes?: string[];
  statuses?: AppealStatus[];
  start: Date;
  end: Date;
}

/** The spec's window: without dates, the last 90 days; with dates, never more than 90 days. */
export const WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

/** Values separated by commas; a parameter given several times (`a=1&a=2`) reads like `a=1,2`. */
function list(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  const parts = Array.isArray(value) ? value : [value];
  if (!parts.every((p): p is string => typeof p === 'string')) throw new Open311Error(400, `Параметр ${name} має бути рядком, значення через кому`);
  const items = parts.flatMap((p) => p.split(',')).map((v) => v.trim()).filter(Boolean);
  if (items.length > 1000 || items.some((v) => v.length > 64)) throw new Open311Error(400, `Параметр ${name} задано невірно`);
  return items.length ? items : undefined;
}

/**
 * ISO 8601 as the spec asks (w3 profile: a date, or a date-time with an optional offset). A time
 * without an offset is read in the city's time zone, as a resident would mean it.
 */
export function parseIsoDate(value: unknown, name: string, timeZone: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  const shaped = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/.test(text);
  const parsed = shaped ? DateTime.fromISO(text.replace(' ', 'T'), { zone: timeZone, setZone: true }) : null;
  if (!parsed?.isValid) {
    throw new Open311Error(400, `Параметр ${name} має бути датою ISO 8601, наприклад 2026-03-10T09:00:00+02:00`);
  }
  return parsed.toJSDate();
}

function statuses(value: unknown): AppealStatus[] | undefined {
  const items = list(value, 'status');
  if (!items) return undefined;
  const bad = items.find((s) => s !== 'open' && s !== 'closed');
  if (bad) throw new Open311Error(400, `Невідомий статус «${bad}»: можливі open або closed`);
  return [...new Set(items)].flatMap((s) => statusesFor(s as 'open' | 'closed'));
}

/** Reads GET requests' query; any bad filter is a 400, so a client never gets a silently wider answer. */
export function parseRequestFilters(query: Record<string, unknown>, now: Date, timeZone: string): RequestFilters {
  const numbers = list(query.service_request_id, 'service_request_id');
  const serviceCodes = list(query.service_code, 'service_code');
  const statusList = statuses(query.status);
  const start = parseIsoDate(query.start_date, 'start_date', timeZone);
  const end = parseIsoDate(query.end_date, 'end_date', timeZone);
  const to = end ?? (start ? new Date(start.getTime() + WINDOW_DAYS * DAY_MS) : now);
  const from = start ?? new Date(to.getTime() - WINDOW_DAYS * DAY_MS);
  if (from.getTime() > to.getTime()) throw new Open311Error(400, 'start_date має бути не пізніше за end_date');
  if (to.getTime() - from.getTime() > WINDOW_DAYS * DAY_MS) {
    throw new Open311Error(400, `Проміжок між start_date і end_date не може перевищувати ${WINDOW_DAYS} днів`);
  }
  return { numbers, serviceCodes, statuses: statusList, start: from, end: to };
}
