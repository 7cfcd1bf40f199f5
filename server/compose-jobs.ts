import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { AppealService } from '../appeals/appeal-service';
import type { DomainEvents } from '../appeals/domain-events';
import type { Telephony } from './compose-telephony';
import { JobScheduler } from '../jobs/scheduler';
import type { Realtime } from './compose-realtime';
import { rooms } from '../realtime/contracts';
import { maskPhone } from '../core/logger';
import { deadlineWatchJob } from '../jobs/deadline-watch';
import { abandonedCallsJob } from '../jobs/abandoned-calls';
import { retentionJob } from '../jobs/retention';
import { dailyReportJob } from '../jobs/daily-report';
import { ReportService } from '../reports/report-service';
import type { Verifications } from './compose-verifications';
import type { Notices } from './compose-notices';
import { cityNameGenitive, instanceIdOf } from '../core/config';
import { AbandonedCallbackDialer } from '../jobs/abandoned-callback-dialer';
import { abandonedCallbackFlow } from '../ivr/flow/callback-flow';
import { parseCallingHours } from '../jobs/calling-hours';

export interface Jobs {
  scheduler: JobScheduler;
  instanceId: string;
  /** Starts the cron timers (when JOBS_ENABLED); jobs can always be run by hand with scheduler.runNow. */
  start(): void;
  stop(): Promise<void>;
}

export interface JobParts {
  appeals: AppealService;
  events: DomainEvents;
  telephony: Telephony;
  /** Pushes new callback tasks to the dispatchers' consoles. */
  realtime?: Realtime;
  /** Verification callbacks: the dialer job. */
  verifications?: Verifications;
  /** Notices to residents: the dialer job. */
  notices?: Notices;
}

/** Wires the scheduled work: verification callbacks, abandoned calls, deadline control, reports, retention. */
export function composeJobs(config: Config, logger: Logger, clock: Clock, parts: JobParts): Jobs {
  const instanceId = instanceIdOf(config);
  const log = logger.child({ part: 'jobs' });
  const scheduler = new JobScheduler({ clock, logger: log, instanceId, timeZone: config.CITY_TIME_ZONE });
  scheduler.register(deadlineWatchJob({ events: parts.events, warningHours: config.DEADLINE_WARNING_HOURS }));
  scheduler.register(abandonedCallsJob({
    phoneRegion: config.DEFAULT_REGION,
    onCreated: (t) => parts.realtime?.sockets.io.to([rooms.role('dispatcher'), rooms.role('head')])
      .emit('callback:created', { id: t.id, phoneMasked: maskPhone(t.phone), createdAt: t.createdAt.toISOString() }),
  }));
  scheduler.register(retentionJob({ callDays: config.RETENTION_CALL_DAYS, auditDays: config.RETENTION_AUDIT_DAYS }));
  scheduler.register(dailyReportJob({
    reports: new ReportService({ db: parts.appeals.ctx.db, timeZone: config.CITY_TIME_ZONE }), time: config.DAILY_REPORT_TIME, timeZone: config.CITY_TIME_ZONE,
  }));
  if (parts.verifications) scheduler.register(parts.verifications.dialer.job());
  if (parts.notices) scheduler.register(parts.notices.dialer.job());
  const { telephony } = parts;
  const callbacks = config.ABANDONED_AUTO_CALLBACK
    ? new AbandonedCallbackDialer({
        clock, calls: telephony.outbound, ariReady: () => telephony.ari?.ready ?? false, speech: telephony.services,
        flow: abandonedCallbackFlow({ cityNameGenitive: cityNameGenitive(config), queueContext: config.QUEUE_CONTEXT, queueExtension: config.QUEUE_EXTENSION }),
        hours: parseCallingHours(config.CALLING_HOURS, config.CITY_TIME_ZONE),
        maxCalls: config.OUTBOUND_MAX_CALLS, endpointTemplate: config.OUTBOUND_ENDPOINT_TEMPLATE, callerId: config.OUTBOUND_CALLER_ID,
        ringSeconds: config.OUTBOUND_RING_SECONDS, phoneRegion: config.DEFAULT_REGION,
      })
    : null;
  if (callbacks) scheduler.register(callbacks.job());
  return {
    scheduler,
    instanceId,
    start() {
      if (config.JOBS_ENABLED) scheduler.start();
      else log.warn('JOBS_ENABLED is off: no callbacks, deadline alerts, reports or retention run on this instance');
    },
    stop: async () => {
      await scheduler.stop();
      parts.notices?.dialer.stop();
      // Residents on the line finish their call (bounded by the telephony drain that follows).
      await Promise.race([Promise.all([parts.verifications?.dialer.idle(), callbacks?.idle(), parts.notices?.dialer.idle()]), new Promise((r) => setTimeout(r, 10_000).unref())]);
      parts.verifications?.stop();
    },
  };
}
