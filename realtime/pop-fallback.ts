import { tryNormalizePhone } from '../appeals/phone';
import type { CallRinging } from './contracts';
import { transferReason, type PopSources, type RingingCall } from './pop-query';

/**
 * The pop when the caller's history cannot be read (the database is away or its pool is
 * exhausted): who is calling, what they pressed and why the IVR sent them, from memory only.
 * A ringing phone with no card at all would be worse.
 */
export function fallbackPop(src: PopSources, call: RingingCall, now: Date): CallRinging {
  const record = src.record(call.uniqueid);
  const raw = (record?.direction === 'outbound' ? record.calledNumber : record?.callerNumber) ?? call.callerNumber;
  const path = record?.ivrPath ?? [];
  const { reason, priority } = transferReason(path, src.transferOf);
  const joined = record?.queueJoinedAt ?? record?.startedAt ?? call.at;
  return {
    uniqueid: call.uniqueid,
    queue: call.queue,
    agentInterface: call.agentInterface,
    callerNumber: raw ? tryNormalizePhone(raw, src.phoneRegion) : null,
    applicant: null,
    appeals: [],
    ivrPath: path.filter((p) => p.key !== undefined).map((p) => ({ step: p.step, key: p.key })),
    reason,
    priority,
    outages: [],
    waitSeconds: Math.max(0, Math.round((now.getTime() - joined.getTime()) / 1000)),
    calledInLast24h: 0,
    verificationOf: null,
    at: now.toISOString(),
  };
}
