/**
 * The Ukrainian announcement of utility outages, built from plain data (not tied to a database
 * model), so the IVR can say what the outage feed holds.
 */
import { countPhrase, NOUNS, ordinal } from './ukrainian-numbers';
import { isSameDay, spokenDate, spokenMoment, spokenTime, SpeechClock } from './ukrainian-dates';

export type OutageUtility = 'cold_water' | 'hot_water' | 'heating' | 'electricity' | 'gas' | 'other';
export type OutageKind = 'planned' | 'emergency';

export interface OutageAnnouncementInput {
  utility: OutageUtility;
  kind: OutageKind;
  /** Human text, said as written: "вулиця Шевченка, будинки 1–15", "усе місто". */
  area: string;
  startsAt: Date;
  /** null: the end is not known yet. */
  endsAt: Date | null;
  reason?: string;
}

// What is cut off, in the genitive after "відключення".
const UTILITY_GENITIVE: Record<OutageUtility, string | null> = {
  cold_water: 'холодного водопостачання',
  hot_water: 'гарячого водопостачання',
  heating: 'опалення',
  electricity: 'електропостачання',
  gas: 'газопостачання',
  other: null,
};

const KIND_TITLE: Record<OutageKind, string> = {
  planned: 'Планове відключення',
  emergency: 'Аварійне відключення',
};

/** Ends a sentence with a full stop unless it already ends with one (eSpeak pauses on it). */
function withFullStop(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A whole sentence: capital first letter, full stop at the end. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return withFullStop(trimmed.charAt(0).toUpperCase() + trimmed.slice(1));
}

/**
 * Makes house-number ranges speakable: eSpeak reads "1–15" as "один п'ятнадцять", so
 * "будинки 1–15" becomes "будинки з першого по п'ятнадцятий". Other text is left as written.
 */
export function speakableArea(area: string): string {
  return area.replace(/(?<![\d\p{L}])(\d{1,3})\s*[–—-]\s*(\d{1,3})(?![\d\p{L}])/gu, (match, a: string, b: string) => {
    const from = Number(a);
    const to = Number(b);
    if (from === 0 || to <= from) return match;
    return `з ${ordinal(from, 'masculine', 'genitive')} по ${ordinal(to, 'masculine', 'nominative')}`;
  });
}

/**
 * When: "Сьогодні з восьмої години до вісімнадцятої години." within one day, otherwise
 * "З восьмої години сьогодні до вісімнадцятої години завтра."; an unknown end is said outright.
 */
function periodSentence(startsAt: Date, endsAt: Date | null, clock: SpeechClock): string {
  if (!endsAt) return `${sentence(spokenMoment(startsAt, 'from', clock))} Час відновлення уточнюється.`;
  if (isSameDay(startsAt, endsAt, clock.zone)) {
    const day = spokenDate(startsAt, clock);
    return sentence(`${day} ${spokenTime(startsAt, 'from', clock.zone)} ${spokenTime(endsAt, 'until', clock.zone)}`);
  }
  return sentence(`${spokenMoment(startsAt, 'from', clock)} ${spokenMoment(endsAt, 'until', clock)}`);
}

/**
 * One outage: "Аварійне відключення холодного водопостачання: вулиця Шевченка.
 * З восьмої години сьогодні до вісімнадцятої години завтра. Причина: пошкодження трубопроводу."
 */
export function buildOutageAnnouncement(outage: OutageAnnouncementInput, clock: SpeechClock): string {
  const what = UTILITY_GENITIVE[outage.utility];
  const title = what ? `${KIND_TITLE[outage.kind]} ${what}` : KIND_TITLE[outage.kind];
  const parts = [`${title}: ${withFullStop(speakableArea(outage.area))}`, periodSentence(outage.startsAt, outage.endsAt, clock)];
  const reason = outage.reason?.trim();
  if (reason) parts.push(`Причина: ${withFullStop(reason)}`);
  return parts.join(' ');
}

/**
 * All current outages, emergencies first, then by start time, behind an intro with the count
 * ("Увага! Діють два відключення."). No outages → empty string, so the caller can skip the prompt.
 */
export function buildOutagesAnnouncement(outages: readonly OutageAnnouncementInput[], clock: SpeechClock): string {
  if (outages.length === 0) return '';
  const ordered = [...outages].sort(
    (a, b) =>
      Number(b.kind === 'emergency') - Number(a.kind === 'emergency') || a.startsAt.getTime() - b.startsAt.getTime(),
  );
  const texts = ordered.map((o) => buildOutageAnnouncement(o, clock));
  if (texts.length === 1) return `Увага! ${texts[0]}`;
  // The verb agrees with the numeral: "діє двадцять одне відключення", "діють два відключення".
  const n = texts.length;
  const verb = n % 10 === 1 && n % 100 !== 11 ? 'Діє' : 'Діють';
  return [`Увага! ${verb} ${countPhrase(n, NOUNS.outage)}.`, ...texts].join(' ');
}
