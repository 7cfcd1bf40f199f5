import crypto from 'node:crypto';
import type { Logger } from '../core/logger';
import type { Verification } from '../models';
import type { AttemptResult } from '../models/verification';
import { dialableNumber } from '../core/phone';
import { linkAppeals } from '../calls/call-record';
import type { IvrServices } from '../ivr/ivr-services';
import { choiceOf, verificationFlow, VERIFICATION_STEPS, type VerificationChoice } from '../ivr/flow/verification-flow';
import type { OutboundCalls, OutboundCallResult } from '../telephony/outbound-calls';
import type { VerificationService } from '../verifications/verification-service';
import type { JobContext, JobDefinition, JobSummary } from './job';
import { isWithinCallingHours, type CallingHours } from './calling-hours';
import { claimDueVerifications, claimLapsedCalls } from './verification-claims';

export interface DialerSettings {
  maxCalls: number;
  /** `PJSIP/{number}@trunk`. */
  endpointTemplate: string;
  callerId?: string;
  ringSeconds: number;
  cityNameGenitive: string;
  queueContext: string;
  queueExtension: string;
  menuTimeoutMs: number;
  phoneRegion: string;
}

export interface VerificationDialerOptions {
  service: VerificationService;
  /** Null when the PBX is not configured: verifications wait. */
  calls: OutboundCalls | null;
  ariReady: () => boolean;
  /** Speech for the flow's texts. */
  speech: IvrServices;
  hours: CallingHours;
  settings: DialerSettings;
  logger: Logger;
}

export const VERIFICATION_DIALER = 'verification-dialer';
/** How long a flow may take after the answer before the claim lapses (then the row is retried). */
const CALL_TALK_LIMIT_MS = 5 * 60_000;

/**
 * The dialer: every instance runs it (not exclusive). Each run makes missing verifications,
 * takes over rows of a stopped instance, and, inside calling hours and with ARI connected,
 * claims due rows up to the free outbound slots and calls those residents. Calls run in the
 * background; their rows stay claimed ('calling') until the outcome is written.
 */
export class VerificationDialer {
  private readonly live = new Set<Promise<void>>();

  constructor(private readonly o: VerificationDialerOptions) {}

  job(): JobDefinition {
    return { name: VERIFICATION_DIALER, schedule: '*/30 * * * * *', exclusive: false, run: (ctx) => this.run(ctx) };
  }

  /** Calls under way in this process. */
  get liveCalls(): number {
    return this.live.size;
  }

  /** Resolves when every call this process placed is over and written. */
  async idle(): Promise<void> {
    while (this.live.size) await Promise.allSettled([...this.live]);
  }

  async run(ctx: JobContext): Promise<JobSummary> {
    const { service } = this.o;
    const owner = ctx.instanceId;
    const made = await service.sweep();
    let recovered = 0;
    for (const row of await claimLapsedCalls(owner, ctx.now)) {
      await service.recordUnsuccessful(row, owner, 'unknown', null, ctx.now);
      recovered++;
    }
    if (recovered) ctx.logger.warn({ recovered }, 'callbacks left by a stopped server were counted as attempts');
    if (!isWithinCallingHours(ctx.now, this.o.hours)) return { made, recovered, claimed: 0, skipped: 'outside_calling_hours' };
    if (!this.o.calls || !this.o.ariReady()) return { made, recovered, claimed: 0, skipped: 'pbx_not_connected' };
    if (ctx.signal.aborted) return { made, recovered, claimed: 0, skipped: 'stopping' };
    const leaseMs = this.o.settings.ringSeconds * 1000 + CALL_TALK_LIMIT_MS;
    const rows = await claimDueVerifications(owner, ctx.now, this.o.settings.maxCalls, leaseMs);
    for (const row of rows) {
      const call: Promise<void> = this.attempt(row, owner, ctx.logger)
        .catch((err) => ctx.logger.error({ err, verification: row.id }, 'verification call failed; its claim lapses and it is retried'))
        .finally(() => this.live.delete(call));
      this.live.add(call);
    }
    return { made, recovered, claimed: rows.length };
  }

  private async attempt(row: Verification, owner: string, logger: Logger): Promise<void> {
    const { service, settings } = this.o;
    const log = logger.child({ verification: row.id });
    const plan = await service.planCall(row);
    if (plan.kind === 'drop') {
      log.info('appeal is no longer done: verification dropped');
      return service.endWithoutCall(row, owner, 'dropped', 'appeal_changed');
    }
    if (plan.kind === 'no_call') return service.endWithoutCall(row, owner, plan.status, plan.reason);
    const number = dialableNumber(plan.phone, settings.phoneRegion);
    if (!number) return service.endWithoutCall(row, owner, 'not_reached', 'no_phone');

    const channelId = crypto.randomUUID();
    await service.noteChannel(row, owner, channelId);
    // Set from the flow's callback when the resident presses 1, 2 or 0.
    const answer: { choice?: VerificationChoice; outcome?: Promise<Awaited<ReturnType<VerificationService['applyChoice']>> | null> } = {};
    const result: OutboundCallResult = await this.o.calls!.place({
      channelId,
      endpoint: settings.endpointTemplate.replaceAll('{number}', number),
      calledNumber: plan.phone,
      callerId: settings.callerId,
      ringSeconds: settings.ringSeconds,
      appArgs: ['verification', String(row.id)],
      purpose: 'verification',
      flow: verificationFlow({
        cityNameGenitive: settings.cityNameGenitive, appealNumber: plan.appealNumber, categoryName: plan.categoryName,
        queueContext: settings.queueContext, queueExtension: settings.queueExtension, menuTimeoutMs: settings.menuTimeoutMs,
      }),
      services: this.o.speech,
      annotate: (r) => linkAppeals(r, [plan.appealId], 'verification'),
      // The answer counts the moment the key is pressed, even if the resident hangs up during the thanks.
      onPath: (entry) => {
        const choice = choiceOf(entry);
        if (choice && !answer.outcome) {
          answer.choice = choice;
          // Caught at once: the call goes on while the appeal is moved.
          answer.outcome = service.applyChoice(row, choice).catch((err) => {
            log.error({ err, choice }, 'the resident\'s answer could not be applied; the resident is called again');
            return null;
          });
        }
      },
    });
    const applied = answer.outcome ? await answer.outcome : null;
    if (applied) {
      await service.recordAnswer(row, owner, applied, result.placed ? result.cause : null);
      log.info({ choice: answer.choice, status: applied.status }, 'resident answered the verification call');
      return;
    }
    if (answer.outcome) {
      await service.recordUnsuccessful(row, owner, 'failed', result.placed ? result.cause : null);
      return;
    }
    if (!result.placed) {
      // The PBX went away between the check and the call: the row waits, no attempt is used.
      if (result.error === 'not_connected') return service.release(row, owner);
      await service.recordUnsuccessful(row, owner, 'failed', null);
      return;
    }
    const outcome: AttemptResult = !result.answered
      ? result.result
      : result.flow.path.some((p) => p.step === VERIFICATION_STEPS.noAnswer) ? 'no_key'
        : result.flow.outcome === 'caller_left' ? 'hung_up' : 'failed';
    const status = await service.recordUnsuccessful(row, owner, outcome, result.cause);
    log.info({ outcome, cause: result.cause, status }, 'verification attempt without an answer');
  }
}
