/** Q.850 hangup causes the stand-in produces, with Asterisk's text for them. */
export const CAUSE = {
  UNKNOWN: 0,
  UNALLOCATED: 1,
  NORMAL_CLEARING: 16,
  USER_BUSY: 17,
  NO_USER_RESPONSE: 18,
  NO_ANSWER: 19,
  CALL_REJECTED: 21,
  ANSWERED_ELSEWHERE: 26,
  NORMAL_UNSPECIFIED: 31,
  CONGESTION: 34,
} as const;

const TEXT: Record<number, string> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  21: 'Call Rejected',
  26: 'Answered elsewhere',
  31: 'Normal, unspecified',
  32: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
};

export function causeText(cause: number): string {
  return TEXT[cause] ?? 'Unknown';
}

/** ARI DELETE /channels/{id}?reason=... names, mapped as Asterisk maps them. */
export const REASON_CAUSE: Record<string, number> = {
  normal: 16,
  busy: 17,
  congestion: 34,
  no_answer: 19,
  timeout: 18,
  rejected: 21,
  unallocated: 1,
  normal_unspecified: 31,
  number_incomplete: 28,
  codec_mismatch: 58,
  interworking: 127,
  failure: 38,
  answered_elsewhere: 26,
};
