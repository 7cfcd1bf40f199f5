/**
 * The sentence a resident hears when asking how an appeal is going.
 */
import { DateTime } from 'luxon';
import { spokenAppealNumber, spokenDate, spokenMoment, SpeechClock } from './ukrainian-dates';

export type AppealStatus =
  | 'new' | 'assigned' | 'in_progress' | 'done' | 'confirmed' | 'returned' | 'rejected' | 'duplicate';

export interface AppealStatusInput {
  /** As printed, e.g. "2026-000123". */
  number: string;
  status: AppealStatus;
  deadline: Date;
}

// Predicates agree with the neuter "звернення".
const STATUS_PREDICATE: Record<AppealStatus, string> = {
  new: 'зареєстроване й очікує на призначення виконавця',
  assigned: 'передане виконавцю',
  in_progress: 'перебуває на виконанні',
  done: 'виконане й очікує на ваше підтвердження',
  confirmed: 'виконане, виконання підтверджено',
  returned: 'повернуте виконавцю на доопрацювання',
  rejected: 'розглянуте й відхилене',
  duplicate: "об'єднане з раніше поданим зверненням з того самого питання",
};

// The deadline only matters while someone still has to act on the appeal.
const OPEN_STATUSES: ReadonlySet<AppealStatus> = new Set(['new', 'assigned', 'in_progress', 'returned']);

/**
 * "до вісімнадцятої години дванадцятого грудня"; a deadline at the end of a day (23:59) is said as
 * the day itself, because "двадцять третьої п'ятдесят дев'ять" means nothing to a listener.
 */
function deadlinePhrase(deadline: Date, clock: SpeechClock): string {
  const local = DateTime.fromJSDate(deadline).setZone(clock.zone);
  if (local.hour === 23 && local.minute === 59) {
    const day = spokenDate(deadline, clock);
    return day === 'сьогодні' || day === 'завтра' ? `${day} до кінця дня` : `до кінця дня ${day}`;
  }
  return spokenMoment(deadline, 'until', clock);
}

/**
 * "Звернення номер дві тисячі двадцять шість, нуль нуль нуль, один два три перебуває на виконанні.
 * Термін виконання — до вісімнадцятої години дванадцятого грудня."
 */
export function buildAppealStatusText(appeal: AppealStatusInput, clock: SpeechClock): string {
  const head = `Звернення номер ${spokenAppealNumber(appeal.number)} ${STATUS_PREDICATE[appeal.status]}.`;
  if (!OPEN_STATUSES.has(appeal.status)) return head;
  const now = clock.now instanceof Date ? clock.now.getTime() : clock.now.toMillis();
  if (appeal.deadline.getTime() < now) {
    return `${head} Термін виконання минув ${spokenDate(appeal.deadline, clock)}. Звернення перебуває на контролі.`;
  }
  return `${head} Термін виконання — ${deadlinePhrase(appeal.deadline, clock)}.`;
}
