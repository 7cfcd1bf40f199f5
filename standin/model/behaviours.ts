/**
 * What simulated endpoints do when the PBX rings them or when they call in: dispatcher phones
 * (queue members such as PJSIP/101) and residents (keyed by phone number).
 */
export interface ScriptStep {
  /** Milliseconds (simulated) from the start of the call. */
  atMs?: number;
  /** Milliseconds (simulated) from the moment the call was answered. */
  afterAnswerMs?: number;
  /** Keys to press, one DTMF digit after another. */
  dtmf?: string;
  /** Hang up at this moment. */
  hangup?: boolean;
}

export type EndpointBehaviour =
  | { kind: 'answer'; afterMs?: number; talkMs?: number; script?: ScriptStep[] }
  | { kind: 'noanswer' }
  | { kind: 'busy' }
  | { kind: 'reject' }
  | { kind: 'unavailable' };

export const ANSWER_QUICKLY: EndpointBehaviour = { kind: 'answer', afterMs: 1000 };
