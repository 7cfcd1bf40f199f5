import { z } from 'zod';
import { User } from '../../models';
import { RateLimitedError, UnauthorizedError } from '../../core/errors';
import { loginFailed, loginLockedFor, loginSucceeded, loginThrottles, liftLoginThrottle } from '../../auth/login-throttle';
import { verifyPassword, hashPassword, generatePassword } from '../../auth/passwords';
import { ROLES } from '../../models/user';
import type { ApiDeps } from '../deps';
import { route } from '../route-table';
import { bearerToken } from '../authenticate';

// Verified against when the login is unknown, so that both failures take the same time.
let dummyHash: Promise<string> | null = null;
const unknownUserHash = () => (dummyHash ??= hashPassword(generatePassword()));

export function authRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'post', path: '/api/auth/login', tag: 'auth', roles: 'public',
      summary: 'Sign in with login and password; returns a bearer token',
      body: z.object({ login: z.string().min(1).max(64), password: z.string().min(1).max(200) }),
      handler: async ({ body, req, res }) => {
        const address = req.ip ?? 'unknown';
        const wait = await loginLockedFor(body.login, address, deps.clock);
        if (wait > 0) {
          res.setHeader('Retry-After', String(wait));
          throw new RateLimitedError('login_throttled', `Забагато невдалих спроб входу в цей обліковий запис. Спробуйте через ${wait} с`);
        }
        const user = await User.findOne({ where: { login: body.login } });
        const ok = await verifyPassword(user?.passwordHash ?? (await unknownUserHash()), body.password);
        if (!user || !ok || !user.active) {
          await loginFailed(body.login, address, deps.clock);
          throw new UnauthorizedError('bad_credentials', 'Невірний логін або пароль');
        }
        await loginSucceeded(body.login, address);
        const { token, expiresAt } = await deps.tokens.issue(user.id, req.ip ?? null);
        deps.logger.info({ userId: user.id, role: user.role }, 'signed in');
        return {
          token, expiresAt: expiresAt.toISOString(),
          user: { id: user.id, login: user.login, fullName: user.fullName, role: user.role, organizationId: user.organizationId ?? null, queueInterface: user.queueInterface ?? null },
        };
      },
    }),
    route({
      method: 'post', path: '/api/auth/logout', tag: 'auth', roles: ROLES,
      summary: 'End this session (the token stops working everywhere)',
      handler: async ({ req, user }) => {
        await deps.tokens.revoke(bearerToken(req) ?? '');
        // Signing out of the console is leaving the queue too (after the call, if on one).
        if (user?.id != null && (user.role === 'dispatcher' || user.role === 'head')) deps.events?.emit('user.left', { userId: user.id, reason: 'sign_out', queueInterface: user.queueInterface });
      },
    }),
    route({
      method: 'get', path: '/api/auth/throttles', tag: 'auth', roles: ['admin', 'head'],
      summary: 'Failed sign-ins of the last day per account and address (address "*": all addresses), with the locks now in force',
      handler: async () => ({ items: await loginThrottles(deps.clock) }),
    }),
    route({
      method: 'delete', path: '/api/auth/throttles/:login', tag: 'auth', roles: ['admin'],
      summary: 'Lift the sign-in throttling of an account (every address); audited',
      params: z.object({ login: z.string().min(1).max(64) }),
      handler: async ({ params, user, req }) => {
        await liftLoginThrottle(params.login, { userId: user!.id, ip: req.ip ?? null });
      },
    }),
    route({
      method: 'get', path: '/api/auth/me', tag: 'auth', roles: ROLES,
      summary: 'Who the token belongs to',
      handler: ({ user }) => user,
    }),
  ];
}
