import { z } from 'zod';
import { Op, WhereOptions } from 'sequelize';
import { Appeal, Applicant, Call, CallAppeal } from '../../models';
import { CALL_DISPOSITIONS } from '../../models/call';
import { NotFoundError, ValidationError } from '../../core/errors';
import { endOfLocalDay, startOfLocalDay } from '../../appeals/deadlines';
import { auditApplicantRead } from '../../appeals/audit';
import { linkAppeals } from '../../calls/call-record';
import type { ApiDeps } from '../deps';
import { route } from '../route-table';
import { q } from '../validation';

const HANDLERS = ['dispatcher', 'head'] as const;

/**
 * The call a pop or a list row names, as a database id. A call still ringing or just ended may
 * not be written yet: its record is flushed first. Null when the record still cannot be written
 * (database busy); the caller then links through the record, written with it later.
 */
export async function resolveCallUniqueid(deps: ApiDeps, uniqueid: string): Promise<number | null> {
  const live = deps.calls;
  let id = live?.callId(uniqueid) ?? null;
  if (id == null && live?.record(uniqueid)) {
    await live.flush();
    id = live.callId(uniqueid);
    if (id == null) return null;
  }
  if (id == null) id = (await Call.findOne({ where: { uniqueid }, attributes: ['id'] }))?.id ?? null;
  if (id == null) throw new ValidationError('unknown_call', 'Такого дзвінка немає', [{ field: 'sourceCallUniqueid', message: 'Такого дзвінка немає' }]);
  return id;
}

/** Links an appeal registered from a pop to its call, now or (call not yet written) with the call's record. */
export function linkWhenWritten(deps: ApiDeps, uniqueid: string, appealId: number): void {
  deps.calls?.update(uniqueid, (r) => linkAppeals(r, [appealId], 'registered'));
}

export function callRoutes(deps: ApiDeps) {
  const zone = deps.config.CITY_TIME_ZONE;
  const dateParam = (value: string | undefined, field: string, endOfDay: boolean) => {
    if (!value) return undefined;
    const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? (endOfDay ? endOfLocalDay : startOfLocalDay)(value, zone) : new Date(value);
    if (!d || Number.isNaN(d.getTime())) throw new ValidationError('validation_failed', 'Невірна дата', [{ field, message: 'Невірна дата' }]);
    return d;
  };
  return [
    route({
      method: 'get', path: '/api/calls', tag: 'calls', roles: HANDLERS,
      summary: 'Recent calls, newest first; disposition=abandoned lists missed calls to call back (audited per applicant)',
      query: z.object({
        disposition: q.list([...CALL_DISPOSITIONS]).optional(),
        direction: z.enum(['inbound', 'outbound']).optional(),
        from: q.date().optional(),
        to: q.date().optional(),
        page: q.int().default(1),
        pageSize: q.int().max(100).default(20),
      }),
      handler: async ({ actor, query }) => {
        const from = dateParam(query.from, 'from', false);
        const to = dateParam(query.to, 'to', true);
        const where: WhereOptions<Call> = {
          ...(query.disposition?.length ? { disposition: { [Op.in]: query.disposition } } : {}),
          ...(query.direction ? { direction: query.direction } : {}),
          ...(from || to ? { startedAt: { ...(from ? { [Op.gte]: from } : {}), ...(to ? { [Op.lte]: to } : {}) } } : {}),
        };
        const { rows, count } = await Call.findAndCountAll({
          where, order: [['startedAt', 'DESC'], ['id', 'DESC']], limit: query.pageSize, offset: (query.page - 1) * query.pageSize,
        });
        const applicantIds = [...new Set(rows.map((c) => c.applicantId).filter((id): id is number => id != null))];
        const applicants = applicantIds.length ? await Applicant.findAll({ where: { id: { [Op.in]: applicantIds } }, attributes: ['id', 'fullName'] }) : [];
        const byId = new Map(applicants.map((a) => [a.id, a]));
        // Phone numbers and names of callers are personal data: audited before they are returned.
        await auditApplicantRead(actor, applicantIds, 'calls list');
        return {
          items: rows.map((c) => ({
            id: c.id, uniqueid: c.uniqueid, direction: c.direction, purpose: c.purpose ?? null,
            callerNumber: c.callerNumber,
            applicant: c.applicantId && byId.has(c.applicantId) ? { id: c.applicantId, fullName: byId.get(c.applicantId)!.fullName } : null,
            startedAt: c.startedAt.toISOString(), answeredAt: c.answeredAt?.toISOString() ?? null, endedAt: c.endedAt?.toISOString() ?? null,
            queue: c.queue ?? null, waitSeconds: c.waitSeconds ?? null, talkSeconds: c.talkSeconds ?? null,
            agentInterface: c.agentInterface ?? null, dispatcherUserId: c.dispatcherUserId ?? null, disposition: c.disposition,
            ivrPath: c.ivrPath ?? [],
          })),
          total: count, page: query.page, pageSize: query.pageSize,
        };
      },
    }),
    route({
      method: 'post', path: '/api/calls/:id/appeals', tag: 'calls', roles: HANDLERS, status: 201,
      summary: 'Link a call to an existing appeal (relation "linked"); linking twice changes nothing',
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.strictObject({ appealId: z.number().int().positive() }),
      handler: async ({ params, body }) => {
        const [call, appeal] = await Promise.all([Call.findByPk(params.id, { attributes: ['id'] }), Appeal.findByPk(body.appealId, { attributes: ['id'] })]);
        if (!call) throw new NotFoundError('call_not_found', 'Дзвінок не знайдено');
        if (!appeal) throw new NotFoundError('appeal_not_found', 'Звернення не знайдено');
        const [link] = await CallAppeal.findOrCreate({ where: { callId: call.id, appealId: appeal.id }, defaults: { callId: call.id, appealId: appeal.id, relation: 'linked' } });
        return { callId: link.callId, appealId: link.appealId, relation: link.relation };
      },
    }),
  ];
}
