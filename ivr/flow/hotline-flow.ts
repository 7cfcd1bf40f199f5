import { FlowDefinition, TransferStep } from './flow-types';
import { validateFlow } from './validate-flow';

export interface HotlineFlowOptions {
  /** The city, nominative ("Зорянськ"). */
  cityName: string;
  /** The city in the genitive ("Зорянська"), for «контакт-центр міста Зорянська»; default cityName. */
  cityNameGenitive?: string;
  /** Dialplan context of the dispatchers' queue; default 'dispatchers'. */
  queueContext?: string;
  /** Extension in that context; default 's'. */
  queueExtension?: string;
  /** How long a menu waits for a key after its prompt; default 6000 ms. */
  menuTimeoutMs?: number;
}

/** Queue priorities (higher is answered first). */
export const EMERGENCY_PRIORITY = 10;
export const NORMAL_PRIORITY = 0;

/** Transfer reasons, as passed in KONTAKT_REASON. */
export const HOTLINE_REASONS = {
  emergency: 'emergency',
  dispatcher: 'dispatcher',
  appealStatus: 'appeal_status',
  menuFailures: 'menu_failures',
} as const;

export const HOTLINE_TEXTS = {
  invalid: 'Невірний вибір.',
  mainMenu:
    'Щоб повідомити про аварію або проблему, натисніть один. ' +
    'Щоб дізнатися стан ваших звернень, натисніть два. ' +
    'Щоб ще раз прослухати інформацію про відключення, натисніть три. ' +
    'Щоб отримувати оповіщення про відключення телефоном, натисніть чотири. ' +
    'Щоб зв\'язатися з диспетчером, натисніть нуль.',
  noOutages: 'Наразі діючих і запланованих відключень у місті немає.',
  noAppeals: 'За вашим номером відкритих звернень не знайдено.',
  callerUnknown:
    'На жаль, ваш номер телефону не визначився, тому ми не можемо знайти ваші звернення.',
  appealMenu:
    'Щоб зв\'язатися з диспетчером, натисніть нуль. ' +
    'Щоб повернутися до головного меню, натисніть зірочку.',
  toEmergencyDispatcher: 'З\'єднуємо вас з черговим диспетчером. Будь ласка, залишайтеся на лінії.',
  toDispatcher: 'З\'єднуємо вас з диспетчером. Будь ласка, залишайтеся на лінії.',
} as const;

/** Subscribing to notices (key 4): the address of the caller's latest appeal, or the whole city. */
export const SUBSCRIPTION_TEXTS = {
  offer: (place: string) => `Адреса вашого останнього звернення: ${place}. Щоб отримувати оповіщення за цією адресою, натисніть один.`,
  cityMenu:
    'Щоб отримувати оповіщення по всьому місту, натисніть два. ' +
    'Щоб повернутися до головного меню, натисніть зірочку.',
  done: (where: string) => `Дякуємо! Ви підписалися на телефонні оповіщення ${where}. Щоб відписатися, натисніть дев'ять під час будь-якого оповіщення.`,
  callerUnknown: 'На жаль, ваш номер телефону не визначився, тому ми не можемо підписати вас на оповіщення.',
  failed: 'На жаль, підписку зараз оформити не вдалося. Спробуйте пізніше.',
} as const;

export function greetingText(cityNameGenitive: string): string {
  return `Вас вітає контакт-центр міста ${cityNameGenitive}. Дякуємо, що зателефонували.`;
}

/**
 * The city hotline: greeting, current outages (skipped when none), then the main menu:
 * 1 — an accident or a problem (dispatchers, emergency priority), 2 — the status of the caller's
 * appeals, 3 — the outages again, 4 — subscribe to notices (the address of the latest appeal, or
 * the whole city), 0 — a dispatcher. An unknown key → "Невірний вибір." and the
 * menu again; no key → the menu again; three failures → a dispatcher.
 */
export function hotlineFlow(options: HotlineFlowOptions): FlowDefinition {
  const queueContext = options.queueContext ?? 'dispatchers';
  const queueExtension = options.queueExtension ?? 's';
  const menuTimeoutMs = options.menuTimeoutMs ?? 6000;
  const city = (options.cityNameGenitive ?? options.cityName).trim();
  if (city === '') throw new Error('hotlineFlow: cityName must not be empty');

  const toQueue = (text: string, priority: number, reason: string): TransferStep => ({
    type: 'transfer',
    text,
    target: { context: queueContext, extension: queueExtension, priority: 1 },
    priority,
    reason,
  });

  const flow: FlowDefinition = {
    name: 'hotline',
    start: 'greeting',
    steps: {
      greeting: { type: 'play', text: greetingText(city), bargeIn: true, next: 'outages' },
      outages: { type: 'announce', source: 'outages', next: 'main', emptyNext: 'main' },
      main: {
        type: 'gather',
        prompt: HOTLINE_TEXTS.mainMenu,
        maxDigits: 1,
        timeoutMs: menuTimeoutMs,
        options: { '1': 'emergency', '2': 'appeals', '3': 'outages-again', '4': 'subscribe', '0': 'dispatcher' },
        invalidText: HOTLINE_TEXTS.invalid,
        maxFailures: 3,
        onFailure: 'dispatcher-after-failures',
      },
      emergency: toQueue(HOTLINE_TEXTS.toEmergencyDispatcher, EMERGENCY_PRIORITY, HOTLINE_REASONS.emergency),
      appeals: { type: 'branch', condition: 'callerKnown', then: 'appeal-status', else: 'caller-unknown' },
      'appeal-status': { type: 'announce', source: 'appeal-status', next: 'appeal-menu', emptyNext: 'no-appeals' },
      'no-appeals': { type: 'play', text: HOTLINE_TEXTS.noAppeals, bargeIn: true, next: 'appeal-menu' },
      'caller-unknown': { type: 'play', text: HOTLINE_TEXTS.callerUnknown, bargeIn: true, next: 'appeal-menu' },
      'appeal-menu': {
        type: 'gather',
        prompt: HOTLINE_TEXTS.appealMenu,
        maxDigits: 1,
        timeoutMs: menuTimeoutMs,
        options: { '0': 'dispatcher-appeals', '*': 'main' },
        invalidText: HOTLINE_TEXTS.invalid,
        maxFailures: 3,
        onFailure: 'dispatcher-after-failures',
      },
      'dispatcher-appeals': toQueue(HOTLINE_TEXTS.toDispatcher, NORMAL_PRIORITY, HOTLINE_REASONS.appealStatus),
      'outages-again': { type: 'announce', source: 'outages', next: 'main', emptyNext: 'no-outages' },
      'no-outages': { type: 'play', text: HOTLINE_TEXTS.noOutages, bargeIn: true, next: 'main' },
      subscribe: { type: 'branch', condition: 'callerKnown', then: 'subscribe-offer', else: 'subscribe-unknown' },
      'subscribe-unknown': { type: 'play', text: SUBSCRIPTION_TEXTS.callerUnknown, bargeIn: true, next: 'main' },
      'subscribe-offer': { type: 'announce', source: 'subscription-offer', next: 'subscribe-menu', emptyNext: 'subscribe-city-menu' },
      'subscribe-menu': {
        type: 'gather',
        prompt: SUBSCRIPTION_TEXTS.cityMenu,
        maxDigits: 1,
        timeoutMs: menuTimeoutMs,
        options: { '1': 'subscribe-address', '2': 'subscribe-city', '*': 'main' },
        invalidText: HOTLINE_TEXTS.invalid,
        maxFailures: 2,
        onFailure: 'main',
      },
      'subscribe-city-menu': {
        type: 'gather',
        prompt: SUBSCRIPTION_TEXTS.cityMenu,
        maxDigits: 1,
        timeoutMs: menuTimeoutMs,
        options: { '2': 'subscribe-city', '*': 'main' },
        invalidText: HOTLINE_TEXTS.invalid,
        maxFailures: 2,
        onFailure: 'main',
      },
      // Not barge-in: the subscription is recorded even when a key is waiting.
      'subscribe-address': { type: 'announce', source: 'subscribe-address', bargeIn: false, next: 'main', emptyNext: 'subscribe-failed' },
      'subscribe-city': { type: 'announce', source: 'subscribe-city', bargeIn: false, next: 'main', emptyNext: 'subscribe-failed' },
      'subscribe-failed': { type: 'play', text: SUBSCRIPTION_TEXTS.failed, bargeIn: true, next: 'main' },
      dispatcher: toQueue(HOTLINE_TEXTS.toDispatcher, NORMAL_PRIORITY, HOTLINE_REASONS.dispatcher),
      'dispatcher-after-failures': toQueue(HOTLINE_TEXTS.toDispatcher, NORMAL_PRIORITY, HOTLINE_REASONS.menuFailures),
    },
  };
  return validateFlow(flow);
}
