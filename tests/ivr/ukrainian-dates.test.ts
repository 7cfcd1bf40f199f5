import { DateTime } from 'luxon';
import {
  isSameDay, spokenAppealNumber, spokenDate, spokenMoment, spokenTime, yearGenitive,
} from '../../ivr/speech/ukrainian-dates';

const ZONE = 'Europe/Kyiv';
/** A moment given as Kyiv wall-clock time. */
const kyiv = (iso: string): Date => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();

describe('spokenTime', () => {
  test.each([
    ['2026-12-12T18:00', 'at', 'о вісімнадцятій годині'],
    ['2026-12-12T08:00', 'from', 'з восьмої години'],
    ['2026-12-12T18:00', 'until', 'до вісімнадцятої години'],
    ['2026-12-12T18:30', 'until', 'до вісімнадцятої тридцять'],
    ['2026-12-12T09:05', 'at', "о дев'ятій нуль п'ять"],
    ['2026-12-12T08:21', 'at', 'о восьмій двадцять одна'],
    ['2026-12-12T08:22', 'from', 'з восьмої двадцять дві'],
    ['2026-12-12T11:00', 'at', 'об одинадцятій годині'],
    ['2026-12-12T11:15', 'at', "об одинадцятій п'ятнадцять"],
    ['2026-12-12T21:00', 'from', 'з двадцять першої години'],
    ['2026-12-12T23:45', 'until', "до двадцять третьої сорок п'ять"],
    ['2026-12-12T00:00', 'from', 'з нульової години'],
    ['2026-12-12T01:00', 'at', 'о першій годині'],
  ] as const)('%s %s → %s', (iso, preposition, words) => {
    expect(spokenTime(kyiv(iso), preposition, ZONE)).toBe(words);
  });

  test('reads the clock in the city zone, not UTC', () => {
    // 16:00 UTC is 18:00 in Kyiv in winter (UTC+2) and 19:00 in summer (UTC+3).
    expect(spokenTime(new Date('2026-12-12T16:00:00Z'), 'until', ZONE)).toBe('до вісімнадцятої години');
    expect(spokenTime(new Date('2026-07-12T16:00:00Z'), 'until', ZONE)).toBe("до дев'ятнадцятої години");
  });

  test('around the spring DST change (29 March 2026, 03:00 → 04:00)', () => {
    // 00:30 UTC: still winter time, 02:30 in Kyiv; 01:30 UTC: 04:30 summer time (03:30 never happens).
    expect(spokenTime(new Date('2026-03-29T00:30:00Z'), 'at', ZONE)).toBe('о другій тридцять');
    expect(spokenTime(new Date('2026-03-29T01:30:00Z'), 'at', ZONE)).toBe('о четвертій тридцять');
  });

  test('around the autumn DST change (25 October 2026, 04:00 → 03:00)', () => {
    // 03:30 happens twice; both instants are read as the wall clock shows them.
    expect(spokenTime(new Date('2026-10-25T00:30:00Z'), 'at', ZONE)).toBe('о третій тридцять');
    expect(spokenTime(new Date('2026-10-25T01:30:00Z'), 'at', ZONE)).toBe('о третій тридцять');
    expect(spokenTime(new Date('2026-10-25T02:00:00Z'), 'at', ZONE)).toBe('о четвертій годині');
  });
});

describe('spokenDate', () => {
  const clock = { now: kyiv('2026-12-12T10:00'), zone: ZONE };

  test('relative words for yesterday, today and tomorrow', () => {
    expect(spokenDate(kyiv('2026-12-11T23:59'), clock)).toBe('вчора');
    expect(spokenDate(kyiv('2026-12-12T00:00'), clock)).toBe('сьогодні');
    expect(spokenDate(kyiv('2026-12-12T23:59'), clock)).toBe('сьогодні');
    expect(spokenDate(kyiv('2026-12-13T00:00'), clock)).toBe('завтра');
  });

  test('day and month otherwise; the year only when it is not this one', () => {
    expect(spokenDate(kyiv('2026-12-14T09:00'), clock)).toBe('чотирнадцятого грудня');
    expect(spokenDate(kyiv('2026-12-01T09:00'), clock)).toBe('першого грудня');
    expect(spokenDate(kyiv('2026-03-23T09:00'), clock)).toBe('двадцять третього березня');
    expect(spokenDate(kyiv('2027-01-01T09:00'), clock)).toBe('першого січня дві тисячі двадцять сьомого року');
  });

  test('"today" is decided in the city zone: 23:30 UTC is already tomorrow in Kyiv', () => {
    const utcEvening = { now: new Date('2026-12-12T12:00:00Z'), zone: ZONE };
    expect(spokenDate(new Date('2026-12-12T23:30:00Z'), utcEvening)).toBe('завтра');
    expect(spokenDate(new Date('2026-12-12T21:30:00Z'), utcEvening)).toBe('сьогодні');
  });

  test('"tomorrow" across the spring DST change, when the day has only 23 hours', () => {
    const lateSaturday = { now: kyiv('2026-03-28T23:30'), zone: ZONE };
    // 23 hours later by the clock on the wall is Sunday 23:30: tomorrow, not "today".
    expect(spokenDate(kyiv('2026-03-29T23:30'), lateSaturday)).toBe('завтра');
    expect(spokenDate(kyiv('2026-03-30T00:30'), lateSaturday)).toBe('тридцятого березня');
  });

  test('"tomorrow" across the autumn DST change, when the day has 25 hours', () => {
    const saturday = { now: kyiv('2026-10-24T00:10'), zone: ZONE };
    expect(spokenDate(kyiv('2026-10-25T23:50'), saturday)).toBe('завтра');
    expect(spokenDate(kyiv('2026-10-26T00:10'), saturday)).toBe('двадцять шостого жовтня');
  });

  test('isSameDay uses the zone', () => {
    expect(isSameDay(new Date('2026-12-12T21:30:00Z'), new Date('2026-12-12T22:30:00Z'), ZONE)).toBe(false);
    expect(isSameDay(new Date('2026-12-12T21:30:00Z'), new Date('2026-12-12T22:30:00Z'), 'UTC')).toBe(true);
  });
});

test('spokenMoment: "до 18:00 12 грудня"', () => {
  const clock = { now: kyiv('2026-12-01T10:00'), zone: ZONE };
  expect(spokenMoment(kyiv('2026-12-12T18:00'), 'until', clock)).toBe('до вісімнадцятої години дванадцятого грудня');
  expect(spokenMoment(kyiv('2026-12-01T08:00'), 'from', clock)).toBe('з восьмої години сьогодні');
});

test('yearGenitive', () => {
  expect(yearGenitive(2026)).toBe('дві тисячі двадцять шостого');
  expect(yearGenitive(2000)).toBe('двохтисячного');
  expect(yearGenitive(2011)).toBe('дві тисячі одинадцятого');
  expect(yearGenitive(1991)).toBe("тисяча дев'ятсот дев'яносто першого");
});

describe('spokenAppealNumber', () => {
  test('year said as a number, the rest digit by digit in threes', () => {
    expect(spokenAppealNumber('2026-000123')).toBe('дві тисячі двадцять шість, нуль нуль нуль, один два три');
    expect(spokenAppealNumber('2026-12345')).toBe("дві тисячі двадцять шість, один два три, чотири п'ять");
  });

  test('a number without a year is dictated digit by digit', () => {
    expect(spokenAppealNumber('4417')).toBe('чотири чотири один, сім');
  });

  test('no digits is an error, not an empty phrase', () => {
    expect(() => spokenAppealNumber('N/A')).toThrow(RangeError);
  });
});
