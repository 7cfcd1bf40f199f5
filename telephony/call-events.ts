/**
 * The project's own call events, made from AMI and ARI wire events by telephony/ and consumed
 * by call records, screen-pops and the wallboard. Nothing outside telephony/ sees wire formats.
 * `uniqueid` is the channel id (ARI channel id = AMI Uniqueid); `at` is when Kontakt received it.
 * Read-only: one event object goes to every consumer, and the de-duplicator compares the next
 * event of its subject with it.
 */
export type CallEvent = Readonly<
  | { type: 'queue.joined'; uniqueid: string; linkedid: string | null; queue: string; position: number; callerNumber: string | null; callerName: string | null; at: Date }
  | { type: 'queue.left'; uniqueid: string; queue: string; at: Date }
  | { type: 'queue.abandoned'; uniqueid: string; queue: string; position: number; holdSeconds: number; at: Date }
  | { type: 'agent.called'; uniqueid: string; queue: string; agentInterface: string; memberName: string | null; callerNumber: string | null; at: Date }
  | { type: 'agent.ringing_stopped'; uniqueid: string; queue: string; agentInterface: string; reason: string | null; at: Date }
  | { type: 'agent.connected'; uniqueid: string; queue: string; agentInterface: string; holdSeconds: number; at: Date }
  | { type: 'agent.completed'; uniqueid: string; queue: string; agentInterface: string; holdSeconds: number; talkSeconds: number; reason: string | null; at: Date }
  | { type: 'member.status'; queue: string; agentInterface: string; stateInterface: string | null; memberName: string | null; paused: boolean; pausedReason: string | null; status: number; inCall: boolean; at: Date }
  | { type: 'member.added'; queue: string; agentInterface: string; stateInterface: string | null; memberName: string | null; paused: boolean; pausedReason: string | null; status: number; inCall: boolean; at: Date }
  | { type: 'member.removed'; queue: string; agentInterface: string; at: Date }
  | { type: 'member.paused'; queue: string; agentInterface: string; paused: boolean; reason: string | null; at: Date }
  | { type: 'channel.hangup'; uniqueid: string; linkedid: string | null; cause: number; causeText: string | null; at: Date }
>;

export type CallEventType = CallEvent['type'];
