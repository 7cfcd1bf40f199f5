import { cityNameGenitive, type Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { AppealService } from '../appeals/appeal-service';
import type { DomainEvents } from '../appeals/domain-events';
import type { Telephony } from './compose-telephony';
import { VerificationService } from '../verifications/verification-service';
import { VerificationDialer } from '../jobs/verification-dialer';
import { nextCallingMoment, parseCallingHours } from '../jobs/calling-hours';

export interface Verifications {
  service: VerificationService;
  dialer: VerificationDialer;
  /** Stops listening to appeal changes. */
  stop(): void;
}

/** Wires verification callbacks: the domain service (fed by appeal changes) and the dialer job. */
export function composeVerifications(
  config: Config, logger: Logger, _clock: Clock,
  parts: { appeals: AppealService; events: DomainEvents; telephony: Telephony },
): Verifications {
  const log = logger.child({ part: 'verifications' });
  const hours = parseCallingHours(config.CALLING_HOURS, config.CITY_TIME_ZONE);
  const service = new VerificationService({
    appeals: parts.appeals, clock: parts.appeals.ctx.clock, logger: log,
    rules: {
      delayMinutes: config.VERIFICATION_DELAY_MINUTES, retryMinutes: config.VERIFICATION_RETRY_MINUTES, maxAttempts: config.VERIFICATION_MAX_ATTEMPTS,
      callable: (at) => nextCallingMoment(at, hours),
    },
  });
  // Made at once on completion; the dialer's sweep catches a completion whose event was lost.
  const onChanged = (change: Parameters<VerificationService['onAppealChanged']>[0]) =>
    void service.onAppealChanged(change).catch((err) => log.error({ err, appealId: change.appealId }, 'verification not updated; the sweep will catch up'));
  parts.events.on('appeal.changed', onChanged);
  const { telephony } = parts;
  const dialer = new VerificationDialer({
    service,
    calls: telephony.outbound,
    ariReady: () => telephony.ari?.ready ?? false,
    speech: telephony.services,
    hours,
    logger: log,
    settings: {
      maxCalls: config.OUTBOUND_MAX_CALLS, endpointTemplate: config.OUTBOUND_ENDPOINT_TEMPLATE, callerId: config.OUTBOUND_CALLER_ID,
      ringSeconds: config.OUTBOUND_RING_SECONDS,
      cityNameGenitive: cityNameGenitive(config),
      queueContext: config.QUEUE_CONTEXT, queueExtension: config.QUEUE_EXTENSION, menuTimeoutMs: config.IVR_MENU_TIMEOUT_MS,
      phoneRegion: config.DEFAULT_REGION,
    },
  });
  return { service, dialer, stop: () => parts.events.off('appeal.changed', onChanged) };
}
