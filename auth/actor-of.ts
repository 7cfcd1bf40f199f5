import type { Actor } from '../appeals/actor';
import type { ApiIdentity } from './api-keys';

export function actorOf(user: ApiIdentity, ip?: string | null): Actor {
  return { kind: 'user', userId: user.id, apiKeyId: user.apiKeyId ?? null, role: user.role, organizationId: user.organizationId, ip: ip ?? null };
}
