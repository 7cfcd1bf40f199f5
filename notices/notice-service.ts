import { Op, fn, col } from 'sequelize';
import { DateTime } from 'luxon';
import { Notice, NoticeCall, Organization, Outage, Street, User, type AreaSpec } from '../models';
import type { NoticeAttemptResult, NoticeCallStatus } from '../models/notice';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../core/errors';
import { areaText, normalizeArea } from '../outages/outage-area';
import { outageTitle } from '../outages/outage-labels';
import { decodeWav } from '../ivr/speech/wav';
import { finishClaim } from '../jobs/row-claims';
import { addressInArea, phonesInArea } from './notice-area';
import { spokenNoticeText, type SpokenNotice } from './notice-speech';
import { afterAttempt, emptyProgress, NOTICE_STATUS_NAMES, type NoticeProgress, type NoticeRules } from './notice-rules';

export const NOTICE_TEXT_MAX = 1000;

/** Who acts on a notice (from the API's identity). */
export interface NoticeActor {
  userId: number | null;
  role: string;
}

export interface NoticeInput {
  text: string;
  area: AreaSpec;
  urgent?: boolean;
  outageId?: number | null;
}

/** What the TTS makes of a text: how long it is and how numbers, dates and times are read. */
export interface SpeechCheck extends SpokenNotice {
  seconds: number | null;
  /** Set when the engine could not render it. */
  problem: string | null;
}

/** Queues a signed webhook to organizations (webhooks/webhook-service.ts). */
export interface NoticeWebhooks {
  enqueueForOrganizations(organizationIds: number[], event: string, body: Record<string, unknown>): Promise<number>;
}

export interface NoticeServiceOptions {
  clock: Clock;
  logger: Logger;
  rules: NoticeRules;
  timeZone: string;
  /** Renders a text to telephony WAV (the prompt store); absent, the length is not known. */
  render?: (text: string) => Promise<{ wav: Buffer }>;
  webhooks?: NoticeWebhooks;
  /** A notice's progress changed (calls made, stopped, done): pushed to the consoles. */
  onProgress?: (noticeId: number) => void;
}

const INSERT_BATCH = 500;

/**
 * Notices to residents (оповіщення): composed by a dispatcher or the head (or prefilled from an
 * outage), checked by the TTS, approved by the head, then called out to the phones subscribed in
 * the area (one row per phone: the call list the dialer claims), with a signed webhook to the
 * organizations there. Stops and resumes; the progress and the final report come from the rows.
 */
export class NoticeService {
  constructor(private readonly o: NoticeServiceOptions) {}

  async speechCheck(text: string): Promise<SpeechCheck> {
    const spoken = spokenNoticeText(text);
    if (!this.o.render) return { ...spoken, seconds: null, problem: 'Синтез мовлення недоступний' };
    try {
      const { wav } = await this.o.render(spoken.spoken);
      const audio = decodeWav(wav);
      return { ...spoken, seconds: Math.round((audio.samples.length / audio.sampleRate) * 10) / 10, problem: null };
    } catch (err) {
      this.o.logger.warn({ err }, 'notice text could not be rendered');
      return { ...spoken, seconds: null, problem: 'Текст не вдалося озвучити: перевірте його' };
    }
  }

  async compose(actor: NoticeActor, input: NoticeInput): Promise<Notice> {
    const text = input.text.replace(/\s+/g, ' ').trim();
    if (!text) throw new ValidationError('text_required', 'Вкажіть текст оповіщення', [{ field: 'text', message: 'Порожній текст' }]);
    if (text.length > NOTICE_TEXT_MAX) throw new ValidationError('text_too_long', `Текст оповіщення довший за ${NOTICE_TEXT_MAX} символів`, [{ field: 'text', message: 'Задовгий текст' }]);
    const area = normalizeArea(input.area, await Street.findAll());
    if (input.outageId != null && !(await Outage.findByPk(input.outageId))) throw new ValidationError('unknown_outage', 'Такого відключення немає', [{ field: 'outageId', message: 'Немає такого відключення' }]);
    const check = await this.speechCheck(text);
    return Notice.create({
      text, area: areaText(area), areaSpec: area, urgent: input.urgent ?? false, status: 'pending_approval',
      outageId: input.outageId ?? null, speechSeconds: check.seconds, createdByUserId: actor.userId,
    });
  }

  /** What a notice about this outage says and where: the form prefilled, nothing saved. */
  async draftFromOutage(outageId: number): Promise<NoticeInput & { text: string }> {
    const o = await Outage.findByPk(outageId);
    if (!o) throw new NotFoundError('outage_not_found', 'Відключення не знайдено');
    const at = (d: Date) => DateTime.fromJSDate(d).setZone(this.o.timeZone).toFormat('dd.MM о HH:mm');
    const when = o.cancelledAt ? 'скасовано' : `з ${at(o.startsAt)}${o.endsAt ? ` до ${at(o.endsAt)}` : ', час відновлення уточнюється'}`;
    const text = [`${outageTitle(o)}, ${when}.`, o.reason ? `Причина: ${o.reason}.` : '', o.contact ? `Довідки: ${o.contact}.` : '']
      .filter(Boolean).join(' ').replace(/\.\./g, '.');
    return { text, area: o.areaSpec ?? { wholeCity: true }, urgent: o.kind === 'emergency', outageId: o.id };
  }

  /** One step: a notice composed from the outage, awaiting the head's approval. */
  async composeFromOutage(actor: NoticeActor, outageId: number): Promise<Notice> {
    return this.compose(actor, await this.draftFromOutage(outageId));
  }

  async get(id: number): Promise<Notice> {
    const n = await Notice.findByPk(id);
    if (!n) throw new NotFoundError('notice_not_found', 'Оповіщення не знайдено');
    return n;
  }

  /**
   * The head approves: the call list is made from the subscriptions in the area at this moment
   * (one row per phone), the organizations there get the webhook, and calling begins. An urgent
   * notice may call outside the calling hours only when the head says so here.
   */
  async approve(actor: NoticeActor, id: number, o: { allowOutsideCallingHours?: boolean } = {}): Promise<Notice> {
    if (actor.role !== 'head') throw new ForbiddenError('head_only', 'Затверджує оповіщення лише начальник');
    const notice = await this.get(id);
    if (o.allowOutsideCallingHours && !notice.urgent) {
      throw new ValidationError('not_urgent', 'Поза годинами дзвінків можна телефонувати лише з терміновим оповіщенням', [{ field: 'allowOutsideCallingHours', message: 'Оповіщення не термінове' }]);
    }
    const phones = await phonesInArea(notice.areaSpec);
    const now = this.o.clock.now();
    const db = Notice.sequelize!;
    await db.transaction(async (transaction) => {
      const [taken] = await Notice.update(
        { status: 'calling', approvedByUserId: actor.userId, approvedAt: now, outsideHoursConfirmed: Boolean(o.allowOutsideCallingHours), ...(phones.length ? {} : { status: 'done', finishedAt: now }) },
        { where: { id, status: 'pending_approval' }, transaction },
      );
      if (taken !== 1) throw new ConflictError('notice_not_pending', 'Оповіщення вже затверджено або відхилено', { status: notice.status });
      for (let i = 0; i < phones.length; i += INSERT_BATCH) {
        await NoticeCall.bulkCreate(phones.slice(i, i + INSERT_BATCH).map((phone) => ({ noticeId: id, phone, status: 'queued' as const, dueAt: now })), { transaction });
      }
    });
    await this.notifyOrganizations(notice).catch((err) => this.o.logger.error({ err, notice: id }, 'notice webhooks not queued'));
    this.changed(id);
    return this.get(id);
  }

  async reject(actor: NoticeActor, id: number, reason: string): Promise<Notice> {
    if (actor.role !== 'head') throw new ForbiddenError('head_only', 'Відхиляє оповіщення лише начальник');
    const [n] = await Notice.update({ status: 'rejected', rejectedReason: reason.trim() || null }, { where: { id, status: 'pending_approval' } });
    if (n !== 1) throw new ConflictError('notice_not_pending', 'Оповіщення вже затверджено або відхилено', { status: (await this.get(id)).status });
    this.changed(id);
    return this.get(id);
  }

  /** No new calls (calls under way finish); the rest wait for resume. */
  async stop(id: number): Promise<Notice> {
    const [n] = await Notice.update({ status: 'stopped', stoppedAt: this.o.clock.now() }, { where: { id, status: 'calling' } });
    if (n !== 1) throw new ConflictError('notice_not_calling', 'Оповіщення зараз не обдзвонюється', { status: (await this.get(id)).status });
    this.changed(id);
    return this.get(id);
  }

  /** Calling goes on where it stopped: the phones not called yet, and retries due. */
  async resume(id: number): Promise<Notice> {
    const [n] = await Notice.update({ status: 'calling', stoppedAt: null }, { where: { id, status: 'stopped' } });
    if (n !== 1) throw new ConflictError('notice_not_stopped', 'Оповіщення не зупинено', { status: (await this.get(id)).status });
    await this.finishIfDone(id);
    this.changed(id);
    return this.get(id);
  }

  async progress(id: number): Promise<NoticeProgress> {
    const rows = (await NoticeCall.findAll({
      where: { noticeId: id }, attributes: ['status', [fn('COUNT', col('id')), 'n']], group: ['status'], raw: true,
    })) as unknown as Array<{ status: NoticeCallStatus; n: number | string }>;
    const p = emptyProgress();
    for (const r of rows) {
      p[r.status] = Number(r.n);
      p.total += Number(r.n);
    }
    return p;
  }

  /** A notice whose every phone has a final status is done. */
  async finishIfDone(id: number): Promise<boolean> {
    const open = await NoticeCall.count({ where: { noticeId: id, status: { [Op.in]: ['queued', 'calling'] } } });
    if (open) return false;
    const [n] = await Notice.update({ status: 'done', finishedAt: this.o.clock.now() }, { where: { id, status: 'calling' } });
    return n === 1;
  }

  async noteChannel(row: NoticeCall, owner: string, channelId: string): Promise<void> {
    await NoticeCall.update({ channelId }, { where: { id: row.id, claimedBy: owner } });
  }

  /** Gives a claimed row back untouched: the call was not placed (the PBX went away, or the notice stopped). */
  async release(row: NoticeCall, owner: string): Promise<void> {
    await finishClaim(NoticeCall, row.id, owner, { status: 'queued', channelId: null });
  }

  /** Writes an attempt, lets the claim go, and finishes the notice when it was the last phone. */
  async recordAttempt(row: NoticeCall, owner: string, result: NoticeAttemptResult, o: { cause?: number | null; repeats?: number; anyHour: boolean }): Promise<NoticeCallStatus> {
    const now = this.o.clock.now();
    const attempts = row.attempts + 1;
    const next = afterAttempt(result, attempts, now, this.o.rules, o.anyHour);
    const ours = await finishClaim(NoticeCall, row.id, owner, {
      attempts, lastResult: result, lastCause: o.cause ?? null, lastAttemptAt: now, repeats: row.repeats + (o.repeats ?? 0),
      status: next.status, ...(next.dueAt ? { dueAt: next.dueAt } : { endedAt: now }),
    });
    if (!ours) this.o.logger.warn({ noticeCall: row.id }, 'a notice call claim was lost before its attempt was written');
    if (next.status !== 'queued') await this.finishIfDone(row.noticeId);
    this.changed(row.noticeId);
    return next.status;
  }

  /** The notice as the console shows it. */
  async view(n: Notice) {
    const users = await User.findAll({ where: { id: [n.createdByUserId, n.approvedByUserId].filter((x): x is number => x != null) }, attributes: ['id', 'fullName'] });
    const name = (id: number | null | undefined) => users.find((u) => u.id === id)?.fullName ?? null;
    return {
      id: n.id, text: n.text, area: n.area, areaSpec: n.areaSpec, urgent: n.urgent, outsideHoursConfirmed: n.outsideHoursConfirmed,
      status: n.status, statusName: NOTICE_STATUS_NAMES[n.status], outageId: n.outageId ?? null, speechSeconds: n.speechSeconds ?? null,
      createdBy: name(n.createdByUserId), approvedBy: name(n.approvedByUserId), approvedAt: n.approvedAt?.toISOString() ?? null,
      rejectedReason: n.rejectedReason ?? null, stoppedAt: n.stoppedAt?.toISOString() ?? null, finishedAt: n.finishedAt?.toISOString() ?? null,
      createdAt: n.createdAt.toISOString(), progress: await this.progress(n.id),
    };
  }

  private async notifyOrganizations(notice: Notice): Promise<void> {
    if (!this.o.webhooks) return;
    const orgs = await Organization.findAll({ where: { active: true, webhookUrl: { [Op.ne]: null } }, attributes: ['id', 'address'] });
    const inArea = orgs.filter((org) => addressInArea(notice.areaSpec, notice.area, org.address));
    await this.o.webhooks.enqueueForOrganizations(inArea.map((org) => org.id), 'notice.published', {
      notice: { id: notice.id, text: notice.text, area: notice.area, areaSpec: notice.areaSpec, urgent: notice.urgent, outageId: notice.outageId ?? null },
    });
  }

  private changed(id: number): void {
    try {
      this.o.onProgress?.(id);
    } catch (err) {
      this.o.logger.warn({ err }, 'notice progress not pushed');
    }
  }
}
