import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { CallEvent } from '../telephony/call-events';
import { CallRecord, newCallRecord, applyCallEvent } from './call-record';

export interface CallRecordWriter {
  save(record: CallRecord): Promise<number>;
}

export interface CallRecorderOptions {
  writer: CallRecordWriter;
  logger: Logger;
  clock: Clock;
  /** How often dirty records are written. */
  flushIntervalMs?: number;
  /** How long an ended, written record stays in memory for late events (AgentComplete after Hangup). */
  keepEndedMs?: number;
  /** The longest wait between retries while the database is away. */
  maxRetryDelayMs?: number;
}

interface Entry {
  record: CallRecord;
  /** Changes not yet written. */
  dirty: boolean;
  /** Bumped on every change, so a write that raced a change leaves the entry dirty. */
  version: number;
  callId: number | null;
  endedSeen: number | null;
}

/**
 * Keeps every live call's record in memory and writes changes through a buffer. When the
 * database is away, records wait and are retried with backoff; each write is an upsert by
 * uniqueid, so none is lost and none is written twice.
 */
export class CallRecorder {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private failures = 0;
  private nextAttemptAt = 0;
  private readonly flushIntervalMs: number;
  private readonly keepEndedMs: number;
  private readonly maxRetryDelayMs: number;

  constructor(private readonly o: CallRecorderOptions) {
    this.flushIntervalMs = o.flushIntervalMs ?? 200;
    this.keepEndedMs = o.keepEndedMs ?? 5 * 60_000;
    this.maxRetryDelayMs = o.maxRetryDelayMs ?? 10_000;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }

  /** Stops the timer after writing what can be written within the deadline. */
  async stop(deadlineMs = 5000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const until = Date.now() + deadlineMs;
    while (this.pending() > 0 && Date.now() < until) {
      this.nextAttemptAt = 0;
      await this.flush();
      if (this.pending() > 0) await new Promise((r) => setTimeout(r, 100));
    }
    if (this.pending() > 0) this.o.logger.error({ pending: this.pending() }, 'call records not written at shutdown');
  }

  /** Changes one call's record; creates it on first sight. */
  update(uniqueid: string, change: (r: CallRecord) => void): void {
    let entry = this.entries.get(uniqueid);
    if (!entry) {
      entry = { record: newCallRecord(uniqueid), dirty: false, version: 0, callId: null, endedSeen: null };
      this.entries.set(uniqueid, entry);
    }
    change(entry.record);
    entry.dirty = true;
    entry.version++;
    if (entry.record.endedAt && entry.endedSeen == null) entry.endedSeen = this.o.clock.now().getTime();
  }

  applyEvent(event: CallEvent): void {
    if (!('uniqueid' in event)) return;
    this.update(event.uniqueid, (r) => applyCallEvent(r, event));
  }

  record(uniqueid: string): Readonly<CallRecord> | null {
    return this.entries.get(uniqueid)?.record ?? null;
  }

  /** The database id of a written call, or null while it waits. */
  callId(uniqueid: string): number | null {
    return this.entries.get(uniqueid)?.callId ?? null;
  }

  /** Calls whose end has not been seen yet. */
  openCallIds(): string[] {
    return [...this.entries].filter(([, e]) => !e.record.endedAt).map(([id]) => id);
  }

  pending(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.dirty) n++;
    return n;
  }

  /** Writes every dirty record once; concurrent callers share the same pass. */
  flush(): Promise<void> {
    this.flushing ??= this.writeDirty().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async writeDirty(): Promise<void> {
    if (Date.now() < this.nextAttemptAt) return;
    for (const [uniqueid, entry] of this.entries) {
      if (!entry.dirty) {
        this.evictIfDone(uniqueid, entry);
        continue;
      }
      const version = entry.version;
      try {
        entry.callId = await this.o.writer.save(entry.record);
        if (entry.version === version) entry.dirty = false;
        if (this.failures > 0) this.o.logger.info({ afterFailures: this.failures }, 'call records are being written again');
        this.failures = 0;
      } catch (err) {
        this.failures++;
        const delay = Math.min(this.maxRetryDelayMs, 100 * 2 ** Math.min(this.failures, 10));
        this.nextAttemptAt = Date.now() + delay;
        // Once per outage at error level; the retries are debug noise.
        if (this.failures === 1) this.o.logger.error({ err, pending: this.pending() }, 'call records cannot be written; keeping them until the database returns');
        else this.o.logger.debug({ failures: this.failures, retryInMs: delay }, 'call record write failed again');
        return;
      }
    }
  }

  private evictIfDone(uniqueid: string, entry: Entry): void {
    if (entry.endedSeen != null && this.o.clock.now().getTime() - entry.endedSeen > this.keepEndedMs) this.entries.delete(uniqueid);
  }
}
