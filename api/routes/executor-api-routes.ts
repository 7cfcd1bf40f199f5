import { z } from 'zod';
import { Organization, OrganizationApiKey, WebhookDelivery } from '../../models';
import { DELIVERY_STATUSES } from '../../models/webhook-delivery';
import { NotFoundError } from '../../core/errors';
import { createOrganizationApiKey } from '../../auth/api-keys';
import { generateWebhookSecret } from '../../webhooks/signature';
import { deliveryView } from '../../webhooks/webhook-service';
import type { ApiDeps } from '../deps';
import { route } from '../route-table';
import { q } from '../validation';

const orgParams = z.object({ id: z.coerce.number().int().positive() });

async function organization(id: number): Promise<Organization> {
  const org = await Organization.findByPk(id);
  if (!org) throw new NotFoundError('organization_not_found', 'Виконавця не знайдено');
  return org;
}

function keyView(k: OrganizationApiKey) {
  return { id: k.id, organizationId: k.organizationId, name: k.name, active: k.active, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null };
}

/**
 * The executors' API around the appeals routes: API keys with which an organization's machines act
 * as its executor (`Authorization: ApiKey <key>` or `X-Api-Key`), its webhook secret, and the log
 * of webhooks sent to it. Accepting an appeal is POST /api/appeals/:id/start.
 */
export function executorApiRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'post', path: '/api/organizations/:id/api-keys', tag: 'executors', roles: ['admin'], status: 201,
      summary: 'Make an API key for an organization\'s machines; the key is shown once, only its hash is kept',
      params: orgParams,
      body: z.strictObject({ name: z.string().trim().min(2).max(255) }),
      handler: async ({ params, body }) => {
        const org = await organization(params.id);
        const { row, key } = await createOrganizationApiKey(org.id, body.name, deps.clock);
        return { ...keyView(row), key };
      },
    }),
    route({
      method: 'get', path: '/api/organizations/:id/api-keys', tag: 'executors', roles: ['admin'],
      summary: 'An organization\'s API keys (never the keys themselves)',
      params: orgParams,
      handler: async ({ params }) => {
        const org = await organization(params.id);
        return (await OrganizationApiKey.findAll({ where: { organizationId: org.id }, order: [['id', 'ASC']] })).map(keyView);
      },
    }),
    route({
      method: 'delete', path: '/api/organizations/:id/api-keys/:keyId', tag: 'executors', roles: ['admin'],
      summary: 'Revoke an API key (it stops working at once; kept for the history)',
      params: z.object({ id: z.coerce.number().int().positive(), keyId: z.coerce.number().int().positive() }),
      handler: async ({ params }) => {
        const key = await OrganizationApiKey.findOne({ where: { id: params.keyId, organizationId: params.id } });
        if (!key) throw new NotFoundError('api_key_not_found', 'Ключ не знайдено');
        await key.update({ active: false });
      },
    }),
    route({
      method: 'post', path: '/api/organizations/:id/webhook-secret', tag: 'executors', roles: ['admin'],
      summary: 'Set or rotate the webhook signing secret; the new secret is shown once',
      params: orgParams,
      handler: async ({ params }) => {
        const org = await organization(params.id);
        const secret = generateWebhookSecret();
        await org.update({ webhookSecret: secret });
        return { organizationId: org.id, webhookSecret: secret };
      },
    }),
    route({
      method: 'get', path: '/api/organizations/:id/webhook-deliveries', tag: 'executors', roles: ['admin', 'head', 'executor'],
      summary: 'The log of webhooks sent to an organization, newest first (an executor sees only their own)',
      params: orgParams,
      query: z.object({ status: z.enum(DELIVERY_STATUSES).optional(), appealId: q.int().optional(), limit: q.int().max(200).default(50) }),
      handler: async ({ params, query, user }) => {
        // Another organization's log answers as a missing one: an executor learns nothing of others.
        if (user!.role === 'executor' && user!.organizationId !== params.id) throw new NotFoundError('organization_not_found', 'Виконавця не знайдено');
        const org = await organization(params.id);
        const rows = await WebhookDelivery.findAll({
          where: { organizationId: org.id, ...(query.status ? { status: query.status } : {}), ...(query.appealId ? { appealId: query.appealId } : {}) },
          order: [['id', 'DESC']],
          limit: query.limit,
        });
        return { items: rows.map(deliveryView) };
      },
    }),
  ];
}
