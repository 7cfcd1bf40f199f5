import { Op } from 'sequelize';
import { Applicant, AuditLog, Call, CallbackTask } from '../models';
import type { CallbackTaskStatus } from '../models/callback-task';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import { auditApplicantRead } from '../appeals/audit';
import type { Actor } from '../appeals/actor';

export const NOTE_MAX = 1000;

export function callbackTaskView(t: CallbackTask, call: Call | undefined, applicant: Applicant | undefined) {
  return {
    id: t.id,
    callId: t.callId,
    phone: t.phone,
    applicant: applicant ? { id: applicant.id, fullName: applicant.fullName } : null,
    reason: t.reason,
    status: t.status,
    /** When the caller hung up, and how long they had waited. */
    calledAt: call?.startedAt.toISOString() ?? null,
    waitSeconds: call?.waitSeconds ?? null,
    attempts: t.attempts,
    claimedBy: t.claimedBy ?? null,
    note: t.note ?? null,
    createdAt: t.createdAt.toISOString(),
    closedAt: t.closedAt?.toISOString() ?? null,
    closedByUserId: t.closedByUserId ?? null,
  };
}

/**
 * Tasks to call back, oldest first (they waited longest). The numbers are personal data: the
 * read is audited per applicant, and per task when the caller is no known applicant.
 */
export async function listCallbackTasks(actor: Actor, status: CallbackTaskStatus, page: number, pageSize: number) {
  const { rows, count } = await CallbackTask.findAndCountAll({
    where: { status }, order: [['createdAt', status === 'open' ? 'ASC' : 'DESC'], ['id', 'ASC']], limit: pageSize, offset: (page - 1) * pageSize,
  });
  const [calls, applicants] = await Promise.all([
    rows.length ? Call.findAll({ attributes: ['id', 'startedAt', 'waitSeconds'], where: { id: { [Op.in]: rows.map((t) => t.callId) } } }) : [],
    rows.some((t) => t.applicantId) ? Applicant.findAll({ attributes: ['id', 'fullName'], where: { id: { [Op.in]: rows.map((t) => t.applicantId).filter((id): id is number => id != null) } } }) : [],
  ]);
  await auditTaskRead(actor, rows);
  const callById = new Map(calls.map((c) => [c.id, c]));
  const applicantById = new Map(applicants.map((a) => [a.id, a]));
  return {
    items: rows.map((t) => callbackTaskView(t, callById.get(t.callId), t.applicantId ? applicantById.get(t.applicantId) : undefined)),
    total: count, page, pageSize,
  };
}

async function auditTaskRead(actor: Actor, tasks: CallbackTask[]): Promise<void> {
  await auditApplicantRead(actor, tasks.map((t) => t.applicantId).filter((id): id is number => id != null), 'callback tasks');
  const anonymous = tasks.filter((t) => t.applicantId == null);
  if (anonymous.length === 0) return;
  await AuditLog.bulkCreate(anonymous.map((t) => ({
    userId: actor.kind === 'user' ? actor.userId : null, action: 'read_personal_data', subjectType: 'callback_task', subjectId: t.id,
    ip: actor.kind === 'user' ? (actor.ip ?? null) : null, context: 'callback tasks',
  })));
}

/**
 * A dispatcher closes a task: called back (done) or not needed (cancelled), with a note. Only an
 * open task can be closed; the update is conditional, so of two dispatchers one wins and the other
 * gets a 409.
 */
export async function closeCallbackTask(actor: Actor, id: number, outcome: 'done' | 'cancelled', note: string | null | undefined, now: Date) {
  const text = note?.trim() || null;
  if (outcome === 'cancelled' && !text) throw new ValidationError('reason_required', 'Вкажіть, чому передзвонювати не треба', [{ field: 'note', message: 'Вкажіть причину' }]);
  if (text && text.length > NOTE_MAX) throw new ValidationError('text_too_long', `Примітка довша за ${NOTE_MAX} символів`, [{ field: 'note', message: 'Задовга примітка' }]);
  const task = await CallbackTask.findByPk(id);
  if (!task) throw new NotFoundError('callback_task_not_found', 'Завдання передзвонити не знайдено');
  const userId = actor.kind === 'user' ? actor.userId : null;
  const [n] = await CallbackTask.update(
    { status: outcome, note: text, closedAt: now, closedByUserId: userId, claimedBy: null, claimedUntil: null, updatedAt: now },
    { where: { id, status: 'open' } },
  );
  if (n !== 1) throw new ConflictError('callback_task_closed', 'Це завдання вже закрито', { status: (await CallbackTask.findByPk(id, { attributes: ['status'] }))?.status });
  await task.reload();
  return { id: task.id, status: task.status, note: task.note ?? null, closedAt: task.closedAt?.toISOString() ?? null, closedByUserId: task.closedByUserId ?? null };
}
