import { cityNameGenitive, type Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { Telephony } from './compose-telephony';
import type { Realtime } from './compose-realtime';
import type { WebhookService } from '../webhooks/webhook-service';
import { rooms } from '../realtime/contracts';
import { NoticeService } from '../notices/notice-service';
import { SubscriptionService } from '../notices/subscription-service';
import { NOTICE_STATUS_NAMES } from '../notices/notice-rules';
import { NoticeDialer } from '../jobs/notice-dialer';
import { nextCallingMoment, parseCallingHours } from '../jobs/calling-hours';
import { Notice } from '../models';

export interface Notices {
  service: NoticeService;
  subscriptions: SubscriptionService;
  dialer: NoticeDialer;
  /** Progress goes to the consoles once the realtime part exists. */
  attachRealtime(realtime: Realtime): void;
}

/** How often one notice's progress is pushed at most: 2,000 calls must not mean 2,000 frames a console. */
const PUSH_EVERY_MS = 300;

/** Wires notices: subscriptions, the notice service (speech, webhooks, progress) and the dialer job. */
export function composeNotices(config: Config, logger: Logger, clock: Clock, parts: { telephony: Telephony; webhooks: WebhookService }): Notices {
  const log = logger.child({ part: 'notices' });
  const hours = parseCallingHours(config.CALLING_HOURS, config.CITY_TIME_ZONE);
  let realtime: Realtime | null = null;
  const timers = new Map<number, NodeJS.Timeout>();
  const push = async (id: number) => {
    timers.delete(id);
    if (!realtime) return;
    const notice = await Notice.findByPk(id);
    if (!notice) return;
    realtime.sockets.io.to([rooms.role('dispatcher'), rooms.role('head')]).emit('notice:progress', {
      noticeId: id, status: notice.status, statusName: NOTICE_STATUS_NAMES[notice.status], progress: await service.progress(id), at: clock.now().toISOString(),
    });
  };
  const subscriptions = new SubscriptionService({ clock, phoneRegion: config.DEFAULT_REGION });
  const { telephony } = parts;
  const service = new NoticeService({
    clock, logger: log, timeZone: config.CITY_TIME_ZONE,
    rules: { maxAttempts: config.NOTICE_MAX_ATTEMPTS, retryMinutes: config.NOTICE_RETRY_MINUTES, callable: (at) => nextCallingMoment(at, hours) },
    render: (text) => telephony.prompts.render(text),
    webhooks: parts.webhooks,
    onProgress: (id) => {
      if (timers.has(id)) return;
      timers.set(id, setTimeout(() => void push(id).catch((err) => log.warn({ err }, 'notice progress not pushed')), PUSH_EVERY_MS).unref());
    },
  });
  const dialer = new NoticeDialer({
    notices: service, subscriptions, calls: telephony.outbound, ariReady: () => telephony.ari?.ready ?? false, speech: telephony.services, hours, clock,
    settings: {
      maxCalls: config.OUTBOUND_MAX_CALLS, endpointTemplate: config.OUTBOUND_ENDPOINT_TEMPLATE, callerId: config.OUTBOUND_CALLER_ID,
      ringSeconds: config.OUTBOUND_RING_SECONDS, cityNameGenitive: cityNameGenitive(config), menuTimeoutMs: config.IVR_MENU_TIMEOUT_MS,
      phoneRegion: config.DEFAULT_REGION,
    },
  });
  return { service, subscriptions, dialer, attachRealtime: (r) => (realtime = r) };
}
