import crypto from 'node:crypto';
import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import { Notice, type NoticeCall } from '../models';
import type { NoticeAttemptResult } from '../models/notice';
import { dialableNumber } from '../core/phone';
import type { IvrServices } from '../ivr/ivr-services';
import { noticeFlow, NOTICE_STEPS } from '../ivr/flow/notice-flow';
import type { OutboundCalls } from '../telephony/outbound-calls';
import type { NoticeService } from '../notices/notice-service';
import type { SubscriptionService } from '../notices/subscription-service';
import { answeredResult } from '../notices/notice-rules';
import { spokenNoticeText } from '../notices/notice-speech';
import type { JobContext, JobDefinition, JobSummary } from './job';
import { isWithinCallingHours, type CallingHours } from './calling-hours';
import { claimDueNoticeCalls, claimLapsedNoticeCalls } from './notice-claims';
import type { DialerSettings } from './verification-dialer';

export interface NoticeDialerOptions {
  notices: NoticeService;
  subscriptions: SubscriptionService;
  /** Null when the PBX is not configured: notices wait. */
  calls: OutboundCalls | null;
  ariReady: () => boolean;
  speech: IvrServices;
  hours: CallingHours;
  clock: Clock;
  settings: Pick<DialerSettings, 'maxCalls' | 'endpointTemplate' | 'callerId' | 'ringSeconds' | 'cityNameGenitive' | 'menuTimeoutMs' | 'phoneRegion'>;
}

export const NOTICE_DIALER = 'notice-dialer';
/** A notice call: the text said at most a few times, then the menu. */
const CALL_TALK_LIMIT_MS = 10 * 60_000;

/**
 * The notice dialer: every instance runs it (not exclusive), like the verification dialer, and
 * shares the outbound slots with it. Each run takes over rows of a stopped instance, then claims
 * due phones of the notices being called (inside the calling hours, or at any hour for an urgent
 * notice the head allowed) up to the free slots, and calls them. When a call ends its slot is
 * filled again at once, so a notice goes out as fast as the channels allow.
 */
export class NoticeDialer {
  private readonly live = new Set<Promise<void>>();
  private stopping = false;
  private filling: Promise<number> | null = null;
  private refill = false;

  constructor(private readonly o: NoticeDialerOptions) {}

  job(): JobDefinition {
    return { name: NOTICE_DIALER, schedule: '*/5 * * * * *', exclusive: false, run: (ctx) => this.run(ctx) };
  }

  get liveCalls(): number {
    return this.live.size;
  }

  /** Resolves when every call this process placed (and the refills they led to) is over and written. */
  async idle(): Promise<void> {
    while (this.live.size || this.filling) await Promise.allSettled([...this.live, this.filling]);
  }

  /** No new calls from this process (shutdown); calls under way finish. */
  stop(): void {
    this.stopping = true;
  }

  async run(ctx: JobContext): Promise<JobSummary> {
    let recovered = 0;
    for (const row of await claimLapsedNoticeCalls(ctx.instanceId, ctx.now)) {
      const notice = await Notice.findByPk(row.noticeId);
      await this.o.notices.recordAttempt(row, ctx.instanceId, 'unknown', { anyHour: Boolean(notice?.urgent && notice.outsideHoursConfirmed) });
      recovered++;
    }
    if (recovered) ctx.logger.warn({ recovered }, 'notice calls left by a stopped server were counted as attempts');
    if (!this.o.calls || !this.o.ariReady()) return { recovered, claimed: 0, skipped: 'pbx_not_connected' };
    if (ctx.signal.aborted || this.stopping) return { recovered, claimed: 0, skipped: 'stopping' };
    const claimed = await this.fill(ctx.instanceId, ctx.logger, ctx.now);
    return { recovered, claimed };
  }

  /** Claims and calls as many due phones as there are free slots; one fill at a time in this process. */
  private async fill(owner: string, logger: Logger, now: Date): Promise<number> {
    if (this.filling) {
      this.refill = true;
      return 0;
    }
    const work = this.claimAndCall(owner, logger, now);
    this.filling = work;
    try {
      return await work;
    } finally {
      this.filling = null;
      if (this.refill && !this.stopping) {
        this.refill = false;
        void this.fill(owner, logger, this.o.clock.now()).catch((err) => logger.error({ err }, 'notice refill failed'));
      }
    }
  }

  private async claimAndCall(owner: string, logger: Logger, now: Date): Promise<number> {
    if (!this.o.calls || !this.o.ariReady()) return 0;
    const within = isWithinCallingHours(now, this.o.hours);
    const notices = await Notice.findAll({ where: { status: 'calling' }, attributes: ['id', 'text', 'urgent', 'outsideHoursConfirmed'] });
    const callable = notices.filter((n) => within || (n.urgent && n.outsideHoursConfirmed));
    if (!callable.length) return 0;
    const { settings } = this.o;
    const rows = await claimDueNoticeCalls(owner, now, {
      maxCalls: settings.maxCalls, leaseMs: settings.ringSeconds * 1000 + CALL_TALK_LIMIT_MS, noticeIds: callable.map((n) => n.id), verificationsDialing: within,
    });
    for (const row of rows) {
      const notice = callable.find((n) => n.id === row.noticeId)!;
      const call: Promise<void> = this.attempt(row, notice, owner, logger)
        .catch((err) => logger.error({ err, noticeCall: row.id }, 'notice call failed; its claim lapses and it is retried'))
        .finally(() => {
          this.live.delete(call);
          // The slot is free again: fill it (other instances fill theirs on their ticks).
          if (!this.stopping) void this.fill(owner, logger, this.o.clock.now()).catch((err) => logger.error({ err }, 'notice refill failed'));
        });
      this.live.add(call);
    }
    return rows.length;
  }

  private async attempt(row: NoticeCall, notice: Notice, owner: string, logger: Logger): Promise<void> {
    const { notices, settings } = this.o;
    const log = logger.child({ notice: notice.id, noticeCall: row.id });
    const anyHour = notice.urgent && notice.outsideHoursConfirmed;
    // Stopped between the claim and the call: the phone waits for resume, no attempt used.
    const current = await Notice.findByPk(notice.id, { attributes: ['status'] });
    if (current?.status !== 'calling') return notices.release(row, owner);
    const number = dialableNumber(row.phone, settings.phoneRegion);
    if (!number) {
      await notices.recordAttempt(row, owner, 'failed', { anyHour: true });
      return;
    }
    const channelId = crypto.randomUUID();
    await notices.noteChannel(row, owner, channelId);
    let unsubscribing: Promise<unknown> | null = null;
    const result = await this.o.calls!.place({
      channelId,
      endpoint: settings.endpointTemplate.replaceAll('{number}', number),
      calledNumber: row.phone,
      callerId: settings.callerId,
      ringSeconds: settings.ringSeconds,
      appArgs: ['notice', String(row.id)],
      purpose: 'notice',
      flow: noticeFlow({ cityNameGenitive: settings.cityNameGenitive, spokenText: spokenNoticeText(notice.text).spoken, menuTimeoutMs: settings.menuTimeoutMs }),
      services: this.o.speech,
      // Key 9 counts the moment it is pressed, even if the resident hangs up during the goodbye.
      onPath: (entry) => {
        if (entry.step === NOTICE_STEPS.menu && entry.key === '9' && !unsubscribing) {
          unsubscribing = this.o.subscriptions.unsubscribePhone(row.phone, 'notice_call', { noticeId: notice.id })
            .catch((err) => log.error({ err }, 'the resident could not be unsubscribed'));
        }
      },
    });
    if (unsubscribing) await unsubscribing;
    if (!result.placed) {
      if (result.error === 'not_connected') return notices.release(row, owner);
      await notices.recordAttempt(row, owner, 'failed', { anyHour });
      return;
    }
    const outcome: NoticeAttemptResult = result.answered ? answeredResult(result.flow.path, NOTICE_STEPS) : result.result;
    const repeats = result.answered ? result.flow.path.filter((p) => p.step === NOTICE_STEPS.menu && p.key === '1').length : 0;
    const status = await notices.recordAttempt(row, owner, outcome, { cause: result.cause, repeats, anyHour });
    log.info({ outcome, cause: result.cause, status }, 'notice call finished');
  }
}
