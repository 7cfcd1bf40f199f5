import type { CallEvent } from '../telephony/call-events';
import type { AmiMessage } from '../telephony/ami-connection';
import type { PresenceState } from './contracts';

/** Why Kontakt paused a member that asked to leave while talking: removed when the call ends. */
export const LEAVING_REASON = 'leave-after-call';

/** One member of the queue as the PBX reports it. */
export interface Member {
  /** What the queue dials (Interface / Location). */
  iface: string;
  /** The device whose state the queue follows (StateInterface). */
  stateInterface: string | null;
  paused: boolean;
  pausedReason: string | null;
  /** Asterisk device state (1 not in use, 2 in use, 5 unavailable, 6 ringing, ...). */
  status: number;
  inCall: boolean;
  ringing: boolean;
}

const RINGING = new Set([6, 7]);
const BUSY = new Set([2, 3, 7, 8]);
/** Asterisk device states 4 (invalid) and 5 (unavailable). */
const UNREACHABLE = new Set([4, 5]);

export function stateOf(m: Member | undefined): PresenceState {
  if (!m) return 'signed_out';
  if (m.ringing || RINGING.has(m.status)) return 'ringing';
  if (m.inCall || BUSY.has(m.status)) return 'on_call';
  if (m.paused) return 'paused';
  // A member whose phone is unplugged or unknown to the PBX is rung by nobody: not ready.
  return UNREACHABLE.has(m.status) ? 'unavailable' : 'ready';
}

/** Talking or ringing as the PBX sees it: leaving now would cut nothing, but is deferred. */
export const busy = (m: Member): boolean => m.inCall || m.ringing || BUSY.has(m.status) || RINGING.has(m.status);

/** A member from a QueueStatus `QueueMember` entry (Location is the interface there). */
export function memberFromStatus(e: AmiMessage, ringing: boolean): Member | null {
  const iface = String(e.location ?? e.interface ?? '');
  if (!iface) return null;
  const paused = e.paused === '1';
  return {
    iface,
    stateInterface: e.stateinterface ? String(e.stateinterface) : null,
    paused,
    pausedReason: paused ? String(e.pausedreason ?? '') || null : null,
    status: Number(e.status ?? 0),
    inCall: e.incall === '1',
    ringing,
  };
}

/**
 * The queue's membership, a projection of what AMI reports (member events, and QueueStatus read
 * whole on every connect and every so often); never what Kontakt last asked for. `fold` returns
 * the member after an event (undefined: not a member), or null when the event changes nothing.
 */
export class QueueMembers {
  private readonly members = new Map<string, Member>();
  /** Interfaces ringing for each caller: a caller who leaves stops them all (no member event says so). */
  private readonly ringingFor = new Map<string, Set<string>>();

  constructor(private readonly queue: string) {}

  get(iface: string): Member | undefined {
    return this.members.get(iface);
  }

  all(): IterableIterator<Member> {
    return this.members.values();
  }

  /** Folds one call event; answers the interfaces whose member changed, with their new value. */
  fold(e: CallEvent): Array<[string, Member | undefined]> {
    if ('queue' in e && e.queue !== this.queue) return [];
    // Not on QueueCallerLeave: Asterisk sends it just before AgentConnect, and the member who
    // answers must go from ringing to talking without a moment of «готовий» in between.
    if (e.type === 'queue.abandoned' || e.type === 'channel.hangup') {
      const out: Array<[string, Member | undefined]> = [];
      for (const iface of this.ringingFor.get(e.uniqueid) ?? []) {
        const m = this.members.get(iface);
        if (m?.ringing) out.push(this.put(iface, { ...m, ringing: false }));
      }
      this.ringingFor.delete(e.uniqueid);
      return out;
    }
    if (!('agentInterface' in e)) return [];
    const iface = e.agentInterface;
    const current = this.members.get(iface);
    const out: Array<[string, Member | undefined]> = [];
    if (e.type === 'agent.called') this.ringingFor.set(e.uniqueid, (this.ringingFor.get(e.uniqueid) ?? new Set<string>()).add(iface));
    else if (e.type === 'agent.ringing_stopped') this.ringingFor.get(e.uniqueid)?.delete(iface);
    else if (e.type === 'agent.connected') {
      // Answered here: every other phone rung for this caller stops (no event says so per member).
      for (const other of this.ringingFor.get(e.uniqueid) ?? []) {
        const m = this.members.get(other);
        if (other !== iface && m?.ringing) out.push(this.put(other, { ...m, ringing: false }));
      }
      this.ringingFor.delete(e.uniqueid);
    }
    switch (e.type) {
      case 'member.added':
        return [this.put(iface, { iface, stateInterface: e.stateInterface, paused: e.paused, pausedReason: e.paused ? e.pausedReason : null, status: e.status, inCall: e.inCall, ringing: false })];
      case 'member.removed':
        this.members.delete(iface);
        return [[iface, undefined]];
      case 'member.paused':
        // A pause event for an interface that is not a member (a late event after removal) adds nothing.
        return current ? [this.put(iface, { ...current, paused: e.paused, pausedReason: e.paused ? e.reason : null })] : [];
      case 'member.status':
        // Asterisk reports status only for members: one we did not know was added while AMI was away.
        return [this.put(iface, { iface, stateInterface: e.stateInterface ?? current?.stateInterface ?? null, paused: e.paused, pausedReason: e.paused ? e.pausedReason : null, status: e.status, inCall: e.inCall, ringing: current?.ringing ?? false })];
      case 'agent.called':
        return current ? [this.put(iface, { ...current, ringing: true })] : [];
      case 'agent.ringing_stopped':
        return current ? [this.put(iface, { ...current, ringing: false })] : [];
      case 'agent.connected':
        return current ? [...out, this.put(iface, { ...current, ringing: false, inCall: true })] : out;
      case 'agent.completed':
        // A member removed during the call stays removed: AgentComplete adds no one back.
        return current ? [this.put(iface, { ...current, ringing: false, inCall: false, status: current.status === 2 ? 1 : current.status })] : [];
      default:
        return [];
    }
  }

  /** Replaces everything with a full QueueStatus answer; answers what changed. */
  replaceAll(entries: AmiMessage[]): Array<[string, Member | undefined]> {
    const seen = new Map<string, Member>();
    for (const e of entries) {
      if (String(e.event).toLowerCase() !== 'queuemember' || e.queue !== this.queue) continue;
      const m = memberFromStatus(e, false);
      if (m) seen.set(m.iface, { ...m, ringing: this.members.get(m.iface)?.ringing ?? false });
    }
    const out: Array<[string, Member | undefined]> = [];
    for (const iface of [...this.members.keys()]) {
      if (!seen.has(iface)) {
        this.members.delete(iface);
        out.push([iface, undefined]);
      }
    }
    for (const [iface, m] of seen) out.push(this.put(iface, m));
    return out;
  }

  /** Replaces one member with a QueueStatus answer filtered to it (absent: not a member). */
  replaceOne(iface: string, entries: AmiMessage[]): [string, Member | undefined] {
    const e = entries.find((x) => String(x.event).toLowerCase() === 'queuemember' && String(x.location ?? x.interface) === iface);
    const m = e ? memberFromStatus(e, this.members.get(iface)?.ringing ?? false) : null;
    if (!m) {
      this.members.delete(iface);
      return [iface, undefined];
    }
    return this.put(iface, m);
  }

  private put(iface: string, m: Member): [string, Member] {
    this.members.set(iface, m);
    return [iface, m];
  }
}
