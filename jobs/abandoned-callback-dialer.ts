import crypto from 'node:crypto';
import { Op } from 'sequelize';
import type { Clock } from '../core/clock';
import { CallbackTask } from '../models';
import { dialableNumber } from '../core/phone';
import type { IvrServices } from '../ivr/ivr-services';
import type { FlowDefinition } from '../ivr/flow/flow-types';
import type { OutboundCalls } from '../telephony/outbound-calls';
import type { JobContext, JobDefinition, JobSummary } from './job';
import { isWithinCallingHours, type CallingHours } from './calling-hours';
import { withOutboundSlots } from './outbound-slots';
import { claimRows } from './row-claims';

/** Tries per task before it is left to the dispatchers alone. */
export const AUTO_CALLBACK_ATTEMPTS = 2;
/** The pause between those tries. */
export const AUTO_CALLBACK_RETRY_MS = 15 * 60_000;
/** Only fresh tasks are called back by a machine: a day later a person should decide. */
export const AUTO_CALLBACK_WINDOW_MS = 2 * 3_600_000;
const TALK_LIMIT_MS = 2 * 60_000;

export interface AbandonedCallbackDialerOptions {
  clock: Clock;
  calls: OutboundCalls | null;
  ariReady: () => boolean;
  speech: IvrServices;
  flow: FlowDefinition;
  hours: CallingHours;
  maxCalls: number;
  endpointTemplate: string;
  callerId?: string;
  ringSeconds: number;
  phoneRegion: string;
}

/**
 * ABANDONED_AUTO_CALLBACK: calls back a caller who hung up in the queue (an open callback task
 * made in the last two hours) and puts them through to the dispatchers once they answer. Shares
 * the outbound slots with the verification calls; within calling hours only. A caller put through
 * closes the task; one not reached is tried again once, then the task waits for a dispatcher.
 */
export class AbandonedCallbackDialer {
  private readonly live = new Set<Promise<void>>();

  constructor(private readonly o: AbandonedCallbackDialerOptions) {}

  job(): JobDefinition {
    return { name: 'abandoned-callback-dialer', schedule: '15,45 * * * * *', exclusive: false, run: (ctx) => this.run(ctx) };
  }

  async idle(): Promise<void> {
    while (this.live.size) await Promise.allSettled([...this.live]);
  }

  async run(ctx: JobContext): Promise<JobSummary> {
    if (!isWithinCallingHours(ctx.now, this.o.hours)) return { claimed: 0, skipped: 'outside_calling_hours' };
    if (!this.o.calls || !this.o.ariReady()) return { claimed: 0, skipped: 'pbx_not_connected' };
    const tasks = await this.claim(ctx.instanceId, ctx.now);
    for (const task of tasks) {
      const call: Promise<void> = this.attempt(task, ctx)
        .catch((err) => ctx.logger.error({ err, task: task.id }, 'automatic call-back failed; its claim lapses and it is retried'))
        .finally(() => this.live.delete(call));
      this.live.add(call);
    }
    return { claimed: tasks.length };
  }

  private claim(owner: string, now: Date): Promise<CallbackTask[]> {
    return withOutboundSlots(now, this.o.maxCalls, (free, transaction) =>
      claimRows(CallbackTask, { status: 'open', attempts: { [Op.lt]: AUTO_CALLBACK_ATTEMPTS }, createdAt: { [Op.gte]: new Date(now.getTime() - AUTO_CALLBACK_WINDOW_MS) } }, {
        owner, now, leaseMs: this.o.ringSeconds * 1000 + TALK_LIMIT_MS, limit: free, transaction, order: [['createdAt', 'ASC'], ['id', 'ASC']],
      }),
    );
  }

  private async attempt(task: CallbackTask, ctx: JobContext): Promise<void> {
    const owner = ctx.instanceId;
    const number = dialableNumber(task.phone, this.o.phoneRegion);
    if (!number) {
      // Not a number the trunk can dial: no more tries, a dispatcher sees the task.
      await this.finish(task, owner, { attempts: AUTO_CALLBACK_ATTEMPTS }, null, ctx.now);
      return;
    }
    const result = await this.o.calls!.place({
      channelId: crypto.randomUUID(),
      endpoint: this.o.endpointTemplate.replaceAll('{number}', number),
      calledNumber: task.phone,
      callerId: this.o.callerId,
      ringSeconds: this.o.ringSeconds,
      appArgs: ['callback', String(task.id)],
      purpose: 'abandoned_callback',
      flow: this.o.flow,
      services: this.o.speech,
    });
    const now = this.o.clock.now();
    if (!result.placed && result.error === 'not_connected') {
      // The PBX went away between the check and the call: no try is used.
      await this.finish(task, owner, {}, null, now);
      return;
    }
    if (result.placed && result.answered && result.flow.outcome === 'transferred') {
      await this.finish(task, owner, { status: 'done', closedAt: now, note: 'Автоматичний зворотний дзвінок: абонента з’єднано з диспетчером', attempts: task.attempts + 1 }, null, now);
      ctx.logger.info({ task: task.id }, 'caller called back and put through to the dispatchers');
      return;
    }
    const outcome = !result.placed ? 'failed' : result.answered ? result.flow.outcome : result.result;
    await this.finish(task, owner, { attempts: task.attempts + 1 }, new Date(now.getTime() + AUTO_CALLBACK_RETRY_MS), now);
    ctx.logger.info({ task: task.id, outcome }, 'automatic call-back did not reach the caller');
  }

  /** Writes the try and lets the claim go; `notBefore` keeps the task from being dialled again before then. */
  private async finish(task: CallbackTask, owner: string, values: Partial<Pick<CallbackTask, 'status' | 'closedAt' | 'note' | 'attempts'>>, notBefore: Date | null, now: Date): Promise<void> {
    await CallbackTask.update(
      { ...values, claimedBy: null, claimedUntil: notBefore, updatedAt: now },
      { where: { id: task.id, claimedBy: owner, status: 'open' } },
    );
  }
}
