import { Op, WhereOptions } from 'sequelize';
import { Appeal, AppealEvent, Applicant, Call, Category, Organization } from '../models';
import type { AppealStatus, Channel } from '../models/appeal';
import { ForbiddenError, NotFoundError } from '../core/errors';
import type { AppealContext } from './context';
import { Actor, actorRole } from './actor';
import { appealScope, assertCanSee, applicantVisibility, appealNotFound } from './access';
import { appealView, applicantView, hasContact, LoadedAppeal } from './appeal-view';
import { auditApplicantRead, auditAppealContactRead } from './audit';
import { historyInWords } from './history-words';
import { normalizePhone } from './phone';
import { OPEN_STATUSES } from './state-machine';

export interface AppealFilters {
  status?: AppealStatus[];
  categoryId?: number;
  executorId?: number;
  channel?: Channel;
  overdue?: boolean;
  repeated?: boolean;
  emergency?: boolean;
  from?: Date;
  to?: Date;
  phone?: string;
  q?: string;
  page: number;
  pageSize: number;
}

const listIncludes = [
  { model: Category, as: 'category', attributes: ['id', 'code', 'name'] },
  { model: Organization, as: 'executor', attributes: ['id', 'code', 'name', 'shortName'] },
];

/** Searches appeals within what the actor may see. Lists carry no applicant personal data. */
export async function searchAppeals(ctx: AppealContext, actor: Actor, f: AppealFilters) {
  const now = ctx.clock.now();
  const and: WhereOptions<Appeal>[] = [appealScope(actor)];
  if (f.status?.length) and.push({ status: { [Op.in]: f.status } });
  if (f.categoryId) and.push({ categoryId: f.categoryId });
  if (f.executorId) and.push({ executorId: f.executorId });
  if (f.channel) and.push({ channel: f.channel });
  if (f.repeated !== undefined) and.push({ repeated: f.repeated });
  if (f.emergency !== undefined) and.push({ emergency: f.emergency });
  if (f.from) and.push({ registeredAt: { [Op.gte]: f.from } });
  if (f.to) and.push({ registeredAt: { [Op.lte]: f.to } });
  if (f.overdue === true) and.push({ status: { [Op.in]: [...OPEN_STATUSES] }, deadlineAt: { [Op.lt]: now } });
  if (f.overdue === false) and.push({ [Op.or]: [{ status: { [Op.notIn]: [...OPEN_STATUSES] } }, { deadlineAt: { [Op.gte]: now } }] });
  if (f.phone) {
    const applicant = await Applicant.findOne({ where: { phone: normalizePhone(f.phone, ctx.rules.phoneRegion) }, attributes: ['id'] });
    and.push({ applicantId: applicant?.id ?? -1 });
    // Finding appeals by a phone links a person to them: a read of their personal data.
    if (applicant) await auditApplicantRead(actor, [applicant.id], 'appeals search by phone');
  }
  if (f.q?.trim()) {
    const like = `%${f.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    and.push({ [Op.or]: [{ number: { [Op.like]: like } }, { description: { [Op.like]: like } }, { address: { [Op.like]: like } }] });
  }
  const { rows, count } = await Appeal.findAndCountAll({
    where: { [Op.and]: and },
    include: listIncludes,
    order: [['registeredAt', 'DESC'], ['id', 'DESC']],
    limit: f.pageSize,
    offset: (f.page - 1) * f.pageSize,
    distinct: true,
  });
  return { items: rows.map((a) => appealView(a as LoadedAppeal, now)), total: count, page: f.page, pageSize: f.pageSize };
}

/** One appeal with its history and calls, by id or by its number. Reading its applicant is audited. */
export async function getAppeal(ctx: AppealContext, actor: Actor, ref: number | string) {
  appealScope(actor);
  const where = typeof ref === 'number' ? { id: ref } : { number: ref };
  const appeal = (await Appeal.findOne({
    where,
    include: [
      ...listIncludes,
      { model: Applicant, as: 'applicant' },
      { model: AppealEvent, as: 'events', separate: true, order: [['createdAt', 'ASC'], ['id', 'ASC']] },
      { model: Call, as: 'calls', attributes: ['id', 'uniqueid', 'direction', 'purpose', 'startedAt', 'endedAt', 'disposition'], through: { attributes: ['relation'] } },
    ],
  })) as (LoadedAppeal & { calls?: Call[] }) | null;
  if (!appeal) throw appealNotFound();
  assertCanSee(actor, appeal);
  const visibility = applicantVisibility(actor);
  if (visibility !== 'none' && appeal.applicantId) await auditApplicantRead(actor, [appeal.applicantId], `appeal ${appeal.number}`);
  else if (visibility !== 'none' && hasContact(appeal)) await auditAppealContactRead(actor, appeal.id, `appeal ${appeal.number}`);
  return {
    ...appealView(appeal, ctx.clock.now(), visibility),
    history: await historyInWords(appeal.events ?? [], appeal),
    ...(await linkedNumbers(appeal)),
    calls: (appeal.calls ?? []).map((c) => ({
      id: c.id, uniqueid: c.uniqueid, direction: c.direction, purpose: c.purpose ?? null,
      startedAt: c.startedAt.toISOString(), endedAt: c.endedAt?.toISOString() ?? null, disposition: c.disposition,
      relation: (c as unknown as { CallAppeal?: { relation: string } }).CallAppeal?.relation ?? null,
    })),
  };
}

/** The appeals this one repeats or duplicates, by number: people know appeals by their numbers, not ids. */
async function linkedNumbers(appeal: Appeal) {
  const ids = [appeal.repeatOfId, appeal.duplicateOfId].filter((id): id is number => typeof id === 'number');
  const rows = ids.length ? await Appeal.findAll({ where: { id: { [Op.in]: ids } }, attributes: ['id', 'number'] }) : [];
  const ref = (id: number | null | undefined) => {
    const row = rows.find((r) => r.id === id);
    return row ? { id: row.id, number: row.number } : null;
  };
  return { repeatOf: ref(appeal.repeatOfId), duplicateOf: ref(appeal.duplicateOfId) };
}

/**
 * The screen-pop query: an applicant by any spelling of their phone with their latest appeals,
 * open and repeated ones marked. Only those who handle calls may run it; every run is audited.
 */
export async function applicantHistory(ctx: AppealContext, actor: Actor, phone: string, limit = 10) {
  assertHandlesCalls(actor);
  const e164 = normalizePhone(phone, ctx.rules.phoneRegion);
  const applicant = await Applicant.findOne({ where: { phone: e164 } });
  if (!applicant) return { phone: e164, applicant: null, appeals: [], openCount: 0 };
  await auditApplicantRead(actor, [applicant.id], 'history by phone');
  const now = ctx.clock.now();
  const appeals = await Appeal.findAll({
    where: { applicantId: applicant.id },
    include: listIncludes,
    order: [['registeredAt', 'DESC'], ['id', 'DESC']],
    limit,
  });
  const views = appeals.map((a) => ({ ...appealView(a as LoadedAppeal, now), open: OPEN_STATUSES.includes(a.status) }));
  const openCount = await Appeal.count({ where: { applicantId: applicant.id, status: { [Op.in]: [...OPEN_STATUSES] } } });
  return { phone: e164, applicant: applicantView(applicant, 'full'), appeals: views, openCount };
}

export async function getApplicant(ctx: AppealContext, actor: Actor, id: number) {
  assertHandlesCalls(actor);
  const applicant = await Applicant.findByPk(id);
  if (!applicant) throw new NotFoundError('applicant_not_found', 'Заявника не знайдено');
  await auditApplicantRead(actor, [applicant.id], 'applicant card');
  return applicantView(applicant, 'full');
}

export interface ApplicantPatch {
  fullName?: string | null;
  address?: string | null;
  consentToCalls?: boolean;
  doNotCall?: boolean;
}

export async function updateApplicant(ctx: AppealContext, actor: Actor, id: number, patch: ApplicantPatch) {
  assertHandlesCalls(actor);
  const applicant = await Applicant.findByPk(id);
  if (!applicant) throw new NotFoundError('applicant_not_found', 'Заявника не знайдено');
  await applicant.update(patch);
  await auditApplicantRead(actor, [applicant.id], 'applicant update');
  return applicantView(applicant, 'full');
}

function assertHandlesCalls(actor: Actor): void {
  const role = actorRole(actor);
  if (role !== 'dispatcher' && role !== 'head' && role !== 'system') {
    throw new ForbiddenError('role_not_allowed', 'Дані заявників доступні лише диспетчерам і керівнику');
  }
}
