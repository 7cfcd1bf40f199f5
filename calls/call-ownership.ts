import type { CallEvent } from '../telephony/call-events';

/**
 * Whether an AMI event is about one of the hotline's calls. AMI reports every channel of the PBX
 * (office calls, other queues, both halves of every Local channel); a channel is the hotline's
 * when it entered Kontakt's Stasis application or Kontakt originated it (its record exists from
 * ARI: `known`), or when it joins one of the hotline's queues. The legs the PBX dials for such a
 * call (a dispatcher's phone, a Local member's halves) carry the call's uniqueid in the queue
 * events and have no record of their own, so they add nothing. Everything else is ignored
 * before it costs anything.
 */
export function isHotlineCallEvent(e: CallEvent, queues: ReadonlySet<string>, known: (uniqueid: string) => boolean): boolean {
  if (!('uniqueid' in e)) return false;
  if ('queue' in e && queues.has(e.queue)) return true;
  return known(e.uniqueid);
}
