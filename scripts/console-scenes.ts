import { Op } from 'sequelize';
import type { Kontakt } from '../server/compose';
import { Appeal, Applicant, Category, Organization } from '../models';
import { rooms, type CallRinging, type Presence, type ServerToClientEvents } from '../realtime/contracts';
import { isOverdue, OPEN_STATUSES, STATUS_NAMES } from '../appeals/state-machine';

/**
 * Scenes of the dispatcher console for the browser tests and `npm run screenshots`: what the
 * server sends a console (a pop, a presence change), sent through the server's own Socket.IO to
 * the user's room, so the page receives exactly what it would from a call.
 */
export function sendTo<E extends keyof ServerToClientEvents>(kontakt: Kontakt, userId: number, event: E, ...payload: Parameters<ServerToClientEvents[E]>): void {
  (kontakt.realtime.sockets.io.to(rooms.user(userId)) as unknown as { emit: (e: string, ...a: unknown[]) => void }).emit(event, ...payload);
}

/** A pop for a caller as the screen-pop query would build it: the applicant and their latest appeals. */
export async function popFor(phone: string, o: { uniqueid: string; reason?: string | null; at?: Date; ivrPath?: CallRinging['ivrPath'] }): Promise<CallRinging> {
  const applicant = await Applicant.findOne({ where: { phone } });
  const appeals = applicant
    ? await Appeal.findAll({
      where: { applicantId: applicant.id }, order: [['registeredAt', 'DESC']], limit: 5,
      include: [{ model: Category, as: 'category', attributes: ['name'] }, { model: Organization, as: 'executor', attributes: ['shortName', 'name'] }],
    })
    : [];
  const now = o.at ?? new Date();
  return {
    uniqueid: o.uniqueid,
    queue: 'dispatchers',
    agentInterface: 'PJSIP/101',
    callerNumber: phone,
    applicant: applicant ? { id: applicant.id, fullName: applicant.fullName, address: applicant.address } : null,
    appeals: appeals.map((a) => {
      const x = a as Appeal & { category?: Category; executor?: Organization };
      return {
        id: a.id, number: a.number, status: a.status, statusName: STATUS_NAMES[a.status], category: x.category?.name ?? '',
        executor: x.executor ? x.executor.shortName || x.executor.name : null, deadlineAt: a.deadlineAt.toISOString(),
        overdue: isOverdue(a.status, a.deadlineAt, now), open: OPEN_STATUSES.includes(a.status), repeated: a.repeated, registeredAt: a.registeredAt.toISOString(),
      };
    }),
    ivrPath: o.ivrPath ?? (o.reason === 'emergency' ? [{ step: 'main', key: '1' }] : [{ step: 'main', key: '0' }]),
    reason: o.reason === undefined ? 'emergency' : o.reason,
    priority: o.reason === 'emergency' ? 10 : 5,
    outages: [],
    waitSeconds: 14,
    calledInLast24h: 1,
    verificationOf: null,
    at: now.toISOString(),
  };
}

/** A presence as the server sends it. */
export function presence(userId: number, fullName: string, state: Presence['state'], extra: Partial<Presence> = {}): Presence {
  return {
    userId, fullName, agentInterface: 'PJSIP/101', state, pausedReason: state === 'paused' ? 'paperwork' : null,
    since: new Date().toISOString(), pending: null, refusal: null, ...extra,
  };
}

/** A phone of an applicant with several appeals (for a pop with a history). */
export async function phoneWithHistory(): Promise<string> {
  const rows = await Appeal.findAll({ attributes: ['applicantId'], where: { applicantId: { [Op.ne]: null } }, limit: 400 });
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.applicantId!, (counts.get(r.applicantId!) ?? 0) + 1);
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  const applicant = best ? await Applicant.findByPk(best[0]) : null;
  return applicant?.phone ?? '+380501234567';
}
