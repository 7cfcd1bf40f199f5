import { z } from 'zod';
import { UTILITIES } from '../../models';
import { UnavailableError } from '../../core/errors';
import type { OutageService } from '../../outages/outage-service';
import type { ApiDeps } from '../deps';
import { route } from '../route-table';
import { q } from '../validation';

const MANAGERS = ['executor', 'dispatcher', 'head'] as const;
const SIGNED_IN = ['admin', 'head', 'dispatcher', 'executor'] as const;
const idParams = z.object({ id: z.coerce.number().int().positive() });
const moment = () => z.iso.datetime({ offset: true });

export const areaSchema = z.union([
  z.strictObject({ wholeCity: z.literal(true) }),
  z.strictObject({
    streets: z.array(z.strictObject({
      name: z.string().min(1).max(255),
      /** '1–15', or a list of house numbers: ['3', '5а']. */
      buildings: z.union([z.string().max(20), z.array(z.string().max(20)).max(200)]).optional(),
    })).min(1).max(50),
  }),
]);

const fields = {
  // Checked by the domain, which answers with the code `unknown_utility`.
  utility: z.string().max(32).describe(`One of: ${UTILITIES.join(', ')}`),
  kind: z.enum(['planned', 'emergency']),
  area: areaSchema,
  startsAt: moment(),
  endsAt: moment().nullable(),
  reason: z.string().max(1000).nullish(),
  contact: z.string().max(255).nullish(),
  executorId: z.number().int().positive().nullish(),
};
const creation = z.strictObject({ ...fields, endsAt: fields.endsAt.default(null) });
const patch = z.strictObject(fields).partial();

const toDate = (s: string | null | undefined) => (s == null ? s : new Date(s));

export function outageRoutes(deps: ApiDeps) {
  // Listing the routes (the OpenAPI document, the role matrix) needs no service; answering does.
  const outages = (): OutageService => {
    if (!deps.outages) throw new UnavailableError('outages_unavailable', 'Відключення тимчасово недоступні');
    return deps.outages;
  };
  return [
    route({
      method: 'get', path: '/api/outages', tag: 'outages', roles: SIGNED_IN,
      summary: 'Outages: active and upcoming by default; filters by state and utility; past and cancelled with includePast',
      query: z.object({
        active: q.bool().optional(),
        upcoming: q.bool().optional(),
        utility: z.enum(UTILITIES).optional(),
        executorId: q.int().optional(),
        includePast: q.bool().optional(),
      }),
      handler: ({ query }) => outages().list(query),
    }),
    route({
      method: 'get', path: '/api/outages/:id', tag: 'outages', roles: SIGNED_IN,
      summary: 'One outage',
      params: idParams,
      handler: ({ params }) => outages().get(params.id),
    }),
    route({
      method: 'post', path: '/api/outages', tag: 'outages', roles: MANAGERS, status: 201,
      summary: 'Announce an outage (executors: for their organization and the utilities it serves)',
      body: creation,
      handler: ({ user, body }) => outages().create(user!, { ...body, startsAt: new Date(body.startsAt), endsAt: toDate(body.endsAt) ?? null }),
    }),
    route({
      method: 'patch', path: '/api/outages/:id', tag: 'outages', roles: MANAGERS,
      summary: 'Change an outage that has not ended or been cancelled',
      params: idParams,
      body: patch,
      handler: ({ user, params, body }) =>
        outages().update(user!, params.id, { ...body, startsAt: body.startsAt ? new Date(body.startsAt) : undefined, endsAt: toDate(body.endsAt) }),
    }),
    route({
      method: 'post', path: '/api/outages/:id/extend', tag: 'outages', roles: MANAGERS,
      summary: 'Move the expected end later',
      params: idParams,
      body: z.strictObject({ endsAt: moment() }),
      handler: ({ user, params, body }) => outages().extend(user!, params.id, new Date(body.endsAt)),
    }),
    route({
      method: 'post', path: '/api/outages/:id/cancel', tag: 'outages', roles: MANAGERS,
      summary: 'Cancel an outage, with the reason',
      params: idParams,
      body: z.strictObject({ reason: z.string().min(1).max(1000) }),
      handler: ({ user, params, body }) => outages().cancel(user!, params.id, body.reason),
    }),
  ];
}
