import type { NoticeAttemptResult, NoticeCallStatus, NoticeStatus } from '../models/notice';

/** The settings of notice calls, with the calling window injected as a function. */
export interface NoticeRules {
  maxAttempts: number;
  retryMinutes: number;
  /** `at` when residents may be called then, else the start of the next calling window. */
  callable: (at: Date) => Date;
}

/** The steps of the notice flow the outcome is read from (ivr/flow/notice-flow.ts names them). */
export interface NoticePathEntry {
  step: string;
  key?: string;
  outcome?: string;
}

/**
 * What an answered notice call came to, from its IVR path: 9 → unsubscribed; the text heard to
 * its end (the menu after it was reached) → listened; the line dropped before the end of the
 * text → hung_up (a person who hung up early, or an answering machine that cut the message: both
 * are called again); a broken flow → failed.
 */
export function answeredResult(path: readonly NoticePathEntry[], steps: { menu: string; goodbye: string }): NoticeAttemptResult {
  if (path.some((p) => p.step === steps.menu && p.key === '9')) return 'unsubscribed';
  const last = path[path.length - 1];
  if (last?.outcome === 'completed') return 'listened';
  if (path.some((p) => p.step === steps.menu && p.key !== undefined) || last?.step === steps.menu || last?.step === steps.goodbye) return 'listened';
  if (last?.outcome === 'failed') return 'failed';
  return 'hung_up';
}

/** Results after which the phone is not called again about this notice. */
const FINAL: Partial<Record<NoticeAttemptResult, NoticeCallStatus>> = { listened: 'listened', unsubscribed: 'unsubscribed' };

/** Where a row goes after an attempt: final, or queued again (moved into the calling window unless the notice may call at any hour). */
export function afterAttempt(result: NoticeAttemptResult, attempts: number, now: Date, rules: NoticeRules, anyHour: boolean):
  { status: NoticeCallStatus; dueAt?: Date } {
  const final = FINAL[result];
  if (final) return { status: final };
  if (attempts >= rules.maxAttempts) {
    return { status: result === 'hung_up' ? 'hung_up' : result === 'failed' || result === 'unknown' ? 'failed' : 'unanswered' };
  }
  const next = new Date(now.getTime() + rules.retryMinutes * 60_000);
  return { status: 'queued', dueAt: anyHour ? next : rules.callable(next) };
}

export const NOTICE_STATUS_NAMES: Record<NoticeStatus, string> = {
  pending_approval: 'очікує затвердження',
  rejected: 'відхилено',
  calling: 'обдзвін триває',
  stopped: 'зупинено',
  done: 'завершено',
};

/** The progress categories the console and the report show. */
export const CALL_STATUS_NAMES: Record<NoticeCallStatus, string> = {
  queued: 'до дзвінка',
  calling: 'дзвінок триває',
  listened: 'прослухали до кінця',
  hung_up: 'поклали слухавку раніше',
  unanswered: 'не відповіли',
  failed: 'збій',
  unsubscribed: 'відписалися',
};

export const ATTEMPT_RESULT_NAMES: Record<NoticeAttemptResult, string> = {
  listened: 'прослухав',
  unsubscribed: 'відписався',
  hung_up: 'поклав слухавку раніше',
  no_answer: 'не відповідає',
  busy: 'зайнято',
  rejected: 'відхилив дзвінок',
  failed: 'збій з\'єднання',
  unknown: 'невідомо (збій сервера)',
};

export type NoticeProgress = Record<NoticeCallStatus, number> & { total: number };

export function emptyProgress(): NoticeProgress {
  return { queued: 0, calling: 0, listened: 0, hung_up: 0, unanswered: 0, failed: 0, unsubscribed: 0, total: 0 };
}
