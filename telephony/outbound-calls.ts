import crypto from 'node:crypto';
import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { CallRecorder } from '../calls/call-recorder';
import type { CallRecord } from '../calls/call-record';
import type { FlowDefinition, FlowResult } from '../ivr/flow/flow-types';
import type { IvrServices } from '../ivr/ivr-services';
import { runFlow } from '../ivr/flow/interpreter';
import { maskPhone } from '../core/logger';
import type { AriConnection } from './ari-connection';
import { AriCallChannel } from './ari-call-channel';
import { NotConnectedError } from './telephony-errors';
import { classifyUnanswered, type UnansweredResult } from './outbound-causes';

export interface OutboundCallRequest {
  /** ARI endpoint: `PJSIP/0501234567@trunk`. */
  endpoint: string;
  /** The number rung (E.164), for the call record. */
  calledNumber: string;
  callerId?: string;
  ringSeconds: number;
  /** Stasis arguments; the first names the purpose (`verification`), never `inbound`. */
  appArgs: [string, ...string[]];
  /** Written into the call record (`verification`). */
  purpose: string;
  /** What the answered call hears and does. */
  flow: FlowDefinition;
  services: IvrServices;
  /** Our own channel id (default: a new UUID), so events are matched before originate returns. */
  channelId?: string;
  /** Adds to the call's record once the call exists (links to what it is about). */
  annotate?: (record: CallRecord) => void;
  /** Each menu and key as the resident presses it. */
  onPath?: (entry: { step: string; key?: string; outcome?: string }) => void;
}

export type OutboundCallResult =
  | { placed: false; channelId: string; error: string }
  | { placed: true; channelId: string; answered: true; flow: FlowResult; cause: number | null }
  | { placed: true; channelId: string; answered: false; result: UnansweredResult; cause: number | null };

interface Pending {
  channel: AriCallChannel | null;
  rang: boolean;
  startedAt: number;
  answered: (channel: AriCallChannel) => void;
  ended: (cause: number | null) => void;
  cause: number | null;
}

/** How long after the ring timeout a call with no word from Asterisk is given up (events lost). */
const SILENCE_GRACE_MS = 15_000;

/**
 * Outbound calls placed into the Stasis application: each is originated with our own channel
 * id, then either answered (StasisStart: the flow runs over an AriCallChannel) or ended before
 * the answer (ChannelDestroyed / ChannelHangupRequest: no answer, busy, rejected, failed by the
 * hangup cause). Knows nothing of appeals; the caller of `place` decides what an outcome means.
 */
export class OutboundCalls {
  private readonly live = new Map<string, Pending>();

  constructor(private readonly o: { ari: AriConnection; recorder: CallRecorder; clock: Clock; logger: Logger; phoneRegion: string }) {
    const { ari } = o;
    ari.on('stasisStart', (e) => {
      const p = this.live.get(e.channelId);
      if (!p || p.channel) return;
      p.channel = new AriCallChannel(e.channelId, null, ari);
      p.answered(p.channel);
    });
    ari.on('channelState', (e) => {
      const p = this.live.get(e.channelId);
      if (!p) return;
      if (e.state === 'Ringing' || e.state === 'Ring') p.rang = true;
      if (e.state === 'Up') o.recorder.update(e.channelId, (r) => (r.answeredAt ??= o.clock.now()));
    });
    ari.on('dtmf', (e) => this.live.get(e.channelId)?.channel?.keyPressed(e.digit));
    ari.on('playbackFinished', (e) => e.channelId && this.live.get(e.channelId)?.channel?.playbackFinished(e.playbackId, e.state));
    ari.on('stasisEnd', (e) => this.live.get(e.channelId)?.channel?.markGone());
    ari.on('channelHangup', (e) => {
      const p = this.live.get(e.channelId);
      if (!p) return;
      p.cause = e.cause;
      p.channel?.markGone();
      o.recorder.update(e.channelId, (r) => {
        r.endedAt ??= o.clock.now();
        r.hangupCause ??= e.cause;
        r.hangupCauseText ??= e.causeText;
      });
      p.ended(e.cause);
    });
    // After a reconnect the events of the outage are lost: a call in progress cannot be followed.
    ari.on('ready', (e) => {
      if (!e.reconnect) return;
      for (const p of this.live.values()) p.channel?.markGone();
    });
  }

  /** Outbound calls under way in this process. */
  get size(): number {
    return this.live.size;
  }

  /** Places a call and resolves when it is over (never rejects). */
  async place(req: OutboundCallRequest): Promise<OutboundCallResult> {
    const channelId = req.channelId ?? crypto.randomUUID();
    const log = this.o.logger.child({ call: channelId, to: maskPhone(req.calledNumber), purpose: req.purpose });
    let onAnswer!: (ch: AriCallChannel) => void;
    let onEnd!: (cause: number | null) => void;
    const answered = new Promise<AriCallChannel>((r) => (onAnswer = r));
    const ended = new Promise<number | null>((r) => (onEnd = r));
    const pending: Pending = { channel: null, rang: false, startedAt: Date.now(), answered: onAnswer, ended: onEnd, cause: null };
    // Registered before originate: StasisStart may arrive before the request returns.
    this.live.set(channelId, pending);
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      this.o.recorder.update(channelId, (r) => {
        r.direction = 'outbound';
        r.purpose = req.purpose;
        r.startedAt ??= this.o.clock.now();
        r.callerNumber ??= req.callerId ?? null;
        r.calledNumber = req.calledNumber;
        req.annotate?.(r);
      });
    };
    const silence = setTimeout(() => onEnd(null), req.ringSeconds * 1000 + SILENCE_GRACE_MS);
    try {
      try {
        await this.o.ari.originate({
          endpoint: req.endpoint, appArgs: req.appArgs, callerId: req.callerId, timeoutSec: req.ringSeconds, channelId,
        });
      } catch (err) {
        // Events of a call that did start (a lost answer to the request) still record it.
        if (!this.live.get(channelId)?.channel && pending.cause === null) {
          log.warn({ err }, 'outbound call not placed');
          return { placed: false, channelId, error: err instanceof NotConnectedError ? 'not_connected' : (err as Error).message };
        }
      }
      record();
      log.info('outbound call placed');
      const first = await Promise.race([answered.then((ch) => ({ ch })), ended.then((cause) => ({ cause }))]);
      if (!('ch' in first)) {
        const result = first.cause === null ? 'failed' : classifyUnanswered(first.cause, pending.rang, Date.now() - pending.startedAt, req.ringSeconds * 1000);
        if (first.cause === null) {
          // Nothing heard from Asterisk: make sure the phone does not ring on unattended.
          await this.o.ari.hangup(channelId).catch(() => undefined);
          this.o.recorder.update(channelId, (r) => (r.endedAt ??= this.o.clock.now()));
        }
        this.o.recorder.update(channelId, (r) => (r.failed = result === 'failed'));
        log.info({ result, cause: first.cause }, 'outbound call not answered');
        return { placed: true, channelId, answered: false, result, cause: first.cause };
      }
      clearTimeout(silence);
      const channel = first.ch;
      this.o.recorder.update(channelId, (r) => (r.answeredAt ??= this.o.clock.now()));
      const flow = await runFlow(req.flow, channel, req.services, {
        callId: channelId,
        logger: log,
        phoneRegion: this.o.phoneRegion,
        onPath: (entry) => {
          this.o.recorder.addPathStep(channelId, entry);
          req.onPath?.(entry);
        },
      });
      // A flow that broke down leaves no resident listening to silence.
      if (flow.outcome === 'failed' && !channel.gone) await channel.hangup().catch(() => undefined);
      log.info({ outcome: flow.outcome }, 'outbound call finished');
      return { placed: true, channelId, answered: true, flow, cause: pending.cause };
    } finally {
      clearTimeout(silence);
      this.live.delete(channelId);
    }
  }
}
