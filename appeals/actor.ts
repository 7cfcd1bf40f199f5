import type { Role } from '../models/user';

/** Who is acting on an appeal: a signed-in user, or a part of the system (the IVR, a job, Open311). */
export type Actor =
  | { kind: 'user'; userId: number; role: Role; organizationId: number | null; ip?: string | null }
  | { kind: 'system'; name: string };

export type ActorRole = Role | 'system';

export function actorRole(actor: Actor): ActorRole {
  return actor.kind === 'user' ? actor.role : 'system';
}

export function actorName(actor: Actor): string {
  return actor.kind === 'user' ? `user:${actor.userId}` : actor.name;
}

export const systemActor = (name: string): Actor => ({ kind: 'system', name });
