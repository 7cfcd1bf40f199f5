import { z } from 'zod';
import { Category, Organization } from '../../models';
import { DEADLINE_CLASSES } from '../../models/category';
import { ROLES } from '../../models/user';
import { NotFoundError, ValidationError } from '../../core/errors';
import { route } from '../route-table';
import type { ApiIdentity } from '../../auth/api-keys';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const code = z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, 'Лише латинські малі літери, цифри, - та _');

const categoryFields = {
  name: z.string().min(2).max(255),
  groupName: z.string().min(2).max(255),
  deadlineClass: z.enum(DEADLINE_CLASSES),
  emergency: z.boolean(),
  defaultExecutorId: z.number().int().positive().nullable(),
  active: z.boolean(),
};

const organizationFields = {
  name: z.string().min(2).max(255),
  shortName: z.string().min(2).max(100),
  kind: z.enum(['utility', 'department', 'contractor']),
  phone: z.string().max(32).nullable(),
  email: z.email().max(255).nullable(),
  address: z.string().max(500).nullable(),
  webhookUrl: z.url().max(1000).nullable(),
  active: z.boolean(),
};

function categoryView(c: Category) {
  return { id: c.id, code: c.code, name: c.name, groupName: c.groupName, deadlineClass: c.deadlineClass, emergency: c.emergency, defaultExecutorId: c.defaultExecutorId ?? null, active: c.active };
}

/**
 * Secrets of an organization (its webhook secret) never leave the server. Its webhook address
 * is the admin's to manage and the organization's own to see; to everyone else (other
 * executors and their API keys, dispatchers) it is not shown at all.
 */
function organizationView(o: Organization, viewer: ApiIdentity | null) {
  const seesWebhook = viewer?.role === 'admin' || (viewer?.role === 'executor' && viewer.organizationId === o.id);
  return {
    id: o.id, code: o.code, name: o.name, shortName: o.shortName, kind: o.kind, phone: o.phone, email: o.email, address: o.address,
    ...(seesWebhook ? { webhookUrl: o.webhookUrl ?? null } : {}), active: o.active,
  };
}

async function assertExecutor(id: number | null | undefined): Promise<void> {
  if (id == null) return;
  if (!(await Organization.findByPk(id))) {
    throw new ValidationError('unknown_executor', 'Такого виконавця немає', [{ field: 'defaultExecutorId', message: 'Такого виконавця немає' }]);
  }
}

export function referenceRoutes() {
  return [
    route({
      method: 'get', path: '/api/categories', tag: 'reference', roles: ROLES,
      summary: 'The city\'s classifier of appeals',
      query: z.object({ active: z.enum(['true', 'false']).optional() }),
      handler: async ({ query }) => {
        const where = query.active ? { active: query.active === 'true' } : {};
        return (await Category.findAll({ where, order: [['groupName', 'ASC'], ['name', 'ASC']] })).map(categoryView);
      },
    }),
    route({
      method: 'post', path: '/api/categories', tag: 'reference', roles: ['admin'], status: 201,
      summary: 'Add a category',
      body: z.strictObject({ code, ...categoryFields, defaultExecutorId: categoryFields.defaultExecutorId.optional(), active: categoryFields.active.optional() }),
      handler: async ({ body }) => {
        await assertExecutor(body.defaultExecutorId);
        return categoryView(await Category.create({ ...body, defaultExecutorId: body.defaultExecutorId ?? null }));
      },
    }),
    route({
      method: 'patch', path: '/api/categories/:id', tag: 'reference', roles: ['admin'],
      summary: 'Change a category (deactivate instead of deleting: appeals refer to it)',
      params: idParams,
      body: z.strictObject(categoryFields).partial(),
      handler: async ({ params, body }) => {
        const category = await Category.findByPk(params.id);
        if (!category) throw new NotFoundError('category_not_found', 'Категорію не знайдено');
        await assertExecutor(body.defaultExecutorId);
        return categoryView(await category.update(body));
      },
    }),
    route({
      method: 'get', path: '/api/organizations', tag: 'reference', roles: ROLES,
      summary: 'Executors: utility companies and departments',
      handler: async ({ user }) => (await Organization.findAll({ order: [['name', 'ASC']] })).map((o) => organizationView(o, user)),
    }),
    route({
      method: 'post', path: '/api/organizations', tag: 'reference', roles: ['admin'], status: 201,
      summary: 'Add an executor',
      body: z.strictObject({ code, ...organizationFields, phone: organizationFields.phone.optional(), email: organizationFields.email.optional(), address: organizationFields.address.optional(), webhookUrl: organizationFields.webhookUrl.optional(), active: organizationFields.active.optional() }),
      handler: async ({ body, user }) =>
        organizationView(await Organization.create({ ...body, phone: body.phone ?? null, email: body.email ?? null, address: body.address ?? null }), user),
    }),
    route({
      method: 'patch', path: '/api/organizations/:id', tag: 'reference', roles: ['admin'],
      summary: 'Change an executor',
      params: idParams,
      body: z.strictObject(organizationFields).partial(),
      handler: async ({ params, body, user }) => {
        const org = await Organization.findByPk(params.id);
        if (!org) throw new NotFoundError('organization_not_found', 'Виконавця не знайдено');
        return organizationView(await org.update(body), user);
      },
    }),
  ];
}
