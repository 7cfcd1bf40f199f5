import { DateTime } from 'luxon';

/**
 * When residents may be called: a daily window in the city's time zone ('09:00-20:00': from 09:00
 * inclusive to 20:00 exclusive). Wall-clock times are read in the zone on each day, so the window
 * stays 09:00-20:00 local on the days clocks change (Europe/Kyiv: last Sunday of March and of
 * October). Pure: no clock, no I/O.
 */
export interface CallingHours {
  /** Minutes after local midnight. */
  startMinute: number;
  endMinute: number;
  zone: string;
}

export function parseCallingHours(spec: string, zone: string): CallingHours {
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(spec);
  if (!m) throw new RangeError(`calling hours must look like 09:00-20:00, not ${JSON.stringify(spec)}`);
  const startMinute = Number(m[1]) * 60 + Number(m[2]);
  const endMinute = Number(m[3]) * 60 + Number(m[4]);
  if (startMinute >= endMinute) throw new RangeError('calling hours must start before they end');
  if (!DateTime.now().setZone(zone).isValid) throw new RangeError(`unknown time zone ${zone}`);
  return { startMinute, endMinute, zone };
}

/** The window's bounds on the local calendar day of `at`. */
function windowOn(day: DateTime, h: CallingHours): { start: DateTime; end: DateTime } {
  const midnight = day.startOf('day');
  const at = (minute: number) => midnight.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });
  return { start: at(h.startMinute), end: at(h.endMinute) };
}

export function isWithinCallingHours(now: Date, h: CallingHours): boolean {
  const local = DateTime.fromJSDate(now).setZone(h.zone);
  const { start, end } = windowOn(local, h);
  return local >= start && local < end;
}

/** `at` itself when it is inside the window, otherwise the start of the next window. */
export function nextCallingMoment(at: Date, h: CallingHours): Date {
  const local = DateTime.fromJSDate(at).setZone(h.zone);
  const today = windowOn(local, h);
  if (local < today.start) return today.start.toJSDate();
  if (local < today.end) return at;
  return windowOn(local.plus({ days: 1 }), h).start.toJSDate();
}
