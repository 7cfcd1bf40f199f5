import type { Logger } from '../core/logger';

/** What a run of a job gets: the moment it runs for, its logger, who it is, and a stop signal. */
export interface JobContext {
  now: Date;
  logger: Logger;
  /** This process, as written into claims and leases. */
  instanceId: string;
  /** Aborted when the server shuts down: a long job stops at the next row and leaves the rest. */
  signal: AbortSignal;
}

/** A summary of what a run did (counts), logged and returned by runNow. */
export type JobSummary = Record<string, number | string | boolean | null>;

/**
 * A scheduled job. The core (`run`) can be tested on its own; the scheduler adds the timing,
 * the lease and the error handling.
 */
export interface JobDefinition {
  /** Short and stable: it names the lease row and the metrics ([a-z0-9-]). */
  name: string;
  /** node-cron expression (seconds optional), read in the city's time zone. */
  schedule: string;
  /**
   * true: one instance at a time runs it (a lease in job_leases). false: every instance runs it
   * and the job claims its own rows (the verification dialer shares the work this way).
   */
  exclusive: boolean;
  /** How long a lease holds before another instance may take over a job whose runner died. */
  leaseMs?: number;
  run(ctx: JobContext): Promise<JobSummary | void>;
}
