import { DateTime } from 'luxon';
import { dateForPeople } from './period';

/** "Звіт контакт-центру за 09.03.2026" or "… за період 01.03.2026 — 31.03.2026". */
export function reportTitle(p: { from: string; to: string }): string {
  return p.from === p.to
    ? `Звіт контакт-центру за ${dateForPeople(p.from)}`
    : `Звіт контакт-центру за період ${dateForPeople(p.from)} — ${dateForPeople(p.to)}`;
}

/** The file name of a downloaded report (ASCII, so every browser keeps it). */
export function reportFileName(p: { from: string; to: string }, ext: 'csv' | 'html'): string {
  return p.from === p.to ? `kontakt-report-${p.from}.${ext}` : `kontakt-report-${p.from}_${p.to}.${ext}`;
}

/** When a report was made, as the head reads it in the city: 04.03.2026 08:00. */
export function generatedForPeople(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso, { zone: timeZone }).toFormat('dd.MM.yyyy HH:mm');
}
