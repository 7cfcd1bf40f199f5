import type { Transaction } from 'sequelize';
import { Appeal, AppealEvent, Organization } from '../models';
import type { AppealStatus } from '../models/appeal';
import { ConflictError, ForbiddenError, ValidationError } from '../core/errors';
import type { AppealContext } from './context';
import { REASON_MAX } from './context';
import { Actor, actorName, actorRole } from './actor';
import { assertCanSee, appealNotFound } from './access';
import { LIFECYCLE, Move, OPEN_STATUSES, STATUS_NAMES } from './state-machine';
import { maxDeadline, MAX_TOTAL_DAYS } from './deadlines';

export interface MoveInput {
  comment?: string | null;
  /** Required to reject and to return for rework. */
  reason?: string | null;
  /** assign: the executor to hand the appeal to (default: the current one). */
  executorId?: number | null;
  /** duplicate: the appeal this one repeats. */
  duplicateOfId?: number | null;
  /** complete: what the executor did. */
  result?: string | null;
  /** complete: a link to a photo of the result (http/https), kept in the history. */
  photoUrl?: string | null;
  /** The appeal's version the move was decided on; a move from an older one is refused. */
  expectedVersion?: number | null;
}

/** Two people acting on one appeal at once: the later one acted on what it no longer is. */
export function assertVersion(row: Appeal, expected: number | null | undefined): void {
  if (expected == null || expected === row.version) return;
  throw new ConflictError(
    'stale_version',
    `Звернення ${row.number} вже змінили після того, як ви його відкрили: оновіть сторінку й повторіть дію`,
    { currentVersion: row.version, yourVersion: expected },
  );
}

/**
 * Moves an appeal through its lifecycle. The appeal row is locked for the transaction, so two
 * people acting at once cannot both move it from the same state; each move is one history line.
 */
export async function moveAppeal(ctx: AppealContext, actor: Actor, appealId: number, move: Move, input: MoveInput = {}): Promise<Appeal> {
  const rule = LIFECYCLE[move];
  if (!rule.roles.includes(actorRole(actor))) {
    throw new ForbiddenError('role_not_allowed', `Ваша роль не дозволяє ${rule.label}`);
  }
  const reason = input.reason?.trim() || null;
  if ((move === 'reject' || move === 'return' || move === 'decline') && !reason) {
    throw new ValidationError('reason_required', 'Вкажіть причину', [{ field: 'reason', message: 'Вкажіть причину' }]);
  }
  if (input.photoUrl && move !== 'complete') {
    throw new ValidationError('validation_failed', 'Фото додають лише до результату виконання', [{ field: 'photoUrl', message: 'Лише для виконання' }]);
  }
  if (reason && reason.length > REASON_MAX) {
    throw new ValidationError('text_too_long', `Причина довша за ${REASON_MAX} символів`, [{ field: 'reason', message: 'Задовга причина' }]);
  }

  let fromStatus: AppealStatus = 'new';
  const appeal = await ctx.db.transaction(async (transaction) => {
    const row = await Appeal.findByPk(appealId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!row) throw appealNotFound();
    assertCanSee(actor, row);
    assertVersion(row, input.expectedVersion);
    fromStatus = row.status;
    if (!rule.from.includes(row.status)) {
      throw new ConflictError(
        'illegal_transition',
        `Неможливо ${rule.label}: звернення ${row.number} має стан «${STATUS_NAMES[row.status]}»`,
        { from: row.status, move, allowedFrom: rule.from },
      );
    }
    const now = ctx.clock.now();
    const patch: Partial<Appeal> = { status: rule.to, version: row.version + 1 };
    const data: Record<string, unknown> = {};
    switch (move) {
      case 'assign': {
        const executorId = input.executorId ?? row.executorId;
        if (!executorId) throw new ValidationError('executor_required', 'Оберіть виконавця', [{ field: 'executorId', message: 'Оберіть виконавця' }]);
        const executor = await Organization.findOne({ where: { id: executorId, active: true }, transaction });
        if (!executor) throw new ValidationError('unknown_executor', 'Такого виконавця немає', [{ field: 'executorId', message: 'Такого виконавця немає' }]);
        patch.executorId = executorId;
        data.executorId = executorId;
        if (row.executorId && row.executorId !== executorId) data.previousExecutorId = row.executorId;
        break;
      }
      case 'complete':
        patch.doneAt = now;
        patch.result = input.result?.trim() || input.comment?.trim() || null;
        // The history line keeps its own result: a later completion (after a return) replaces the appeal's.
        if (patch.result) data.result = patch.result;
        if (input.photoUrl) data.photoUrl = input.photoUrl;
        break;
      case 'decline':
        patch.executorId = null;
        data.declinedBy = row.executorId;
        break;
      case 'return':
        patch.doneAt = null;
        break;
      case 'confirm':
        patch.closedAt = now;
        break;
      case 'reject':
        patch.rejectionReason = reason;
        patch.closedAt = now;
        break;
      case 'duplicate': {
        const original = input.duplicateOfId ? await Appeal.findByPk(input.duplicateOfId, { transaction }) : null;
        if (!original || original.id === row.id || original.status === 'duplicate') {
          throw new ValidationError('unknown_original', 'Вкажіть звернення, дублікатом якого є це', [{ field: 'duplicateOfId', message: 'Немає такого звернення' }]);
        }
        patch.duplicateOfId = original.id;
        patch.closedAt = now;
        data.duplicateOf = original.number;
        break;
      }
    }
    await row.update(patch, { transaction });
    await AppealEvent.create(
      {
        appealId: row.id,
        type: 'status_changed',
        fromStatus: fromStatus,
        toStatus: rule.to,
        userId: actor.kind === 'user' ? actor.userId : null,
        actor: actorName(actor),
        comment: reason ?? input.comment?.trim() ?? null,
        data: Object.keys(data).length ? data : null,
        createdAt: now,
      },
      { transaction },
    );
    return row;
  });
  ctx.events.emit('appeal.changed', {
    appealId: appeal.id, number: appeal.number, executorId: appeal.executorId, status: appeal.status,
    emergency: appeal.emergency, type: move, fromStatus,
  });
  return appeal;
}

/** Extends the deadline with a reason; never past 45 days from registration in total (art. 20). */
export function extendDeadline(ctx: AppealContext, actor: Actor, appealId: number, newDeadline: Date, reason: string, expectedVersion?: number | null): Promise<Appeal> {
  return noteOnOpenAppeal(ctx, actor, appealId, {
    type: 'deadline_extended', move: 'extend', text: reason, field: 'reason', expectedVersion,
    forbidden: 'Ваша роль не дозволяє продовжувати строк',
    missing: 'Вкажіть причину продовження',
    notOpen: (status) => `Строк звернення у стані «${STATUS_NAMES[status]}» не продовжують`,
    change: async (row, transaction) => {
      if (newDeadline.getTime() <= row.deadlineAt.getTime()) {
        throw new ValidationError('deadline_not_later', 'Новий строк має бути пізніше за поточний', [{ field: 'deadline', message: 'Не пізніше за поточний строк' }]);
      }
      const limit = maxDeadline(row.registeredAt, ctx.rules.timeZone);
      if (newDeadline.getTime() > limit.getTime()) {
        throw new ValidationError('deadline_exceeds_limit', `Загальний строк розгляду не може перевищувати ${MAX_TOTAL_DAYS} днів`, [
          { field: 'deadline', message: `Не пізніше ${limit.toISOString()}` },
        ]);
      }
      const previous = row.deadlineAt;
      await row.update({ deadlineAt: newDeadline, version: row.version + 1 }, { transaction });
      return { from: previous.toISOString(), to: newDeadline.toISOString() };
    },
  });
}

/** A progress report: a history line without a change of status (executor of the appeal, dispatcher, head). */
export function reportProgress(ctx: AppealContext, actor: Actor, appealId: number, comment: string, expectedVersion?: number | null): Promise<Appeal> {
  return noteOnOpenAppeal(ctx, actor, appealId, {
    type: 'progress', move: 'progress', text: comment, field: 'comment', expectedVersion,
    forbidden: 'Ваша роль не дозволяє звітувати про хід виконання',
    missing: 'Опишіть, що зроблено',
    notOpen: (status) => `Про хід виконання звернення у стані «${STATUS_NAMES[status]}» не звітують`,
  });
}

/**
 * A line the applicant adds to their own open appeal (a comment or photos from the residents'
 * site): a history line like a progress report, by the system actor that names the channel.
 */
export function addApplicantNote(ctx: AppealContext, actor: Actor, appealId: number, text: string): Promise<Appeal> {
  return noteOnOpenAppeal(ctx, actor, appealId, {
    type: 'applicant_comment', move: 'applicant_comment', text, field: 'comment',
    forbidden: 'Коментар заявника додає лише сам заявник',
    missing: 'Напишіть коментар',
    notOpen: (status) => `Звернення у стані «${STATUS_NAMES[status]}» вже не доповнюють`,
  });
}

interface OpenAppealNote {
  type: string;
  move: string;
  /** The reason or comment the history line carries; required. */
  text: string;
  field: string;
  /** As for moves: the version the note was written on, if the caller sent one. */
  expectedVersion?: number | null;
  forbidden: string;
  missing: string;
  notOpen: (status: AppealStatus) => string;
  /** Changes the locked row beyond the history line; returns the line's data. */
  change?: (row: Appeal, transaction: Transaction) => Promise<Record<string, unknown>>;
}

/**
 * A change to an appeal the executor still owes work on that keeps its status (an extension, a
 * progress report): same roles, same locking, one history line, and the rest told after commit.
 */
async function noteOnOpenAppeal(ctx: AppealContext, actor: Actor, appealId: number, o: OpenAppealNote): Promise<Appeal> {
  if (!['executor', 'dispatcher', 'head', 'system'].includes(actorRole(actor))) {
    throw new ForbiddenError('role_not_allowed', o.forbidden);
  }
  const text = o.text?.trim();
  if (!text) throw new ValidationError(o.field === 'reason' ? 'reason_required' : 'comment_required', o.missing, [{ field: o.field, message: o.missing }]);
  if (text.length > REASON_MAX) throw new ValidationError('text_too_long', 'Задовгий текст', [{ field: o.field, message: `Не довше ${REASON_MAX} символів` }]);

  const appeal = await ctx.db.transaction(async (transaction) => {
    const row = await Appeal.findByPk(appealId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!row) throw appealNotFound();
    assertCanSee(actor, row);
    assertVersion(row, o.expectedVersion);
    if (!OPEN_STATUSES.includes(row.status)) {
      throw new ConflictError('illegal_transition', o.notOpen(row.status), { from: row.status, move: o.move });
    }
    const data = o.change ? await o.change(row, transaction) : null;
    await AppealEvent.create(
      {
        appealId: row.id, type: o.type, fromStatus: row.status, toStatus: row.status,
        userId: actor.kind === 'user' ? actor.userId : null, actor: actorName(actor), comment: text, data, createdAt: ctx.clock.now(),
      },
      { transaction },
    );
    return row;
  });
  ctx.events.emit('appeal.changed', {
    appealId: appeal.id, number: appeal.number, executorId: appeal.executorId, status: appeal.status,
    emergency: appeal.emergency, type: o.move, fromStatus: appeal.status,
  });
  return appeal;
}
