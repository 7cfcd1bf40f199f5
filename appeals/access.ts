import { WhereOptions } from 'sequelize';
import { NotFoundError, ForbiddenError } from '../core/errors';
import type { Appeal } from '../models';
import type { Actor } from './actor';

/**
 * Who sees which appeals: dispatchers, the head and the system see all; an executor sees only
 * the appeals assigned to their organization; an admin manages users and reference data and sees
 * no appeals (no personal data without a need for it).
 */
export function appealScope(actor: Actor): WhereOptions<Appeal> {
  if (actor.kind === 'system') return {};
  switch (actor.role) {
    case 'dispatcher':
    case 'head':
      return {};
    case 'executor':
      // An executor account without an organization sees nothing rather than everything.
      return { executorId: actor.organizationId ?? -1 };
    case 'admin':
      throw new ForbiddenError('role_not_allowed', 'Адміністратор не працює зі зверненнями');
  }
}

export function assertCanSee(actor: Actor, appeal: Appeal): void {
  appealScope(actor);
  if (actor.kind === 'user' && actor.role === 'executor' && appeal.executorId !== actor.organizationId) {
    // The same answer as for a missing appeal: an executor learns nothing of others' appeals.
    throw appealNotFound();
  }
}

/** How much of the applicant an actor may see alongside an appeal. */
export function applicantVisibility(actor: Actor): 'full' | 'contact' | 'none' {
  if (actor.kind === 'system') return 'full';
  if (actor.role === 'dispatcher' || actor.role === 'head') return 'full';
  if (actor.role === 'executor') return 'contact';
  return 'none';
}

export function appealNotFound(): NotFoundError {
  return new NotFoundError('appeal_not_found', 'Звернення не знайдено');
}
