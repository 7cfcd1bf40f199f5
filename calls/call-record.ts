import type { CallDisposition } from '../models/call';
import type { CallEvent } from '../telephony/call-events';

export interface IvrPathEntry {
  step: string;
  key?: string;
  /** On the last entry: how the call left the IVR. */
  outcome?: string;
  at: string;
}

/**
 * What Kontakt knows about one call, merged from ARI (the IVR) and AMI (the queue) as the events
 * come, in whatever order. Every merge is idempotent, so a duplicate event changes nothing.
 */
export interface CallRecord {
  uniqueid: string;
  linkedid?: string | null;
  direction?: 'inbound' | 'outbound';
  purpose?: string | null;
  callerNumber?: string | null;
  calledNumber?: string | null;
  startedAt?: Date;
  answeredAt?: Date | null;
  endedAt?: Date | null;
  ivrPath: IvrPathEntry[];
  queue?: string | null;
  queueJoinedAt?: Date | null;
  waitSeconds?: number | null;
  agentInterface?: string | null;
  talkSeconds?: number | null;
  hangupCause?: number | null;
  hangupCauseText?: string | null;
  agentConnected: boolean;
  abandoned: boolean;
  failed: boolean;
  appealLinks: Array<{ appealId: number; relation: 'registered' | 'status_inquiry' | 'verification' | 'linked' }>;
}

/**
 * A step of the IVR path with the time it was taken. Spelt field by field, not `{ ...entry, at }`:
 * Node 20's V8 gives every object that gets a property added after a spread a hidden class of its
 * own, and these entries are kept with their call for minutes (README, the fourteenth session).
 * An absent key or outcome is undefined here, which JSON (the row, the console) leaves out.
 */
export function pathEntryAt(entry: { step: string; key?: string; outcome?: string }, at: string): IvrPathEntry {
  return { step: entry.step, key: entry.key, outcome: entry.outcome, at };
}

export function newCallRecord(uniqueid: string): CallRecord {
  return { uniqueid, ivrPath: [], agentConnected: false, abandoned: false, failed: false, appealLinks: [] };
}

/** Derived, never stored as a fact: what became of the call. */
export function dispositionOf(r: CallRecord): CallDisposition {
  if (r.failed) return 'failed';
  if (r.agentConnected) return 'answered';
  if (!r.endedAt) return 'in_progress';
  // An outbound call nobody picked up (no answer, busy, rejected).
  if (r.direction === 'outbound' && !r.answeredAt) return 'not_reached';
  if (r.abandoned || r.queueJoinedAt) return 'abandoned';
  return 'ivr_only';
}

const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

/** Folds a queue or hang-up event from the PBX into the record. */
export function applyCallEvent(r: CallRecord, e: CallEvent): void {
  switch (e.type) {
    case 'queue.joined':
      r.queue = e.queue;
      r.queueJoinedAt ??= e.at;
      r.linkedid ??= e.linkedid;
      r.callerNumber ??= e.callerNumber;
      r.direction ??= 'inbound';
      break;
    case 'queue.abandoned':
      r.queue ??= e.queue;
      r.abandoned = !r.agentConnected;
      r.waitSeconds = e.holdSeconds;
      break;
    case 'agent.connected':
      r.queue ??= e.queue;
      r.agentConnected = true;
      r.abandoned = false;
      r.agentInterface = e.agentInterface;
      r.waitSeconds = e.holdSeconds;
      r.answeredAt ??= e.at;
      break;
    case 'agent.completed':
      r.agentConnected = true;
      r.agentInterface ??= e.agentInterface;
      r.waitSeconds ??= e.holdSeconds;
      r.talkSeconds = e.talkSeconds;
      break;
    case 'channel.hangup':
      r.endedAt ??= e.at;
      r.hangupCause ??= e.cause;
      r.hangupCauseText ??= e.causeText;
      r.linkedid ??= e.linkedid;
      if (r.queueJoinedAt && r.waitSeconds == null && !r.agentConnected) r.waitSeconds = seconds(r.queueJoinedAt, e.at);
      break;
    default:
      break;
  }
}

/** Links the call to appeals once each. */
export function linkAppeals(r: CallRecord, appealIds: number[], relation: CallRecord['appealLinks'][number]['relation']): void {
  for (const appealId of appealIds) if (!r.appealLinks.some((l) => l.appealId === appealId)) r.appealLinks.push({ appealId, relation });
}
