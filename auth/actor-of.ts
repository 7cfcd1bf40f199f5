import type { Actor } from '../appeals/actor';
import type { AuthenticatedUser } from './session-tokens';

export function actorOf(user: AuthenticatedUser, ip?: string | null): Actor {
  return { kind: 'user', userId: user.id, role: user.role, organizationId: user.organizationId, ip: ip ?? null };
}
