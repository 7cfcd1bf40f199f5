import { Op } from 'sequelize';
import type { Clock } from '../../core/clock';
import type { Logger } from '../../core/logger';
import { Appeal, Applicant } from '../../models';
import { currentOutages } from '../../outages/current-outages';
import { OPEN_STATUSES } from '../../appeals/state-machine';
import { tryNormalizePhone } from '../../appeals/phone';
import { buildOutagesAnnouncement } from '../speech/outage-text';
import { buildAppealStatusText } from '../speech/appeal-status-text';
import { soundUri } from '../speech/http-router';
import type { PromptStore } from '../speech/prompt-store';
import type { IvrServices } from '../ivr-services';
import { SubscriptionService } from '../../notices/subscription-service';
import { targetText } from '../../notices/notice-area';
import { SUBSCRIPTION_TEXTS } from '../flow/hotline-flow';

export interface HotlineServicesOptions {
  clock: Clock;
  timeZone: string;
  phoneRegion: string;
  prompts: PromptStore;
  /** The address Asterisk fetches prompts from, e.g. http://10.0.0.5:3000. */
  publicBaseUrl: () => string;
  logger: Logger;
  /** Every call hears the same announcement: it is rebuilt at most this often. */
  outageCacheMs?: number;
}

export interface HotlineServices extends IvrServices {
  /** The status text and which appeals it told of, so the call can be linked to them. */
  appealStatusDetailed(callerE164: string | null): Promise<{ text: string; appealIds: number[] } | null>;
  /** Drops the cached announcement: call it when outages change (other instances catch up within the cache time). */
  forgetOutages(): void;
}

/** The IVR's view of Kontakt: outages, the caller's appeals, and speech. */
export function hotlineServices(o: HotlineServicesOptions): HotlineServices {
  let cached: { text: string; until: number } | null = null;
  const cacheMs = o.outageCacheMs ?? 5000;
  const subscriptions = new SubscriptionService({ clock: o.clock, phoneRegion: o.phoneRegion });
  return {
    forgetOutages: () => (cached = null),
    async outageAnnouncement() {
      const now = o.clock.now();
      if (cached && cached.until > now.getTime()) return cached.text;
      const outages = await currentOutages(now);
      const text = buildOutagesAnnouncement(
        outages.map((x) => ({ utility: x.utility, kind: x.kind, area: x.area, startsAt: x.startsAt, endsAt: x.endsAt, reason: x.reason ?? undefined })),
        { now, zone: o.timeZone },
      );
      cached = { text, until: now.getTime() + cacheMs };
      return text;
    },
    async appealStatus(caller) {
      return (await this.appealStatusDetailed(caller))?.text ?? null;
    },
    async appealStatusDetailed(caller) {
      const phone = tryNormalizePhone(caller, o.phoneRegion);
      if (!phone) return null;
      const applicant = await Applicant.findOne({ where: { phone }, attributes: ['id'], raw: true });
      if (!applicant) return null;
      const appeals = await Appeal.findAll({
        where: { applicantId: applicant.id, status: { [Op.in]: [...OPEN_STATUSES, 'done'] } },
        attributes: ['id', 'number', 'status', 'deadlineAt'],
        order: [['registeredAt', 'DESC']],
        limit: 3,
        raw: true,
      });
      if (!appeals.length) return null;
      const clock = { now: o.clock.now(), zone: o.timeZone };
      return {
        text: appeals.map((a) => buildAppealStatusText({ number: a.number, status: a.status, deadline: new Date(a.deadlineAt) }, clock)).join(' '),
        appealIds: appeals.map((a) => a.id),
      };
    },
    async subscriptionOffer(caller) {
      const phone = tryNormalizePhone(caller, o.phoneRegion);
      const target = phone ? await subscriptions.latestAddressOf(phone) : null;
      return target ? SUBSCRIPTION_TEXTS.offer(targetText(target)) : '';
    },
    async subscribe(caller, scope, callId) {
      const phone = tryNormalizePhone(caller, o.phoneRegion);
      if (!phone) return '';
      const target = scope === 'address' ? await subscriptions.latestAddressOf(phone) : { street: null, building: null };
      if (!target) return '';
      const { subscription } = await subscriptions.subscribe({ phone, streetId: target.street?.id ?? null, building: target.building, channel: 'ivr', callId });
      return SUBSCRIPTION_TEXTS.done(subscription.street ? `за адресою: ${subscription.place}` : 'по всьому місту');
    },
    async mediaFor(text) {
      const ref = await o.prompts.prompt(text);
      return soundUri(o.publicBaseUrl(), ref.path);
    },
  };
}
