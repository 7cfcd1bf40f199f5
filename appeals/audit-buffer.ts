import type { Logger } from '../core/logger';
import { AuditLog } from '../models';
import { Backoff } from '../core/backoff';
import { WakeTimer } from '../core/wake-timer';

interface AuditRow {
  userId: number;
  action: string;
  subjectType: string;
  subjectId: number;
  ip: null;
  context: string;
  createdAt: Date;
}

export interface AuditBufferOptions {
  logger: Logger;
  /** How soon a queued row is written (rows queued meanwhile share its multi-row INSERT). */
  intervalMs?: number;
  /** The longest wait between retries while the database is away. */
  maxRetryDelayMs?: number;
}

/**
 * Audit rows of reads on the hot path (the screen-pop), written off it: queued with the moment
 * of the read and written together within `intervalMs`, one statement for all. While the
 * database is away they wait and are retried with backoff; `stop()` writes what is left. Only a
 * process killed outright loses the last interval's rows.
 */
export class AuditBuffer {
  private rows: AuditRow[] = [];
  private running = false;
  private readonly wake = new WakeTimer(() => void this.flush().then(() => this.scheduleNext()));
  private writing: Promise<void> | null = null;
  private nextAttemptAt = 0;
  private readonly intervalMs: number;
  private readonly backoff: Backoff;

  constructor(private readonly o: AuditBufferOptions) {
    this.intervalMs = o.intervalMs ?? 100;
    const maxMs = o.maxRetryDelayMs ?? 10_000;
    this.backoff = new Backoff({ initialMs: Math.min(200, maxMs), maxMs });
  }

  start(): void {
    this.running = true;
    this.scheduleNext();
  }

  /** A user was shown these applicants' personal data at `at`. */
  applicantsRead(userId: number, applicantIds: number[], context: string, at: Date): void {
    for (const subjectId of new Set(applicantIds)) {
      this.rows.push({ userId, action: 'read_personal_data', subjectType: 'applicant', subjectId, ip: null, context: context.slice(0, 255), createdAt: at });
    }
    if (this.running && this.rows.length) this.wake.arm(this.intervalMs);
  }

  pending(): number {
    return this.rows.length;
  }

  /** Writes every queued row once; concurrent callers share the same write. */
  flush(): Promise<void> {
    this.writing ??= this.write().finally(() => (this.writing = null));
    return this.writing;
  }

  /** Stops the timer after writing what can be written within the deadline. */
  async stop(deadlineMs = 5000): Promise<void> {
    this.running = false;
    this.wake.cancel();
    const until = Date.now() + deadlineMs;
    while (this.rows.length && Date.now() < until) {
      this.nextAttemptAt = 0;
      await this.flush();
      if (this.rows.length) await new Promise((r) => setTimeout(r, 100));
    }
    if (this.rows.length) this.o.logger.error({ pending: this.rows.length }, 'audit rows not written at shutdown');
  }

  /** Wakes only while rows wait, and while the database is away no sooner than the next retry. */
  private scheduleNext(): void {
    if (this.running && this.rows.length) this.wake.arm(Math.max(this.intervalMs, this.nextAttemptAt - Date.now()));
  }

  private async write(): Promise<void> {
    if (!this.rows.length || Date.now() < this.nextAttemptAt) return;
    const batch = this.rows.splice(0, 1000);
    try {
      await AuditLog.bulkCreate(batch);
      if (this.backoff.failures > 0) this.o.logger.info({ afterFailures: this.backoff.failures }, 'audit rows are being written again');
      this.backoff.reset();
    } catch (err) {
      this.rows.unshift(...batch);
      this.nextAttemptAt = Date.now() + this.backoff.next();
      // Once per outage at error level; the retries are debug noise.
      if (this.backoff.failures === 1) this.o.logger.error({ err, pending: this.rows.length }, 'audit rows cannot be written; keeping them until the database returns');
    }
  }
}
