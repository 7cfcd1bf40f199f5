import { z } from 'zod';
import { APPEAL_STATUSES, CHANNELS } from '../../models/appeal';
import { ValidationError } from '../../core/errors';
import { endOfLocalDay, startOfLocalDay } from '../../appeals/deadlines';
import { DESCRIPTION_MAX, ADDRESS_MAX, REASON_MAX } from '../../appeals/context';
import type { ApiDeps } from '../deps';
import { route } from '../route-table';
import { q } from '../validation';
import { resolveCallUniqueid, linkWhenWritten } from './call-routes';
import { expectedVersion, tagVersion } from '../appeal-version';
import { idempotentRegistration } from '../idempotency';
import { auditApplicantRead } from '../../appeals/audit';

const HANDLERS = ['dispatcher', 'head'] as const;
const VIEWERS = ['dispatcher', 'head', 'executor'] as const;
const idParams = z.object({ id: z.coerce.number().int().positive() });
const text = (max: number) => z.string().max(max);

const registration = z.strictObject({
  phone: z.string().max(40).nullish(),
  applicantName: text(255).nullish(),
  applicantAddress: text(ADDRESS_MAX).nullish(),
  categoryId: z.number().int().positive().optional(),
  categoryCode: z.string().max(64).optional(),
  executorId: z.number().int().positive().nullish(),
  address: text(ADDRESS_MAX),
  description: text(DESCRIPTION_MAX),
  emergency: z.boolean().optional(),
  channel: z.enum(['phone', 'dispatcher', 'cctv']).default('phone'),
  sourceCallId: z.number().int().positive().nullish(),
  /** From a screen-pop, which knows the call by its uniqueid only. */
  sourceCallUniqueid: z.string().min(1).max(64).nullish(),
});

const moveBody = z.strictObject({
  comment: text(REASON_MAX).nullish(),
  reason: text(REASON_MAX).nullish(),
  executorId: z.number().int().positive().nullish(),
  duplicateOfId: z.number().int().positive().nullish(),
  result: text(DESCRIPTION_MAX).nullish(),
  /** complete: a link to a photo of the result. */
  photoUrl: z.url({ protocol: /^https?$/, error: 'Очікується посилання http або https' }).max(1000).nullish(),
  /** The appeal's version the move was decided on (or If-Match); a stale one answers 409 stale_version. */
  version: z.number().int().positive().nullish(),
});
const version = z.number().int().positive().nullish();

const MOVE_SUMMARIES = {
  assign: 'Hand the appeal to an executor (or another one)',
  start: 'The executor accepts the appeal: takes it into work (this is "accept" of the executors\' API)',
  complete: 'The executor reports the work done, with the result and optionally a photo link (photoUrl)',
  confirm: 'The applicant confirmed the work: close the appeal',
  return: 'The applicant says the work was not done: back for rework',
  reject: 'Not in the competence of the city: reject with a reason',
  duplicate: 'Mark as a duplicate of another appeal',
  decline: 'The executor declines: not in their competence; back to the dispatchers (status new, no executor)',
} as const;

export function appealRoutes(deps: ApiDeps) {
  const { appeals, config } = deps;
  const dateParam = (value: string | undefined, field: string, endOfDay: boolean) => {
    if (!value) return undefined;
    const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? (endOfDay ? endOfLocalDay : startOfLocalDay)(value, config.CITY_TIME_ZONE) : new Date(value);
    if (!d || Number.isNaN(d.getTime())) throw new ValidationError('validation_failed', 'Невірна дата', [{ field, message: 'Невірна дата' }]);
    return d;
  };
  return [
    route({
      method: 'get', path: '/api/appeals', tag: 'appeals', roles: VIEWERS,
      summary: 'Search and filter appeals (executors see only their organization\'s)',
      query: z.object({
        status: q.list([...APPEAL_STATUSES]).optional(),
        categoryId: q.int().optional(),
        executorId: q.int().optional(),
        channel: z.enum(CHANNELS).optional(),
        overdue: q.bool().optional(),
        repeated: q.bool().optional(),
        emergency: q.bool().optional(),
        from: q.date().optional(),
        to: q.date().optional(),
        phone: z.string().max(40).optional(),
        q: z.string().max(200).optional(),
        page: q.int().default(1),
        pageSize: q.int().max(100).default(20),
      }),
      handler: ({ actor, query }) =>
        appeals.search(actor, { ...query, from: dateParam(query.from, 'from', false), to: dateParam(query.to, 'to', true) }),
    }),
    route({
      method: 'post', path: '/api/appeals', tag: 'appeals', roles: HANDLERS, status: 201,
      summary: 'Register an appeal: the category decides the executor and the deadline',
      body: registration,
      handler: async ({ actor, body, user, req, res }) => {
        // A retry after a lost answer (same Idempotency-Key) gets the first answer and registers nothing.
        const once = await idempotentRegistration(req, user!.apiKeyId ? `apikey:${user!.apiKeyId}` : `user:${user!.id}`, deps.clock, (a) => appeals.get(actor, a.id), 201);
        if (once.replay) {
          res.setHeader('Idempotent-Replayed', 'true');
          const shown = (once.replay.body as { applicant?: { id?: number } }).applicant?.id;
          if (shown) await auditApplicantRead(actor, [shown], 'registration answer repeated');
          return once.replay.body;
        }
        const { sourceCallUniqueid, ...input } = body;
        if (sourceCallUniqueid && input.sourceCallId == null) input.sourceCallId = await resolveCallUniqueid(deps, sourceCallUniqueid);
        const appeal = await appeals.register(actor, { ...input, recordWith: once.recordWith });
        // The call's record could not be written yet: the link is written with it.
        if (sourceCallUniqueid && input.sourceCallId == null) linkWhenWritten(deps, sourceCallUniqueid, appeal.id);
        const view = await appeals.get(actor, appeal.id);
        await once.store(201, view);
        return tagVersion(res, view);
      },
    }),
    route({
      method: 'get', path: '/api/appeals/:ref', tag: 'appeals', roles: VIEWERS,
      summary: 'One appeal by id or number (2026-000123), with its history and calls',
      params: z.object({ ref: z.string().regex(/^(\d+|\d{4}-\d{6})$/, 'Очікується id або номер звернення') }),
      handler: async ({ actor, params, res }) => tagVersion(res, await appeals.get(actor, /^\d+$/.test(params.ref) ? Number(params.ref) : params.ref)),
    }),
    ...(Object.keys(MOVE_SUMMARIES) as (keyof typeof MOVE_SUMMARIES)[]).map((move) =>
      route({
        method: 'post', path: `/api/appeals/:id/${move}`, tag: 'appeals', roles: VIEWERS,
        summary: MOVE_SUMMARIES[move],
        params: idParams,
        body: moveBody,
        handler: async ({ actor, params, body, req, res }) => {
          const { version: bodyVersion, ...input } = body;
          const moved = await appeals.move(actor, params.id, move, { ...input, expectedVersion: expectedVersion(req, bodyVersion) });
          // A declined appeal is no longer the executor's to see: answer with what changed.
          if (move === 'decline') return tagVersion(res, { id: moved.id, number: moved.number, status: moved.status, executorId: moved.executorId ?? null, version: moved.version });
          return tagVersion(res, await appeals.get(actor, params.id));
        },
      }),
    ),
    route({
      method: 'post', path: '/api/appeals/:id/progress', tag: 'appeals', roles: VIEWERS,
      summary: 'Report progress: a history line, the status stays',
      params: idParams,
      body: z.strictObject({ comment: text(REASON_MAX), version }),
      handler: async ({ actor, params, body, req, res }) => {
        await appeals.progress(actor, params.id, body.comment, expectedVersion(req, body.version));
        return tagVersion(res, await appeals.get(actor, params.id));
      },
    }),
    route({
      method: 'post', path: '/api/appeals/:id/extend', tag: 'appeals', roles: VIEWERS,
      summary: 'Extend the deadline with a reason (never past 45 days in total)',
      params: idParams,
      body: z.strictObject({ deadline: q.date(), reason: text(REASON_MAX), version }),
      handler: async ({ actor, params, body, req, res }) => {
        await appeals.extend(actor, params.id, dateParam(body.deadline, 'deadline', true)!, body.reason, expectedVersion(req, body.version));
        return tagVersion(res, await appeals.get(actor, params.id));
      },
    }),
  ];
}
