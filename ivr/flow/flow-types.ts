/**
 * An IVR flow is data: named steps, a start step, and for every step where to go next.
 * The interpreter (interpreter.ts) runs it over a CallChannel; validate-flow.ts checks it when
 * it is loaded. Texts are Ukrainian and are rendered to media by IvrServices.mediaFor.
 */

/** A step's name; also written into the compact IVR path ("main:1"), so kept to [A-Za-z0-9_-]. */
export type StepId = string;

/** One DTMF key. */
export type DtmfKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#';
export const DTMF_KEYS: readonly DtmfKey[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'];

/**
 * Dynamic texts an `announce` step reads from IvrServices. `subscribe-*` also act: they record the
 * caller's subscription to notices (consent given in this call) and say what was done.
 */
export const ANNOUNCEMENT_SOURCES = ['outages', 'appeal-status', 'subscription-offer', 'subscribe-address', 'subscribe-city'] as const;
export type AnnouncementSource = (typeof ANNOUNCEMENT_SOURCES)[number];

/** Conditions every interpreter knows; more can be passed to runFlow (and to validateFlow). */
export const BUILT_IN_CONDITIONS = ['callerKnown'] as const;

/** Plays a fixed text. */
export interface PlayStep {
  type: 'play';
  text: string;
  /** A key stops the text and is kept for the next gather; default false. */
  bargeIn?: boolean;
  next: StepId;
}

/** Plays a text produced by the services at call time; skipped when there is none. */
export interface AnnounceStep {
  type: 'announce';
  source: AnnouncementSource;
  /** Default true: a caller who knows the menu may press a key at once. */
  bargeIn?: boolean;
  /** Where to go after the text was played. */
  next: StepId;
  /** Where to go when the text is '' or null, or the service failed; default `next`. */
  emptyNext?: StepId;
}

/** A menu: a prompt (barge-in), one key, a step per key. */
export interface GatherStep {
  type: 'gather';
  prompt: string;
  maxDigits: 1;
  /** How long to wait for a key after the prompt ended. */
  timeoutMs: number;
  options: Partial<Record<DtmfKey, StepId>>;
  /** Played for a key that is not in `options` (e.g. "Невірний вибір."), then the menu again. */
  invalidText: string;
  /** Optionally played when no key came, before the menu again. */
  noInputText?: string;
  /** No key or an unknown key counts as a failure; after this many in a row → `onFailure`. */
  maxFailures: number;
  onFailure: StepId;
}

/** Goes to `then` or `else` depending on a named condition (e.g. 'callerKnown'). */
export interface BranchStep {
  type: 'branch';
  condition: string;
  then: StepId;
  else: StepId;
}

/** Leaves the IVR into a dispatchers' queue (dialplan continue). Ends the flow. */
export interface TransferStep {
  type: 'transfer';
  /** Optionally said first (e.g. "З'єднуємо вас з диспетчером."), without barge-in. */
  text?: string;
  /** Dialplan location of the queue: context, extension, dialplan priority. */
  target: { context: string; extension: string; priority: number };
  /** Queue priority (higher is answered first), passed as KONTAKT_PRIORITY. */
  priority: number;
  /** Why the caller is transferred (e.g. 'emergency'), passed as KONTAKT_REASON and recorded. */
  reason: string;
}

/** Ends the call, optionally with a goodbye text (no barge-in). Ends the flow. */
export interface HangupStep {
  type: 'hangup';
  text?: string;
}

export type FlowStep = PlayStep | AnnounceStep | GatherStep | BranchStep | TransferStep | HangupStep;
export type FlowStepType = FlowStep['type'];

export interface FlowDefinition {
  /** A short name for logs (e.g. 'hotline'). */
  name: string;
  start: StepId;
  steps: Record<StepId, FlowStep>;
}

/** How a run ended. */
export type FlowOutcome = 'transferred' | 'completed' | 'caller_left' | 'failed';

/**
 * One entry of the IVR path. Menus record the step and the key (`''` when no key came in time);
 * the last entry has no key and says how the call left the IVR, at which step.
 */
export interface PathEntry {
  step: StepId;
  key?: string;
  outcome?: FlowOutcome;
}

export interface FlowResult {
  outcome: FlowOutcome;
  path: PathEntry[];
  /** Set when outcome is 'transferred'. */
  transfer?: { priority: number; reason: string };
  /** Why a run 'failed' (loop guard, channel error, broken flow), for logs. */
  error?: string;
}
