import type { CallRecorder } from './call-recorder';

/**
 * AMI events missed while the connection was away are not replayed: a call that hung up then
 * would stay "in progress" forever. After every AMI reconnect the channels Asterisk still has
 * are compared with the records of calls outside the IVR; the ones gone are ended now.
 */
export function endVanishedCalls(recorder: CallRecorder, alive: ReadonlySet<string>, inIvr: ReadonlySet<string>, now: Date): string[] {
  const ended: string[] = [];
  for (const uniqueid of recorder.openCallIds()) {
    if (alive.has(uniqueid) || inIvr.has(uniqueid)) continue;
    recorder.update(uniqueid, (r) => {
      r.endedAt ??= now;
      r.hangupCauseText ??= 'unknown: ended while AMI was away';
    });
    ended.push(uniqueid);
  }
  return ended;
}
