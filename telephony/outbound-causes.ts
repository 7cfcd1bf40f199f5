/** How an outbound call that was never answered ended, from the hangup cause (Q.850). */
export type UnansweredResult = 'no_answer' | 'busy' | 'rejected' | 'failed';

const BUSY = 17;
const NO_USER_RESPONSE = 18;
const NO_ANSWER = 19;
const CALL_REJECTED = 21;

/**
 * Asterisk reports busy (17) and rejected (21) with their causes, but a ring timeout of an
 * originate comes as ChannelDestroyed with cause 0 ('Unknown'), the same as a dialplan place
 * that does not exist (see the callback recordings). So cause 0 is a no-answer only when the
 * phone was heard ringing or the ring time ran out; otherwise the call failed.
 */
export function classifyUnanswered(cause: number, rang: boolean, elapsedMs: number, ringMs: number): UnansweredResult {
  if (cause === BUSY) return 'busy';
  if (cause === CALL_REJECTED) return 'rejected';
  if (cause === NO_ANSWER || cause === NO_USER_RESPONSE) return 'no_answer';
  if ((cause === 0 || cause === 16) && (rang || elapsedMs >= ringMs * 0.9)) return 'no_answer';
  return 'failed';
}
