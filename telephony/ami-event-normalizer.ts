/**
 * AMI wire events → the project's CallEvent (telephony/call-events.ts). Pure: the receive time is
 * passed in. Field names are those of Asterisk 22 as recorded in tests/fixtures/asterisk/*.json,
 * lower-cased as asterisk-manager gives them (`Cause-txt` → `cause-txt`).
 *
 * An event that is not one of ours, or lacks a field we need, gives null: a malformed frame
 * must never throw here.
 */
import type { CallEvent } from './call-events';

export type RawAmiEvent = Record<string, unknown>;

/** The first value of a header (asterisk-manager makes an array of a repeated header). */
function first(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

/** A caller-id like value: Asterisk writes `<unknown>` (and sometimes nothing) for none. */
function idOrNull(v: unknown): string | null {
  const s = first(v)?.trim();
  return s && s !== '<unknown>' ? s : null;
}

function textOrNull(v: unknown): string | null {
  const s = first(v)?.trim();
  return s ? s : null;
}

function int(v: unknown, fallback = 0): number {
  const n = Number.parseInt(first(v) ?? '', 10);
  return Number.isFinite(n) ? n : fallback;
}

const flag = (v: unknown): boolean => first(v) === '1' || first(v)?.toLowerCase() === 'true';

/** Asterisk names the member by Interface; older versions also used Location / StateInterface. */
const agentInterface = (e: RawAmiEvent): string | null => textOrNull(e.interface) ?? textOrNull(e.location) ?? textOrNull(e.stateinterface);

/** The AMI events normalizeAmiEvent reads (AMI names), and nothing else. */
export const AMI_EVENTS_READ = [
  'QueueCallerJoin', 'QueueCallerLeave', 'QueueCallerAbandon', 'AgentCalled', 'AgentRingNoAnswer', 'AgentConnect', 'AgentComplete',
  'QueueMemberStatus', 'QueueMemberAdded', 'QueueMemberRemoved', 'QueueMemberPause', 'QueueMemberPaused', 'Hangup',
] as const;

/**
 * A whitelist for the AMI `Filter` action: Asterisk matches this POSIX extended regular
 * expression against each event's text ("Event: Hangup\r\nPrivilege: …"); the name must end
 * there (HangupRequest is not Hangup).
 */
export const AMI_EVENT_FILTER = `Event: (${AMI_EVENTS_READ.join('|')})[[:space:]]`;

export function normalizeAmiEvent(e: RawAmiEvent, at: Date): CallEvent | null {
  const name = first(e.event)?.toLowerCase();
  if (!name) return null;
  const uniqueid = textOrNull(e.uniqueid);
  const queue = textOrNull(e.queue);
  const iface = agentInterface(e);

  switch (name) {
    case 'queuecallerjoin':
      if (!uniqueid || !queue) return null;
      return { type: 'queue.joined', uniqueid, linkedid: textOrNull(e.linkedid), queue, position: int(e.position), callerNumber: idOrNull(e.calleridnum), callerName: idOrNull(e.calleridname), at };
    case 'queuecallerleave':
      if (!uniqueid || !queue) return null;
      return { type: 'queue.left', uniqueid, queue, at };
    case 'queuecallerabandon':
      if (!uniqueid || !queue) return null;
      return { type: 'queue.abandoned', uniqueid, queue, position: int(e.position), holdSeconds: int(e.holdtime), at };
    case 'agentcalled':
      if (!uniqueid || !queue || !iface) return null;
      return { type: 'agent.called', uniqueid, queue, agentInterface: iface, memberName: textOrNull(e.membername), callerNumber: idOrNull(e.calleridnum), at };
    case 'agentringnoanswer':
      if (!uniqueid || !queue || !iface) return null;
      return { type: 'agent.ringing_stopped', uniqueid, queue, agentInterface: iface, reason: 'noanswer', at };
    case 'agentconnect':
      if (!uniqueid || !queue || !iface) return null;
      return { type: 'agent.connected', uniqueid, queue, agentInterface: iface, holdSeconds: int(e.holdtime), at };
    case 'agentcomplete':
      if (!uniqueid || !queue || !iface) return null;
      return { type: 'agent.completed', uniqueid, queue, agentInterface: iface, holdSeconds: int(e.holdtime), talkSeconds: int(e.talktime), reason: textOrNull(e.reason), at };
    case 'queuememberstatus':
      if (!queue || !iface) return null;
      return { type: 'member.status', queue, agentInterface: iface, stateInterface: textOrNull(e.stateinterface), memberName: textOrNull(e.membername), paused: flag(e.paused), pausedReason: textOrNull(e.pausedreason), status: int(e.status), inCall: flag(e.incall), at };
    case 'queuememberadded':
      if (!queue || !iface) return null;
      return { type: 'member.added', queue, agentInterface: iface, stateInterface: textOrNull(e.stateinterface), memberName: textOrNull(e.membername), paused: flag(e.paused), pausedReason: textOrNull(e.pausedreason), status: int(e.status), inCall: flag(e.incall), at };
    case 'queuememberremoved':
      if (!queue || !iface) return null;
      return { type: 'member.removed', queue, agentInterface: iface, at };
    case 'queuememberpause':
    case 'queuememberpaused': // the name before Asterisk 12
      if (!queue || !iface) return null;
      return { type: 'member.paused', queue, agentInterface: iface, paused: flag(e.paused), reason: textOrNull(e.pausedreason) ?? textOrNull(e.reason), at };
    case 'hangup':
      if (!uniqueid) return null;
      return { type: 'channel.hangup', uniqueid, linkedid: textOrNull(e.linkedid), cause: int(e.cause), causeText: textOrNull(e['cause-txt']), at };
    default:
      return null;
  }
}
