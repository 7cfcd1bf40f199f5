import type { Request } from 'express';
import { UnavailableError } from '../../core/errors';
import type { OutageView } from '../../outages/outage-service';
import type { ApiDeps } from '../deps';
import { route } from '../route-table';
import { outagesAtom } from '../outage-atom';

/** What anyone may see of an outage: no contact, no cancellation notes, no people. */
export interface PublicOutage {
  id: number;
  utility: OutageView['utility'];
  kind: OutageView['kind'];
  state: OutageView['state'];
  area: string;
  startsAt: string;
  endsAt: string | null;
  reason: string | null;
  executor: { name: string; phone: string | null } | null;
  updatedAt: string;
}

export function publicView(o: OutageView): PublicOutage {
  return {
    id: o.id, utility: o.utility, kind: o.kind, state: o.state, area: o.area,
    startsAt: o.startsAt.toISOString(), endsAt: o.endsAt?.toISOString() ?? null, reason: o.reason,
    // The organization's own phone (its dispatch line), which it publishes anyway.
    executor: o.executor ? { name: o.executor.shortName, phone: o.executor.phone } : null,
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function publicOutageRoutes(deps: ApiDeps) {
  const current = async () => {
    if (!deps.outages) throw new UnavailableError('outages_unavailable', 'Відключення тимчасово недоступні');
    return (await deps.outages.list()).map(publicView);
  };
  const selfUrl = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`;
  return [
    route({
      method: 'get', path: '/api/public/outages', tag: 'public', roles: 'public',
      summary: 'Current and upcoming outages for anyone (no personal data)',
      handler: async () => ({ items: await current() }),
    }),
    route({
      method: 'get', path: '/api/public/outages.atom', tag: 'public', roles: 'public',
      summary: 'Current and upcoming outages as an Atom 1.0 feed',
      handler: async ({ req, res }) => {
        const xml = outagesAtom(await current(), { selfUrl: selfUrl(req), now: deps.clock.now(), zone: deps.config.CITY_TIME_ZONE, city: deps.config.CITY_NAME });
        res.status(200).type('application/atom+xml; charset=utf-8').send(xml);
      },
    }),
  ];
}
