import type { AppealStatus } from '../models/appeal';
import type { ActorRole } from './actor';

export const MOVES = ['assign', 'start', 'complete', 'confirm', 'return', 'reject', 'duplicate', 'decline'] as const;
export type Move = (typeof MOVES)[number];

interface MoveRule {
  from: readonly AppealStatus[];
  to: AppealStatus;
  roles: readonly ActorRole[];
  /** Shown with a 409 when the appeal is in a state the move does not start from. */
  label: string;
}

/**
 * The appeal lifecycle as data: new → assigned → in progress → done → confirmed, or done →
 * returned for rework → in progress again; rejected and duplicate end it. Everything that changes
 * an appeal's status goes through this table.
 */
export const LIFECYCLE: Record<Move, MoveRule> = {
  assign: { from: ['new', 'assigned', 'in_progress', 'returned'], to: 'assigned', roles: ['dispatcher', 'head', 'system'], label: 'передати виконавцю' },
  start: { from: ['assigned', 'returned'], to: 'in_progress', roles: ['executor', 'dispatcher', 'head', 'system'], label: 'взяти в роботу' },
  complete: { from: ['assigned', 'in_progress', 'returned'], to: 'done', roles: ['executor', 'dispatcher', 'head', 'system'], label: 'позначити виконаним' },
  confirm: { from: ['done'], to: 'confirmed', roles: ['dispatcher', 'head', 'system'], label: 'підтвердити виконання' },
  return: { from: ['done'], to: 'returned', roles: ['dispatcher', 'head', 'system'], label: 'повернути на доопрацювання' },
  reject: { from: ['new', 'assigned', 'in_progress', 'returned'], to: 'rejected', roles: ['dispatcher', 'head'], label: 'відхилити' },
  duplicate: { from: ['new', 'assigned', 'in_progress', 'returned'], to: 'duplicate', roles: ['dispatcher', 'head'], label: 'позначити дублікатом' },
  // The executor says it is not in their competence: back to the dispatchers, with no executor, to be routed again.
  decline: { from: ['assigned', 'in_progress', 'returned'], to: 'new', roles: ['executor'], label: 'відмовитися як не за компетенцією' },
};

/** Statuses in which the executor still owes work: these can become overdue and be extended. */
export const OPEN_STATUSES: readonly AppealStatus[] = ['new', 'assigned', 'in_progress', 'returned'];
export const FINAL_STATUSES: readonly AppealStatus[] = ['confirmed', 'rejected', 'duplicate'];

export const STATUS_NAMES: Record<AppealStatus, string> = {
  new: 'нове',
  assigned: 'передано виконавцю',
  in_progress: 'на виконанні',
  done: 'виконано, очікує підтвердження',
  confirmed: 'виконано й підтверджено',
  returned: 'повернуто на доопрацювання',
  rejected: 'відхилено',
  duplicate: 'дублікат',
};

export function isOverdue(status: AppealStatus, deadlineAt: Date, now: Date): boolean {
  return OPEN_STATUSES.includes(status) && deadlineAt.getTime() < now.getTime();
}
