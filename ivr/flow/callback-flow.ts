import { FlowDefinition } from './flow-types';
import { validateFlow } from './validate-flow';

/** KONTAKT_REASON of a caller called back after hanging up in the queue. */
export const ABANDONED_CALLBACK_REASON = 'abandoned_callback';
/** They waited once already: ahead of ordinary calls, behind emergencies (10). */
export const ABANDONED_CALLBACK_PRIORITY = 5;
export const ABANDONED_CALLBACK_STEP = 'callback-to-queue';

export interface CallbackFlowOptions {
  /** The city in the genitive («Зорянська»). */
  cityNameGenitive: string;
  queueContext?: string;
  queueExtension?: string;
}

export function abandonedCallbackText(cityNameGenitive: string): string {
  return `Добрий день! Вас турбує контакт-центр міста ${cityNameGenitive.trim()}. ` +
    'Ви телефонували нам, але не дочекалися відповіді. З\'єднуємо вас з диспетчером. Будь ласка, залишайтеся на лінії.';
}

/**
 * The automatic call-back of a caller who hung up in the queue: who calls and why, then straight
 * to the dispatchers' queue (ahead of ordinary callers: they waited once already).
 */
export function abandonedCallbackFlow(o: CallbackFlowOptions): FlowDefinition {
  return validateFlow({
    name: 'abandoned-callback',
    start: ABANDONED_CALLBACK_STEP,
    steps: {
      [ABANDONED_CALLBACK_STEP]: {
        type: 'transfer',
        text: abandonedCallbackText(o.cityNameGenitive),
        target: { context: o.queueContext ?? 'dispatchers', extension: o.queueExtension ?? 's', priority: 1 },
        priority: ABANDONED_CALLBACK_PRIORITY,
        reason: ABANDONED_CALLBACK_REASON,
      },
    },
  });
}
