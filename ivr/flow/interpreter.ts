import { CallChannel } from '../call-channel';
import { IvrServices } from '../ivr-services';
import { callerE164 } from './caller-number';
import {
  AnnounceStep, AnnouncementSource, BranchStep, DtmfKey, FlowDefinition, FlowOutcome, FlowResult, FlowStep,
  GatherStep, HangupStep, PathEntry, PlayStep, StepId, TransferStep,
} from './flow-types';
import { compactPath } from './ivr-path';

/** The part of a (pino) logger the interpreter uses; pass a child logger of the call. */
export interface FlowLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What a branch condition may look at. */
export interface FlowContext {
  readonly callId: string;
  /** The caller id as E.164; null when hidden or not a number. */
  readonly callerE164: string | null;
  readonly services: IvrServices;
}
export type FlowCondition = (context: FlowContext) => boolean | Promise<boolean>;

export interface RunFlowOptions {
  callId: string;
  logger: FlowLogger;
  /** Called for every path entry as it is recorded: each menu and key, then the outcome. */
  onPath?: (entry: PathEntry, path: readonly PathEntry[]) => void;
  /** Called when a transfer step begins, before its prompt: what waits for the caller there can get ready. */
  onTransferring?: () => void;
  /** Loop guard: a run that executes more steps than this ends as 'failed'. Default 200. */
  maxSteps?: number;
  /** A service that has not answered in this time counts as "nothing to announce". Default 4000. */
  serviceTimeoutMs?: number;
  /** Conditions for branch steps besides the built-in 'callerKnown'. */
  conditions?: Record<string, FlowCondition>;
  /** Region for reading national caller ids. Default 'UA'. */
  phoneRegion?: string;
}

export const DEFAULT_MAX_STEPS = 200;
export const DEFAULT_SERVICE_TIMEOUT_MS = 4000;

const BUILT_IN: Record<string, FlowCondition> = {
  callerKnown: (context) => context.callerE164 !== null,
};

/** The caller hung up (or the channel vanished): stop, touch the channel no more. */
class CallerLeft extends Error {}
/** The channel failed while the caller is still there, or the flow cannot go on. */
class RunFailed extends Error {}

type StepOutcome =
  | { next: StepId }
  | { end: 'transferred'; transfer: { priority: number; reason: string } }
  | { end: 'completed' };

/**
 * Runs a flow over a channel until it transfers, hangs up, the caller leaves, or it fails.
 * Never throws. With 'failed' the channel is left as it is, so the caller of runFlow may still
 * send the call to the dispatchers' queue (the dialplan has a queue fallback after Stasis()).
 */
export async function runFlow(
  flow: FlowDefinition,
  channel: CallChannel,
  services: IvrServices,
  options: RunFlowOptions,
): Promise<FlowResult> {
  return new FlowSession(flow, channel, services, options).run();
}

class FlowSession {
  private readonly path: PathEntry[] = [];
  private readonly log: FlowLogger;
  private readonly context: FlowContext;
  /** A barge-in prompt was stopped by a key that waits in the channel for the next gather. */
  private keyPending = false;
  /** The transfer's path entry was written before `continue` was sent. */
  private transferRecorded = false;
  /**
   * Barge-in prompts not yet played (a greeting, an announcement): they go out with the next
   * prompt as one playback, one request to the PBX instead of one each. A key stops them all,
   * as it would have stopped each, and waits for the menu.
   */
  private queued: string[] = [];
  private current: StepId;

  constructor(
    private readonly flow: FlowDefinition,
    private readonly channel: CallChannel,
    private readonly services: IvrServices,
    private readonly options: RunFlowOptions,
  ) {
    this.log = options.logger;
    this.current = flow.start;
    this.context = {
      callId: options.callId,
      callerE164: callerE164(channel.callerId, options.phoneRegion ?? 'UA'),
      services,
    };
  }

  async run(): Promise<FlowResult> {
    const maxSteps = this.options.maxSteps ?? DEFAULT_MAX_STEPS;
    this.log.info({ flow: this.flow.name, callerKnown: this.context.callerE164 !== null }, 'IVR flow started');
    try {
      await this.call('answer', () => this.channel.answer());
      for (let count = 1; ; count += 1) {
        if (this.channel.gone) throw new CallerLeft();
        if (count > maxSteps) throw new RunFailed(`loop guard: more than ${maxSteps} steps`);
        const step = this.stepNamed(this.current);
        this.log.debug({ step: this.current, type: step.type }, 'IVR step');
        const outcome = await this.execute(this.current, step);
        if ('next' in outcome) {
          this.current = outcome.next;
          continue;
        }
        return this.finish(outcome.end, outcome.end === 'transferred' ? outcome.transfer : undefined);
      }
    } catch (err) {
      if (err instanceof CallerLeft || this.channel.gone) return this.finish('caller_left');
      const message = err instanceof Error ? err.message : String(err);
      this.log.error({ step: this.current, err: message }, 'IVR flow failed');
      return this.finish('failed', undefined, message);
    }
  }

  private stepNamed(id: StepId): FlowStep {
    if (!Object.prototype.hasOwnProperty.call(this.flow.steps, id)) throw new RunFailed(`step '${id}' does not exist`);
    return this.flow.steps[id];
  }

  private execute(id: StepId, step: FlowStep): Promise<StepOutcome> {
    switch (step.type) {
      case 'play':
        return this.play(id, step);
      case 'announce':
        return this.announce(id, step);
      case 'gather':
        return this.gather(id, step);
      case 'branch':
        return this.branch(id, step);
      case 'transfer':
        return this.transfer(step);
      case 'hangup':
        return this.hangup(step);
    }
  }

  // --- steps ---------------------------------------------------------------------------------

  private async play(id: StepId, step: PlayStep): Promise<StepOutcome> {
    const bargeIn = step.bargeIn ?? false;
    if (bargeIn && this.keyPending) {
      this.log.debug({ step: id }, 'prompt skipped: a key is waiting for the menu');
    } else if (bargeIn) {
      this.queued.push(step.text);
    } else {
      await this.say(step.text, false);
    }
    return { next: step.next };
  }

  private async announce(id: StepId, step: AnnounceStep): Promise<StepOutcome> {
    const bargeIn = step.bargeIn ?? true;
    const emptyNext = step.emptyNext ?? step.next;
    // The caller already chose; when the text cannot change where we go, do not even fetch it.
    if (bargeIn && this.keyPending && emptyNext === step.next) return { next: step.next };
    const text = await this.announcement(id, step.source);
    if (text.trim() === '') return { next: emptyNext };
    if (bargeIn && !this.keyPending) this.queued.push(text);
    else if (!bargeIn) await this.say(text, false);
    return { next: step.next };
  }

  private async gather(id: StepId, step: GatherStep): Promise<StepOutcome> {
    for (let failures = 0; ;) {
      // A key that stopped an earlier prompt answers this menu: no need to say the menu.
      if (!this.keyPending) await this.say(step.prompt, true);
      const key = await this.call('gather', () =>
        this.channel.gather({ maxDigits: step.maxDigits, timeoutMs: step.timeoutMs }));
      if (this.channel.gone) throw new CallerLeft();
      this.keyPending = false;
      // Keys pressed after the one taken (a caller pressing "12") must not leak into what follows.
      this.clearKeys();
      this.record({ step: id, key });
      const target = Object.prototype.hasOwnProperty.call(step.options, key) ? step.options[key as DtmfKey] : undefined;
      if (target !== undefined) return { next: target };

      failures += 1;
      const last = failures >= step.maxFailures;
      this.log.info({ step: id, key: key === '' ? null : key, failures }, key === '' ? 'no key' : 'invalid key');
      if (key !== '') await this.say(step.invalidText, !last);
      else if (step.noInputText !== undefined) await this.say(step.noInputText, !last);
      if (last) return { next: step.onFailure };
    }
  }

  private async branch(id: StepId, step: BranchStep): Promise<StepOutcome> {
    const condition = this.options.conditions?.[step.condition] ?? BUILT_IN[step.condition];
    if (condition === undefined) throw new RunFailed(`step '${id}': unknown condition '${step.condition}'`);
    let value = false;
    try {
      value = await condition(this.context);
    } catch (err) {
      this.log.warn({ step: id, condition: step.condition, err: errorText(err) }, 'condition failed; taking else');
    }
    return { next: value ? step.then : step.else };
  }

  private async transfer(step: TransferStep): Promise<StepOutcome> {
    try {
      this.options.onTransferring?.();
    } catch (err) {
      this.log.warn({ err: errorText(err) }, 'onTransferring listener failed');
    }
    if (step.text !== undefined) await this.say(step.text, false);
    const variables: Record<string, string> = {
      KONTAKT_CALL_ID: this.options.callId,
      KONTAKT_IVR_PATH: compactPath(this.path),
      KONTAKT_PRIORITY: String(step.priority),
      KONTAKT_REASON: step.reason,
    };
    // Recorded before the request: the PBX may ring a dispatcher (and the pop read the reason
    // from the path) before the answer to `continue` comes back.
    this.record({ step: this.current, outcome: 'transferred' });
    this.transferRecorded = true;
    // Spelt out, not `{ ...step.target, variables }` (calls/call-record.ts, pathEntryAt).
    await this.call('transfer', () => this.channel.transfer({ context: step.target.context, extension: step.target.extension, priority: step.target.priority, variables }));
    return { end: 'transferred', transfer: { priority: step.priority, reason: step.reason } };
  }

  private async hangup(step: HangupStep): Promise<StepOutcome> {
    if (step.text !== undefined) await this.say(step.text, false);
    await this.call('hangup', () => this.channel.hangup());
    return { end: 'completed' };
  }

  // --- helpers -------------------------------------------------------------------------------

  /** Says a text; a key stopping a barge-in prompt stays pending for the next gather. */
  private async say(text: string, bargeIn: boolean): Promise<void> {
    // Prompts waiting to be said go first: with this one if it may be interrupted, before it if not.
    const waiting = this.queued;
    this.queued = [];
    if (!bargeIn && waiting.length) await this.sayAll(waiting, true);
    await this.sayAll(bargeIn ? [...waiting, text] : [text], bargeIn);
  }

  private async sayAll(texts: string[], bargeIn: boolean): Promise<void> {
    const media: string[] = [];
    for (const text of texts) {
      try {
        media.push(await this.services.mediaFor(text));
      } catch (err) {
        this.log.warn({ step: this.current, err: errorText(err) }, 'no media for a prompt; skipped');
      }
    }
    if (!media.length) return;
    const result = await this.call('play', () => this.channel.play(media, { bargeIn }));
    if (result === 'gone' || this.channel.gone) throw new CallerLeft();
    if (result === 'failed') this.log.warn({ step: this.current }, 'prompt failed to play');
    if (bargeIn) {
      if (result === 'interrupted') this.keyPending = true;
    } else {
      // A prompt that may not be interrupted is not a menu: keys pressed during it are no choice.
      this.keyPending = false;
      this.clearKeys();
    }
  }

  /** The service's text, or '' when there is none, it failed, or it took too long. */
  private async announcement(id: StepId, source: AnnouncementSource): Promise<string> {
    const timeoutMs = this.options.serviceTimeoutMs ?? DEFAULT_SERVICE_TIMEOUT_MS;
    const { services, context } = this;
    const read = Promise.resolve().then(() => {
      switch (source) {
        case 'outages': return services.outageAnnouncement();
        case 'appeal-status': return services.appealStatus(context.callerE164);
        case 'subscription-offer': return services.subscriptionOffer?.(context.callerE164) ?? '';
        case 'subscribe-address': return services.subscribe?.(context.callerE164, 'address', context.callId) ?? '';
        case 'subscribe-city': return services.subscribe?.(context.callerE164, 'city', context.callId) ?? '';
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const text = await Promise.race([read, timeout]);
      return typeof text === 'string' ? text : '';
    } catch (err) {
      read.catch(() => undefined);
      this.log.warn({ step: id, source, err: errorText(err) }, 'announcement unavailable; skipped');
      return '';
    } finally {
      clearTimeout(timer);
    }
  }

  /** Calls the channel unless the caller is gone; a failure with the caller gone means they left. */
  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    if (this.channel.gone) throw new CallerLeft();
    try {
      return await action();
    } catch (err) {
      if (this.channel.gone) throw new CallerLeft();
      throw new RunFailed(`channel ${what} failed: ${errorText(err)}`);
    }
  }

  private clearKeys(): void {
    if (this.channel.gone) return;
    try {
      this.channel.clearKeys();
    } catch (err) {
      this.log.warn({ err: errorText(err) }, 'clearing keys failed');
    }
  }

  private record(entry: PathEntry): void {
    this.path.push(entry);
    if (!this.options.onPath) return;
    try {
      this.options.onPath(entry, [...this.path]);
    } catch (err) {
      this.log.warn({ err: errorText(err) }, 'onPath listener failed');
    }
  }

  private finish(outcome: FlowOutcome, transfer?: { priority: number; reason: string }, error?: string): FlowResult {
    if (!(outcome === 'transferred' && this.transferRecorded)) this.record({ step: this.current, outcome });
    this.log.info({ outcome, step: this.current, path: compactPath(this.path), reason: transfer?.reason }, 'IVR flow ended');
    const result: FlowResult = { outcome, path: [...this.path] };
    if (transfer) result.transfer = transfer;
    if (error !== undefined) result.error = error;
    return result;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
