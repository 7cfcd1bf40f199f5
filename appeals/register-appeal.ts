import { Op, Transaction } from 'sequelize';
import { Appeal, AppealEvent, Applicant, CallAppeal, Category, Organization, Channel } from '../models';
import { ValidationError } from '../core/errors';
import type { AppealContext } from './context';
import { ADDRESS_MAX, DESCRIPTION_MAX } from './context';
import { Actor, actorName } from './actor';
import { normalizePhone } from './phone';
import { computeDeadline } from './deadlines';
import { nextAppealNumber } from './appeal-numbers';
import { findEarlierAppeal } from './repeats';
import { withRetry } from './transaction-retry';
import { checkAnswers } from './category-questions';

export interface RegistrationInput {
  channel: Channel;
  /** Any common way of writing it; required except for CCTV incidents and appeals filed online. */
  phone?: string | null;
  /** As the resident gives it now; kept on the appeal even when the applicant's card has another name. */
  applicantName?: string | null;
  /** Given with an appeal filed online; kept on the appeal. */
  applicantEmail?: string | null;
  /** A new applicant's consent to be called back; the hotline's callers consent by calling. */
  consentToCalls?: boolean;
  applicantAddress?: string | null;
  categoryId?: number;
  categoryCode?: string;
  /** Overrides the category's default executor. */
  executorId?: number | null;
  address: string;
  description: string;
  /** A dispatcher may mark an appeal an emergency even when its category is not. */
  emergency?: boolean;
  sourceCallId?: number | null;
  /** WGS-84 point of the problem, when the channel gives one (Open311). Checked by the channel. */
  location?: { lat: number; long: number } | null;
  /** A photo of the problem (an http(s) address the channel checked). */
  mediaUrl?: string | null;
  /** The city address id the address was taken from (the channel resolved it). */
  addressId?: string | null;
  /** Answers to the category's questions, checked here; absent when the channel does not ask them. */
  attributes?: Record<string, string | string[]>;
  /** The channel's own record of the appeal (a CCTV incident), written in the same transaction. */
  recordWith?: (appeal: Appeal, transaction: Transaction) => Promise<void>;
}

/**
 * Registers an appeal: finds or creates the applicant by phone, takes the executor and the
 * deadline from the category, flags a repeat, issues the number, and writes the first history
 * lines, all in one transaction. Events go out only after it is committed.
 */
export async function registerAppeal(ctx: AppealContext, actor: Actor, input: RegistrationInput): Promise<Appeal> {
  const description = (input.description ?? '').trim();
  const address = (input.address ?? '').trim();
  const online = FILED_ONLINE.includes(input.channel);
  if (!description && !online) throw fieldError('description_required', 'description', 'Опишіть суть звернення');
  if (description.length > DESCRIPTION_MAX)
    throw fieldError('text_too_long', 'description', `Опис довший за ${DESCRIPTION_MAX} символів`);
  if (!address) throw fieldError('address_required', 'address', 'Вкажіть адресу');
  if (address.length > ADDRESS_MAX) throw fieldError('text_too_long', 'address', `Адреса довша за ${ADDRESS_MAX} символів`);
  const phone = input.phone ? normalizePhone(input.phone, ctx.rules.phoneRegion) : null;
  const givenName = input.applicantName?.trim() || null;
  const email = input.applicantEmail?.trim() || null;
  if (email && (email.length > EMAIL_MAX || !EMAIL.test(email))) throw fieldError('invalid_email', 'email', `Невірна адреса e-mail «${email.slice(0, 64)}»`);
  if (!phone && !online && input.channel !== 'cctv') throw fieldError('phone_required', 'phone', 'Вкажіть номер телефону заявника');
  if (!phone && online && !email && !givenName) {
    throw fieldError('contact_required', 'phone', 'Вкажіть телефон, e-mail або ім’я заявника: анонімне звернення не розглядається (ст. 8 Закону «Про звернення громадян»)');
  }

  const category = await findCategory(input);
  const answers = input.attributes ? checkAnswers(category.code, input.attributes) : null;
  const executorId = input.executorId ?? category.defaultExecutorId ?? null;
  if (input.executorId != null) {
    const executor = await Organization.findOne({ where: { id: input.executorId, active: true } });
    if (!executor) throw fieldError('unknown_executor', 'executorId', 'Такого виконавця немає');
  }
  const emergency = category.emergency || input.emergency === true;

  const appeal = await withRetry(() =>
    ctx.db.transaction(async (transaction) => {
      const now = ctx.clock.now();
      let applicantId: number | null = null;
      if (phone) {
        const [applicant] = await Applicant.findOrCreate({
          where: { phone },
          defaults: {
            phone, fullName: givenName, address: input.applicantAddress?.trim() || null,
            ...(input.consentToCalls !== undefined ? { consentToCalls: input.consentToCalls } : {}),
          },
          transaction,
        });
        // Fill in what the resident tells us for the first time; corrections go through the applicant API.
        // A different name given now stays on this appeal (applicantName), never replacing the card's.
        const patch: Partial<{ fullName: string; address: string }> = {};
        if (!applicant.fullName && givenName) patch.fullName = givenName;
        if (!applicant.address && input.applicantAddress?.trim()) patch.address = input.applicantAddress.trim();
        if (Object.keys(patch).length) await applicant.update(patch, { transaction });
        applicantId = applicant.id;
      }
      const since = new Date(now.getTime() - ctx.rules.repeatWindowDays * 86_400_000);
      const earlier = applicantId
        ? await findEarlierAppeal({ applicantId, categoryId: category.id, address, since }, transaction)
        : null;
      const deadlineAt = computeDeadline(now, emergency ? 'emergency' : category.deadlineClass, {
        timeZone: ctx.rules.timeZone,
        emergencyHours: ctx.rules.emergencyHours,
      });
      const created = await Appeal.create(
        {
          number: await nextAppealNumber(now, ctx.rules.timeZone, transaction),
          channel: input.channel,
          status: executorId ? 'assigned' : 'new',
          applicantId,
          categoryId: category.id,
          executorId,
          address,
          description,
          emergency,
          registeredAt: now,
          deadlineAt,
          originalDeadlineAt: deadlineAt,
          repeated: earlier !== null,
          repeatOfId: earlier?.id ?? null,
          repeatOfResolved: earlier?.status === 'confirmed',
          createdByUserId: actor.kind === 'user' ? actor.userId : null,
          sourceCallId: input.sourceCallId ?? null,
          latitude: input.location?.lat ?? null,
          longitude: input.location?.long ?? null,
          applicantName: givenName,
          applicantEmail: email,
          mediaUrl: input.mediaUrl ?? null,
          addressId: input.addressId ?? null,
          attributes: answers,
        },
        { transaction },
      );
      const who = { userId: actor.kind === 'user' ? actor.userId : null, actor: actorName(actor) };
      await AppealEvent.create(
        { appealId: created.id, type: 'registered', fromStatus: null, toStatus: 'new', comment: null, createdAt: now, ...who, data: { channel: input.channel, repeatOf: earlier?.number ?? null } },
        { transaction },
      );
      if (executorId) {
        await AppealEvent.create(
          { appealId: created.id, type: 'status_changed', fromStatus: 'new', toStatus: 'assigned', comment: null, createdAt: now, ...who, data: { executorId } },
          { transaction },
        );
      }
      if (input.sourceCallId) {
        await CallAppeal.create({ callId: input.sourceCallId, appealId: created.id, relation: 'registered' }, { transaction });
      }
      if (input.recordWith) await input.recordWith(created, transaction);
      return created;
    }),
  );

  const change = { appealId: appeal.id, number: appeal.number, executorId, status: appeal.status, emergency };
  ctx.events.emit('appeal.registered', { ...change, repeated: appeal.repeated });
  if (emergency) ctx.events.emit('appeal.emergency', change);
  return appeal;
}

/**
 * Residents who file in writing through Open311 follow the appeal online by its number: a phone
 * is not needed (no verification call) and the description may be left to the category and its
 * answers. Someone must still be named: the law does not consider anonymous appeals.
 */
const FILED_ONLINE: readonly Channel[] = ['open311'];
const EMAIL_MAX = 254;
/** Deliberately loose: one @, no spaces, a dot in the domain. Mail delivery is the real check. */
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/u;

async function findCategory(input: RegistrationInput): Promise<Category> {
  const where =
    input.categoryId != null ? { id: input.categoryId } : input.categoryCode ? { code: input.categoryCode } : null;
  if (!where) throw fieldError('category_required', 'categoryId', 'Оберіть категорію звернення');
  const category = await Category.findOne({ where: { ...where, active: { [Op.eq]: true } } });
  if (!category) throw fieldError('unknown_category', 'categoryId', 'Такої категорії в класифікаторі немає');
  return category;
}

function fieldError(code: string, field: string, message: string): ValidationError {
  return new ValidationError(code, message, [{ field, message }]);
}
