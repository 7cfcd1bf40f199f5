import { FlowDefinition } from './flow-types';
import { validateFlow } from './validate-flow';

/**
 * A notice called out to a subscribed resident: who calls, the notice, then a menu:
 * 1 — hear it again, 9 — unsubscribe from notices. No key → goodbye (the notice was heard).
 */
export interface NoticeFlowOptions {
  /** The city in the genitive («Зорянська»). */
  cityNameGenitive: string;
  /** The notice as the TTS is to say it (notices/notice-speech.ts). */
  spokenText: string;
  menuTimeoutMs?: number;
}

export const NOTICE_STEPS = {
  intro: 'intro',
  text: 'notice',
  menu: 'notice-menu',
  goodbye: 'goodbye',
  unsubscribed: 'unsubscribed',
} as const;

export const NOTICE_TEXTS = {
  menu: 'Щоб прослухати повідомлення ще раз, натисніть один. Щоб відписатися від оповіщень, натисніть дев\'ять.',
  invalid: 'Невірний вибір.',
  goodbye: 'Дякуємо за увагу. До побачення.',
  unsubscribed: 'Ви відписалися від оповіщень контакт-центру. Більше ми не телефонуватимемо вам з оповіщеннями. До побачення.',
} as const;

export function noticeIntro(cityNameGenitive: string): string {
  return `Добрий день! Вас турбує контакт-центр міста ${cityNameGenitive.trim()} з оповіщенням для мешканців.`;
}

export function noticeFlow(o: NoticeFlowOptions): FlowDefinition {
  const s = NOTICE_STEPS;
  return validateFlow({
    name: 'notice',
    start: s.intro,
    steps: {
      [s.intro]: { type: 'play', text: noticeIntro(o.cityNameGenitive), bargeIn: false, next: s.text },
      // Barge-in: a resident who knows the menu may press 1 or 9 during the text.
      [s.text]: { type: 'play', text: o.spokenText, bargeIn: true, next: s.menu },
      [s.menu]: {
        type: 'gather',
        prompt: NOTICE_TEXTS.menu,
        maxDigits: 1,
        timeoutMs: o.menuTimeoutMs ?? 6000,
        options: { '1': s.text, '9': s.unsubscribed },
        invalidText: NOTICE_TEXTS.invalid,
        maxFailures: 1,
        onFailure: s.goodbye,
      },
      [s.goodbye]: { type: 'hangup', text: NOTICE_TEXTS.goodbye },
      [s.unsubscribed]: { type: 'hangup', text: NOTICE_TEXTS.unsubscribed },
    },
  });
}
