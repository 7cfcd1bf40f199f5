/**
 * Spoken Ukrainian for times, dates and appeal numbers, computed in the city's time zone
 * (deadlines and outages are kept in Europe/Kyiv time, whatever zone the server runs in).
 */
import { DateTime } from 'luxon';
import { cardinal, digitsOneByOne, hourGenitive, hourLocative, ordinal } from './ukrainian-numbers';

/** How the time is introduced: "о восьмій", "з восьмої", "до восьмої". */
export type TimePreposition = 'at' | 'from' | 'until';

/** Where and when the phrase is said: "today" means today in `zone`. */
export interface SpeechClock {
  now: Date | DateTime;
  zone: string;
}

export const MONTHS_GENITIVE = [
  'січня', 'лютого', 'березня', 'квітня', 'травня', 'червня',
  'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня',
];

function inZone(moment: Date | DateTime, zone: string): DateTime {
  const dt = moment instanceof Date ? DateTime.fromJSDate(moment) : moment;
  const zoned = dt.setZone(zone);
  if (!zoned.isValid) throw new RangeError(`invalid date or time zone ${zone}: ${zoned.invalidExplanation ?? ''}`);
  return zoned;
}

/**
 * Minutes after the hour, as a clock is read: feminine because "хвилина" is implied
 * ("восьмій двадцять одна"), with a spoken zero before single digits ("восьмій нуль п'ять").
 */
function minuteWords(minute: number): string {
  return minute < 10 ? `нуль ${cardinal(minute, 'feminine')}` : cardinal(minute, 'feminine');
}

/**
 * Time of day after a preposition: "о восьмій годині", "об одинадцятій тридцять",
 * "з восьмої години", "до вісімнадцятої п'ятнадцять". A whole hour takes "години/годині";
 * with minutes the noun is dropped, as people say it.
 */
export function spokenTime(moment: Date | DateTime, preposition: TimePreposition, zone: string): string {
  const dt = inZone(moment, zone);
  const { hour, minute } = dt;
  if (preposition === 'at') {
    const hourWord = hourLocative(hour);
    // "об одинадцятій": о before a vowel becomes об.
    const at = /^[аеєиіїоуюя]/i.test(hourWord) ? 'об' : 'о';
    return minute === 0 ? `${at} ${hourWord} годині` : `${at} ${hourWord} ${minuteWords(minute)}`;
  }
  const word = preposition === 'from' ? 'з' : 'до';
  const hourWord = hourGenitive(hour);
  return minute === 0 ? `${word} ${hourWord} години` : `${word} ${hourWord} ${minuteWords(minute)}`;
}

/** "дві тисячі двадцять сьомого" (року): the year as an ordinal in the genitive. */
export function yearGenitive(year: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year out of range: ${year}`);
  const rest = year % 1000;
  if (rest === 0) {
    const roundThousands = ['', 'тисячного', 'двохтисячного', 'трьохтисячного'];
    if (year / 1000 < roundThousands.length) return roundThousands[year / 1000];
    return `${cardinal(year)}ного`; // not reached by real dates; keeps the function total
  }
  return `${cardinal(year - rest)} ${ordinal(rest, 'masculine', 'genitive')}`;
}

/** The calendar-day difference between two moments in a zone (DST-safe: compares dates). */
function dayDifference(from: DateTime, to: DateTime): number {
  const a = from.startOf('day');
  const b = to.startOf('day');
  return Math.round(b.diff(a, 'days').days);
}

/**
 * The date as said after a time or on its own: "сьогодні", "завтра", "вчора" when it is that day
 * in the city's zone; otherwise "дванадцятого грудня", adding "… дві тисячі двадцять сьомого року"
 * only when the year differs from the current one.
 */
export function spokenDate(moment: Date | DateTime, clock: SpeechClock): string {
  const dt = inZone(moment, clock.zone);
  const now = inZone(clock.now, clock.zone);
  const relative: Record<number, string> = { [-1]: 'вчора', 0: 'сьогодні', 1: 'завтра' };
  const diff = dayDifference(now, dt);
  if (diff in relative) return relative[diff];
  const date = `${ordinal(dt.day, 'neuter', 'genitive')} ${MONTHS_GENITIVE[dt.month - 1]}`;
  return dt.year === now.year ? date : `${date} ${yearGenitive(dt.year)} року`;
}

/** Time followed by the date: "з восьмої години сьогодні", "до вісімнадцятої години дванадцятого грудня". */
export function spokenMoment(moment: Date | DateTime, preposition: TimePreposition, clock: SpeechClock): string {
  return `${spokenTime(moment, preposition, clock.zone)} ${spokenDate(moment, clock)}`;
}

/** True when the moment falls in the same calendar day (in the zone) as the other. */
export function isSameDay(a: Date | DateTime, b: Date | DateTime, zone: string): boolean {
  return dayDifference(inZone(a, zone), inZone(b, zone)) === 0;
}

/**
 * An appeal number read so that a listener can write it down: a year-like group of four digits is
 * said as a number, every other group digit by digit in threes, groups separated by a pause:
 * "2026-000123" → "дві тисячі двадцять шість, нуль нуль нуль, один два три".
 */
export function spokenAppealNumber(appealNumber: string): string {
  const groups = appealNumber.match(/\d+/g);
  if (!groups) throw new RangeError(`appeal number has no digits: ${JSON.stringify(appealNumber)}`);
  const parts: string[] = [];
  for (const group of groups) {
    if (/^(19|20)\d\d$/.test(group)) {
      parts.push(cardinal(Number(group)));
      continue;
    }
    // Threes counted from the left, like the number is printed: 000123 → 000 123, 12345 → 123 45.
    for (let i = 0; i < group.length; i += 3) parts.push(digitsOneByOne(group.slice(i, i + 3)));
  }
  return parts.join(', ');
}
