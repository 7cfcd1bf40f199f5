import { Op, WhereOptions } from 'sequelize';
import type { Clock } from '../core/clock';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { Organization, Outage, Street, UTILITIES, Utility, AreaSpec } from '../models';
import type { Role } from '../models/user';
import { areaText, normalizeArea } from './outage-area';
import { outageState, OutageState } from './outage-state';

/** Who acts: executors are bound to their organization; dispatchers and the head act for any. */
export interface OutageActor {
  role: Role;
  organizationId: number | null;
}

export interface OutageInput {
  utility: string;
  kind: 'planned' | 'emergency';
  area: AreaSpec;
  startsAt: Date;
  /** null: the time of restoration is not known yet. */
  endsAt: Date | null;
  reason?: string | null;
  contact?: string | null;
  /** The organization doing the work; an executor's own by default. */
  executorId?: number | null;
}

export interface OutageFilter {
  active?: boolean;
  upcoming?: boolean;
  utility?: Utility;
  executorId?: number;
  /** Also ended and cancelled ones; otherwise only what is active or still to come. */
  includePast?: boolean;
}

export interface OutageView {
  id: number;
  utility: Utility;
  kind: 'planned' | 'emergency';
  area: string;
  areaSpec: AreaSpec | null;
  startsAt: Date;
  endsAt: Date | null;
  reason: string | null;
  contact: string | null;
  executor: { id: number; shortName: string; phone: string | null } | null;
  state: OutageState;
  cancelledAt: Date | null;
  cancelReason: string | null;
  updatedAt: Date;
}

export interface OutageServiceDeps {
  clock: Clock;
  /** Called after every change, e.g. to drop the IVR's cached announcement. */
  onChange?: () => void;
}

// A planned outage entered for "now" reaches the server a moment later: that is not the past.
const PAST_GRACE_MS = 60_000;

type WithExecutor = Outage & { executor?: Organization | null };

/** Creates, changes, extends and cancels outages, with the rules of who may and what is valid. */
export class OutageService {
  constructor(private readonly deps: OutageServiceDeps) {}

  async list(filter: OutageFilter = {}): Promise<OutageView[]> {
    const now = this.deps.clock.now();
    const where: WhereOptions[] = [];
    if (!filter.includePast) where.push({ cancelledAt: null }, { [Op.or]: [{ endsAt: null }, { endsAt: { [Op.gt]: now } }] });
    // Both flags or neither: no condition on the start.
    if (filter.active && !filter.upcoming) where.push({ startsAt: { [Op.lte]: now } }, { [Op.or]: [{ endsAt: null }, { endsAt: { [Op.gt]: now } }] }, { cancelledAt: null });
    if (filter.upcoming && !filter.active) where.push({ startsAt: { [Op.gt]: now } }, { cancelledAt: null });
    if (filter.utility) where.push({ utility: filter.utility });
    if (filter.executorId) where.push({ executorId: filter.executorId });
    const rows = await Outage.findAll({ where: { [Op.and]: where }, include: ['executor'], order: [['startsAt', 'ASC'], ['id', 'ASC']], limit: 500 });
    return rows.map((o) => this.view(o, now));
  }

  async get(id: number): Promise<OutageView> {
    const o = await Outage.findByPk(id, { include: ['executor'] });
    if (!o) throw notFound();
    return this.view(o, this.deps.clock.now());
  }

  async create(actor: OutageActor, input: OutageInput): Promise<OutageView> {
    const utility = checkUtility(input.utility);
    const executorId = await this.executorFor(actor, input.executorId, utility);
    const area = normalizeArea(input.area, await Street.findAll());
    this.checkTimes(input.kind, input.startsAt, input.endsAt);
    const o = await Outage.create({
      utility, kind: input.kind, area: areaText(area), areaSpec: area, startsAt: input.startsAt, endsAt: input.endsAt,
      reason: input.reason?.trim() || null, contact: input.contact?.trim() || null, executorId,
    });
    this.changed();
    return this.get(o.id);
  }

  async update(actor: OutageActor, id: number, patch: Partial<OutageInput>): Promise<OutageView> {
    const o = await this.editable(actor, id);
    if (outageState(o, this.deps.clock.now()) === 'ended') throw new ConflictError('outage_ended', 'Відключення вже завершилося: його не можна змінити');
    const utility = patch.utility === undefined ? o.utility : checkUtility(patch.utility);
    const executorId = patch.executorId !== undefined || patch.utility !== undefined ? await this.executorFor(actor, patch.executorId ?? o.executorId, utility) : o.executorId;
    const kind = patch.kind ?? o.kind;
    const startsAt = patch.startsAt ?? o.startsAt;
    const endsAt = patch.endsAt === undefined ? o.endsAt : patch.endsAt;
    // An outage that has begun keeps its start: only a changed start or kind is checked against now.
    if (patch.startsAt !== undefined || patch.kind !== undefined) this.checkTimes(kind, startsAt, endsAt);
    else checkEnd(startsAt, endsAt);
    const change: Partial<Outage> = { utility, executorId, kind, startsAt, endsAt };
    if (patch.area !== undefined) {
      const area = normalizeArea(patch.area, await Street.findAll());
      Object.assign(change, { area: areaText(area), areaSpec: area });
    }
    if (patch.reason !== undefined) change.reason = patch.reason?.trim() || null;
    if (patch.contact !== undefined) change.contact = patch.contact?.trim() || null;
    await o.update(change);
    this.changed();
    return this.get(o.id);
  }

  /** Restoration takes longer than announced: the new end must be later than the current one. */
  async extend(actor: OutageActor, id: number, endsAt: Date): Promise<OutageView> {
    const o = await this.editable(actor, id);
    const current = o.endsAt ?? o.startsAt;
    if (endsAt.getTime() <= current.getTime()) {
      throw new ValidationError('extension_not_later', 'Нове закінчення має бути пізніше за поточне', [{ field: 'endsAt', message: 'Нове закінчення має бути пізніше за поточне' }]);
    }
    await o.update({ endsAt });
    this.changed();
    return this.get(o.id);
  }

  async cancel(actor: OutageActor, id: number, reason: string): Promise<OutageView> {
    const o = await this.editable(actor, id);
    if (outageState(o, this.deps.clock.now()) === 'ended') throw new ConflictError('outage_ended', 'Відключення вже завершилося: його не можна скасувати');
    if (!reason.trim()) throw new ValidationError('reason_required', 'Вкажіть причину скасування', [{ field: 'reason', message: 'Вкажіть причину скасування' }]);
    await o.update({ cancelledAt: this.deps.clock.now(), cancelReason: reason.trim() });
    this.changed();
    return this.get(o.id);
  }

  /** The outage if this actor may change it; another organization's is "not found", as for appeals. */
  private async editable(actor: OutageActor, id: number): Promise<Outage> {
    const o = await Outage.findByPk(id);
    if (!o || (actor.role === 'executor' && o.executorId !== actor.organizationId)) throw notFound();
    if (o.cancelledAt) throw new ConflictError('outage_cancelled', 'Відключення скасовано: його не можна змінити');
    return o;
  }

  /** Executors announce only for their own organization and the utilities it serves. */
  private async executorFor(actor: OutageActor, requested: number | null | undefined, utility: Utility): Promise<number | null> {
    if (actor.role === 'executor') {
      if (actor.organizationId == null) throw new ForbiddenError('no_organization', 'Ваш обліковий запис не прив’язаний до організації');
      if (requested != null && requested !== actor.organizationId) throw new ForbiddenError('not_your_organization', 'Можна оголошувати відключення лише своєї організації');
      const org = await Organization.findByPk(actor.organizationId);
      if (!org?.utilities.includes(utility)) throw new ForbiddenError('utility_not_served', 'Ваша організація не обслуговує цю послугу');
      return org.id;
    }
    if (requested == null) return null;
    if (!(await Organization.findByPk(requested))) {
      throw new ValidationError('unknown_executor', 'Такої організації немає', [{ field: 'executorId', message: 'Такої організації немає' }]);
    }
    return requested;
  }

  private checkTimes(kind: string, startsAt: Date, endsAt: Date | null): void {
    if (kind === 'planned' && startsAt.getTime() < this.deps.clock.now().getTime() - PAST_GRACE_MS) {
      throw new ValidationError('planned_in_past', 'Планове відключення не може починатися в минулому', [{ field: 'startsAt', message: 'Початок уже минув' }]);
    }
    checkEnd(startsAt, endsAt);
  }

  private changed(): void {
    this.deps.onChange?.();
  }

  private view(o: WithExecutor, now: Date): OutageView {
    return {
      id: o.id, utility: o.utility, kind: o.kind, area: o.area, areaSpec: o.areaSpec ?? null,
      startsAt: o.startsAt, endsAt: o.endsAt, reason: o.reason, contact: o.contact ?? null,
      executor: o.executor ? { id: o.executor.id, shortName: o.executor.shortName, phone: o.executor.phone } : null,
      state: outageState(o, now), cancelledAt: o.cancelledAt ?? null, cancelReason: o.cancelReason ?? null, updatedAt: o.updatedAt,
    };
  }
}

function notFound(): NotFoundError {
  return new NotFoundError('outage_not_found', 'Відключення не знайдено');
}

function checkUtility(value: string): Utility {
  if (!(UTILITIES as readonly string[]).includes(value)) {
    throw new ValidationError('unknown_utility', 'Невідомий вид послуги', [{ field: 'utility', message: `Очікується одне з: ${UTILITIES.join(', ')}` }]);
  }
  return value as Utility;
}

function checkEnd(startsAt: Date, endsAt: Date | null): void {
  if (endsAt && endsAt.getTime() <= startsAt.getTime()) {
    throw new ValidationError('end_before_start', 'Закінчення відключення має бути пізніше за початок', [{ field: 'endsAt', message: 'Закінчення раніше за початок' }]);
  }
}
