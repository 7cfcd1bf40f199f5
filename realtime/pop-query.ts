import { QueryTypes } from 'sequelize';
import { Appeal, Applicant, type Outage } from '../models';
import type { CallRecord } from '../calls/call-record';
import { tryNormalizePhone } from '../appeals/phone';
import { STATUS_NAMES, OPEN_STATUSES, isOverdue } from '../appeals/state-machine';
import { outagesAtAddress } from '../outages/outages-at-address';
import type { CallRinging, PopAppeal, PopOutage } from './contracts';
import type { Seat } from './seat-directory';

/** How many of the caller's latest appeals a pop shows. */
export const POP_APPEALS = 5;

export interface PopSources {
  /** The merged record of the call so far (IVR path, caller number, queue join). */
  record(uniqueid: string): Readonly<CallRecord> | null;
  /** Current outages; cached by the caller, they change rarely and are read on every pop. */
  outages(now: Date): Promise<Outage[]>;
  /** Why the IVR sent the call, from the step that transferred it. */
  transferOf(step: string): { reason: string; priority: number } | null;
  phoneRegion: string;
}

export interface RingingCall {
  uniqueid: string;
  queue: string;
  agentInterface: string;
  callerNumber: string | null;
  at: Date;
}

/** The caller's card, their latest appeals and their calls in 24 h: one statement (see readCallerHistory). */
const HISTORY_SQL =
  'SELECT p.id AS applicant_id, p.full_name, p.address, ' +
  'a.id, a.number, a.status, a.deadline_at, a.repeated, a.registered_at, c.name AS category, o.name AS executor_name, o.short_name AS executor_short, ' +
  '(SELECT COUNT(*) FROM calls k WHERE k.caller_number = :phone AND k.started_at >= :dayAgo AND k.uniqueid <> :uniqueid) AS called_24h ' +
  // The one-row table keeps the count when the caller has no card or no appeals.
  'FROM (SELECT 1 AS one) q LEFT JOIN applicants p ON p.phone = :phone ' +
  'LEFT JOIN appeals a ON a.applicant_id = p.id LEFT JOIN categories c ON c.id = a.category_id ' +
  'LEFT JOIN organizations o ON o.id = a.executor_id ' +
  `ORDER BY a.registered_at DESC, a.id DESC LIMIT ${POP_APPEALS}`;

export interface HistoryRow {
  applicant_id: number | null;
  full_name: string | null;
  address: string | null;
  id: number | null;
  number: string;
  status: Appeal['status'];
  deadline_at: Date | string;
  repeated: number | boolean;
  registered_at: Date | string;
  category: string | null;
  executor_name: string | null;
  executor_short: string | null;
  called_24h: number | string;
}

/** What the database knows of a caller, as the pop shows it: read before the phone rings when it can be (see PopHistory). */
export interface CallerHistory {
  applicant: { id: number; fullName: string; address: string | null } | null;
  /** Their latest appeals, newest first, as rows: whether each is overdue is worked out when the pop is sent. */
  appeals: readonly HistoryRow[];
  calledInLast24h: number;
}

/** The caller's card, latest appeals and calls in the 24 h before `now` (this call not counted). */
export async function readCallerHistory(phone: string | null, uniqueid: string, now: Date): Promise<CallerHistory> {
  if (!phone) return { applicant: null, appeals: [], calledInLast24h: 0 };
  const rows = await Applicant.sequelize!.query<HistoryRow>(HISTORY_SQL, {
    type: QueryTypes.SELECT,
    replacements: { phone, dayAgo: new Date(now.getTime() - 24 * 3600_000), uniqueid },
  });
  const first = rows[0];
  return {
    applicant: first?.applicant_id != null ? { id: first.applicant_id, fullName: first.full_name ?? '', address: first.address } : null,
    appeals: rows.filter((r) => r.id != null),
    calledInLast24h: first ? Number(first.called_24h) : 0,
  };
}

/** The number the pop shows and the history is read for (E.164), from the call's record or the event. */
export function popPhone(src: PopSources, call: Pick<RingingCall, 'uniqueid' | 'callerNumber'>): string | null {
  const record = src.record(call.uniqueid);
  // A verification callback sent to the queue: the resident is the called party, not our caller id.
  const raw = (record?.direction === 'outbound' ? record.calledNumber : record?.callerNumber) ?? call.callerNumber;
  return raw ? tryNormalizePhone(raw, src.phoneRegion) : null;
}

/** A pop ready to send, to the user signed in at the rung phone. */
export interface BuiltPop {
  userId: number;
  pop: CallRinging;
  /** Whose personal data the card shows, for the audit (null: nobody's). */
  applicantId: number | null;
  /** Set when the card is from memory alone: why the caller's history could not be read. */
  historyError?: unknown;
}

/**
 * Builds the screen-pop for the phone that rings: this is the hot path between AgentCalled and
 * the dispatcher picking up. Who sits at the phone comes from `seatAt` (the seats kept in memory,
 * realtime/seat-directory.ts); the caller's history from `history` when it was read while the
 * caller was on the way (the IVR's transfer, the queue), else it is read now, beside it. Null when
 * nobody who takes calls sits at that phone (no pop). When the history cannot be read (the
 * database is away or its pool exhausted) but who sits there is known, the card is built from
 * memory alone (`fallbackPop`): a ringing phone with no card would be worse. Rejects only when who
 * sits at the phone cannot be found. Whoever sends the pop audits the read (`applicantId`), off
 * this path.
 */
export async function buildPop(
  src: PopSources, call: RingingCall, now: Date, seatAt: (iface: string) => Promise<Seat | null>, history?: Promise<CallerHistory>,
): Promise<BuiltPop | null> {
  const base = fallbackPop(src, call, now);
  const record = src.record(call.uniqueid);
  const verifiedId = record?.appealLinks.find((l) => l.relation === 'verification')?.appealId;
  // Started beside the dispatcher's lookup, and settled into a value so that a failure while that
  // lookup is awaited is not an unhandled rejection.
  const card = Promise.all([
    history ?? readCallerHistory(base.callerNumber, call.uniqueid, now),
    src.outages(now),
    verifiedId ? Appeal.findByPk(verifiedId, { attributes: ['id', 'number'] }) : null,
  ]).then(
    (parts) => ({ parts }),
    (error: unknown) => ({ error }),
  );
  const dispatcher = await seatAt(call.agentInterface);
  if (!dispatcher) return null;
  const read = await card;
  if ('error' in read) return { userId: dispatcher.id, pop: base, applicantId: null, historyError: read.error };
  const [caller, outages, verified] = read.parts;
  const { applicant } = caller;
  const pop: CallRinging = {
    ...base,
    applicant,
    appeals: caller.appeals.map((r) => popAppeal(r, now)),
    outages: outagesAtAddress(outages, applicant?.address).map(popOutage),
    calledInLast24h: caller.calledInLast24h,
    verificationOf: verified ? { appealId: verified.id, number: verified.number } : null,
  };
  return { userId: dispatcher.id, pop, applicantId: applicant?.id ?? null };
}

/**
 * The pop from memory alone: who is calling, what they pressed, why the IVR sent them, how long
 * they waited. It is the start of every pop, and the whole pop when the caller's history cannot
 * be read.
 */
export function fallbackPop(src: PopSources, call: RingingCall, now: Date): CallRinging {
  const record = src.record(call.uniqueid);
  const path = record?.ivrPath ?? [];
  const { reason, priority } = transferReason(path, src.transferOf);
  const joined = record?.queueJoinedAt ?? record?.startedAt ?? call.at;
  return {
    uniqueid: call.uniqueid,
    queue: call.queue,
    agentInterface: call.agentInterface,
    callerNumber: popPhone(src, call),
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

/** The transfer step: 'transfer:<reason>' (sent by Kontakt itself), or the flow's last step with outcome 'transferred'. */
export function transferReason(path: ReadonlyArray<{ step: string; outcome?: string }>, transferOf: PopSources['transferOf']): { reason: string | null; priority: number | null } {
  for (let i = path.length - 1; i >= 0; i--) {
    const p = path[i];
    if (p.step.startsWith('transfer:')) return { reason: p.step.slice('transfer:'.length), priority: transferOf(p.step)?.priority ?? null };
    if (p.outcome === 'transferred') {
      const t = transferOf(p.step);
      return { reason: t?.reason ?? p.step, priority: t?.priority ?? null };
    }
  }
  return { reason: null, priority: null };
}

function popAppeal(a: HistoryRow, now: Date): PopAppeal {
  // mysql2 answers dates as Date, sqlite3 as text.
  const deadlineAt = new Date(a.deadline_at);
  return {
    id: a.id!,
    number: a.number,
    status: a.status,
    statusName: STATUS_NAMES[a.status],
    category: a.category ?? '',
    executor: a.executor_short ?? a.executor_name ?? null,
    deadlineAt: deadlineAt.toISOString(),
    overdue: isOverdue(a.status, deadlineAt, now),
    open: OPEN_STATUSES.includes(a.status),
    repeated: Boolean(Number(a.repeated)),
    registeredAt: new Date(a.registered_at).toISOString(),
  };
}

function popOutage(o: Outage): PopOutage {
  return { utility: o.utility, kind: o.kind, area: o.area, startsAt: o.startsAt.toISOString(), endsAt: o.endsAt?.toISOString() ?? null };
}
