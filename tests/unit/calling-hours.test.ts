import { DateTime } from 'luxon';
import { isWithinCallingHours, nextCallingMoment, parseCallingHours } from '../../jobs/calling-hours';

const ZONE = 'Europe/Kyiv';
const hours = parseCallingHours('09:00-20:00', ZONE);
const kyiv = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();

describe('calling hours', () => {
  test.each([
    ['2026-06-10T08:59:59', false],
    ['2026-06-10T09:00:00', true],
    ['2026-06-10T13:30:00', true],
    ['2026-06-10T19:59:59', true],
    ['2026-06-10T20:00:00', false],
    ['2026-06-10T23:59:59', false],
    ['2026-06-10T00:00:00', false],
  ])('%s Kyiv time is inside: %s', (at, inside) => {
    expect(isWithinCallingHours(kyiv(at), hours)).toBe(inside);
  });

  test('the edges in UTC, summer (UTC+3) and winter (UTC+2)', () => {
    expect(isWithinCallingHours(new Date('2026-07-01T05:59:59Z'), hours)).toBe(false);
    expect(isWithinCallingHours(new Date('2026-07-01T06:00:00Z'), hours)).toBe(true);
    expect(isWithinCallingHours(new Date('2026-07-01T16:59:59Z'), hours)).toBe(true);
    expect(isWithinCallingHours(new Date('2026-07-01T17:00:00Z'), hours)).toBe(false);
    expect(isWithinCallingHours(new Date('2026-01-15T06:59:59Z'), hours)).toBe(false);
    expect(isWithinCallingHours(new Date('2026-01-15T07:00:00Z'), hours)).toBe(true);
    expect(isWithinCallingHours(new Date('2026-01-15T17:59:59Z'), hours)).toBe(true);
    expect(isWithinCallingHours(new Date('2026-01-15T18:00:00Z'), hours)).toBe(false);
  });

  describe('on the days the clocks change (Europe/Kyiv)', () => {
    // 2026-03-29: 03:00 EET → 04:00 EEST (last Sunday of March); 2026-10-25: 04:00 EEST → 03:00 EET.
    test('spring forward: the window is 09:00-20:00 local = 06:00-17:00 UTC', () => {
      expect(isWithinCallingHours(new Date('2026-03-29T05:59:59Z'), hours)).toBe(false);
      expect(isWithinCallingHours(new Date('2026-03-29T06:00:00Z'), hours)).toBe(true);
      expect(isWithinCallingHours(new Date('2026-03-29T16:59:59Z'), hours)).toBe(true);
      expect(isWithinCallingHours(new Date('2026-03-29T17:00:00Z'), hours)).toBe(false);
      // The day before is still winter time.
      expect(isWithinCallingHours(new Date('2026-03-28T06:30:00Z'), hours)).toBe(false);
      expect(isWithinCallingHours(new Date('2026-03-28T07:00:00Z'), hours)).toBe(true);
    });

    test('fall back: the window is 09:00-20:00 local = 07:00-18:00 UTC', () => {
      expect(isWithinCallingHours(new Date('2026-10-25T06:59:59Z'), hours)).toBe(false);
      expect(isWithinCallingHours(new Date('2026-10-25T07:00:00Z'), hours)).toBe(true);
      expect(isWithinCallingHours(new Date('2026-10-25T17:59:59Z'), hours)).toBe(true);
      expect(isWithinCallingHours(new Date('2026-10-25T18:00:00Z'), hours)).toBe(false);
    });

    test('the next window opens at 09:00 local across the change', () => {
      // Saturday 21:00 before spring forward → Sunday 09:00 EEST (06:00Z), not 07:00Z.
      expect(nextCallingMoment(kyiv('2026-03-28T21:00:00'), hours).toISOString()).toBe('2026-03-29T06:00:00.000Z');
      // Saturday 21:00 before fall back → Sunday 09:00 EET (07:00Z).
      expect(nextCallingMoment(kyiv('2026-10-24T21:00:00'), hours).toISOString()).toBe('2026-10-25T07:00:00.000Z');
      // In the night of the change itself (03:30 local exists twice in October).
      expect(nextCallingMoment(new Date('2026-10-25T00:30:00Z'), hours).toISOString()).toBe('2026-10-25T07:00:00.000Z');
    });
  });

  test('next moment: inside stays, before opens today, after opens tomorrow', () => {
    const inside = kyiv('2026-06-10T12:00:00');
    expect(nextCallingMoment(inside, hours)).toEqual(inside);
    expect(nextCallingMoment(kyiv('2026-06-10T06:15:00'), hours)).toEqual(kyiv('2026-06-10T09:00:00'));
    expect(nextCallingMoment(kyiv('2026-06-10T20:00:00'), hours)).toEqual(kyiv('2026-06-11T09:00:00'));
    expect(nextCallingMoment(kyiv('2026-12-31T22:00:00'), hours)).toEqual(kyiv('2027-01-01T09:00:00'));
  });

  test('bad settings are refused', () => {
    expect(() => parseCallingHours('9-20', ZONE)).toThrow(RangeError);
    expect(() => parseCallingHours('20:00-09:00', ZONE)).toThrow(RangeError);
    expect(() => parseCallingHours('09:00-20:00', 'Mars/Olympus')).toThrow(RangeError);
  });
});
