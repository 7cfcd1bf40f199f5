import { z } from 'zod';
import { Op } from 'sequelize';
import { Organization, User } from '../../models';
import { ROLES, Role } from '../../models/user';
import { NotFoundError, ValidationError } from '../../core/errors';
import { hashPassword } from '../../auth/passwords';
import type { ApiDeps } from '../deps';
import { route } from '../route-table';
import { memberInterfaceSchema as queueInterface, stateInterfaceSchema as queueStateInterface } from '../../core/queue-interface';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const password = z.string().min(10, 'Пароль має містити щонайменше 10 символів').max(200);

function userView(u: User) {
  return { id: u.id, login: u.login, fullName: u.fullName, role: u.role, organizationId: u.organizationId ?? null, queueInterface: u.queueInterface ?? null, queueStateInterface: u.queueStateInterface ?? null, active: u.active };
}

/** An executor belongs to exactly one organization; other roles to none. */
async function checkBinding(role: Role, organizationId: number | null | undefined): Promise<void> {
  if (role === 'executor') {
    if (!organizationId || !(await Organization.findByPk(organizationId))) {
      throw new ValidationError('organization_required', 'Виконавця треба прив’язати до організації', [{ field: 'organizationId', message: 'Оберіть організацію' }]);
    }
  } else if (organizationId) {
    throw new ValidationError('organization_not_allowed', 'Лише виконавця прив’язують до організації', [{ field: 'organizationId', message: 'Лише для ролі виконавця' }]);
  }
}

export function userRoutes({ tokens, events }: ApiDeps) {
  return [
    route({
      method: 'get', path: '/api/users', tag: 'users', roles: ['admin', 'head'],
      summary: 'Users of the system',
      query: z.object({ role: z.enum(ROLES).optional(), q: z.string().max(100).optional() }),
      handler: async ({ query }) => {
        const where = {
          ...(query.role ? { role: query.role } : {}),
          ...(query.q ? { [Op.or]: [{ login: { [Op.like]: `%${query.q}%` } }, { fullName: { [Op.like]: `%${query.q}%` } }] } : {}),
        };
        return (await User.findAll({ where, order: [['login', 'ASC']] })).map(userView);
      },
    }),
    route({
      method: 'post', path: '/api/users', tag: 'users', roles: ['admin'], status: 201,
      summary: 'Add a user',
      body: z.strictObject({
        login: z.string().regex(/^[a-z0-9._-]{3,64}$/, 'Лише латинські малі літери, цифри, крапка, - та _'),
        password,
        fullName: z.string().min(2).max(255),
        role: z.enum(ROLES),
        organizationId: z.number().int().positive().nullish(),
        queueInterface: queueInterface.nullish(),
        queueStateInterface: queueStateInterface.nullish(),
      }),
      handler: async ({ body }) => {
        await checkBinding(body.role, body.organizationId);
        const user = await User.create({
          login: body.login, passwordHash: await hashPassword(body.password), fullName: body.fullName, role: body.role,
          organizationId: body.organizationId ?? null, queueInterface: body.queueInterface ?? null, queueStateInterface: body.queueStateInterface ?? null,
        });
        return userView(user);
      },
    }),
    route({
      method: 'patch', path: '/api/users/:id', tag: 'users', roles: ['admin'],
      summary: 'Change a user; deactivating or a new password ends their sessions',
      params: idParams,
      body: z.strictObject({
        password: password.optional(),
        fullName: z.string().min(2).max(255).optional(),
        role: z.enum(ROLES).optional(),
        organizationId: z.number().int().positive().nullable().optional(),
        queueInterface: queueInterface.nullable().optional(),
        queueStateInterface: queueStateInterface.nullable().optional(),
        active: z.boolean().optional(),
      }),
      handler: async ({ params, body }) => {
        const user = await User.findByPk(params.id);
        if (!user) throw new NotFoundError('user_not_found', 'Користувача не знайдено');
        const role = body.role ?? user.role;
        const organizationId = body.organizationId !== undefined ? body.organizationId : user.organizationId;
        await checkBinding(role, organizationId);
        const { password: newPassword, ...rest } = body;
        const before = { queueInterface: user.queueInterface ?? null, queueStateInterface: user.queueStateInterface ?? null, role: user.role };
        await user.update({ ...rest, organizationId: organizationId ?? null, ...(newPassword ? { passwordHash: await hashPassword(newPassword) } : {}) });
        if (newPassword || body.active === false || body.role) await tokens.revokeAllOf(user.id);
        // Queue membership follows the user: out when they can no longer take calls, moved with their phone.
        const handlesCalls = user.role === 'dispatcher' || user.role === 'head';
        if (body.active === false || !handlesCalls) events?.emit('user.left', { userId: user.id, reason: 'deactivated', queueInterface: before.queueInterface });
        else if (before.queueInterface && (before.queueInterface !== (user.queueInterface ?? null) || before.queueStateInterface !== (user.queueStateInterface ?? null))) {
          events?.emit('user.queue_interface_changed', { userId: user.id, from: before.queueInterface, to: user.queueInterface ?? null, stateInterface: user.queueStateInterface ?? null });
        }
        return userView(user);
      },
    }),
  ];
}
