import { Op, Sequelize, UniqueConstraintError, WhereOptions } from 'sequelize';
import { Applicant, Call, CallbackTask } from '../models';
import { toE164 } from '../core/phone';
import type { JobContext, JobDefinition, JobSummary } from './job';

export interface AbandonedCallsOptions {
  /** DEFAULT_REGION: how caller ids without a country code are read. */
  phoneRegion: string;
  /** Told of each task made (the consoles get a push). */
  onCreated?: (task: CallbackTask) => void;
  batch?: number;
}

/**
 * Abandoned calls older than this get no task: a call back a day later helps nobody, and on the
 * first start the list is not flooded with a year of old calls.
 */
export const ABANDONED_LOOKBACK_HOURS = 24;

/**
 * Every minute, on one instance: a caller who hung up in the queue and has not got through since
 * gets a task for the dispatchers to call them back; open tasks of callers who got through to a
 * dispatcher later are closed by themselves. With ABANDONED_AUTO_CALLBACK, the
 * abandoned-callback-dialer job calls fresh tasks back.
 */
export function abandonedCallsJob(o: AbandonedCallsOptions): JobDefinition {
  return {
    name: 'abandoned-calls',
    schedule: '* * * * *',
    exclusive: true,
    leaseMs: 2 * 60_000,
    run: (ctx) => collectAbandonedCalls(ctx, o),
  };
}

export async function collectAbandonedCalls(ctx: JobContext, o: AbandonedCallsOptions): Promise<JobSummary> {
  // Close first: a caller who got through needs no new task either.
  const closed = await closeAnswered(ctx);
  const created = await createTasks(ctx, o);
  return { created, closed, stopped: ctx.signal.aborted };
}

/**
 * A later inbound call from the number that reached a dispatcher. "Later" includes the same
 * second: MySQL keeps whole seconds, and the abandoned call itself is never 'answered'.
 */
function laterAnsweredCall(phone: string, after: Date) {
  return Call.findOne({
    attributes: ['id', 'startedAt'],
    where: { callerNumber: phone, direction: 'inbound', disposition: 'answered', startedAt: { [Op.gte]: after } },
    order: [['startedAt', 'ASC']],
  });
}

async function closeAnswered(ctx: JobContext): Promise<number> {
  let closed = 0;
  let afterId = 0;
  for (;;) {
    if (ctx.signal.aborted) return closed;
    const tasks = await CallbackTask.findAll({ where: { status: 'open', id: { [Op.gt]: afterId } }, order: [['id', 'ASC']], limit: 200 });
    if (tasks.length === 0) return closed;
    const calls = await Call.findAll({ attributes: ['id', 'startedAt'], where: { id: { [Op.in]: tasks.map((t) => t.callId) } } });
    const startedAt = new Map(calls.map((c) => [c.id, c.startedAt]));
    for (const task of tasks) {
      afterId = task.id;
      const since = startedAt.get(task.callId);
      const through = since ? await laterAnsweredCall(task.phone, since) : null;
      if (!through) continue;
      // Conditional: a dispatcher closing it at the same moment keeps their note.
      const [n] = await CallbackTask.update(
        { status: 'done', note: 'Абонент додзвонився сам', closedAt: ctx.now, updatedAt: ctx.now },
        { where: { id: task.id, status: 'open' } },
      );
      closed += n;
    }
  }
}

async function createTasks(ctx: JobContext, o: AbandonedCallsOptions): Promise<number> {
  const batch = o.batch ?? 200;
  const since = new Date(ctx.now.getTime() - ABANDONED_LOOKBACK_HOURS * 3_600_000);
  let created = 0;
  let afterId = 0;
  for (;;) {
    if (ctx.signal.aborted) return created;
    const calls = await Call.findAll({
      attributes: ['id', 'callerNumber', 'applicantId', 'startedAt', 'endedAt'],
      where: {
        id: { [Op.gt]: afterId },
        direction: 'inbound',
        disposition: 'abandoned',
        callerNumber: { [Op.ne]: null },
        endedAt: { [Op.gte]: since, [Op.lte]: ctx.now },
        [Op.and]: [Sequelize.literal('NOT EXISTS (SELECT 1 FROM callback_tasks t WHERE t.call_id = `Call`.`id`)')],
      } as WhereOptions<Call>,
      order: [['id', 'ASC']],
      limit: batch,
    });
    for (const call of calls) {
      if (ctx.signal.aborted) return created;
      afterId = call.id;
      const task = await taskFor(ctx, o, call);
      if (task) {
        created++;
        o.onCreated?.(task);
      }
    }
    if (calls.length < batch) return created;
  }
}

async function taskFor(ctx: JobContext, o: AbandonedCallsOptions, call: Call): Promise<CallbackTask | null> {
  // A hidden or undiallable caller id: nobody to call back.
  const phone = toE164(call.callerNumber, o.phoneRegion);
  if (!phone) return null;
  const endedAt = call.endedAt ?? call.startedAt;
  // Covered by a task that was still open when this call ended (a caller trying again while
  // waiting for the call back): one call back answers both.
  const covering = await CallbackTask.findOne({
    attributes: ['id'],
    where: { phone, [Op.or]: [{ status: 'open' }, { closedAt: { [Op.gte]: endedAt } }] },
  });
  if (covering) return null;
  if (await laterAnsweredCall(phone, call.startedAt)) return null;
  const applicantId = call.applicantId ?? (await Applicant.findOne({ attributes: ['id'], where: { phone } }))?.id ?? null;
  try {
    const task = await CallbackTask.create({ callId: call.id, phone, applicantId, reason: 'abandoned', createdAt: ctx.now, updatedAt: ctx.now });
    ctx.logger.info({ taskId: task.id, callId: call.id }, 'callback task for an abandoned call');
    return task;
  } catch (err) {
    // Another run made it first (call_id is unique).
    if (err instanceof UniqueConstraintError) return null;
    throw err;
  }
}
