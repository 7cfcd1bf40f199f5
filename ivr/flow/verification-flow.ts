import { spokenAppealNumber } from '../speech/ukrainian-dates';
import { FlowDefinition } from './flow-types';
import { NORMAL_PRIORITY } from './hotline-flow';
import { validateFlow } from './validate-flow';

/**
 * The verification callback (контроль виконання): the centre calls the resident after the
 * executor reported the work done. 1 — solved (confirmed), 2 — not solved (back to the executor),
 * 0 — a dispatcher. An unknown key → «Невірний вибір.» and the question again; no key → the
 * question once more; two failures → a goodbye (the resident is called again later).
 */
export interface VerificationFlowOptions {
  /** The city in the genitive («Зорянська»). */
  cityNameGenitive: string;
  /** As printed: 2026-000123. */
  appealNumber: string;
  /** The category's name: what the appeal was about. */
  categoryName: string;
  queueContext?: string;
  queueExtension?: string;
  /** How long the question waits for a key after it was said. */
  menuTimeoutMs?: number;
}

/** The steps whose key or end the verification acts on. */
export const VERIFICATION_STEPS = {
  question: 'question',
  confirmed: 'confirmed',
  returned: 'returned',
  dispute: 'verification-dispute',
  noAnswer: 'no-answer',
} as const;

/** KONTAKT_REASON of a resident sent to the dispatchers from a verification call. */
export const VERIFICATION_DISPUTE_REASON = 'verification_dispute';
export const VERIFICATION_DISPUTE_PRIORITY = NORMAL_PRIORITY;

export const VERIFICATION_TEXTS = {
  question: 'Якщо проблему вирішено, натисніть один. Якщо ні — натисніть два. Щоб поговорити з диспетчером, натисніть нуль.',
  invalid: 'Невірний вибір.',
  confirmed: 'Дякуємо за підтвердження! Звернення закрито. До побачення.',
  returned: 'Дякуємо. Звернення повернуто виконавцю на доопрацювання. До побачення.',
  toDispatcher: 'З\'єднуємо вас з диспетчером. Будь ласка, залишайтеся на лінії.',
  noAnswer: 'Ми не отримали вашої відповіді й зателефонуємо пізніше. До побачення.',
} as const;

/** «Вас турбує контакт-центр міста Зорянська. Телефонуємо щодо вашого звернення номер …, тема: …» */
export function verificationIntro(cityNameGenitive: string, appealNumber: string, categoryName: string): string {
  const topic = categoryName.trim().replace(/[.\s]+$/, '');
  return `Добрий день! Вас турбує контакт-центр міста ${cityNameGenitive.trim()}. ` +
    `Телефонуємо щодо вашого звернення номер ${spokenAppealNumber(appealNumber)}` +
    (topic ? `, тема: ${topic}. ` : '. ') +
    'Виконавець повідомив, що роботи виконано.';
}

/** Built per call (the intro names the appeal), validated like every flow. */
export function verificationFlow(o: VerificationFlowOptions): FlowDefinition {
  const s = VERIFICATION_STEPS;
  const flow: FlowDefinition = {
    name: 'verification',
    start: 'intro',
    steps: {
      intro: { type: 'play', text: verificationIntro(o.cityNameGenitive, o.appealNumber, o.categoryName), bargeIn: true, next: s.question },
      [s.question]: {
        type: 'gather',
        prompt: VERIFICATION_TEXTS.question,
        maxDigits: 1,
        timeoutMs: o.menuTimeoutMs ?? 6000,
        options: { '1': s.confirmed, '2': s.returned, '0': s.dispute },
        invalidText: VERIFICATION_TEXTS.invalid,
        maxFailures: 2,
        onFailure: s.noAnswer,
      },
      [s.confirmed]: { type: 'hangup', text: VERIFICATION_TEXTS.confirmed },
      [s.returned]: { type: 'hangup', text: VERIFICATION_TEXTS.returned },
      [s.dispute]: {
        type: 'transfer',
        text: VERIFICATION_TEXTS.toDispatcher,
        target: { context: o.queueContext ?? 'dispatchers', extension: o.queueExtension ?? 's', priority: 1 },
        priority: VERIFICATION_DISPUTE_PRIORITY,
        reason: VERIFICATION_DISPUTE_REASON,
      },
      [s.noAnswer]: { type: 'hangup', text: VERIFICATION_TEXTS.noAnswer },
    },
  };
  return validateFlow(flow);
}

/** What the resident chose, from the path of the call: the last key taken at the question. */
export type VerificationChoice = 'confirmed' | 'returned' | 'dispute' | null;
export function choiceOf(entry: { step: string; key?: string }): VerificationChoice {
  if (entry.step !== VERIFICATION_STEPS.question) return null;
  return entry.key === '1' ? 'confirmed' : entry.key === '2' ? 'returned' : entry.key === '0' ? 'dispute' : null;
}
