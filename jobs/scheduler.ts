import cron, { ScheduledTask } from 'node-cron';
import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { JobDefinition, JobSummary } from './job';
import { acquireLease, releaseLease } from './job-lease';

export interface SchedulerOptions {
  clock: Clock;
  logger: Logger;
  instanceId: string;
  /** Cron expressions are read in this zone (the city's), so "08:00" stays 08:00 across DST. */
  timeZone: string;
}

/** How a run of a job ended, as runNow reports it. */
export type RunOutcome =
  | { ran: true; summary: JobSummary }
  | { ran: false; reason: 'busy' | 'leased' | 'stopped' | 'failed'; error?: string };

export interface JobStatus {
  name: string;
  schedule: string;
  running: boolean;
  runs: number;
  failures: number;
  lastRunAt: string | null;
  lastError: string | null;
}

const DEFAULT_LEASE_MS = 10 * 60_000;

/**
 * Runs the jobs on their cron schedules (node-cron, in the city's time zone). A run never
 * overlaps the previous one in this process; an exclusive job also holds a lease in the database
 * so only one instance runs it. A run that throws is logged and counted; the next tick tries again.
 */
export class JobScheduler {
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Map<string, Promise<RunOutcome>>();
  private readonly stats = new Map<string, { runs: number; failures: number; lastRunAt: Date | null; lastError: string | null }>();
  private readonly stopping = new AbortController();

  constructor(private readonly o: SchedulerOptions) {}

  register(job: JobDefinition): this {
    if (!/^[a-z0-9-]+$/.test(job.name)) throw new Error(`job name "${job.name}" must be [a-z0-9-]`);
    if (this.jobs.has(job.name)) throw new Error(`job "${job.name}" is registered twice`);
    if (!cron.validate(job.schedule)) throw new Error(`job "${job.name}": "${job.schedule}" is not a cron expression`);
    this.jobs.set(job.name, job);
    this.stats.set(job.name, { runs: 0, failures: 0, lastRunAt: null, lastError: null });
    return this;
  }

  start(): void {
    for (const job of this.jobs.values()) {
      const task = cron.schedule(job.schedule, () => this.runNow(job.name).then(() => undefined), {
        name: job.name,
        timezone: this.o.timeZone,
        noOverlap: true,
      });
      task.unref();
      this.tasks.push(task);
    }
    this.o.logger.info({ jobs: [...this.jobs.keys()] }, 'scheduled jobs started');
  }

  /** Runs a job now (also what each cron tick does); a run already under way is not doubled. */
  runNow(name: string): Promise<RunOutcome> {
    const job = this.jobs.get(name);
    if (!job) return Promise.reject(new Error(`no job "${name}"`));
    const current = this.running.get(name);
    if (current) return Promise.resolve({ ran: false, reason: 'busy' });
    const run = this.run(job).finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  private async run(job: JobDefinition): Promise<RunOutcome> {
    if (this.stopping.signal.aborted) return { ran: false, reason: 'stopped' };
    const now = this.o.clock.now();
    const logger = this.o.logger.child({ job: job.name });
    const stats = this.stats.get(job.name)!;
    let leased = false;
    try {
      if (job.exclusive) {
        leased = await acquireLease(job.name, this.o.instanceId, now, job.leaseMs ?? DEFAULT_LEASE_MS);
        if (!leased) {
          logger.debug('another instance runs this job now');
          return { ran: false, reason: 'leased' };
        }
      }
      const summary = (await job.run({ now, logger, instanceId: this.o.instanceId, signal: this.stopping.signal })) ?? {};
      stats.runs++;
      stats.lastRunAt = now;
      stats.lastError = null;
      if (leased) await releaseLease(job.name, this.o.instanceId, this.o.clock.now(), null);
      // A run that found nothing to do (the dialer, twice a minute) is not worth a line in the log.
      const didWork = Object.values(summary).some((v) => typeof v === 'number' && v > 0);
      logger[didWork ? 'info' : 'debug']({ ...summary }, 'job ran');
      return { ran: true, summary };
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      stats.failures++;
      stats.lastRunAt = now;
      stats.lastError = message;
      logger.error({ err }, 'job failed; it runs again at its next time');
      if (leased) await releaseLease(job.name, this.o.instanceId, this.o.clock.now(), message).catch(() => undefined);
      return { ran: false, reason: 'failed', error: message };
    }
  }

  status(): JobStatus[] {
    return [...this.jobs.values()].map((job) => {
      const s = this.stats.get(job.name)!;
      return {
        name: job.name, schedule: job.schedule, running: this.running.has(job.name), runs: s.runs, failures: s.failures,
        lastRunAt: s.lastRunAt?.toISOString() ?? null, lastError: s.lastError,
      };
    });
  }

  /** Stops the timers, asks running jobs to stop at their next row, and waits for them. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.tasks.map((t) => t.destroy()));
    this.tasks.length = 0;
    await Promise.allSettled([...this.running.values()]);
  }
}
