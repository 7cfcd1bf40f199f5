import { Op, Sequelize, WhereOptions, ModelStatic, Model } from 'sequelize';
import { AuditLog, Call, CallbackTask, IdempotencyKey, LoginThrottle, NoticeCall, NoticeSubscription, Session } from '../models';
import type { JobContext, JobDefinition, JobSummary } from './job';

export interface RetentionOptions {
  /** RETENTION_CALL_DAYS */
  callDays: number;
  /** RETENTION_AUDIT_DAYS */
  auditDays: number;
  /** Rows changed per statement: short statements never hold a big table's locks for long. */
  batch?: number;
}

const DAY_MS = 86_400_000;
/** A client retries a lost answer within minutes; a week covers any outage of theirs. */
const IDEMPOTENCY_KEY_DAYS = 7;

/**
 * Nightly (03:30 city time, one instance): personal data is kept no longer than needed (law
 * "Про захист персональних даних", art. 6). What goes and what stays:
 * - calls older than RETENTION_CALL_DAYS lose the caller's and called numbers and the IVR path
 *   (NULL: nothing to reverse). The call's link to an applicant is kept only when the call is
 *   linked to an appeal: then it is part of the appeal's file, which the law "Про звернення
 *   громадян" makes us keep; a call about no appeal has no reason left to name a person.
 *   Times, queue, wait and dispatcher stay, so statistics still add up.
 * - appeals and their applicants are not touched here (kept under the law on citizens' appeals).
 * - audit rows older than RETENTION_AUDIT_DAYS are deleted;
 * - closed callback tasks (they hold a number) older than RETENTION_CALL_DAYS are deleted;
 * - notice calls that ended before RETENTION_CALL_DAYS lose their phone (`x<id>` in its place,
 *   so the notice's counts and report still add up); subscriptions ended that long ago are deleted;
 * - expired sign-ins are deleted;
 * - Idempotency-Keys of registrations (their kept answers name the applicant) older than a week;
 * - sign-in throttling counters quiet for a day and not locking anything.
 * Each step works in batches and stops at the next batch when the server shuts down.
 */
export function retentionJob(o: RetentionOptions): JobDefinition {
  return {
    name: 'retention',
    schedule: '30 3 * * *',
    exclusive: true,
    leaseMs: 30 * 60_000,
    run: (ctx) => applyRetention(ctx, o),
  };
}

export async function applyRetention(ctx: JobContext, o: RetentionOptions): Promise<JobSummary> {
  const batch = o.batch ?? 500;
  const callCutoff = new Date(ctx.now.getTime() - o.callDays * DAY_MS);
  const auditCutoff = new Date(ctx.now.getTime() - o.auditDays * DAY_MS);

  const callsAnonymised = await inBatches(ctx, Call, batch, {
    startedAt: { [Op.lt]: callCutoff },
    [Op.or]: [{ callerNumber: { [Op.ne]: null } }, { calledNumber: { [Op.ne]: null } }, { ivrPath: { [Op.ne]: null } }],
  }, (ids) => Call.update({ callerNumber: null, calledNumber: null, ivrPath: null }, { where: { id: { [Op.in]: ids } } }));
  const callsUnlinked = await inBatches(ctx, Call, batch, {
    startedAt: { [Op.lt]: callCutoff },
    applicantId: { [Op.ne]: null },
    [Op.and]: [Sequelize.literal('NOT EXISTS (SELECT 1 FROM call_appeals ca WHERE ca.call_id = `Call`.`id`)')],
  }, (ids) => Call.update({ applicantId: null }, { where: { id: { [Op.in]: ids } } }));
  const callbackTasksDeleted = await inBatches(ctx, CallbackTask, batch, {
    status: { [Op.ne]: 'open' },
    closedAt: { [Op.lt]: callCutoff },
  }, (ids) => CallbackTask.destroy({ where: { id: { [Op.in]: ids } } }));
  const noticeCallsAnonymised = await inBatches(ctx, NoticeCall, batch, {
    endedAt: { [Op.lt]: callCutoff },
    phone: { [Op.notLike]: 'x%' },
  }, (ids) => Promise.all(ids.map((id) => NoticeCall.update({ phone: `x${id}` }, { where: { id } }))));
  const subscriptionsDeleted = await inBatches(ctx, NoticeSubscription, batch, { unsubscribedAt: { [Op.lt]: callCutoff } },
    (ids) => NoticeSubscription.destroy({ where: { id: { [Op.in]: ids } } }));
  const auditDeleted = await inBatches(ctx, AuditLog, batch, { createdAt: { [Op.lt]: auditCutoff } },
    (ids) => AuditLog.destroy({ where: { id: { [Op.in]: ids } } }));
  const sessionsDeleted = await inBatches(ctx, Session, batch, { expiresAt: { [Op.lt]: ctx.now } },
    (ids) => Session.destroy({ where: { id: { [Op.in]: ids } } }));

  const idempotencyKeysDeleted = await inBatches(ctx, IdempotencyKey, batch, { createdAt: { [Op.lt]: new Date(ctx.now.getTime() - IDEMPOTENCY_KEY_DAYS * DAY_MS) } },
    (ids) => IdempotencyKey.destroy({ where: { id: { [Op.in]: ids } } }));
  const loginThrottlesDeleted = await inBatches(ctx, LoginThrottle, batch, {
    lastFailureAt: { [Op.lt]: new Date(ctx.now.getTime() - DAY_MS) },
    [Op.or]: [{ lockedUntil: null }, { lockedUntil: { [Op.lt]: ctx.now } }],
  }, (ids) => LoginThrottle.destroy({ where: { id: { [Op.in]: ids } } }));

  return { callsAnonymised, callsUnlinked, callbackTasksDeleted, noticeCallsAnonymised, subscriptionsDeleted, auditDeleted, sessionsDeleted, idempotencyKeysDeleted, loginThrottlesDeleted, stopped: ctx.signal.aborted };
}

/**
 * Picks up to `batch` ids matching `where` and applies `change` to them, until none is left. The
 * change must make a row stop matching, or the loop would see it again.
 */
async function inBatches<M extends Model & { id: number }>(
  ctx: JobContext, model: ModelStatic<M>, batch: number, where: WhereOptions, change: (ids: number[]) => Promise<unknown>,
): Promise<number> {
  let done = 0;
  for (;;) {
    if (ctx.signal.aborted) return done;
    const rows = await model.findAll({ attributes: ['id'], where, order: [['id', 'ASC']], limit: batch });
    if (rows.length === 0) return done;
    await change(rows.map((r) => r.id));
    done += rows.length;
    if (rows.length < batch) return done;
  }
}
