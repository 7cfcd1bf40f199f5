import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import { Appeal, AppealEvent, Applicant, Category, Organization, WebAppeal } from '../models';
import { ValidationError, FieldIssue } from '../core/errors';
import type { Clock } from '../core/clock';
import type { AppealService } from '../appeals/appeal-service';
import type { VerificationService } from '../verifications/verification-service';
import { systemActor } from '../appeals/actor';
import { tryNormalizePhone } from '../appeals/phone';
import { DESCRIPTION_MAX, REASON_MAX } from '../appeals/context';
import { OPEN_STATUSES, STATUS_NAMES } from '../appeals/state-machine';
import { publicAppealStatus } from '../appeals/public-status';
import type { AppealStatus } from '../models/appeal';
import { composeAddress, AddressInput } from './address';
import { MAX_PHOTOS, ProcessedPhoto, listPhotos, photoCount, storePhotos, PhotoInfo } from './photos';

/** The site acts in the appeals domain as this system actor: the history says where a line came from. */
export const WEB_ACTOR = systemActor('web');

export interface FilingInput extends AddressInput {
  categoryId: number | null;
  description: string;
  name: string;
  phone: string;
  email: string;
  consentToCalls: boolean;
}

export interface Filed {
  number: string;
  executor: string | null;
  deadlineAt: Date;
  emergency: boolean;
  /** The private link's token: shown to the resident once, only its hash is kept. */
  token: string;
}

/** One line of an appeal's history as the resident sees it: what happened, never who or staff notes. */
export interface PublicHistoryLine {
  at: Date;
  text: string;
  /** The resident's own comment (shown only to the private link's holder). */
  comment?: string;
}

export interface PublicAppealView {
  number: string;
  status: AppealStatus;
  statusName: string;
  executor: string | null;
  deadlineAt: Date;
  registeredAt: Date;
  category: string | null;
  /** Comments and photos may be added. */
  open: boolean;
  /** Reported done: the resident may answer «виконано» / «не виконано». */
  awaitingVerification: boolean;
  history: PublicHistoryLine[];
  photos: PhotoInfo[];
  photosLeft: number;
}

const EMAIL = /^[^\s@<>()]{1,64}@[^\s@<>()]{1,190}\.[^\s@<>()]{2,63}$/u;
const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/**
 * What the residents' site does with appeals, on top of the appeals domain: filing an ordinary
 * appeal of channel `web` (routed, deadlined, verified and broadcast like any other), the private
 * link, what a resident may see of their appeal, additions, and the online verification answer.
 */
export class WebAppeals {
  constructor(private readonly o: { appeals: AppealService; verifications: VerificationService; clock: Clock; timeZone: string; phoneRegion: string }) {}

  /**
   * Files an appeal. `admit` runs once the form itself is valid and before anything is written:
   * the anti-spam check, then the photos' processing (so a refused form costs no image work).
   */
  async file(input: FilingInput, admit: () => Promise<ProcessedPhoto[]>): Promise<Filed> {
    const issues: FieldIssue[] = [];
    let address = '';
    try {
      address = await composeAddress(input);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      issues.push(...(err.details as FieldIssue[]));
    }
    if (!input.categoryId) issues.push({ field: 'category', message: 'Оберіть, що сталося (категорію звернення)' });
    const description = input.description.trim();
    if (!description) issues.push({ field: 'description', message: 'Опишіть проблему' });
    else if (description.length > DESCRIPTION_MAX) issues.push({ field: 'description', message: `Опис довший за ${DESCRIPTION_MAX} символів` });
    if (!input.phone.trim()) issues.push({ field: 'phone', message: 'Вкажіть номер телефону: за ним ви стежитимете за зверненням, і вам зателефонують щодо виконання' });
    else if (!tryNormalizePhone(input.phone, this.o.phoneRegion)) issues.push({ field: 'phone', message: `«${input.phone.slice(0, 40)}» не схоже на номер телефону: напишіть, наприклад, 050 123 45 67` });
    const email = input.email.trim();
    if (email && (email.length > 254 || !EMAIL.test(email))) issues.push({ field: 'email', message: 'Електронна пошта має вигляд name@example.com' });
    if (input.name.trim().length > 200) issues.push({ field: 'name', message: 'Ім’я задовге' });
    if (issues.length) throw new ValidationError('invalid_appeal', issues[0]!.message, issues);
    const photos = await admit();
    if (photos.length > MAX_PHOTOS) throw field('photos', 'too_many_photos', `Не більше ${MAX_PHOTOS} фото`);

    const token = crypto.randomBytes(32).toString('base64url');
    const now = this.o.clock.now();
    let appeal: Appeal;
    try {
      appeal = await this.o.appeals.register(WEB_ACTOR, {
        channel: 'web', phone: input.phone, applicantName: input.name.trim() || null, categoryId: input.categoryId!, address, description,
        // In the same transaction as the appeal: its private link, photos and the resident's consent.
        recordWith: async (created, transaction) => {
          await WebAppeal.create({ appealId: created.id, tokenHash: tokenHash(token), email: email || null, createdAt: now }, { transaction });
          await storePhotos(created.id, photos, 'filing', now, transaction);
          if (created.applicantId) await Applicant.update({ consentToCalls: input.consentToCalls }, { where: { id: created.applicantId }, transaction });
        },
      });
    } catch (err) {
      // The domain names its own fields (phone, categoryId); the form's are phone and category.
      if (err instanceof ValidationError && Array.isArray(err.details)) {
        const fields = (err.details as FieldIssue[]).map((d) => ({ ...d, field: d.field === 'categoryId' ? 'category' : d.field }));
        throw new ValidationError(err.code, err.message, fields);
      }
      throw err;
    }
    const executor = appeal.executorId ? await Organization.findByPk(appeal.executorId, { attributes: ['name'] }) : null;
    return { number: appeal.number, executor: executor?.name ?? null, deadlineAt: appeal.deadlineAt, emergency: appeal.emergency, token };
  }

  /** The appeal a private link opens, or null (an unknown token says nothing more). */
  async byToken(token: string): Promise<Appeal | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const link = await WebAppeal.findOne({ where: { tokenHash: tokenHash(token) } });
    return link ? Appeal.findByPk(link.appealId) : null;
  }

  /** The appeal as its private link's holder sees it: no name, phone, address or staff notes. */
  async viewForHolder(appeal: Appeal): Promise<PublicAppealView> {
    const [category, executor, photos] = await Promise.all([
      Category.findByPk(appeal.categoryId, { attributes: ['name'] }),
      appeal.executorId ? Organization.findByPk(appeal.executorId, { attributes: ['name'] }) : null,
      listPhotos(appeal.id),
    ]);
    return {
      number: appeal.number, status: appeal.status, statusName: STATUS_NAMES[appeal.status], executor: executor?.name ?? null,
      deadlineAt: appeal.deadlineAt, registeredAt: appeal.registeredAt, category: category?.name ?? null,
      open: OPEN_STATUSES.includes(appeal.status), awaitingVerification: appeal.status === 'done',
      history: await publicHistory(appeal.id, true, this.o.timeZone), photos, photosLeft: Math.max(0, MAX_PHOTOS - photos.length),
    };
  }

  /**
   * The answer to the number and the phone's last four digits: the public status API's answer
   * (the same check, the same refusal for a wrong pair) and the history's public lines.
   */
  async viewByNumber(number: string, phoneLast4: string) {
    const status = await publicAppealStatus(number, phoneLast4);
    const appeal = await Appeal.findOne({ where: { number: status.number }, attributes: ['id'] });
    return { ...status, deadlineAt: new Date(status.deadlineAt), history: await publicHistory(appeal!.id, false, this.o.timeZone) };
  }

  /** A comment and/or photos from the resident, while the appeal is open. */
  async addition(appeal: Appeal, comment: string, photos: ProcessedPhoto[]): Promise<void> {
    const text = comment.trim();
    if (!text && photos.length === 0) throw field('comment', 'addition_empty', 'Напишіть коментар або додайте фото');
    if (text.length > REASON_MAX) throw field('comment', 'text_too_long', `Коментар довший за ${REASON_MAX} символів`);
    if (!OPEN_STATUSES.includes(appeal.status)) throw field('comment', 'appeal_closed', 'Звернення вже не в роботі: доповнити його не можна');
    const left = MAX_PHOTOS - (await photoCount(appeal.id));
    if (photos.length > left) throw field('photos', 'too_many_photos', left > 0 ? `Можна додати ще ${left} фото` : `До звернення вже додано ${MAX_PHOTOS} фото`);
    const line = [text, photos.length ? `[Заявник додав фото: ${photos.length}]` : ''].filter(Boolean).join('\n');
    // The history line first: it checks (under the appeal's lock) that the appeal is still open.
    await this.o.appeals.applicantNote(WEB_ACTOR, appeal.id, line);
    await storePhotos(appeal.id, photos, 'follow_up', this.o.clock.now());
  }

  async answerVerification(appeal: Appeal, choice: 'confirmed' | 'returned') {
    return this.o.verifications.answerOnline(appeal.id, choice);
  }

  /** For staff: the e-mail a resident left with a web appeal (personal data; the caller audits). */
  static async email(appealId: number): Promise<string | null> {
    return (await WebAppeal.findByPk(appealId, { attributes: ['email'] }))?.email ?? null;
  }
}

function field(name: string, code: string, message: string): ValidationError {
  return new ValidationError(code, message, [{ field: name, message }]);
}

/**
 * The lines of the history a resident may read: registration, changes of state, extensions of the
 * deadline and their own additions. Who acted, staff comments, reasons and executors' notes stay
 * inside (they may name other people). The holder of the private link also sees their own comments.
 */
async function publicHistory(appealId: number, withOwnComments: boolean, zone: string): Promise<PublicHistoryLine[]> {
  const events = await AppealEvent.findAll({ where: { appealId }, order: [['createdAt', 'ASC'], ['id', 'ASC']] });
  const lines: PublicHistoryLine[] = [];
  for (const e of events) {
    if (e.type === 'registered') lines.push({ at: e.createdAt, text: 'Звернення зареєстровано' });
    else if (e.type === 'status_changed' && e.toStatus) lines.push({ at: e.createdAt, text: `Стан: ${STATUS_NAMES[e.toStatus as AppealStatus] ?? e.toStatus}` });
    else if (e.type === 'deadline_extended') {
      const to = (e.data as { to?: string } | null)?.to;
      lines.push({ at: e.createdAt, text: to ? `Строк розгляду продовжено до ${DateTime.fromISO(to).setZone(zone).toFormat('dd.MM.yyyy HH:mm')}` : 'Строк розгляду продовжено' });
    } else if (e.type === 'progress') lines.push({ at: e.createdAt, text: 'Виконавець повідомив про хід робіт' });
    else if (e.type === 'applicant_comment') {
      lines.push({ at: e.createdAt, text: 'Ви доповнили звернення', ...(withOwnComments && e.comment ? { comment: e.comment } : {}) });
    }
  }
  return lines;
}

