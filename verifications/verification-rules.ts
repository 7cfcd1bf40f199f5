import type { AttemptResult, VerificationStatus } from '../models/verification';

/** The settings of verification callbacks, with the calling window injected as a function. */
export interface VerificationRules {
  delayMinutes: number;
  retryMinutes: number;
  maxAttempts: number;
  /** `at` when residents may be called then, else the start of the next calling window. */
  callable: (at: Date) => Date;
}

/** Waiting for someone (the dialer or a dispatcher): what a new completion supersedes. */
export const WAITING_STATUSES: readonly VerificationStatus[] = ['scheduled', 'not_reached', 'disputed'];
/** On the dispatchers' list: a person must call the resident or answer the dispute. */
export const FOR_DISPATCHERS: readonly VerificationStatus[] = ['not_reached', 'disputed'];

/** Why a resident is not called at all. */
export type NoCallReason = 'no_phone' | 'do_not_call';

export function noCallReason(applicant: { phone: string | null; doNotCall: boolean; consentToCalls: boolean } | null): NoCallReason | null {
  if (!applicant || !applicant.phone) return 'no_phone';
  if (applicant.doNotCall || !applicant.consentToCalls) return 'do_not_call';
  return null;
}

/** When the first call is due: the delay after the work was reported done, inside calling hours. */
export function firstDue(completedAt: Date, rules: VerificationRules): Date {
  return rules.callable(new Date(completedAt.getTime() + rules.delayMinutes * 60_000));
}

/** After an attempt that reached no answer: again later, or onto the dispatchers' list. */
export function afterUnsuccessfulAttempt(attempts: number, now: Date, rules: VerificationRules): { status: 'scheduled'; dueAt: Date } | { status: 'not_reached'; reason: 'max_attempts' } {
  if (attempts >= rules.maxAttempts) return { status: 'not_reached', reason: 'max_attempts' };
  return { status: 'scheduled', dueAt: rules.callable(new Date(now.getTime() + rules.retryMinutes * 60_000)) };
}

/** Ukrainian names of attempt results, for the dispatchers' list. */
export const RESULT_NAMES: Record<AttemptResult, string> = {
  answered: 'відповів',
  no_answer: 'не відповідає',
  busy: 'зайнято',
  rejected: 'відхилив дзвінок',
  failed: 'збій з\'єднання',
  no_key: 'не натиснув жодної клавіші',
  hung_up: 'поклав слухавку',
  unknown: 'невідомо (збій сервера)',
};

export const STATUS_NAMES: Record<VerificationStatus, string> = {
  scheduled: 'заплановано',
  calling: 'триває дзвінок',
  confirmed: 'виконання підтверджено',
  returned: 'повернуто на доопрацювання',
  disputed: 'заявник попросив диспетчера',
  not_reached: 'не вдалося додзвонитися',
  dropped: 'скасовано',
  resolved_by_hand: 'опрацьовано диспетчером',
};

export const REASON_NAMES: Record<string, string> = {
  no_phone: 'немає телефону заявника',
  do_not_call: 'заявник просив не телефонувати',
  max_attempts: 'вичерпано спроби дзвінка',
  appeal_changed: 'стан звернення змінився',
  web: 'заявник відповів на сайті для мешканців',
  // Resolved by hand: what the resident told the dispatcher.
  confirmed: 'заявник підтвердив виконання диспетчерові',
  returned: 'заявник повідомив диспетчерові, що проблему не вирішено',
};
