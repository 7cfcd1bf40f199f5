import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { CallEvent } from '../telephony/call-events';
import { CallRecord, newCallRecord, applyCallEvent, pathEntryAt } from './call-record';
import { isDataRefusal, isTransient } from '../appeals/transaction-retry';
import { WakeTimer } from '../core/wake-timer';

/** What earlier writes of one call learned, so later writes of it need not look it up again. */
export interface WrittenCall {
  callId: number;
  /** The applicant looked up for this phone; id null when none was found. */
  applicant?: { phone: string; id: number | null };
  /** The dispatcher looked up for this queue interface; id null when none was found. */
  dispatcher?: { agentInterface: string; id: number | null };
  /** Appeals whose link to this call is in the database. */
  linkedAppealIds: number[];
  /** Whether the end of the call was written. */
  ended: boolean;
}

/** One record to write, with what is known from its earlier writes (null before the first). */
export interface CallRecordWrite {
  record: CallRecord;
  written: WrittenCall | null;
}

export interface CallRecordWriter {
  /** Writes all records at once (one uniqueid each); answers what each call is known by now, by uniqueid. */
  saveMany(writes: readonly CallRecordWrite[]): Promise<Map<string, WrittenCall>>;
}

export interface CallRecorderOptions {
  writer: CallRecordWriter;
  logger: Logger;
  clock: Clock;
  /** How soon after a change it is written (changes meanwhile share the write). */
  flushIntervalMs?: number;
  /** How long an ended, written record stays in memory for late events (AgentComplete after Hangup). */
  keepEndedMs?: number;
  /** The longest wait between retries while the database is away. */
  maxRetryDelayMs?: number;
  /** The most records one write carries; more are written in further batches of the same pass. */
  batchSize?: number;
}

interface Entry {
  record: CallRecord;
  /** Bumped on every change, so a write that raced a change leaves the entry dirty. */
  version: number;
  written: WrittenCall | null;
  endedSeen: number | null;
  /** Creation order: batches keep it, as the map iterates (two instances lock rows in one order). */
  seq: number;
}

/**
 * Keeps every live call's record in memory and writes changes through a buffer: every pass writes
 * all dirty records in one batch (one transaction), however many calls there are. When the
 * database is away, records wait and are retried with backoff; each write is an upsert by
 * uniqueid, so none is lost and none is written twice.
 */
export class CallRecorder {
  private readonly entries = new Map<string, Entry>();
  // A pass looks only at what changed and at the oldest ended calls: ended records are kept for
  // minutes (thousands at a high rate), and walking all of them five times a second cost more
  // than writing the few that changed.
  /** Calls with changes not yet written. */
  private readonly dirtyIds = new Set<string>();
  /** Ended entries in the order their end was seen, for eviction from the front. */
  private ended: Array<{ uniqueid: string; entry: Entry }> = [];
  private endedHead = 0;
  private seq = 0;
  private running = false;
  private readonly wake = new WakeTimer(() => void this.flush().then(() => this.scheduleNext()));
  private flushing: Promise<void> | null = null;
  private failures = 0;
  /** Lock conflicts in a row (another instance writing the same calls). */
  private conflicts = 0;
  private nextAttemptAt = 0;
  private refusedCount = 0;
  private readonly flushIntervalMs: number;
  private readonly keepEndedMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly batchSize: number;

  constructor(private readonly o: CallRecorderOptions) {
    this.flushIntervalMs = o.flushIntervalMs ?? 200;
    this.keepEndedMs = o.keepEndedMs ?? 5 * 60_000;
    this.maxRetryDelayMs = o.maxRetryDelayMs ?? 10_000;
    this.batchSize = o.batchSize ?? 500;
  }

  /** Writes from now on: within flushIntervalMs of a change, and no wake-ups while nothing changes. */
  start(): void {
    this.running = true;
    this.scheduleNext();
  }

  /** Stops the timer after writing what can be written within the deadline. */
  async stop(deadlineMs = 5000): Promise<void> {
    this.running = false;
    this.wake.cancel();
    const until = Date.now() + deadlineMs;
    while (this.pending() > 0 && Date.now() < until) {
      this.nextAttemptAt = 0;
      await this.flush();
      if (this.pending() > 0) await new Promise((r) => setTimeout(r, 100));
    }
    if (this.pending() > 0) this.o.logger.error({ pending: this.pending() }, 'call records not written at shutdown');
  }

  /** Adds a step to the call's IVR path, stamped now. */
  addPathStep(uniqueid: string, step: { step: string; key?: string; outcome?: string }): void {
    const at = this.o.clock.now().toISOString();
    this.update(uniqueid, (r) => r.ivrPath.push(pathEntryAt(step, at)));
  }

  /** Changes one call's record; creates it on first sight. */
  update(uniqueid: string, change: (r: CallRecord) => void): void {
    let entry = this.entries.get(uniqueid);
    if (!entry) {
      entry = { record: newCallRecord(uniqueid), version: 0, written: null, endedSeen: null, seq: this.seq++ };
      this.entries.set(uniqueid, entry);
    }
    change(entry.record);
    this.dirtyIds.add(uniqueid);
    entry.version++;
    if (entry.record.endedAt && entry.endedSeen == null) {
      entry.endedSeen = this.o.clock.now().getTime();
      this.ended.push({ uniqueid, entry });
    }
    if (this.running) this.wake.arm(this.flushIntervalMs);
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
    return this.entries.get(uniqueid)?.written?.callId ?? null;
  }

  /** Calls whose end has not been seen yet. */
  openCallIds(): string[] {
    return [...this.entries].filter(([, e]) => !e.record.endedAt).map(([id]) => id);
  }

  pending(): number {
    return this.dirtyIds.size;
  }

  /** Writes every dirty record once; concurrent callers share the same pass. */
  flush(): Promise<void> {
    this.flushing ??= this.writeDirty().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async writeDirty(): Promise<void> {
    if (Date.now() < this.nextAttemptAt) return;
    this.evictEnded();
    const dirty = [...this.dirtyIds].map((uniqueid): [string, Entry] => [uniqueid, this.entries.get(uniqueid)!]).sort((a, b) => a[1].seq - b[1].seq);
    for (let i = 0; i < dirty.length; i += this.batchSize) {
      if (!(await this.writeBatch(dirty.slice(i, i + this.batchSize)))) return;
    }
  }

  /** Writes one batch; false when it failed (the entries stay dirty and the pass stops). */
  private async writeBatch(batch: Array<[string, Entry]>): Promise<boolean> {
    // A copy of each record as it is now: changes made while the batch is written are not taken
    // for written (the version check keeps them dirty), nor are links added meanwhile.
    const versions = batch.map(([, e]) => e.version);
    const writes = batch.map(([, e]) => ({ record: structuredClone(e.record), written: e.written }));
    try {
      const written = await this.o.writer.saveMany(writes);
      batch.forEach(([uniqueid, entry], i) => {
        const w = written.get(uniqueid);
        if (!w) return;
        entry.written = w;
        if (entry.version === versions[i]) this.dirtyIds.delete(uniqueid);
      });
      if (this.failures > 0) this.o.logger.info({ afterFailures: this.failures }, 'call records are being written again');
      this.failures = 0;
      this.conflicts = 0;
      return true;
    } catch (err) {
      // Another instance writing the same calls (a deadlock, a lock wait, a row it created first)
      // is expected with several instances: the next try, soon, sees its rows. Only a conflict
      // that keeps coming back is treated as a failure.
      if (isTransient(err) && ++this.conflicts <= 10) {
        this.nextAttemptAt = Date.now() + 20 + Math.random() * 50;
        this.o.logger.debug({ err, conflicts: this.conflicts }, 'call records met a lock conflict; retrying');
        return false;
      }
      // One record whose data the database will not take must not hold back the others: halve the
      // batch until that record is alone, write the rest, and set the record aside.
      if (isDataRefusal(err)) {
        if (batch.length > 1) {
          const half = Math.ceil(batch.length / 2);
          return (await this.writeBatch(batch.slice(0, half))) && this.writeBatch(batch.slice(half));
        }
        const [, entry] = batch[0];
        if (entry.written?.applicant || entry.written?.dispatcher) {
          // What earlier writes looked up may be what is refused (a dispatcher's or an applicant's
          // row deleted since): once more, with both looked up again.
          entry.written = { ...entry.written, applicant: undefined, dispatcher: undefined };
          return this.writeBatch(batch);
        }
        this.refuse(batch[0], versions[0], err);
        return true;
      }
      this.conflicts = 0;
      this.failures++;
      const delay = Math.min(this.maxRetryDelayMs, 100 * 2 ** Math.min(this.failures, 10));
      this.nextAttemptAt = Date.now() + delay;
      // Once per outage at error level; the retries are debug noise.
      if (this.failures === 1) this.o.logger.error({ err, pending: this.pending() }, 'call records cannot be written; keeping them until the database returns');
      else this.o.logger.debug({ failures: this.failures, retryInMs: delay }, 'call record write failed again');
      return false;
    }
  }

  /**
   * A record the database refused alone. Retrying it unchanged cannot succeed, and kept dirty it
   * would be tried in every pass and keep every call ended after it in memory. So it is logged
   * whole at error level (phone numbers masked, as in every log line) and written again only if
   * the call changes again.
   */
  private refuse([uniqueid, entry]: [string, Entry], version: number, err: unknown): void {
    if (entry.version === version) this.dirtyIds.delete(uniqueid);
    this.refusedCount++;
    this.o.logger.error({ err, call: uniqueid, record: entry.record }, 'the database refused a call record; it is in this log line and is written again if the call changes');
  }

  /** Records the database refused since start (see refuse). */
  refused(): number {
    return this.refusedCount;
  }

  /**
   * The next pass: soon while records wait (no sooner than a retry may run), otherwise when the
   * oldest ended record may be forgotten. Forgetting is coarse (up to a tenth of keepEndedMs
   * late) so that the calls of a busy hour, ending a few ms apart, do not each wake the server.
   */
  private scheduleNext(): void {
    if (!this.running) return;
    if (this.dirtyIds.size > 0) {
      this.wake.arm(Math.max(this.flushIntervalMs, this.nextAttemptAt - Date.now()));
    } else if (this.endedHead < this.ended.length) {
      const due = this.ended[this.endedHead].entry.endedSeen! + this.keepEndedMs + 1 - this.o.clock.now().getTime();
      this.wake.arm(Math.max(this.flushIntervalMs, due, this.keepEndedMs / 10));
    }
  }

  /** Forgets records ended longer ago than keepEndedMs and written; a dirty one waits at the front until it is written. */
  private evictEnded(): void {
    const before = this.o.clock.now().getTime() - this.keepEndedMs;
    while (this.endedHead < this.ended.length) {
      const { uniqueid, entry } = this.ended[this.endedHead];
      if (this.entries.get(uniqueid) === entry) {
        if (entry.endedSeen! >= before || this.dirtyIds.has(uniqueid)) break;
        this.entries.delete(uniqueid);
      }
      this.endedHead++;
    }
    if (this.endedHead > 1024 && this.endedHead * 2 > this.ended.length) {
      this.ended = this.ended.slice(this.endedHead);
      this.endedHead = 0;
    }
  }
}
