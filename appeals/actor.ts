import type { Role } from '../models/user';

/**
 * Who is acting on an appeal: a signed-in user, or a part of the system (the IVR, a job, Open311).
 * A machine of an organization with an API key acts as a user of role executor with no userId and
 * its apiKeyId, so every access rule for executors applies to it unchanged.
 */
export type Actor =
  | { kind: 'user'; userId: number | null; apiKeyId?: number | null; role: Role; organizationId: number | null; ip?: string | null }
  | { kind: 'system'; name: string };

export type ActorRole = Role | 'system';

export function actorRole(actor: Actor): ActorRole {
  return actor.kind === 'user' ? actor.role : 'system';
}

export function actorName(actor: Actor): string {
  if (actor.kind === 'system') return actor.name;
  return actor.apiKeyId ? `apikey:${actor.apiKeyId}` : `user:${actor.userId}`;
}

export const systemActor = (name: string): Actor => ({ kind: 'system', name });
