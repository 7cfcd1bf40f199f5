import { separateArgs } from './app-args';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Channel, asteriskTime, type CallerId, type ChannelState } from './channel';
import { Clock } from './clock';
import { CAUSE, causeText } from './causes';
import { findExtension, type Dialplan } from './dialplan';
import type { EndpointBehaviour } from './behaviours';
import { Queue, QueueMember, DEVICE, DEVICE_BY_NAME, type QueueConfig, type MemberConfig } from './queue';

function deviceStateName(state: number): string {
  return Object.entries(DEVICE_BY_NAME).find(([, n]) => n === state)?.[0] ?? 'UNKNOWN';
}

/** One AMI event before framing. */
export interface AmiEvent {
  name: string;
  privilege: string;
  fields: Array<[string, string]>;
}

/** One ARI event before it is sent to an application's WebSocket. */
export type AriEvent = { type: string } & Record<string, unknown>;

export type DialStatus = 'ANSWER' | 'BUSY' | 'NOANSWER' | 'CHANUNAVAIL' | 'CONGESTION' | 'CANCEL';

export interface DialRequest {
  iface: string;
  caller: CallerId;
  timeoutMs: number;
  /** Channel that places the call (Queue, Dial); absent for originate. */
  from?: Channel;
  /** Application that originated the call over ARI: the new channel's events go to it. */
  subscribeApp?: string;
  linkedid?: string;
  vars?: Record<string, string>;
  /** ARI originate may choose the ids: channelId for the dialed channel, otherChannelId for ;2. */
  channelId?: string;
  otherChannelId?: string;
  /** Queue member's state interface: finds the phone behind a Local member without dialplan. */
  stateInterface?: string;
  /** What answers a Local channel whose exten@context has no dialplan (unrelated PBX calls). */
  endpoint?: EndpointBehaviour;
}

export interface DialAttempt {
  channel: Channel;
  result: Promise<DialStatus>;
  /** Stops ringing: hangs the dialed channel up with the given cause. */
  cancel(cause?: number): void;
}

export interface ModelEvents {
  ami: [AmiEvent];
  ari: [string, AriEvent];
  channelCreated: [Channel];
  channelDestroyed: [Channel];
  changed: [];
  queueChanged: [];
}

/** Collaborators the model delegates to; wired in by createCallModel. */
export interface DialplanRunner {
  run(ch: Channel): Promise<void>;
  runApplication(ch: Channel, app: string, data: string, cause?: number): Promise<void>;
  stasisThenDialplan(ch: Channel, app: string, args: string[]): Promise<void>;
}

export const ASTERISK_ID = '02:fc:00:00:00:01';

/**
 * The state of the simulated PBX shared by ARI and AMI: channels (one id space: ARI `id` is the
 * AMI `Uniqueid`), Stasis applications, queues, simulated endpoints, and the events both
 * protocols report about them.
 */
export class CallModel extends EventEmitter<ModelEvents> {
  readonly channels = new Map<string, Channel>();
  /** Registered Stasis applications; `active` while a WebSocket of it is connected. */
  /** Registered applications; `allowed`/`disallowed`: their event filter (PUT /applications/{app}/eventFilter). */
  readonly apps = new Map<string, { active: boolean; pinned?: boolean; allowed?: string[]; disallowed?: string[] }>();
  readonly queues = new Map<string, Queue>();
  /** Dispatcher phones and other endpoints by interface, e.g. `PJSIP/101`. */
  readonly phones = new Map<string, EndpointBehaviour>();
  /** Residents' behaviour for outbound calls, by phone number. */
  readonly residents = new Map<string, EndpointBehaviour>();
  defaultResident: EndpointBehaviour = { kind: 'answer', afterMs: 1000 };
  /** `Custom:<x>` device states (DEVICE_STATE() / setDeviceState), by lower-case name. */
  readonly customDevices = new Map<string, number>();
  /** `<ext>@<context>` hints → the device each follows (`PJSIP/101`). */
  readonly hints = new Map<string, string>();
  /** Global variables (AMI Setvar without a channel, Set(GLOBAL(x)=...)). */
  readonly globals = new Map<string, string>();
  /** Random source of ${RAND()} (tests may fix it). */
  random: () => number = Math.random;
  runner!: DialplanRunner;
  private seq = 0;
  private chanSeq = 0;
  readonly startedAt = Date.now();

  constructor(
    readonly clock: Clock,
    public dialplan: Dialplan,
    queues: QueueConfig[],
  ) {
    super();
    this.setMaxListeners(0);
    for (const q of queues) this.addQueue(q);
  }

  // ---- ids and events ------------------------------------------------------------------------

  nextUniqueid(): string {
    return `${Math.floor(Date.now() / 1000)}.${this.seq++}`;
  }

  nextChannelSuffix(): string {
    return (this.chanSeq++).toString(16).padStart(8, '0');
  }

  ami(name: string, privilege: string, fields: Array<[string, string]>): void {
    this.emit('ami', { name, privilege, fields });
  }

  /** Sends an event about a channel to the applications subscribed to it. */
  ariForChannel(ch: Channel, event: AriEvent): void {
    for (const app of ch.subscribedApps) this.ariTo(app, event);
  }

  ariTo(app: string, event: AriEvent): void {
    const { type, ...rest } = event;
    if (!this.passesFilter(app, type)) return;
    this.emit('ari', app, { type, timestamp: asteriskTime(), ...rest, asterisk_id: ASTERISK_ID, application: app });
  }

  /** Whether the application's event filter lets a message of this type through (RESTResponse included, as in Asterisk). */
  passesFilter(app: string, type: string): boolean {
    // res/stasis/app.c: disallowed wins; an empty allowed list allows everything.
    const reg = this.apps.get(app);
    return !(reg?.disallowed?.includes(type) || (reg?.allowed?.length && !reg.allowed.includes(type)));
  }

  changed(): void {
    this.emit('changed');
  }

  // ---- channels ------------------------------------------------------------------------------

  createChannel(
    name: string,
    init: { state: ChannelState; caller: CallerId; context: string; exten: string; priority?: number; appName?: string; appData?: string },
    linkedid?: string,
    fixedId?: string,
  ): Channel {
    const id = fixedId || this.nextUniqueid();
    const ch = new Channel(id, name, linkedid ?? id, init);
    this.channels.set(id, ch);
    this.ami('Newchannel', 'call,all', ch.amiFields());
    this.emit('channelCreated', ch);
    this.deviceChanged(this.channelDevices(ch));
    this.changed();
    return ch;
  }

  findByName(name: string): Channel | undefined {
    for (const ch of this.channels.values()) if (ch.name === name) return ch;
    return undefined;
  }

  setState(ch: Channel, state: ChannelState): void {
    if (ch.hungUp || ch.state === state) return;
    ch.state = state;
    this.ami('Newstate', 'call,all', ch.amiFields());
    this.ariForChannel(ch, { type: 'ChannelStateChange', channel: ch.toAri() });
    this.deviceChanged(this.channelDevices(ch));
    if (state === 'Up') {
      for (const w of ch.answerWaiters) w();
      ch.answerWaiters.clear();
    }
    this.changed();
  }

  /** Answers a channel; for a Local pair the other half comes up too, as it does in Asterisk. */
  answer(ch: Channel): void {
    if (ch.hungUp || ch.state === 'Up') return;
    this.setState(ch, 'Up');
    const peer = ch.localPeer;
    if (peer && !peer.hungUp && peer.state !== 'Up') this.setState(peer, 'Up');
  }

  whenAnswered(ch: Channel): Promise<boolean> {
    if (ch.state === 'Up') return Promise.resolve(true);
    return new Promise((resolve) => {
      if (ch.hungUp) return resolve(false);
      const onUp = (): void => {
        ch.life.signal.removeEventListener('abort', onDead);
        resolve(true);
      };
      const onDead = (): void => {
        ch.answerWaiters.delete(onUp);
        resolve(false);
      };
      ch.answerWaiters.add(onUp);
      ch.life.signal.addEventListener('abort', onDead, { once: true });
    });
  }

  setVar(ch: Channel, name: string, value: string): void {
    // ARRAY(a,b,…)=x,y,…: each name its value (func_strings.c); a name past the values is emptied.
    const array = /^ARRAY\((.*)\)$/i.exec(name);
    if (array) {
      const values = separateArgs(value);
      separateArgs(array[1]).forEach((n, i) => this.setVar(ch, n.trim(), values[i] ?? ''));
      return;
    }
    ch.vars.set(name, value);
    this.ami('VarSet', 'dialplan,all', [...ch.amiFields(), ['Variable', name], ['Value', value]]);
    this.ariForChannel(ch, { type: 'ChannelVarset', variable: name, value, channel: ch.toAri() });
  }

  /** A variable or function read without a channel (AMI Getvar without Channel): globals, DEVICE_STATE(). */
  getGlobal(name: string): string | undefined {
    const dev = /^DEVICE_STATE\((.*)\)$/i.exec(name);
    if (dev) return deviceStateName(this.deviceState(this.stateDevice(dev[1])));
    return this.globals.get(name);
  }

  getVar(ch: Channel, name: string): string | undefined {
    const fn = /^CALLERID\((num|name|all)\)$/i.exec(name);
    if (fn) {
      const part = fn[1].toLowerCase();
      if (part === 'num') return ch.caller.number;
      if (part === 'name') return ch.caller.name;
      return `"${ch.caller.name}" <${ch.caller.number}>`;
    }
    if (name === 'EXTEN') return ch.exten;
    if (name === 'CONTEXT') return ch.context;
    if (name === 'UNIQUEID') return ch.id;
    if (name === 'CHANNEL') return ch.name;
    if (/^DEVICE_STATE\(/i.test(name)) return this.getGlobal(name);
    const rand = /^RAND\(\s*(-?\d*)\s*(?:,\s*(-?\d*)\s*)?\)$/i.exec(name);
    if (rand) {
      // func_rand: RAND(min,max), both inclusive; defaults 0 and RAND_MAX.
      const min = rand[1] ? Number(rand[1]) : 0;
      const max = rand[2] ? Number(rand[2]) : 2147483647;
      const [lo, hi] = min <= max ? [min, max] : [max, min];
      return String(lo + Math.floor(this.random() * (hi - lo + 1)));
    }
    return ch.vars.get(name) ?? this.globals.get(name);
  }

  /**
   * Hangs a channel up. `ariCause`/`soft` describe the ChannelHangupRequest the app sees
   * (DELETE /channels reports cause 32 soft, a remote hangup the real cause).
   */
  hangup(ch: Channel, cause: number = CAUSE.NORMAL_CLEARING, opts: { ariCause?: number; soft?: boolean; noRequest?: boolean } = {}): void {
    if (ch.hungUp) return;
    // A channel torn down by whoever dialled it (timeout, cancel) or by the PBX itself (no such
    // extension) is destroyed without a hangup request, as Asterisk reports it.
    if (!opts.noRequest) {
      const req: AriEvent = { type: 'ChannelHangupRequest', cause: opts.ariCause ?? cause, channel: ch.toAri() };
      if (opts.soft) req.soft = true;
      this.ariForChannel(ch, req);
    }
    ch.hungUp = true;
    ch.hangupCause = cause;
    if (ch.stasisApp) this.leaveStasis(ch);
    ch.life.abort();
    this.ami('Hangup', 'call,all', [...ch.amiFields(), ['Cause', String(cause)], ['Cause-txt', causeText(cause)]]);
    this.ariForChannel(ch, { type: 'ChannelDestroyed', cause, cause_txt: causeText(cause), channel: ch.toAri() });
    this.channels.delete(ch.id);
    this.deviceChanged(this.channelDevices(ch));
    const peer = ch.localPeer;
    if (peer && !peer.hungUp) {
      const peerIsTwo = peer.name.endsWith(';2');
      this.hangup(peer, peer.state === 'Busy' ? CAUSE.USER_BUSY : cause, { noRequest: !!opts.noRequest && !peerIsTwo });
    }
    this.emit('channelDestroyed', ch);
    this.changed();
  }

  // ---- Stasis -------------------------------------------------------------------------------

  registerApp(name: string): void {
    if (!this.apps.has(name)) this.apps.set(name, { active: false });
  }

  setAppActive(name: string, active: boolean): void {
    this.registerApp(name);
    this.apps.get(name)!.active = active;
    this.cleanupApps();
    this.changed();
  }

  /**
   * res_stasis's cleanup() on every (un)registration: an application with no socket and no
   * channel subscribed to it is gone (GET /applications no longer lists it, Stasis() of it
   * fails with "doesn't exist"). Applications given in the scenario's `apps` stay.
   */
  cleanupApps(): void {
    for (const [name, reg] of this.apps) {
      if (reg.active || reg.pinned) continue;
      let used = false;
      for (const ch of this.channels.values()) {
        if (ch.subscribedApps.has(name)) {
          used = true;
          break;
        }
      }
      if (!used) this.apps.delete(name);
    }
  }

  appChannelIds(app: string): string[] {
    const ids: string[] = [];
    for (const ch of this.channels.values()) if (ch.stasisApp === app) ids.push(ch.id);
    return ids;
  }

  /**
   * Puts a channel into a Stasis application. Returns false (STASISSTATUS=FAILED) when no
   * WebSocket of the application is connected, as Asterisk does.
   */
  enterStasis(ch: Channel, app: string, args: string[]): boolean {
    const reg = this.apps.get(app);
    if (!reg || !reg.active) {
      // app_stasis: STASISSTATUS is cleared on entry, then FAILED ("doesn't exist" / "not active").
      this.setVar(ch, 'STASISSTATUS', '');
      this.setVar(ch, 'STASISSTATUS', 'FAILED');
      return false;
    }
    this.setVar(ch, 'STASISSTATUS', '');
    ch.stasisApp = app;
    ch.subscribedApps.add(app);
    ch.interrupt = new AbortController();
    this.ariForChannel(ch, { type: 'StasisStart', args, channel: ch.toAri() });
    this.changed();
    return true;
  }

  /** StasisEnd; the channel stays subscribed only if the app originated it. */
  leaveStasis(ch: Channel): void {
    const app = ch.stasisApp;
    if (!app) return;
    this.playbacksStop?.(ch);
    this.ariTo(app, { type: 'StasisEnd', channel: ch.toAri() });
    ch.stasisApp = undefined;
    if (!ch.vars.has('__ORIGINATED_BY_APP')) ch.subscribedApps.delete(app);
    ch.vars.set('STASISSTATUS', 'SUCCESS');
    this.ami('VarSet', 'dialplan,all', [...ch.amiFields(), ['Variable', 'STASISSTATUS'], ['Value', 'SUCCESS']]);
    this.ariForChannel(ch, { type: 'ChannelVarset', variable: 'STASISSTATUS', value: 'SUCCESS', channel: ch.toAri() });
    this.changed();
  }

  /** Set by the playback manager so leaving Stasis stops the channel's playbacks. */
  playbacksStop: ((ch: Channel) => void) | undefined;

  /** POST /channels/{id}/continue: leave Stasis and go on in the dialplan. */
  continueInDialplan(ch: Channel, target: { context?: string; extension?: string; priority?: number }): void {
    if (target.context || target.extension || target.priority) {
      ch.vars.set('__CONTINUE_TARGET', JSON.stringify({
        context: target.context || ch.context,
        exten: target.extension || ch.exten,
        priority: target.priority ?? 1,
      }));
    }
    this.leaveStasis(ch);
    ch.interrupt.abort();
  }

  // ---- DTMF ---------------------------------------------------------------------------------

  /** A digit arrives on a channel and travels on across Local pairs and bridges. */
  receiveDtmf(ch: Channel, digit: string, durationMs = 100, visited = new Set<Channel>()): void {
    const reached: Channel[] = [];
    const walk = (c: Channel | undefined): void => {
      if (!c || c.hungUp || visited.has(c)) return;
      visited.add(c);
      reached.push(c);
      walk(c.bridgedTo);
      walk(c.localPeer);
    };
    walk(ch);
    for (const c of reached) this.ami('DTMFBegin', 'dtmf,all', [...c.amiFields(), ['Digit', digit], ['Direction', 'Received']]);
    this.clock.after(durationMs, () => {
      for (const c of reached) {
        if (c.hungUp) continue;
        if (c.stasisApp) this.ariForChannel(c, { type: 'ChannelDtmfReceived', digit, duration_ms: durationMs, channel: c.toAri() });
        this.ami('DTMFEnd', 'dtmf,all', [...c.amiFields(), ['Digit', digit], ['DurationMs', String(durationMs)], ['Direction', 'Received']]);
        for (const h of c.dtmfHandlers) h(digit);
      }
    });
  }

  /** A channel sends digits to whoever is on the other end (SendDTMF, a phone's key press). */
  sendDtmfFrom(ch: Channel, digit: string, durationMs = 100): void {
    const far = ch.localPeer ?? ch.bridgedTo;
    if (far) this.receiveDtmf(far, digit, durationMs, new Set([ch]));
  }

  // ---- dialing -------------------------------------------------------------------------------

  /** Rings an interface: Local/exten@context[/n], PJSIP/resource, SIP/..., anything else fails. */
  dial(req: DialRequest): DialAttempt {
    const slash = req.iface.indexOf('/');
    const tech = slash > 0 ? req.iface.slice(0, slash) : req.iface;
    const resource = slash > 0 ? req.iface.slice(slash + 1) : '';
    const linkedid = req.linkedid ?? req.from?.linkedid;
    let settle!: (s: DialStatus) => void;
    const result = new Promise<DialStatus>((r) => (settle = r));
    let done = false;
    let dialed!: Channel;
    let dialString = '';
    let stopTimer: () => void = () => undefined;
    // Set when Asterisk would not report the dial at all (Local to a missing extension).
    let silent = false;
    const finish = (s: DialStatus, report = true): void => {
      if (done) return;
      done = true;
      stopTimer();
      if (report && !silent) this.dialEvents(req, dialed, dialString, s);
      settle(s);
    };

    if (tech.toLowerCase() === 'local') {
      const spec = resource.replace(/\/n$/, '');
      const [exten, context = 'default'] = spec.split('@');
      dialString = resource;
      const suffix = this.nextChannelSuffix();
      const base = `Local/${exten}@${context}-${suffix}`;
      const init = { caller: req.caller, context, exten };
      const one = this.createChannel(`${base};1`, { ...init, state: 'Down', appName: 'AppDial2', appData: '(Outgoing Line)' }, linkedid, req.channelId);
      const two = this.createChannel(`${base};2`, { ...init, state: 'Ring' }, linkedid ?? one.id, req.otherChannelId);
      one.localPeer = two;
      two.localPeer = one;
      dialed = one;
      if (req.subscribeApp) {
        for (const c of [one, two]) {
          c.subscribedApps.add(req.subscribeApp);
          c.vars.set('__ORIGINATED_BY_APP', req.subscribeApp);
        }
        this.ariForChannel(two, {
          type: 'ChannelCallerId',
          caller_presentation: 0,
          caller_presentation_txt: 'Presentation Allowed, Not Screened',
          channel: two.toAri(),
        });
        this.ariForChannel(two, { type: 'ChannelConnectedLine', channel: two.toAri() });
      }
      for (const [k, v] of Object.entries(req.vars ?? {})) one.vars.set(k, v);
      const hasExten = !!findExtension(this.dialplan, context, exten);
      // A Local member with no dialplan behind it (FreePBX's from-queue): the phone is the
      // scenario's entry for the member interface or for its state interface's device.
      const stateDevice = req.stateInterface ? this.stateDevice(req.stateInterface) : undefined;
      const phone = hasExten ? undefined : (req.endpoint ?? this.phones.get(req.iface) ?? (stateDevice ? this.phoneFor(stateDevice) : undefined));
      if (phone && stateDevice && !/^(custom|hint|local):?/i.test(stateDevice)) two.phoneDevice = stateDevice;
      silent = !hasExten && !phone;
      if (!silent) this.dialEvents(req, one, dialString, '');
      // ;2 answering brings ;1 up (answer()); ;2 going Busy or away ends the attempt.
      void this.whenAnswered(one).then((up) => up && finish('ANSWER'));
      two.life.signal.addEventListener('abort', () => {
        if (done) return;
        const c = two.hangupCause;
        finish(c === CAUSE.USER_BUSY ? 'BUSY' : c === CAUSE.CONGESTION ? 'CONGESTION' : 'NOANSWER');
      });
      const watchBusy = (): void => {
        if (two.state === 'Busy' && !done) {
          finish('BUSY');
        }
      };
      this.on('changed', watchBusy);
      void result.then(() => this.off('changed', watchBusy));
      if (phone) this.playEndpoint(two, phone);
      else queueMicrotask(() => void this.runner.run(two));
    } else {
      const behaviour = this.behaviourFor(tech, resource);
      dialString = resource;
      const suffix = this.nextChannelSuffix();
      const endpoint = resource.split('/')[0].split('@')[0];
      const ch = this.createChannel(
        `${tech}/${endpoint}-${suffix}`,
        { state: 'Down', caller: req.caller, context: 'default', exten: 's', appName: 'AppDial2', appData: '(Outgoing Line)' },
        linkedid,
        req.channelId,
      );
      dialed = ch;
      if (req.subscribeApp) {
        ch.subscribedApps.add(req.subscribeApp);
        ch.vars.set('__ORIGINATED_BY_APP', req.subscribeApp);
      }
      for (const [k, v] of Object.entries(req.vars ?? {})) ch.vars.set(k, v);
      this.dialEvents(req, ch, dialString, '');
      void this.whenAnswered(ch).then((up) => up && finish('ANSWER'));
      ch.life.signal.addEventListener('abort', () => {
        const c = ch.hangupCause;
        finish(c === CAUSE.USER_BUSY ? 'BUSY' : c === 20 ? 'CHANUNAVAIL' : c === CAUSE.CONGESTION ? 'CONGESTION' : 'NOANSWER');
      });
      this.playEndpoint(ch, behaviour);
    }

    stopTimer = this.clock.after(req.timeoutMs, () => {
      if (done) return;
      // An originate that times out just ends (no Dial end seen); a Dial()/Queue ring reports it.
      finish('NOANSWER', !!req.from);
      this.hangup(dialed, CAUSE.UNKNOWN, { noRequest: true });
    });
    return {
      channel: dialed,
      result,
      cancel: (cause = CAUSE.ANSWERED_ELSEWHERE) => {
        if (done) return;
        finish('CANCEL');
        this.hangup(dialed, cause, { noRequest: true });
      },
    };
  }

  private dialEvents(req: DialRequest, dest: Channel, dialString: string, status: string): void {
    const fields: Array<[string, string]> = [...(req.from ? req.from.amiFields() : []), ...dest.amiFields('Dest')];
    if (status) this.ami('DialEnd', 'call,all', [...fields, ['DialStatus', status]]);
    else this.ami('DialBegin', 'call,all', [...fields, ['DialString', dialString]]);
    const ev: AriEvent = { type: 'Dial', dialstatus: status, forward: '', dialstring: dialString, peer: dest.toAri() };
    if (req.from) ev.caller = req.from.toAri();
    const apps = new Set([...dest.subscribedApps, ...(req.from?.subscribedApps ?? [])]);
    for (const app of apps) this.ariTo(app, ev);
  }

  behaviourFor(tech: string, resource: string): EndpointBehaviour {
    const iface = `${tech}/${resource}`;
    const phone = this.phones.get(iface) ?? this.phones.get(`${tech}/${resource.split('@')[0]}`);
    if (phone) return phone;
    const digits = resource.replace(/^.*\/sip:/, '').split('@')[0].replace(/[^0-9+]/g, '');
    const number = digits.replace(/^\+/, '');
    return this.residents.get(digits) ?? this.residents.get(number) ?? this.defaultResident;
  }

  /** Drives a simulated endpoint that was rung: ring, then answer / stay silent / busy / reject. */
  private playEndpoint(ch: Channel, b: EndpointBehaviour): void {
    const signal = ch.life.signal;
    switch (b.kind) {
      case 'busy':
        this.clock.after(50, () => this.hangup(ch, CAUSE.USER_BUSY));
        return;
      case 'reject':
        this.clock.after(50, () => this.hangup(ch, CAUSE.CALL_REJECTED));
        return;
      case 'unavailable':
        this.clock.after(0, () => this.hangup(ch, 20));
        return;
      case 'noanswer':
        this.clock.after(10, () => this.setState(ch, 'Ringing'));
        return;
      case 'answer': {
        this.clock.after(10, () => ch.state !== 'Up' && this.setState(ch, 'Ringing'));
        void this.clock.sleep(b.afterMs ?? 1000, signal).then((ok) => {
          if (!ok || ch.hungUp) return;
          this.answer(ch);
          if (b.talkMs !== undefined) void this.clock.sleep(b.talkMs, signal).then((k) => k && this.hangup(ch));
          this.runScript(ch, b.script ?? []);
        });
      }
    }
  }

  /** Runs a phone user's script: keys and hangups at given times from start or from answer. */
  runScript(ch: Channel, steps: Array<{ atMs?: number; afterAnswerMs?: number; dtmf?: string; hangup?: boolean }>): void {
    const signal = ch.life.signal;
    for (const step of steps) {
      const act = (): void => {
        if (ch.hungUp) return;
        if (step.dtmf) {
          let delay = 0;
          for (const d of step.dtmf) {
            this.clock.after(delay, () => !ch.hungUp && this.receiveDtmf(ch, d));
            delay += 250;
          }
        }
        if (step.hangup) this.hangup(ch);
      };
      if (step.afterAnswerMs !== undefined) {
        void this.whenAnswered(ch).then((up) => {
          if (up) void this.clock.sleep(step.afterAnswerMs!, signal).then((ok) => ok && act());
        });
      } else {
        void this.clock.sleep(step.atMs ?? 0, signal).then((ok) => ok && act());
      }
    }
  }

  // ---- queues --------------------------------------------------------------------------------

  addQueue(cfg: QueueConfig): Queue {
    const q = new Queue(cfg.name, cfg);
    this.queues.set(cfg.name, q);
    for (const m of cfg.members ?? []) {
      q.members.push(new QueueMember(m.interface, 'static', m, 0));
    }
    for (const member of q.members) member.deviceStatus = this.deviceState(this.stateDevice(member.stateInterface));
    return q;
  }

  // ---- device states (what app_queue's Status follows) ----------------------------------------

  /** The device a state interface names: `Local/x@c/n` → `Local/x@c`, `hint:x@c` → its device. */
  stateDevice(stateInterface: string): string {
    const hint = /^hint:(.*)$/i.exec(stateInterface);
    if (hint) return this.hints.get(hint[1]) ?? stateInterface;
    const local = /^(local\/[^/]+)\/.*$/i.exec(stateInterface);
    return local ? local[1] : stateInterface;
  }

  /** Devices a channel counts for: its own (`PJSIP/101`, `Local/101@agents`) and the phone behind a Local half. */
  channelDevices(ch: Channel): string[] {
    const own = ch.name.replace(/-[0-9a-f]+(;[12])?$/i, '');
    return ch.phoneDevice ? [own, ch.phoneDevice] : [own];
  }

  /** The simulated phone of a device: keyed by the device, or by a member interface that uses it as state interface. */
  phoneFor(device: string): EndpointBehaviour | undefined {
    const direct = this.phones.get(device);
    if (direct) return direct;
    for (const q of this.queues.values()) {
      for (const m of q.members) {
        if (this.stateDevice(m.stateInterface).toLowerCase() === device.toLowerCase()) {
          const b = this.phones.get(m.iface);
          if (b) return b;
        }
      }
    }
    return undefined;
  }

  /**
   * A device's state as Asterisk aggregates it: Custom devices as set (UNKNOWN until then), Local
   * devices INUSE while a channel of theirs is up, phones from their channels (ringing, in use)
   * or, when idle, from the scenario (no phone or an unavailable one: UNAVAILABLE).
   */
  deviceState(device: string): number {
    const lower = device.toLowerCase();
    if (lower.startsWith('custom:')) return this.customDevices.get(lower) ?? DEVICE.UNKNOWN;
    if (lower.startsWith('hint:')) return DEVICE.INVALID;
    let up = false;
    let ringing = false;
    let busy = false;
    for (const ch of this.channels.values()) {
      if (ch.hungUp) continue;
      const mine = this.channelDevices(ch).some((d) => d.toLowerCase() === lower);
      if (!mine) continue;
      const asPhone = ch.phoneDevice?.toLowerCase() === lower;
      const st: ChannelState = ch.state;
      if (st === 'Up' || (st === 'Ring' && !asPhone && !lower.startsWith('local/'))) up = true;
      else if (st === 'Ringing' || st === 'Ring') ringing = true;
      else if (st === 'Busy') busy = true;
    }
    if (lower.startsWith('local/')) {
      const [exten, context = 'default'] = device.slice(6).split('@');
      if (!findExtension(this.dialplan, context, exten) && !this.phones.has(device) && !this.phoneForLocal(device)) return DEVICE.INVALID;
      return up ? DEVICE.INUSE : DEVICE.NOT_INUSE;
    }
    if (up && ringing) return DEVICE.RINGINUSE;
    if (up) return DEVICE.INUSE;
    if (ringing) return DEVICE.RINGING;
    if (busy) return DEVICE.BUSY;
    const b = this.phoneFor(device);
    if (!b) return DEVICE.UNAVAILABLE;
    return b.kind === 'unavailable' ? DEVICE.UNAVAILABLE : DEVICE.NOT_INUSE;
  }

  /** A Local member without dialplan still reaches a phone if the scenario has one for it. */
  private phoneForLocal(device: string): boolean {
    for (const q of this.queues.values()) {
      for (const m of q.members) {
        if (this.stateDevice(m.iface).toLowerCase() !== device.toLowerCase()) continue;
        if (this.phones.has(m.iface) || this.phoneFor(this.stateDevice(m.stateInterface))) return true;
      }
    }
    return false;
  }

  private pendingDevices = new Set<string>();

  /**
   * A channel of these devices changed. Asterisk recomputes device state on its own thread, so
   * the queue hears of it after the channel events (AgentComplete before the member's
   * QueueMemberStatus, as recorded): collected and applied on the next turn of the loop.
   */
  private deviceChanged(devices: string[]): void {
    if (this.queues.size === 0) return;
    const first = this.pendingDevices.size === 0;
    for (const d of devices) this.pendingDevices.add(d);
    if (!first) return;
    setImmediate(() => {
      const list = [...this.pendingDevices];
      this.pendingDevices.clear();
      this.refreshMembers(list);
    });
  }

  /** DEVICE_STATE(Custom:x)=STATE or the scenario: sets a custom device and updates members. */
  setCustomDevice(device: string, state: number): void {
    this.customDevices.set(device.toLowerCase(), state);
    this.refreshMembers([device]);
    this.changed();
  }

  /**
   * Re-reads the devices of members (all, or those whose state interface is one of `devices`)
   * and reports each change as QueueMemberStatus, as app_queue's device_state_cb does; only
   * members still in a queue are looked at.
   */
  refreshMembers(devices?: string[]): void {
    if (this.queues.size === 0) return;
    const wanted = devices?.map((d) => d.toLowerCase());
    let freed = false;
    for (const q of this.queues.values()) {
      for (const m of q.members) {
        const dev = this.stateDevice(m.stateInterface);
        if (wanted && !wanted.includes(dev.toLowerCase())) continue;
        const st = this.deviceState(dev);
        if (st === m.deviceStatus) continue;
        m.deviceStatus = st;
        this.memberStatusEvent(q, m);
        if (m.available) freed = true;
      }
    }
    if (freed) this.emit('queueChanged');
  }

  addMember(queueName: string, cfg: MemberConfig): QueueMember | 'no-queue' | 'exists' {
    const q = this.queues.get(queueName);
    if (!q) return 'no-queue';
    if (q.member(cfg.interface)) return 'exists';
    const m = new QueueMember(cfg.interface, 'dynamic', cfg, 0);
    if (m.paused) m.lastPause = Math.floor(Date.now() / 1000);
    q.members.push(m);
    // After joining: a phone keyed by this member's interface may be what its device is.
    m.deviceStatus = this.deviceState(this.stateDevice(m.stateInterface));
    this.ami('QueueMemberAdded', 'agent,all', m.eventFields(q.name));
    this.emit('queueChanged');
    this.changed();
    return m;
  }

  removeMember(queueName: string, iface: string): boolean {
    const q = this.queues.get(queueName);
    const m = q?.member(iface);
    if (!q || !m) return false;
    q.members.splice(q.members.indexOf(m), 1);
    this.ami('QueueMemberRemoved', 'agent,all', m.eventFields(q.name));
    this.emit('queueChanged');
    this.changed();
    return true;
  }

  /** QueuePause over one queue or all queues the interface is in; false when it is nowhere. */
  pauseMember(queueName: string | undefined, iface: string, paused: boolean, reason = ''): boolean {
    let found = false;
    for (const q of this.queues.values()) {
      if (queueName && q.name !== queueName) continue;
      const m = q.member(iface);
      if (!m) continue;
      found = true;
      m.paused = paused;
      m.pausedReason = paused ? reason : '';
      m.lastPause = Math.floor(Date.now() / 1000);
      this.ami('QueueMemberPause', 'agent,all', m.eventFields(q.name));
    }
    if (found) {
      this.emit('queueChanged');
      this.changed();
    }
    return found;
  }

  memberStatusEvent(q: Queue, m: QueueMember): void {
    this.ami('QueueMemberStatus', 'agent,all', m.eventFields(q.name));
  }

  newBridgeId(): string {
    return randomUUID();
  }
}
