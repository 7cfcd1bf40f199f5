import { Op, Sequelize, UniqueConstraintError, WhereOptions, WhereOperators } from 'sequelize';
import { Appeal, AppealEvent, DeadlineNotice } from '../models';
import type { DeadlineNoticeKind } from '../models/deadline-notice';
import type { DomainEvents } from '../appeals/domain-events';
import { OPEN_STATUSES } from '../appeals/state-machine';
import type { JobContext, JobDefinition, JobSummary } from './job';

export interface DeadlineWatchOptions {
  events: DomainEvents;
  /** DEADLINE_WARNING_HOURS: how long before the deadline the executor is warned. */
  warningHours: number;
  /** Appeals read per query; the run goes on until none is left. */
  batch?: number;
}

/** Who writes the overdue line into an appeal's history. */
export const DEADLINE_ACTOR = 'deadline-watch';

/**
 * Deadline control, every 5 minutes on one instance at a time: appeals still owed
 * (OPEN_STATUSES) whose deadline is near (warningDue) get a warning to the executor, those past it are marked
 * overdue (appeals.overdue_at, a history line) and the executor and the head are alerted.
 */
export function deadlineWatchJob(o: DeadlineWatchOptions): JobDefinition {
  return {
    name: 'deadline-watch',
    schedule: '*/5 * * * *',
    exclusive: true,
    leaseMs: 4 * 60_000,
    run: (ctx) => watchDeadlines(ctx, o),
  };
}

/**
 * Whether the warning is due: within `warningHours` of the deadline, but never before half the
 * appeal's term has passed. An emergency (24 h) with the default 24 h window would otherwise be
 * "near its deadline" the moment it is registered, on top of the emergency alert itself.
 */
export function warningDue(registeredAt: Date, deadlineAt: Date, now: Date, warningHours: number): boolean {
  const left = deadlineAt.getTime() - now.getTime();
  const halfTerm = (deadlineAt.getTime() - registeredAt.getTime()) / 2;
  return left >= 0 && left <= Math.min(warningHours * 3_600_000, halfTerm);
}

export async function watchDeadlines(ctx: JobContext, o: DeadlineWatchOptions): Promise<JobSummary> {
  const now = ctx.now;
  const overdue = await sweep(ctx, o, 'overdue', { [Op.lt]: now });
  const warned = await sweep(ctx, o, 'warning', { [Op.gte]: now, [Op.lte]: new Date(now.getTime() + o.warningHours * 3_600_000) });
  return { warned, overdue, stopped: ctx.signal.aborted };
}

/**
 * Raises `kind` for every open appeal whose deadline matches and that has no such notice for its
 * current deadline yet. The NOT EXISTS keeps a run cheap however many appeals were alerted before.
 */
async function sweep(ctx: JobContext, o: DeadlineWatchOptions, kind: DeadlineNoticeKind, deadline: WhereOperators<Date>): Promise<number> {
  const batch = o.batch ?? 200;
  let afterId = 0;
  let raised = 0;
  for (;;) {
    if (ctx.signal.aborted) return raised;
    const rows = await Appeal.findAll({
      attributes: ['id', 'deadlineAt', 'registeredAt'],
      where: {
        id: { [Op.gt]: afterId },
        status: { [Op.in]: [...OPEN_STATUSES] },
        deadlineAt: deadline,
        [Op.and]: [
          Sequelize.literal(
            `NOT EXISTS (SELECT 1 FROM deadline_notices n WHERE n.appeal_id = \`Appeal\`.\`id\` AND n.kind = '${kind}' AND n.deadline_at = \`Appeal\`.\`deadline_at\`)`,
          ),
        ],
      } as WhereOptions<Appeal>,
      order: [['id', 'ASC']],
      limit: batch,
    });
    for (const row of rows) {
      if (ctx.signal.aborted) return raised;
      afterId = row.id;
      if (kind === 'warning' && !warningDue(row.registeredAt, row.deadlineAt, ctx.now, o.warningHours)) continue;
      if (await raise(ctx, o, kind, row.id, row.deadlineAt)) raised++;
    }
    if (rows.length < batch) return raised;
  }
}

/**
 * Inserts the notice first; only the transaction whose insert won alerts, so an alert goes out
 * once even if two instances (or a lapsed lease) run the watch together. The appeal row is
 * re-read locked, so a move or an extension made meanwhile is seen.
 */
async function raise(ctx: JobContext, o: DeadlineWatchOptions, kind: DeadlineNoticeKind, appealId: number, seenDeadline: Date): Promise<boolean> {
  const now = ctx.now;
  const db = Appeal.sequelize!;
  const appeal = await db.transaction(async (transaction) => {
    const row = await Appeal.findByPk(appealId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!row || !OPEN_STATUSES.includes(row.status) || row.deadlineAt.getTime() !== seenDeadline.getTime()) return null;
    try {
      await DeadlineNotice.create({ appealId, kind, deadlineAt: row.deadlineAt, createdAt: now }, { transaction });
    } catch (err) {
      if (err instanceof UniqueConstraintError) return null;
      throw err;
    }
    if (kind === 'overdue') {
      if (!row.overdueAt) await row.update({ overdueAt: now }, { transaction });
      await AppealEvent.create(
        {
          appealId, type: 'overdue', fromStatus: null, toStatus: null, userId: null, actor: DEADLINE_ACTOR,
          comment: 'Порушено строк розгляду', data: { deadlineAt: row.deadlineAt.toISOString() }, createdAt: now,
        },
        { transaction },
      );
    }
    return row;
  });
  if (!appeal) return false;
  const change = { appealId: appeal.id, number: appeal.number, executorId: appeal.executorId ?? null, status: appeal.status, emergency: appeal.emergency, deadlineAt: appeal.deadlineAt };
  ctx.logger.info({ appealId: appeal.id, number: appeal.number, kind, deadlineAt: appeal.deadlineAt.toISOString() }, kind === 'overdue' ? 'appeal overdue' : 'appeal deadline near');
  if (kind === 'overdue') o.events.emit('appeal.overdue', { ...change, overdueAt: appeal.overdueAt ?? now });
  else o.events.emit('appeal.deadline_warning', change);
  return true;
}
