/**
 * The notice text as the TTS is to read it: numbers, dates, times and house ranges written out in
 * Ukrainian words (eSpeak reads "12.03" and "08:00" digit-wise or in the wrong case), and a list
 * of what was rewritten, so the person composing the notice sees how each will be said.
 */
import { cardinal, digitsOneByOne, hourGenitive, hourLocative, ordinal } from '../ivr/speech/ukrainian-numbers';
import { MONTHS_GENITIVE, yearGenitive } from '../ivr/speech/ukrainian-dates';
import { speakableArea } from '../ivr/speech/outage-text';

export interface SpokenNotice {
  /** What the TTS is given. */
  spoken: string;
  /** Each number, date or time of the text and how it will be said. */
  readings: Array<{ written: string; spoken: string }>;
}

const minuteWords = (m: number) => (m === 0 ? '' : m < 10 ? ` нуль ${cardinal(m, 'feminine')}` : ` ${cardinal(m, 'feminine')}`);

function timeWords(prep: string | undefined, hour: number, minute: number): string {
  const p = prep?.toLowerCase();
  if (p === 'з' || p === 'від' || p === 'до' || p === 'після') {
    const w = hourGenitive(hour);
    return `${prep} ${w}${minute === 0 ? ' години' : minuteWords(minute)}`;
  }
  const w = hourLocative(hour);
  const at = /^[аеєиіїоуюя]/i.test(w) ? 'об' : 'о';
  const word = p === 'о' || p === 'об' ? at : prep ? `${prep} ${at}` : at;
  return `${word} ${w}${minute === 0 ? ' годині' : minuteWords(minute)}`;
}

function dateWords(day: number, month: number, year: number | null): string | null {
  if (day < 1 || day > 31 || month < 1 || month > 12) return null;
  const date = `${ordinal(day, 'neuter', 'genitive')} ${MONTHS_GENITIVE[month - 1]}`;
  if (year === null) return date;
  const y = year < 100 ? 2000 + year : year;
  return y >= 1000 && y <= 9999 ? `${date} ${yearGenitive(y)} року` : null;
}

export function spokenNoticeText(text: string): SpokenNotice {
  const readings: SpokenNotice['readings'] = [];
  const note = (written: string, spoken: string) => {
    readings.push({ written: written.trim(), spoken });
    return spoken;
  };
  let s = text.replace(/\s+/g, ' ').trim();
  // Dates first (12.03, 12.03.2026), so their dots are not read as times.
  s = s.replace(/(?<![\d.])(\d{1,2})\.(\d{1,2})(?:\.(\d{4}|\d{2}))?(?![\d])(?!\.\d)/g, (m, d: string, mo: string, y: string | undefined) => {
    const words = dateWords(Number(d), Number(mo), y ? Number(y) : null);
    return words ? note(m, words) : m;
  });
  // Times (08:00, о 9:30, з 8:00 до 18:00).
  s = s.replace(/(?<![\p{L}\d])(?:(о|об|з|від|до|після)\s+)?([01]?\d|2[0-3]):([0-5]\d)(?!\d)/giu, (m, prep: string | undefined, h: string, mi: string) =>
    note(m, timeWords(prep, Number(h), Number(mi))));
  // House ranges (будинки 1–15).
  s = s.replace(/(?<![\d\p{L}])\d{1,3}\s*[–—-]\s*\d{1,3}(?![\d\p{L}])/gu, (m) => {
    const words = speakableArea(m);
    return words === m ? m : note(m, words);
  });
  // Phone-like numbers (5+ digits, or with leading zero) digit by digit; other numbers as numbers.
  s = s.replace(/(?<![\d\p{L}])\d+(?![\d\p{L}])/gu, (m) => {
    if (m.length >= 5 || (m.length > 1 && m.startsWith('0'))) return note(m, digitsOneByOne(m));
    return note(m, cardinal(Number(m)));
  });
  return { spoken: s, readings };
}
