import { DateTime } from 'luxon';
import { computeDeadline, maxDeadline, endOfLocalDay, startOfLocalDay, MAX_TOTAL_DAYS, SHORT_TERM_DAYS } from '../../appeals/deadlines';

const KYIV = 'Europe/Kyiv';
const rules = { timeZone: KYIV, emergencyHours: 24 };
/** A moment given in Kyiv local time with its offset, e.g. '2026-03-28T12:00:00+02:00'. */
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const local = (d: Date) => DateTime.fromJSDate(d, { zone: KYIV }).toISO({ suppressMilliseconds: true });

describe('the Kyiv clock in 2026, as these tests assume it', () => {
  test('summer time starts on 29 March at 03:00 and ends on 25 October at 04:00', () => {
    expect(local(at('2026-03-29T00:59:59Z'))).toBe('2026-03-29T02:59:59+02:00');
    expect(local(at('2026-03-29T01:00:00Z'))).toBe('2026-03-29T04:00:00+03:00');
    expect(local(at('2026-10-25T00:59:59Z'))).toBe('2026-10-25T03:59:59+03:00');
    expect(local(at('2026-10-25T01:00:00Z'))).toBe('2026-10-25T03:00:00+02:00');
  });
});

describe('short term: 15 days, to the end of the local day', () => {
  test('an ordinary day in winter', () => {
    const d = computeDeadline(at('2026-02-02T10:00:00+02:00'), 'short', rules);
    expect(local(d)).toBe('2026-02-17T23:59:59+02:00');
    expect(iso(d)).toBe('2026-02-17T21:59:59.000Z');
  });

  test('across the spring change (29 March): ends at 23:59:59 summer time, not an hour off', () => {
    const d = computeDeadline(at('2026-03-20T10:00:00+02:00'), 'short', rules);
    expect(local(d)).toBe('2026-04-04T23:59:59+03:00');
    expect(iso(d)).toBe('2026-04-04T20:59:59.000Z');
  });

  test('across the autumn change (25 October): ends at 23:59:59 winter time', () => {
    const d = computeDeadline(at('2026-10-20T10:00:00+03:00'), 'short', rules);
    expect(local(d)).toBe('2026-11-04T23:59:59+02:00');
    expect(iso(d)).toBe('2026-11-04T21:59:59.000Z');
  });

  test('registered on the day of a change itself', () => {
    expect(local(computeDeadline(at('2026-03-29T02:30:00+02:00'), 'short', rules))).toBe('2026-04-13T23:59:59+03:00');
    expect(local(computeDeadline(at('2026-10-25T03:30:00+02:00'), 'short', rules))).toBe('2026-11-09T23:59:59+02:00');
  });

  test('the local day counts, not the UTC one: half past midnight in Kyiv is still the previous day in UTC', () => {
    const registered = at('2026-03-11T00:30:00+02:00'); // 2026-03-10T22:30Z
    expect(iso(computeDeadline(registered, 'short', rules))).toBe('2026-03-26T21:59:59.000Z');
    const justBeforeMidnight = at('2026-03-10T23:59:00+02:00');
    expect(iso(computeDeadline(justBeforeMidnight, 'short', rules))).toBe('2026-03-25T21:59:59.000Z');
  });

  test('whole seconds only (MySQL DATETIME would round .999 up to the next day)', () => {
    expect(computeDeadline(at('2026-05-05T12:34:56.789+03:00'), 'short', rules).getUTCMilliseconds()).toBe(0);
    expect(computeDeadline(at('2026-05-05T12:34:56.789+03:00'), 'standard', rules).getUTCMilliseconds()).toBe(0);
  });
});

describe('standard term: one calendar month, to the end of the local day', () => {
  test('an ordinary month', () => {
    expect(local(computeDeadline(at('2026-02-10T09:00:00+02:00'), 'standard', rules))).toBe('2026-03-10T23:59:59+02:00');
  });

  test('across the spring change', () => {
    const d = computeDeadline(at('2026-03-15T16:00:00+02:00'), 'standard', rules);
    expect(local(d)).toBe('2026-04-15T23:59:59+03:00');
    expect(iso(d)).toBe('2026-04-15T20:59:59.000Z');
  });

  test('across the autumn change', () => {
    const d = computeDeadline(at('2026-10-10T16:00:00+03:00'), 'standard', rules);
    expect(local(d)).toBe('2026-11-10T23:59:59+02:00');
    expect(iso(d)).toBe('2026-11-10T21:59:59.000Z');
  });

  test.each([
    ['2026-01-31T10:00:00+02:00', '2026-02-28T23:59:59+02:00'], // no 31 February: the month's last day
    ['2028-01-31T10:00:00+02:00', '2028-02-29T23:59:59+02:00'], // a leap year
    ['2026-03-31T10:00:00+03:00', '2026-04-30T23:59:59+03:00'],
    ['2026-01-30T10:00:00+02:00', '2026-02-28T23:59:59+02:00'],
    ['2026-02-28T10:00:00+02:00', '2026-03-28T23:59:59+02:00'],
    ['2026-12-31T22:00:00+02:00', '2027-01-31T23:59:59+02:00'], // into the next year
  ])('month ends: registered %s is due %s', (registered, due) => {
    expect(local(computeDeadline(at(registered), 'standard', rules))).toBe(due);
  });
});

describe('emergency: hours of real time from registration', () => {
  test('24 hours on an ordinary day', () => {
    const d = computeDeadline(at('2026-06-01T14:20:00+03:00'), 'emergency', rules);
    expect(iso(d)).toBe('2026-06-02T11:20:00.000Z');
  });

  test('24 real hours across the spring change, though the wall clock shows 25', () => {
    const registered = at('2026-03-28T12:00:00+02:00');
    const d = computeDeadline(registered, 'emergency', rules);
    expect(d.getTime() - registered.getTime()).toBe(24 * 3_600_000);
    expect(local(d)).toBe('2026-03-29T13:00:00+03:00');
  });

  test('24 real hours across the autumn change, though the wall clock shows 23', () => {
    const registered = at('2026-10-24T12:00:00+03:00');
    const d = computeDeadline(registered, 'emergency', rules);
    expect(d.getTime() - registered.getTime()).toBe(24 * 3_600_000);
    expect(local(d)).toBe('2026-10-25T11:00:00+02:00');
  });

  test('the configured number of hours, not the end of a day, and seconds are kept', () => {
    const registered = at('2026-07-07T07:07:07+03:00');
    expect(iso(computeDeadline(registered, 'emergency', { timeZone: KYIV, emergencyHours: 6 }))).toBe('2026-07-07T10:07:07.000Z');
    expect(iso(computeDeadline(registered, 'emergency', { timeZone: KYIV, emergencyHours: 1.5 }))).toBe('2026-07-07T05:37:07.000Z');
  });
});

describe('maxDeadline: 45 days in all (art. 20)', () => {
  test('45 days to the end of the local day, across the spring change', () => {
    const d = maxDeadline(at('2026-03-20T10:00:00+02:00'), KYIV);
    expect(local(d)).toBe('2026-05-04T23:59:59+03:00');
    expect(iso(d)).toBe('2026-05-04T20:59:59.000Z');
  });

  test('across the autumn change', () => {
    expect(local(maxDeadline(at('2026-10-01T10:00:00+03:00'), KYIV))).toBe('2026-11-15T23:59:59+02:00');
  });

  test('in another city time zone', () => {
    expect(iso(maxDeadline(at('2026-01-01T12:00:00Z'), 'America/New_York'))).toBe('2026-02-16T04:59:59.000Z');
  });

  test('on every day of 2026, at any hour, short < standard <= maxDeadline, and each ends a local day', () => {
    expect(SHORT_TERM_DAYS).toBe(15);
    expect(MAX_TOTAL_DAYS).toBe(45);
    let start = DateTime.fromISO('2026-01-01T00:00:00', { zone: KYIV });
    for (let day = 0; day < 365; day++, start = start.plus({ days: 1 })) {
      for (const hour of [0, 3, 12, 23]) {
        const registered = start.set({ hour, minute: 30 }).toJSDate();
        const short = computeDeadline(registered, 'short', rules);
        const standard = computeDeadline(registered, 'standard', rules);
        const max = maxDeadline(registered, KYIV);
        expect(short.getTime()).toBeLessThan(standard.getTime());
        expect(standard.getTime()).toBeLessThanOrEqual(max.getTime());
        for (const d of [short, standard, max]) {
          const l = DateTime.fromJSDate(d, { zone: KYIV });
          expect([l.hour, l.minute, l.second, l.millisecond]).toEqual([23, 59, 59, 0]);
        }
        const reg = DateTime.fromJSDate(registered, { zone: KYIV }).startOf('day');
        expect(Math.round(DateTime.fromJSDate(short, { zone: KYIV }).startOf('day').diff(reg, 'days').days)).toBe(15);
        expect(Math.round(DateTime.fromJSDate(max, { zone: KYIV }).startOf('day').diff(reg, 'days').days)).toBe(45);
      }
    }
  });
});

describe('dates given as YYYY-MM-DD', () => {
  test('endOfLocalDay and startOfLocalDay are the bounds of that day in the city, across a change', () => {
    expect(iso(endOfLocalDay('2026-03-29', KYIV)!)).toBe('2026-03-29T20:59:59.000Z');
    expect(iso(startOfLocalDay('2026-03-29', KYIV)!)).toBe('2026-03-28T22:00:00.000Z');
    expect(iso(endOfLocalDay('2026-10-25', KYIV)!)).toBe('2026-10-25T21:59:59.000Z');
    expect(iso(startOfLocalDay('2026-10-25', KYIV)!)).toBe('2026-10-24T21:00:00.000Z');
  });

  test('a date that is not one gives null', () => {
    expect(endOfLocalDay('2026-02-30', KYIV)).toBeNull();
    expect(startOfLocalDay('вчора', KYIV)).toBeNull();
  });
});
