import { Op } from 'sequelize';
import { Appeal, Applicant, Call, Category, Organization, Outage } from '../models';
import type { CallRecord } from '../calls/call-record';
import { tryNormalizePhone } from '../appeals/phone';
import { auditApplicantRead } from '../appeals/audit';
import { STATUS_NAMES, OPEN_STATUSES, isOverdue } from '../appeals/state-machine';
import { outagesAtAddress } from '../outages/outages-at-address';
import type { CallRinging, PopAppeal, PopOutage } from './contracts';

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

/**
 * Builds the screen-pop in two database round trips: (applicant, calls in 24 h, outages) at
 * once, then (latest appeals, the audit row) at once. This is the hot path between AgentCalled
 * and the dispatcher picking up, so nothing here is sequential that need not be.
 */
export async function buildPop(src: PopSources, call: RingingCall, shownTo: { userId: number; role: 'dispatcher' | 'head' }, now: Date): Promise<CallRinging> {
  const base = fallbackPop(src, call, now);
  const record = src.record(call.uniqueid);
  const phone = base.callerNumber;
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);

  const verifiedId = record?.appealLinks.find((l) => l.relation === 'verification')?.appealId;
  const [applicant, calledInLast24h, outages, verified] = await Promise.all([
    phone ? Applicant.findOne({ where: { phone }, attributes: ['id', 'fullName', 'address'] }) : null,
    phone ? Call.count({ where: { callerNumber: phone, startedAt: { [Op.gte]: dayAgo }, uniqueid: { [Op.ne]: call.uniqueid } } }) : 0,
    src.outages(now),
    verifiedId ? Appeal.findByPk(verifiedId, { attributes: ['id', 'number'] }) : null,
  ]);

  let appeals: PopAppeal[] = [];
  if (applicant) {
    const [rows] = await Promise.all([
      Appeal.findAll({
        where: { applicantId: applicant.id },
        // Only what the pop shows: the index appeals_applicant_pop covers these (no row reads).
        attributes: ['id', 'number', 'status', 'deadlineAt', 'repeated', 'registeredAt', 'categoryId', 'executorId'],
        include: [
          { model: Category, as: 'category', attributes: ['name'] },
          { model: Organization, as: 'executor', attributes: ['name', 'shortName'] },
        ],
        order: [['registeredAt', 'DESC'], ['id', 'DESC']],
        limit: POP_APPEALS,
      }),
      // The pop shows personal data to this dispatcher: audited as them, before it is sent.
      auditApplicantRead({ kind: 'user', userId: shownTo.userId, role: shownTo.role, organizationId: null, ip: null }, [applicant.id], `screen-pop ${call.uniqueid}`),
    ]);
    appeals = rows.map((a) => popAppeal(a as Appeal & { category?: Category; executor?: Organization | null }, now));
  }

  return {
    ...base,
    applicant: applicant ? { id: applicant.id, fullName: applicant.fullName, address: applicant.address } : null,
    appeals,
    outages: outagesAtAddress(outages, applicant?.address).map(popOutage),
    calledInLast24h,
    verificationOf: verified ? { appealId: verified.id, number: verified.number } : null,
  };
}

/**
 * The pop from memory alone: who is calling, what they pressed, why the IVR sent them, how long
 * they waited. It is the start of every pop, and the whole pop when the caller's history cannot
 * be read (the database is away or its pool is exhausted): a ringing phone with no card at all
 * would be worse.
 */
export function fallbackPop(src: PopSources, call: RingingCall, now: Date): CallRinging {
  const record = src.record(call.uniqueid);
  // A verification callback sent to the queue: the resident is the called party, not our caller id.
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

function popAppeal(a: Appeal & { category?: Category; executor?: Organization | null }, now: Date): PopAppeal {
  return {
    id: a.id,
    number: a.number,
    status: a.status,
    statusName: STATUS_NAMES[a.status],
    category: a.category?.name ?? '',
    executor: a.executor ? (a.executor.shortName ?? a.executor.name) : null,
    deadlineAt: a.deadlineAt.toISOString(),
    overdue: isOverdue(a.status, a.deadlineAt, now),
    open: OPEN_STATUSES.includes(a.status),
    repeated: a.repeated,
    registeredAt: a.registeredAt.toISOString(),
  };
}

function popOutage(o: Outage): PopOutage {
  return { utility: o.utility, kind: o.kind, area: o.area, startsAt: o.startsAt.toISOString(), endsAt: o.endsAt?.toISOString() ?? null };
}
