import fs from 'node:fs';
import path from 'node:path';
import { CallModel, type AmiEvent, type AriEvent } from './model/call-model';
import { Clock } from './model/clock';
import { parseExtensions, mergeDialplans, parseHints } from './model/dialplan';
import { parseQueuesConf, DEVICE_BY_NAME, type QueueConfig, type MemberConfig } from './model/queue';
import { Runner } from './model/dialplan-runner';
import { PlaybackManager } from './model/playback';
import type { EndpointBehaviour, ScriptStep } from './model/behaviours';
import type { Channel, AriChannelJson } from './model/channel';
import { AriServer } from './ari/http-server';
import { AmiServer } from './ami/server';
import type { StandinContext, Credentials } from './context';

export type { EndpointBehaviour, ScriptStep } from './model/behaviours';
export type { QueueConfig, MemberConfig } from './model/queue';

export interface StandinOptions {
  /** 0 (default) picks a free port. */
  ariPort?: number;
  amiPort?: number;
  host?: string;
  /** Simulated time factor: 0.01 plays a 16 s prompt in 160 ms. Default 1. */
  timeScale?: number;
  credentials?: Partial<Credentials>;
  /** extensions.conf text; default: standin/config/extensions.conf (the recorded one). */
  extensionsConf?: string;
  /** Queues; default: standin/config/queues.conf. */
  queues?: QueueConfig[];
  /** Dispatcher phones and other endpoints, by interface (`PJSIP/101`). */
  phones?: Record<string, EndpointBehaviour>;
  /** Residents for outbound calls, by phone number. */
  residents?: Record<string, EndpointBehaviour>;
  /** Behaviour of numbers not listed in `residents` (default: answer after 1 s). */
  defaultResident?: EndpointBehaviour;
  /** Stasis applications registered from the start (they exist but are inactive, and stay). */
  apps?: string[];
  /**
   * More dialplan (extensions.conf text): its contexts replace the same-named contexts of
   * `extensionsConf` (or of standin/config/extensions.conf); new contexts are added.
   */
  dialplan?: string;
  /**
   * Hints for `hint:<ext>@<context>` state interfaces: `{ '101@ext-local': 'PJSIP/101' }`; added
   * to (and winning over) the dialplan's own `exten => 101,hint,PJSIP/101` lines.
   */
  hints?: Record<string, string>;
  /** Random source in [0, 1) for ${RAND()} (default Math.random). */
  random?: () => number;
}

/** A call on the PBX that never touches the hotline (office traffic). */
export interface UnrelatedCall {
  /** Caller number and name (default 200 / Office). */
  from?: string;
  name?: string;
  /** Where it goes: Local/<exten>@<context> (default 200@internal). */
  exten?: string;
  context?: string;
  /** How long the call lasts once answered (simulated ms, default 2000). */
  durationMs?: number;
}

/** Device states `setDeviceState` accepts (names as DEVICE_STATE() takes them). */
export type DeviceStateName = 'UNKNOWN' | 'NOT_INUSE' | 'INUSE' | 'BUSY' | 'INVALID' | 'UNAVAILABLE' | 'RINGING' | 'RINGINUSE' | 'ONHOLD';

export interface InboundCall {
  /** Caller number (CALLERID(num)). */
  from: string;
  name?: string;
  /** Dialled number and context; default 1551@hotline. */
  to?: string;
  context?: string;
  /** Keys and hangups, at times from the start or from the answer. */
  script?: ScriptStep[];
}

export interface CallHandle {
  /** The caller's channel id: ARI `id` = AMI `Uniqueid`. */
  readonly id: string;
  readonly channel: Channel;
  pressKeys(digits: string): void;
  hangup(): void;
  /** Resolves with the hangup cause when the channel is gone. */
  readonly ended: Promise<number>;
}

const CONFIG_DIR = path.join(__dirname, 'config');

/** Everything the stand-in did and was asked, for assertions. */
export interface SentLog {
  ari: Array<{ app: string; event: AriEvent }>;
  ami: AmiEvent[];
}

/**
 * The Asterisk stand-in: a simulated PBX behind real ARI (HTTP + WebSocket) and AMI (TCP).
 * Tests and benchmarks start one, place calls, wait for conditions and read what the
 * application did.
 */
export class Standin {
  readonly model: CallModel;
  readonly ctx: StandinContext;
  readonly runner: Runner;
  readonly ari: AriServer;
  readonly ami: AmiServer;
  readonly sent: SentLog = { ari: [], ami: [] };
  private keepLog = true;

  constructor(private readonly opts: StandinOptions = {}) {
    const clock = new Clock(opts.timeScale ?? 1);
    const baseText = opts.extensionsConf ?? fs.readFileSync(path.join(CONFIG_DIR, 'extensions.conf'), 'utf8');
    const base = parseExtensions(baseText);
    const dialplan = opts.dialplan ? mergeDialplans(base, parseExtensions(opts.dialplan)) : base;
    const queues = opts.queues ?? parseQueuesConf(fs.readFileSync(path.join(CONFIG_DIR, 'queues.conf'), 'utf8'));
    this.model = new CallModel(clock, dialplan, []);
    if (opts.random) this.model.random = opts.random;
    // Hints of the dialplan (`exten => 101,hint,PJSIP/101`), then the scenario's, which win.
    for (const [hint, device] of [...parseHints(baseText), ...parseHints(opts.dialplan ?? '')]) this.model.hints.set(hint, device);
    for (const [hint, device] of Object.entries(opts.hints ?? {})) this.model.hints.set(hint.replace(/^hint:/i, ''), device);
    for (const [iface, b] of Object.entries(opts.phones ?? {})) this.model.phones.set(iface, b);
    for (const [num, b] of Object.entries(opts.residents ?? {})) this.model.residents.set(num, b);
    if (opts.defaultResident) this.model.defaultResident = opts.defaultResident;
    for (const q of queues) this.model.addQueue(q);
    for (const app of opts.apps ?? []) {
      this.model.registerApp(app);
      this.model.apps.get(app)!.pinned = true;
    }
    this.runner = new Runner(this.model);
    this.model.runner = this.runner;
    this.ctx = {
      model: this.model,
      runner: this.runner,
      playbacks: new PlaybackManager(this.model),
      bridges: new Map(),
      faults: { restDelayMs: 0, duplicateAri: new Map(), duplicateAmi: new Map(), splitAmiWrites: false },
      record: { rest: [], amiActions: [] },
      credentials: { ariUser: 'kontakt', ariPassword: 'kontakt-secret', amiUser: 'kontakt', amiSecret: 'kontakt-secret', ...opts.credentials },
    };
    this.ari = new AriServer(this.ctx, opts.host);
    this.ami = new AmiServer(this.ctx, opts.host);
    this.model.on('ari', (app, event) => this.keepLog && this.sent.ari.push({ app, event }));
    this.model.on('ami', (ev) => this.keepLog && this.sent.ami.push(ev));
  }

  async start(): Promise<this> {
    await this.ari.start(this.opts.ariPort ?? 0);
    await this.ami.start(this.opts.amiPort ?? 0);
    return this;
  }

  get ariPort(): number {
    return this.ari.port;
  }
  get amiPort(): number {
    return this.ami.port;
  }
  /** Base URL for ari-client: http://127.0.0.1:port */
  get ariUrl(): string {
    return `http://${this.opts.host ?? '127.0.0.1'}:${this.ari.port}`;
  }
  get timeScale(): number {
    return this.model.clock.timeScale;
  }

  /** Stops logging events and the application's requests (benchmarks with many calls). */
  setEventLog(on: boolean): void {
    this.keepLog = on;
    this.ctx.keepRecord = on;
  }

  // ---- calls ---------------------------------------------------------------------------------

  /** A resident calls the hotline (a PJSIP channel entering 1551@hotline). */
  placeCall(call: InboundCall): CallHandle {
    const m = this.model;
    const ch = m.createChannel(`PJSIP/${call.from.replace(/[^0-9+]/g, '') || 'anonymous'}-${m.nextChannelSuffix()}`, {
      state: 'Ring',
      caller: { name: call.name ?? '', number: call.from },
      context: call.context ?? 'hotline',
      exten: call.to ?? '1551',
    });
    const ended = new Promise<number>((resolve) => ch.life.signal.addEventListener('abort', () => resolve(ch.hangupCause), { once: true }));
    m.runScript(ch, call.script ?? []);
    queueMicrotask(() => void this.runner.run(ch));
    return {
      id: ch.id,
      channel: ch,
      pressKeys: (digits) => m.runScript(ch, [{ atMs: 0, dtmf: digits }]),
      hangup: () => m.hangup(ch),
      ended,
    };
  }

  placeCalls(n: number, make: (i: number) => InboundCall): CallHandle[] {
    return Array.from({ length: n }, (_, i) => this.placeCall(make(i)));
  }

  /**
   * PBX traffic that is not the hotline's: a Local/<exten>@<context> call (both halves on AMI,
   * nothing on ARI), answered at once and hung up after `durationMs`, as unrelated-call.json.
   * Without dialplan for the place, the ;2 half simply answers.
   */
  placeUnrelatedCall(call: UnrelatedCall = {}): CallHandle {
    const m = this.model;
    const from = call.from ?? '200';
    const attempt = m.dial({
      iface: `Local/${call.exten ?? '200'}@${call.context ?? 'internal'}`,
      caller: { name: call.name ?? 'Office', number: from },
      timeoutMs: 30000,
      endpoint: { kind: 'answer', afterMs: 0 },
    });
    const ch = attempt.channel;
    const ended = new Promise<number>((resolve) => ch.life.signal.addEventListener('abort', () => resolve(ch.hangupCause), { once: true }));
    void attempt.result.then((status) => {
      if (status !== 'ANSWER' || ch.hungUp) return;
      // Cause 0 on both halves when the originated application ends, as recorded.
      void this.runner.runApplication(ch, 'Wait', String((call.durationMs ?? 2000) / 1000), 0);
    });
    return {
      id: ch.id,
      channel: ch,
      pressKeys: (digits) => m.runScript(ch, [{ atMs: 0, dtmf: digits }]),
      hangup: () => m.hangup(ch),
      ended,
    };
  }

  setPhone(iface: string, b: EndpointBehaviour): void {
    this.model.phones.set(iface, b);
    this.model.refreshMembers();
    this.model.emit('queueChanged');
  }

  /** A device's state, as `Setvar DEVICE_STATE(Custom:103)=INUSE` sets it (Custom devices). */
  setDeviceState(device: string, state: DeviceStateName): void {
    const n = DEVICE_BY_NAME[state];
    if (n === undefined) throw new Error(`standin: unknown device state ${state}`);
    this.model.setCustomDevice(device, n);
  }

  /** Maps `hint:<ext>@<context>` to a device from now on. */
  setHint(extenAtContext: string, device: string): void {
    this.model.hints.set(extenAtContext.replace(/^hint:/i, ''), device);
    this.model.refreshMembers();
  }

  setResident(number: string, b: EndpointBehaviour): void {
    this.model.residents.set(number, b);
  }

  addQueue(cfg: QueueConfig): void {
    this.model.addQueue(cfg);
  }

  /** QueueAdd from the PBX side (as if configured); AMI QueueAdd does the same for clients. */
  addQueueMember(queue: string, member: MemberConfig): void {
    this.model.addMember(queue, member);
  }

  /** QueueRemove from the PBX side (`queue remove member`); false when it was not there. */
  removeQueueMember(queue: string, iface: string): boolean {
    return this.model.removeMember(queue, iface);
  }

  /** QueuePause from the PBX side, in one queue or (queue undefined) all; false when nowhere. */
  pauseQueueMember(queue: string | undefined, iface: string, paused: boolean, reason = ''): boolean {
    return this.model.pauseMember(queue, iface, paused, reason);
  }

  /** The members of a queue as app_queue holds them now (for assertions). */
  queueMembers(queue: string): Array<{ interface: string; name: string; stateInterface: string; status: number; paused: boolean; pausedReason: string; inCall: boolean }> {
    return (this.model.queues.get(queue)?.members ?? []).map((m) => ({ interface: m.iface, name: m.name, stateInterface: m.stateInterface, status: m.status, paused: m.paused, pausedReason: m.pausedReason, inCall: m.inCall }));
  }

  channel(id: string): AriChannelJson | undefined {
    return this.model.channels.get(id)?.toAri();
  }

  channels(): AriChannelJson[] {
    return [...this.model.channels.values()].map((c) => c.toAri());
  }

  hangupChannel(id: string, cause = 16): boolean {
    const ch = this.model.channels.get(id);
    if (!ch) return false;
    this.model.hangup(ch, cause);
    return true;
  }

  /** Waits until `check` returns a truthy value, re-checking on every model change. */
  waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 5000, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const first = check();
      if (first) return resolve(first);
      const tick = (): void => {
        const v = check();
        if (v) {
          done();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`standin: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const poll = setInterval(tick, 20);
      const done = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.model.off('changed', tick);
        this.model.off('ami', tick);
        this.model.off('ari', tick);
      };
      this.model.on('changed', tick);
      this.model.on('ami', tick);
      this.model.on('ari', tick);
    });
  }

  /** Waits for an AMI event the stand-in sent (looking at the log from `since`). */
  waitForAmi(name: string, match: (f: Record<string, string>) => boolean = () => true, timeoutMs = 5000): Promise<Record<string, string>> {
    return this.waitFor(() => {
      const ev = this.sent.ami.find((e) => e.name === name && match(Object.fromEntries(e.fields)));
      return ev ? Object.fromEntries(ev.fields) : undefined;
    }, timeoutMs, `AMI ${name}`);
  }

  waitForAri(type: string, match: (e: AriEvent) => boolean = () => true, timeoutMs = 5000): Promise<AriEvent> {
    return this.waitFor(() => this.sent.ari.find((e) => e.event.type === type && match(e.event))?.event, timeoutMs, `ARI ${type}`);
  }

  /** What the application did: its ARI REST calls and AMI actions, in order. */
  get appRequests(): StandinContext['record'] {
    return this.ctx.record;
  }

  // ---- faults --------------------------------------------------------------------------------

  readonly faults = {
    /** Drops the ARI events WebSockets (clients see a close without handshake). */
    dropAri: (): void => this.ari.dropEvents(),
    /** Writes frames as they are on every ARI events socket (not JSON, no type, unknown events). */
    rawAriFrames: (frames: readonly string[]): void => this.ari.rawEvents(frames),
    /** Drops every AMI TCP connection. */
    dropAmi: (): void => this.ami.dropAll(),
    /**
     * Restarts the ARI and AMI servers on the same ports after `downMs` (real ms). Calls stay:
     * channels in Stasis remain in their application and get no second StasisStart.
     */
    restart: async (downMs = 100): Promise<void> => {
      await this.ari.stop();
      await this.ami.stop();
      await new Promise((r) => setTimeout(r, downMs));
      await this.ari.start(this.ari.port);
      await this.ami.start(this.ami.port);
    },
    /** Leave REST requests over the events socket unanswered (an Asterisk before 22.4 ignores them). */
    ignoreSocketRequests: (on = true): void => {
      this.ctx.faults.ignoreSocketRequests = on;
    },
    /** Delay every ARI REST answer by `ms` (real ms). */
    slowAnswers: (ms: number): void => {
      this.ctx.faults.restDelayMs = ms;
    },
    /** Send the next `times` ARI events of this type twice. */
    duplicateAriEvent: (type: string, times = 1): void => {
      this.ctx.faults.duplicateAri.set(type, times);
    },
    /** Send the next `times` AMI events of this name twice. */
    duplicateAmiEvent: (name: string, times = 1): void => {
      this.ctx.faults.duplicateAmi.set(name, times);
    },
    /** Write a malformed frame to every AMI session. */
    malformedAmiFrame: (): void => this.ami.sendMalformed(),
    /** Split AMI output into small random chunks. */
    splitAmiWrites: (on: boolean): void => {
      this.ctx.faults.splitAmiWrites = on;
    },
  };

  async stop(): Promise<void> {
    for (const ch of [...this.model.channels.values()]) this.model.hangup(ch);
    this.model.clock.stop();
    await this.ari.stop();
    await this.ami.stop();
  }
}

export async function startStandin(opts: StandinOptions = {}): Promise<Standin> {
  return new Standin(opts).start();
}
