import { WakeTimer } from '../core/wake-timer';
import type { Clock } from '../core/clock';
import type { CallerHistory } from './pop-query';

export interface PopHistoryOptions {
  /** Reads a caller's history (realtime/pop-query.ts readCallerHistory). */
  read: (phone: string | null, uniqueid: string, now: Date) => Promise<CallerHistory>;
  clock: Clock;
  /** How old a read may be when the phone rings (default 30 s): a caller who waited longer gets a new one. */
  freshMs?: number;
  /** How long a read is kept for a call whose end was never heard (default 10 min). */
  keepMs?: number;
  /** At most this many calls' reads are kept (default 10,000); the oldest go first. */
  maxEntries?: number;
}

interface Entry {
  phone: string;
  startedAt: number;
  generation: number;
  history: Promise<CallerHistory>;
  failed: boolean;
  /** Read because a phone rang, not ahead. */
  atRing: boolean;
}

/**
 * The caller's history, read while they are on their way to a dispatcher (the IVR's prompt
 * before the transfer, the queue) instead of when the phone rings. The pop then waits only for
 * who sits at the phone: on a VM every round trip to the database costs wake-ups of both sides,
 * and the history's pages may have to be read from disk, at the one moment a dispatcher is
 * waiting for the card (README, Benchmark).
 *
 * A read is used only while fresh (`freshMs`) and while no appeal changed on this instance since
 * (a card that misses an appeal registered a moment ago would mislead); otherwise the pop reads
 * again, as it would without this. A read that failed is tried again when the phone rings.
 */
export class PopHistory {
  private readonly entries = new Map<string, Entry>();
  private readonly freshMs: number;
  private readonly keepMs: number;
  private readonly maxEntries: number;
  private readonly sweeper = new WakeTimer(() => this.sweep());
  private generation = 0;

  constructor(private readonly o: PopHistoryOptions) {
    this.freshMs = o.freshMs ?? 30_000;
    this.keepMs = o.keepMs ?? 10 * 60_000;
    this.maxEntries = o.maxEntries ?? 10_000;
  }

  /** Starts reading this call's caller's history, unless a usable read is done or on its way. */
  prefetch(uniqueid: string, phone: string | null, now: Date): void {
    if (phone && !this.usable(this.entries.get(uniqueid), phone, now)) this.start(uniqueid, phone, now, false);
  }

  /**
   * The history for the pop sent now (`ahead`: read before any phone rang): the read made on the
   * way when it is usable, else a new one, kept for the other phones the call rings.
   */
  forPop(uniqueid: string, phone: string | null, now: Date): { history: Promise<CallerHistory>; ahead: boolean } {
    if (!phone) return { history: this.o.read(null, uniqueid, now), ahead: false };
    const entry = this.entries.get(uniqueid);
    if (!entry || !this.usable(entry, phone, now)) return { history: this.start(uniqueid, phone, now, true).history, ahead: false };
    return { history: entry.history.catch(() => this.o.read(phone, uniqueid, now)), ahead: !entry.atRing };
  }

  /** The call ended or was answered: no pop will need its history. */
  forget(uniqueid: string): void {
    this.entries.delete(uniqueid);
    if (!this.entries.size) this.sweeper.cancel();
  }

  /** An appeal changed: reads made before may miss it. */
  invalidate(): void {
    this.generation++;
  }

  get size(): number {
    return this.entries.size;
  }

  private start(uniqueid: string, phone: string, now: Date, atRing: boolean): Entry {
    const entry: Entry = { phone, startedAt: now.getTime(), generation: this.generation, history: this.o.read(phone, uniqueid, now), failed: false, atRing };
    // Nobody may be waiting for it yet: a failure is kept, not thrown into the void.
    entry.history.catch(() => (entry.failed = true));
    this.entries.delete(uniqueid);
    this.entries.set(uniqueid, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.sweeper.arm(this.keepMs);
    return entry;
  }

  private usable(entry: Entry | undefined, phone: string, now: Date): boolean {
    return entry !== undefined && !entry.failed && entry.phone === phone && entry.generation === this.generation && now.getTime() - entry.startedAt <= this.freshMs;
  }

  private sweep(): void {
    const oldest = this.o.clock.now().getTime() - this.keepMs;
    for (const [id, e] of this.entries) {
      // Kept in the order they were read: the first young one ends the sweep.
      if (e.startedAt > oldest) break;
      this.entries.delete(id);
    }
    if (this.entries.size) this.sweeper.arm(this.keepMs / 10);
  }
}
