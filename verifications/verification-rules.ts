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
export type NoCallReason = 'no_phone' | 'do_not_call' | 'online';

/** Filed in writing by someone who follows the appeal online by its number (Open311). */
const FOLLOWED_ONLINE = ['open311'];

/**
 * Why this appeal's resident is not called, or null when they may be. A resident who filed online
 * with no phone, or without being asked for consent to calls, is reached online: that is not a
 * failure for the dispatchers' list. Someone who asked not to be called is never called.
 */
export function noCallReason(applicant: { phone: string | null; doNotCall: boolean; consentToCalls: boolean } | null, channel?: string): NoCallReason | null {
  if (applicant?.doNotCall) return 'do_not_call';
  if (channel && FOLLOWED_ONLINE.includes(channel) && (!applicant?.phone || !applicant.consentToCalls)) return 'online';
  if (!applicant || !applicant.phone) return 'no_phone';
  if (!applicant.consentToCalls) return 'do_not_call';
  return null;
}

/** Where a verification with no call ends: reached online, or on the dispatchers' list. */
export function statusWithoutCall(reason: NoCallReason): 'online' | 'not_reached' {
  return reason === 'online' ? 'online' : 'not_reached';
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
  online: 'без дзвінка: заявник стежить за станом онлайн',
};

export const REASON_NAMES: Record<string, string> = {
  no_phone: 'немає телефону заявника',
  do_not_call: 'заявник просив не телефонувати',
  online: 'подано онлайн без телефону чи згоди на дзвінки: заявник дізнається стан за номером запиту',
  max_attempts: 'вичерпано спроби дзвінка',
  appeal_changed: 'стан звернення змінився',
  web: 'заявник відповів на сайті для мешканців',
  // Resolved by hand: what the resident told the dispatcher.
  confirmed: 'заявник підтвердив виконання диспетчерові',
  returned: 'заявник повідомив диспетчерові, що проблему не вирішено',
};
