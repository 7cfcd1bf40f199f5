/**
 * Pop accounting: every AgentCalled the stand-in wrote must reach the rung dispatcher's console
 * exactly once (a re-ring of the same phone is a second AgentCalled and a second pop). Pairs
 * the stand-in's write stamps with the bench's arrival stamps (one clock: CLOCK_MONOTONIC).
 */
export interface PopAccount {
  /** Write → arrival, ms, for every matched pair. */
  latenciesMs: number[];
  /** AgentCalled written, no pop arrived (after the grace period). */
  lost: Array<{ uniqueid: string; iface: string }>;
  /** More pops than AgentCalled writes for the call at that phone. */
  doubled: Array<{ uniqueid: string; iface: string }>;
  called: number;
  popped: number;
  /** Calls (uniqueids) with at least one AgentCalled. */
  rungCalls: Set<string>;
}

interface Slot {
  called: bigint[];
  popped: bigint[];
}

export class PopAccounting {
  private readonly slots = new Map<string, Slot>();
  private settledLatencies: number[] = [];

  private slot(uniqueid: string, iface: string): Slot {
    const key = `${uniqueid}|${iface}`;
    let s = this.slots.get(key);
    if (!s) this.slots.set(key, (s = { called: [], popped: [] }));
    return s;
  }

  /** The stand-in wrote AgentCalled for this call at this phone (its hrtime, ns). */
  called(uniqueid: string, iface: string, atNs: bigint): void {
    this.slot(uniqueid, iface).called.push(atNs);
  }

  /** A pop for this call arrived at the console of the dispatcher at this phone (bench hrtime, ns). */
  popped(uniqueid: string, iface: string, atNs: bigint): void {
    this.slot(uniqueid, iface).popped.push(atNs);
  }

  /** AgentCalled writes with no pop yet, and pops so far: a phase waits while pops still come. */
  pending(): { unmatched: number; popped: number } {
    let unmatched = 0;
    let popped = 0;
    for (const s of this.slots.values()) {
      unmatched += Math.max(0, s.called.length - s.popped.length);
      popped += s.popped.length;
    }
    return { unmatched, popped };
  }

  /** Nothing in flight any more (every call ended): what matched, what was lost or doubled. Clears the ledger. */
  settle(): PopAccount {
    const out: PopAccount = { latenciesMs: [], lost: [], doubled: [], called: 0, popped: 0, rungCalls: new Set() };
    for (const [key, s] of this.slots) {
      const [uniqueid, iface] = key.split('|');
      if (s.called.length) out.rungCalls.add(uniqueid);
      out.called += s.called.length;
      out.popped += s.popped.length;
      const called = [...s.called].sort((a, b) => (a < b ? -1 : 1));
      const popped = [...s.popped].sort((a, b) => (a < b ? -1 : 1));
      const n = Math.min(called.length, popped.length);
      for (let i = 0; i < n; i++) out.latenciesMs.push(Number(popped[i] - called[i]) / 1e6);
      for (let i = n; i < called.length; i++) out.lost.push({ uniqueid, iface });
      for (let i = n; i < popped.length; i++) out.doubled.push({ uniqueid, iface });
    }
    this.slots.clear();
    this.settledLatencies = out.latenciesMs;
    return out;
  }

  get lastLatencies(): number[] {
    return this.settledLatencies;
  }
}
