import { Appeal, Applicant, NoticeSubscription, Street } from '../models';
import type { SubscriptionChannel } from '../models/notice';
import type { Clock } from '../core/clock';
import { NotFoundError, ValidationError } from '../core/errors';
import { normalizePhone } from '../appeals/phone';
import { addressTarget, SubscriptionTarget, targetText } from './notice-area';

export interface SubscribeInput {
  phone: string;
  /** Street by id or by its name in the city's list; none: the whole city. */
  streetId?: number | null;
  streetName?: string | null;
  building?: string | null;
  channel: SubscriptionChannel;
  userId?: number | null;
  /** The call in which the resident pressed the key (IVR). */
  callId?: string | null;
}

export interface SubscriptionView {
  id: number;
  phone: string;
  street: { id: number; name: string } | null;
  building: string | null;
  place: string;
  consentChannel: SubscriptionChannel;
  consentAt: string;
  consentByUserId: number | null;
  unsubscribedAt: string | null;
  unsubscribedChannel: string | null;
}

type Row = NoticeSubscription & { street?: Street | null };

export function subscriptionView(s: Row): SubscriptionView {
  const street = s.street ? { id: s.street.id, name: s.street.name } : null;
  return {
    id: s.id, phone: s.phone, street, building: s.building ?? null, place: targetText({ street, building: s.building ?? null }),
    consentChannel: s.consentChannel, consentAt: s.consentAt.toISOString(), consentByUserId: s.consentByUserId ?? null,
    unsubscribedAt: s.unsubscribedAt?.toISOString() ?? null, unsubscribedChannel: s.unsubscribedChannel ?? null,
  };
}

/**
 * Subscriptions of phones to notices: made in the IVR, by a dispatcher, or on the public site,
 * each with its consent (when, how, who, in which call); ended by key 9 in a notice call or by a
 * dispatcher on request. Subscribing again to the same place keeps the first consent.
 */
export class SubscriptionService {
  constructor(private readonly o: { clock: Clock; phoneRegion: string }) {}

  async subscribe(input: SubscribeInput): Promise<{ subscription: SubscriptionView; created: boolean }> {
    const phone = normalizePhone(input.phone, this.o.phoneRegion);
    const target = await this.target(input);
    const where = { phone, streetId: target.street?.id ?? null, building: target.building, unsubscribedAt: null };
    const existing = await NoticeSubscription.findOne({ where, include: [{ model: Street, as: 'street' }] });
    if (existing) return { subscription: subscriptionView(existing), created: false };
    const applicant = await Applicant.findOne({ where: { phone }, attributes: ['id'] });
    const row = await NoticeSubscription.create({
      phone, applicantId: applicant?.id ?? null, streetId: target.street?.id ?? null, building: target.building,
      consentChannel: input.channel, consentAt: this.o.clock.now(), consentByUserId: input.userId ?? null, consentCallId: input.callId ?? null,
    });
    return { subscription: subscriptionView(Object.assign(row, { street: target.street ? await Street.findByPk(target.street.id) : null })), created: true };
  }

  /** Every active subscription of the phone ends (key 9: "unsubscribe from notices"). */
  async unsubscribePhone(phone: string, channel: 'notice_call' | 'console', by: { userId?: number | null; noticeId?: number | null } = {}): Promise<number> {
    const [n] = await NoticeSubscription.update(
      { unsubscribedAt: this.o.clock.now(), unsubscribedChannel: channel, unsubscribedByUserId: by.userId ?? null, unsubscribedNoticeId: by.noticeId ?? null },
      { where: { phone, unsubscribedAt: null } },
    );
    return n;
  }

  /** A dispatcher ends one subscription on the resident's request. */
  async unsubscribe(id: number, userId: number | null): Promise<SubscriptionView> {
    const row = await NoticeSubscription.findByPk(id, { include: [{ model: Street, as: 'street' }] });
    if (!row) throw new NotFoundError('subscription_not_found', 'Підписку не знайдено');
    if (!row.unsubscribedAt) await row.update({ unsubscribedAt: this.o.clock.now(), unsubscribedChannel: 'console', unsubscribedByUserId: userId });
    return subscriptionView(row);
  }

  async listForPhone(phoneInput: string, includeEnded = false): Promise<{ phone: string; applicantId: number | null; items: SubscriptionView[] }> {
    const phone = normalizePhone(phoneInput, this.o.phoneRegion);
    const rows = await NoticeSubscription.findAll({
      where: { phone, ...(includeEnded ? {} : { unsubscribedAt: null }) },
      include: [{ model: Street, as: 'street' }], order: [['id', 'ASC']],
    });
    const applicant = await Applicant.findOne({ where: { phone }, attributes: ['id'] });
    return { phone, applicantId: applicant?.id ?? null, items: rows.map(subscriptionView) };
  }

  /** Where the caller's latest appeal was (for the IVR's offer and the pop's one click), or null. */
  async latestAddressOf(phone: string): Promise<SubscriptionTarget | null> {
    const applicant = await Applicant.findOne({ where: { phone }, attributes: ['id', 'address'] });
    if (!applicant) return null;
    const appeal = await Appeal.findOne({ where: { applicantId: applicant.id }, attributes: ['address'], order: [['registeredAt', 'DESC'], ['id', 'DESC']] });
    const streets = await Street.findAll({ attributes: ['id', 'name', 'buildings'] });
    return addressTarget(appeal?.address ?? applicant.address, streets);
  }

  private async target(input: SubscribeInput): Promise<SubscriptionTarget> {
    if (input.streetId == null && !input.streetName) {
      if (input.building) throw new ValidationError('street_required', 'Вкажіть вулицю для будинку', [{ field: 'streetId', message: 'Вкажіть вулицю' }]);
      return { street: null, building: null };
    }
    const street = input.streetId != null ? await Street.findByPk(input.streetId) : await Street.findOne({ where: { name: input.streetName!.trim() } });
    if (!street) throw new ValidationError('unknown_street', 'Невідома вулиця. Оберіть вулицю з довідника міста', [{ field: 'streetId', message: 'Невідома вулиця' }]);
    const building = input.building?.trim().toLowerCase() || null;
    if (building) {
      const m = /^(\d{1,4})[\p{L}]?(\/\d{1,3})?$/u.exec(building);
      if (!m || Number(m[1]) < 1 || Number(m[1]) > street.buildings) {
        throw new ValidationError('unknown_building', `На вулиці «${street.name}» немає будинку № ${building}`, [{ field: 'building', message: 'Немає такого будинку' }]);
      }
    }
    return { street: { id: street.id, name: street.name }, building };
  }
}
