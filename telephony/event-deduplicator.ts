/**
 * Makes the CallEvent stream safe to consume: drops repeats and stale "re-opening" events.
 *
 * What consumers of AmiConnection's 'callEvent' can rely on:
 * - Order: events come in the order Asterisk wrote them on the one AMI TCP stream; nothing is
 *   reordered here. Asterisk itself does not order across channels or modules: a caller's
 *   `channel.hangup` may come before or after its `agent.completed` / `queue.left`.
 * - No repeats: an event identical (all fields but `at`) to the previous event of the same
 *   subject (channel + queue + member) within `windowMs` is dropped. Comparing with the previous
 *   event of the subject, not with everything seen, keeps a legitimate A → B → A (a member
 *   ringing and going idle again, `agent.called` again after `agent.ringing_stopped` on retry).
 * - No resurrection: after `channel.hangup` of a channel, events that would open something for
 *   it (`queue.joined`, `agent.called`, `agent.connected`) are dropped as stale; closing ones
 *   (`queue.left`, `queue.abandoned`, `agent.completed`, `agent.ringing_stopped`) still pass.
 * - Gaps: events while AMI is down are lost (Asterisk does not replay them); after 'ready'
 *   consumers should resynchronise from QueueStatus.
 * Memory is bounded: a subject is forgotten once its window has passed, and at most `maxEntries`
 * subjects and hung-up channels are remembered.
 */
import type { CallEvent } from './call-events';

export interface DeduplicatorOptions {
  /** How long an event is remembered for (default 5000 ms). */
  windowMs?: number;
  /** Most subjects remembered (default 10000); the oldest is forgotten first. */
  maxEntries?: number;
}

const OPENING: ReadonlySet<CallEvent['type']> = new Set(['queue.joined', 'agent.called', 'agent.connected']);

/** Who an event is about: one call in one queue with one member, or one member of a queue. */
function subjectOf(e: CallEvent): string {
  const uniqueid = 'uniqueid' in e ? e.uniqueid : '';
  const queue = 'queue' in e ? e.queue : '';
  const agent = 'agentInterface' in e ? e.agentInterface : '';
  return `${uniqueid}|${queue}|${agent}`;
}

/**
 * Equal in every field but the receive time, each value of the same kind ("null" the text is not
 * null, "1" not 1). Compared field by field with the event passed on before, not through a
 * signature text: building one for every AMI event was 4 % of what the server allocated at 20
 * calls/s (README, Benchmark).
 */
function sameEvent(a: CallEvent, b: CallEvent): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  let fields = 0;
  for (const k in x) {
    if (k === 'at') continue;
    if (x[k] !== y[k] || !Object.hasOwn(y, k)) return false;
    fields++;
  }
  for (const k in y) if (k !== 'at') fields--;
  return fields === 0;
}

export class EventDeduplicator {
  private readonly windowMs: number;
  private readonly maxEntries: number;
  /** subject → the last event passed on and when it was seen (Map order = least recently updated first). */
  private readonly last = new Map<string, { event: CallEvent; atMs: number }>();
  /** channel id → when its hangup was seen. */
  private readonly hungUp = new Map<string, number>();
  private dropped = 0;

  constructor(opts: DeduplicatorOptions = {}) {
    this.windowMs = opts.windowMs ?? 5000;
    this.maxEntries = opts.maxEntries ?? 10_000;
  }

  /** Events dropped so far (for metrics). */
  get droppedCount(): number {
    return this.dropped;
  }

  /** Subjects remembered now. */
  get subjectCount(): number {
    return this.last.size;
  }

  /** True when the event should be passed on; `nowMs` is the receive time. */
  accept(e: CallEvent, nowMs: number = e.at.getTime()): boolean {
    if ('uniqueid' in e && OPENING.has(e.type) && this.hungUp.has(e.uniqueid)) {
      this.dropped++;
      return false;
    }
    const subject = subjectOf(e);
    const prev = this.last.get(subject);
    if (prev && nowMs - prev.atMs <= this.windowMs && sameEvent(prev.event, e)) {
      this.dropped++;
      return false;
    }
    this.last.delete(subject); // re-insert: Map order tracks recency
    this.last.set(subject, { event: e, atMs: nowMs });
    if (e.type === 'channel.hangup') {
      this.hungUp.delete(e.uniqueid);
      this.hungUp.set(e.uniqueid, nowMs);
    }
    this.expire(nowMs);
    this.trim(this.last);
    this.trim(this.hungUp);
    return true;
  }

  /**
   * Forgets subjects whose window has passed (they would not be compared any more). Without it
   * the map always held maxEntries events (as signatures then: 179,000 joined strings in a heap at
   * 20 calls/s).
   */
  private expire(nowMs: number): void {
    for (const [subject, { atMs }] of this.last) {
      if (nowMs - atMs <= this.windowMs) break;
      this.last.delete(subject);
    }
  }

  private trim<V>(map: Map<string, V>): void {
    while (map.size > this.maxEntries) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) break;
      map.delete(oldest);
    }
  }
}
