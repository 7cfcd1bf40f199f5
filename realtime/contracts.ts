/**
 * The Socket.IO event contracts between the server and the dispatcher console. Both sides import
 * these types (the console through its typed JSDoc), so a change here is a change of protocol.
 * Everything is JSON: dates are ISO strings.
 */

export interface PopAppeal {
  id: number;
  number: string;
  status: string;
  statusName: string;
  category: string;
  executor: string | null;
  deadlineAt: string;
  overdue: boolean;
  open: boolean;
  repeated: boolean;
  registeredAt: string;
}

export interface PopOutage {
  utility: string;
  kind: 'planned' | 'emergency';
  area: string;
  startsAt: string;
  endsAt: string | null;
}

/** The screen-pop: who is calling, before the dispatcher picks up. */
export interface CallRinging {
  uniqueid: string;
  queue: string;
  agentInterface: string;
  /** E.164, or null for a hidden number. */
  callerNumber: string | null;
  applicant: { id: number; fullName: string | null; address: string | null } | null;
  appeals: PopAppeal[];
  /** What they pressed in the IVR: [{step:'main', key:'1'}, ...]. */
  ivrPath: Array<{ step: string; key?: string }>;
  /** Why the IVR sent them: emergency, dispatcher, appeal_status, menu_failures, adopted, ... */
  reason: string | null;
  priority: number | null;
  outages: PopOutage[];
  waitSeconds: number;
  calledInLast24h: number;
  /** Set for a verification callback dispute: the appeal it is about. */
  verificationOf: { appealId: number; number: string } | null;
  at: string;
}

/** signed_out: not a member; unavailable: a member whose phone the PBX cannot reach (unplugged, unknown). */
export type PresenceState = 'signed_out' | 'ready' | 'paused' | 'on_call' | 'ringing' | 'unavailable';
export const PAUSE_REASONS = ['break', 'paperwork', 'training', 'other'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export interface Presence {
  userId: number;
  fullName: string;
  agentInterface: string | null;
  /** What the PBX reports now (signed_out: not a member of the queue: «поза чергою»). */
  state: PresenceState;
  pausedReason: string | null;
  since: string;
  /** Asked for and not done by the PBX yet: leave the queue when the current call ends («виходжу після розмови»). */
  pending: PresencePending | null;
  /** The PBX refused the dispatcher's last request: its own reason, shown as it is. */
  refusal: PresenceRefusal | null;
}

export type PresencePending = 'leave_after_call';

export interface PresenceRefusal {
  /** What was asked: ready, pause or leave. */
  action: 'ready' | 'pause' | 'leave';
  /** Ukrainian text for the dispatcher. */
  message: string;
  /** The PBX's own words (AMI Message), e.g. "Unable to add interface: Already there". */
  pbxReason: string | null;
  at: string;
}

/** The dispatcher is about to be (or, after the call, will be) taken out of the queue. */
export interface PresenceLeaving {
  reason: 'sign_out' | 'session_expired' | 'deactivated' | 'interface_changed';
  /** True while on a call: the PBX removes them when the call ends. */
  afterCall: boolean;
  at: string;
}

export interface Wallboard {
  callersWaiting: number;
  longestWaitSeconds: number;
  dispatchers: { ready: number; paused: number; onCall: number; ringing: number; signedOut: number };
  answeredToday: number;
  answeredWithin20sToday: number;
  /** answeredWithin20sToday / answeredToday, 0..1; null before the first answered call. */
  serviceLevel: number | null;
  abandonedToday: number;
  at: string;
}

export interface AppealChanged {
  appealId: number;
  number: string;
  status: string;
  executorId: number | null;
  emergency: boolean;
  type: string;
  at: string;
}

/** A deadline alert: the deadline is near (warning) or has passed (overdue). */
export interface AppealDeadlineAlert {
  appealId: number;
  number: string;
  status: string;
  executorId: number | null;
  emergency: boolean;
  kind: 'warning' | 'overdue';
  deadlineAt: string;
  at: string;
}

/** A new task to call back a caller who hung up in the queue; the number comes from the API (audited). */
export interface CallbackTaskCreated {
  id: number;
  /** Masked (+38050***4567): enough to recognise, the full number is read through the API. */
  phoneMasked: string;
  createdAt: string;
}

/** A notice's calling progress (dispatchers, head): counts of its phones by where they are. */
export interface NoticeProgressEvent {
  noticeId: number;
  status: string;
  statusName: string;
  progress: { queued: number; calling: number; listened: number; hung_up: number; unanswered: number; failed: number; unsubscribed: number; total: number };
  at: string;
}

export interface Ack<T = undefined> {
  ok: boolean;
  error?: { code: string; message: string };
  data?: T;
}

export interface ServerToClientEvents {
  'call:ringing': (pop: CallRinging) => void;
  'call:ringing-stopped': (e: { uniqueid: string; reason: 'answered_elsewhere' | 'no_answer' | 'caller_left' }) => void;
  'call:answered': (e: { uniqueid: string; agentInterface: string; at: string }) => void;
  'call:ended': (e: { uniqueid: string; at: string; talkSeconds: number | null }) => void;
  'presence:changed': (p: Presence) => void;
  /** Sent to the dispatcher before they are taken out of the queue by anything but their own click. */
  'presence:leaving': (e: PresenceLeaving) => void;
  'appeal:changed': (a: AppealChanged) => void;
  /** An emergency appeal for the executor's organization (and dispatchers, head). */
  'appeal:emergency': (a: AppealChanged) => void;
  'wallboard:update': (w: Wallboard) => void;
  /** Deadline near: the executor's organization (dispatchers when nobody is assigned). */
  'appeal:deadline-warning': (a: AppealDeadlineAlert) => void;
  /** Deadline passed: the executor's organization and the head (dispatchers when nobody is assigned). */
  'appeal:overdue': (a: AppealDeadlineAlert) => void;
  /** A caller hung up in the queue and is to be called back (dispatchers, head). */
  'callback:created': (t: CallbackTaskCreated) => void;
  /** A notice was composed, approved, stopped, resumed, or a call of it ended (dispatchers, head). */
  'notice:progress': (e: NoticeProgressEvent) => void;
}

export interface ClientToServerEvents {
  /** A console that (re)connects asks what is ringing for it now, so no pop is lost. */
  'calls:ringing-now': (ack: (r: Ack<CallRinging[]>) => void) => void;
  'presence:ready': (e: { agentInterface?: string }, ack: (r: Ack<Presence>) => void) => void;
  'presence:pause': (e: { reason: PauseReason }, ack: (r: Ack<Presence>) => void) => void;
  'presence:sign-out': (ack: (r: Ack<Presence>) => void) => void;
  /** The board now; the asking console gets `wallboard:update` from then on, until `wallboard:leave`. */
  'wallboard:get': (ack: (r: Ack<Wallboard>) => void) => void;
  'wallboard:leave': () => void;
}

/** Rooms: one per user, per role, per organization. */
export const rooms = {
  user: (id: number) => `user:${id}`,
  role: (role: string) => `role:${role}`,
  organization: (id: number) => `org:${id}`,
  /** Consoles showing the wallboard now: they asked for it (`wallboard:get`) and have not left it. */
  wallboard: 'wallboard',
};
