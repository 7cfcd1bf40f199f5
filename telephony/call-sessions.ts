import { EventEmitter } from 'node:events';
import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { CallRecorder } from '../calls/call-recorder';
import type { FlowDefinition, FlowResult } from '../ivr/flow/flow-types';
import type { IvrServices } from '../ivr/ivr-services';
import { runFlow } from '../ivr/flow/interpreter';
import { maskPhone } from '../core/logger';
import type { AriConnection } from './ari-connection';
import type { StasisStartEvent } from './ari-events';
import { AriCallChannel } from './ari-call-channel';

/** The dialplan place of the dispatchers' queue, and the queue priority of calls sent there directly. */
export interface QueueTarget {
  context: string;
  extension: string;
  /** Dialplan priority (1). */
  priority: number;
  queuePriority: number;
}

export interface CallSessionsOptions {
  ari: AriConnection;
  recorder: CallRecorder;
  flow: FlowDefinition;
  /** What the IVR of one call reads (per call, so what a caller heard can be recorded against it). */
  servicesFor: (callId: string) => IvrServices;
  logger: Logger;
  clock: Clock;
  phoneRegion: string;
  /** Where a call goes when the IVR cannot serve it (adopted after a reconnect, shutting down). */
  queue: QueueTarget;
}

interface Session {
  channel: AriCallChannel;
  done: Promise<void>;
}

/**
 * The live inbound calls in the Stasis application: each is a session that runs the IVR flow
 * over its channel. This registry routes ARI events to sessions, records each call, adopts the
 * calls found after a reconnect, and drains on shutdown.
 */
export class CallSessions extends EventEmitter<{ transferring: [callId: string] }> {
  private readonly sessions = new Map<string, Session>();
  private accepting = true;

  constructor(private readonly o: CallSessionsOptions) {
    super();
    const { ari } = o;
    ari.on('stasisStart', (e) => this.onStasisStart(e));
    ari.on('dtmf', (e) => this.sessions.get(e.channelId)?.channel.keyPressed(e.digit));
    ari.on('playbackFinished', (e) => e.channelId && this.sessions.get(e.channelId)?.channel.playbackFinished(e.playbackId, e.state));
    ari.on('stasisEnd', (e) => this.sessions.get(e.channelId)?.channel.markGone());
    ari.on('channelHangup', (e) => {
      this.sessions.get(e.channelId)?.channel.markGone();
      o.recorder.update(e.channelId, (r) => {
        r.endedAt ??= o.clock.now();
        r.hangupCause ??= e.cause;
        r.hangupCauseText ??= e.causeText;
      });
    });
    ari.on('channelState', (e) => {
      if (e.state === 'Up' && this.sessions.has(e.channelId)) o.recorder.update(e.channelId, (r) => (r.answeredAt ??= o.clock.now()));
    });
    ari.on('ready', (e) => void this.reconcile(e.adoptedChannelIds));
  }

  get size(): number {
    return this.sessions.size;
  }

  liveChannelIds(): string[] {
    return [...this.sessions.keys()];
  }

  private onStasisStart(e: StasisStartEvent): void {
    // Outbound calls (verification callbacks) are another application's business.
    if (e.args[0] && e.args[0] !== 'inbound') return;
    if (this.sessions.has(e.channelId)) return;
    const now = this.o.clock.now();
    this.o.recorder.update(e.channelId, (r) => {
      r.direction = 'inbound';
      r.startedAt ??= now;
      r.callerNumber ??= e.callerNumber;
      r.calledNumber ??= e.dialedExten;
    });
    const channel = new AriCallChannel(e.channelId, e.callerNumber, this.o.ari);
    const log = this.o.logger.child({ call: e.channelId, caller: e.callerNumber ? maskPhone(e.callerNumber) : null });
    if (!this.accepting) {
      // Shutting down: no new IVR sessions, but the caller still reaches a dispatcher.
      this.sessions.set(e.channelId, { channel, done: this.toQueue(channel, 'shutdown', log) });
      return;
    }
    log.info('call entered the IVR');
    const done = this.run(channel, log);
    this.sessions.set(e.channelId, { channel, done });
  }

  private async run(channel: AriCallChannel, log: Logger): Promise<void> {
    try {
      const result: FlowResult = await runFlow(this.o.flow, channel, this.o.servicesFor(channel.id), {
        callId: channel.id,
        logger: log,
        phoneRegion: this.o.phoneRegion,
        onTransferring: () => this.emit('transferring', channel.id),
        // A session taken over ends as if the caller had left; the call's path says who took it.
        onPath: (entry) => {
          if (!channel.takenOver) this.o.recorder.addPathStep(channel.id, entry);
        },
      });
      log.info({ outcome: result.outcome, path: result.path.length }, 'IVR finished');
      // A flow that failed leaves the caller on the line: a dispatcher is better than silence.
      if (result.outcome === 'failed' && !channel.gone) await this.handOver(channel, 'ivr_failed', log);
    } catch (err) {
      log.error({ err }, 'IVR session failed');
      if (!channel.gone) await this.handOver(channel, 'ivr_failed', log);
    } finally {
      this.forget(channel);
    }
  }

  /** Removes a session, unless a newer one (adopted after a reconnect) took its place. */
  private forget(channel: AriCallChannel): void {
    if (this.sessions.get(channel.id)?.channel === channel) this.sessions.delete(channel.id);
  }

  /** Sends a call whose IVR may be mid-prompt to the queue: the prompt is stopped first, or the PBX would hold the call until it ends. */
  private async handOver(channel: AriCallChannel, reason: string, log: Logger): Promise<void> {
    await channel.silence();
    await this.toQueue(channel, reason, log);
  }

  /** Sends a call straight to the dispatchers' queue, marking why. */
  private async toQueue(channel: AriCallChannel, reason: string, log: Logger): Promise<void> {
    try {
      const { context, extension, priority, queuePriority } = this.o.queue;
      // Before the request: the queue may ring (and the pop read the reason) before it answers.
      this.o.recorder.addPathStep(channel.id, { step: `transfer:${reason}` });
      await channel.transfer({
        context, extension, priority,
        variables: { KONTAKT_CALL_ID: channel.id, KONTAKT_IVR_PATH: reason, KONTAKT_PRIORITY: String(queuePriority), KONTAKT_REASON: reason },
      });
      log.info({ reason }, 'call sent to the dispatchers');
    } catch (err) {
      log.error({ err, reason }, 'could not send the call to the dispatchers');
    } finally {
      this.forget(channel);
    }
  }

  /**
   * After every (re)connect: channels still in the application lost their IVR state (events were
   * missed), so they go to the dispatchers; sessions whose channel is no longer there ended while
   * the socket was away.
   */
  private async reconcile(adopted: string[]): Promise<void> {
    const present = new Set(adopted);
    for (const [id, session] of this.sessions) {
      if (!present.has(id)) {
        session.channel.markGone();
        this.o.recorder.update(id, (r) => (r.endedAt ??= this.o.clock.now()));
      }
    }
    await Promise.all(adopted.map((id) => this.adopt(id)));
  }

  /**
   * Calls left in the application of another instance that died: they lost their IVR, so they
   * go to the dispatchers from here (the PBX lets any ARI client continue any channel in Stasis).
   */
  async adoptFromPeer(ids: string[]): Promise<void> {
    await Promise.all(ids.filter((id) => !this.sessions.has(id)).map((id) => this.adopt(id)));
  }

  private async adopt(id: string): Promise<void> {
    const existing = this.sessions.get(id);
    existing?.channel.markTakenOver();
    const channel = new AriCallChannel(id, null, this.o.ari);
    // The start time stays unknown here: a row written before a restart keeps its own.
    this.o.recorder.update(id, (r) => (r.direction ??= 'inbound'));
    if (!existing) {
      const info = await this.o.ari.getChannel(id).catch(() => null);
      if (info) this.o.recorder.update(id, (r) => {
        r.callerNumber ??= info.callerNumber;
        r.calledNumber ??= info.exten;
      });
    }
    const done = this.handOver(channel, 'adopted', this.o.logger.child({ call: id }));
    this.sessions.set(id, { channel, done });
    await done;
  }

  /** Stops taking new IVR sessions; waits for live ones, then sends the rest to the queue. */
  async drain(timeoutMs: number): Promise<void> {
    this.accepting = false;
    const all = Promise.all([...this.sessions.values()].map((s) => s.done));
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), timeoutMs).unref())]);
    if (!timedOut) return;
    await Promise.all(
      [...this.sessions.values()].map(async (s) => {
        s.channel.markTakenOver();
        const channel = new AriCallChannel(s.channel.id, s.channel.callerId, this.o.ari);
        await this.handOver(channel, 'shutdown', this.o.logger.child({ call: s.channel.id }));
      }),
    );
  }
}
