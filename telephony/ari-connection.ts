/**
 * The ARI connection: REST requests and the Stasis application's events WebSocket, over the
 * `ari-client` 2.2.0 library, kept alive forever.
 *
 * Why not ari-client's own reconnect: it retries the WebSocket only ~10 times (about 40 s) and
 * then gives up for good ('WebSocketMaxRetries'), it cannot tell a dead TCP connection, and its
 * retry timers cannot be cancelled (a late retry would open a second socket that steals the
 * application's events, because Asterisk sends them to the newest socket only). So this class
 * turns the library's retry off (see `takeOverSocket`), and on any loss throws the client away
 * and builds a new one after a capped backoff.
 *
 * After every (re)connect it lists the channels already in the application ('ready' →
 * adoptedChannelIds): events missed while away are not replayed by Asterisk.
 */
import { EventEmitter } from 'node:events';
import Ari from 'ari-client';
import { installAriHttpTransport, routeAriRequests } from './ari-http-transport';
import { AriWsRequests, type RestResponseMessage } from './ari-ws-requests';
import type { Logger } from '../core/logger';
import { Backoff } from '../core/backoff';
import { StatusTracker, type ConnectionStatus } from './connection-status';
import {
  ARI_EVENT_TYPES,
  ARI_EVENT_FILTER,
  AriEventTranslator,
  type AriConnectionEvents,
  type AriEmitted,
} from './ari-events';
import {
  AriRequestError,
  ChannelGoneError,
  NotConnectedError,
  PlaybackGoneError,
  TelephonyTimeoutError,
  withTimeout,
} from './telephony-errors';

/** After ApplicationReplaced, wait this long before taking the application back: two instances misconfigured with one name would otherwise take it from each other for ever. */
const REPLACED_RETRY_MS = 30_000;

/** The event types Kontakt acts on (the filter asks Asterisk for these, ApplicationReplaced and RESTResponse). */
const HANDLED_EVENTS: ReadonlySet<unknown> = new Set(ARI_EVENT_TYPES);

export interface AriConnectionOptions {
  /** Base URL of Asterisk's HTTP server: `http://127.0.0.1:8088`. */
  url: string;
  username: string;
  password: string;
  /** Stasis application name (`kontakt`). */
  app: string;
  /** Timeout of each REST request (default 5000). */
  requestTimeoutMs?: number;
  /** Timeout of loading the API description and opening the socket (default 10000). */
  connectTimeoutMs?: number;
  /** WebSocket ping period; a socket with no pong for two periods is dropped (default 15000, 0 = off). */
  pingIntervalMs?: number;
  /** Send REST requests over the events WebSocket when the PBX takes them (Asterisk 22.4+; default true). */
  restOverWebSocket?: boolean;
  backoff: { initialMs: number; maxMs: number; factor?: number; jitter?: number };
  logger: Logger;
}

/** A channel as getChannel returns it. */
export interface AriChannelInfo {
  id: string;
  name: string;
  state: string;
  callerNumber: string | null;
  callerName: string | null;
  context: string | null;
  exten: string | null;
}

export interface OriginateOptions {
  /** `PJSIP/0501234567` (or `PJSIP/0501234567@trunk`). */
  endpoint: string;
  /** Stasis application for the answered call (default: this connection's app). */
  app?: string;
  /** Stasis() arguments; an array is joined with commas (`['callback', '42']`). */
  appArgs?: string | string[];
  callerId?: string;
  /** Seconds to wait for the answer before Asterisk gives up (ChannelDestroyed). */
  timeoutSec?: number;
  variables?: Record<string, string>;
  /**
   * The id to give the channel. Pass one when events for the call must be matched before the
   * originate request returns (StasisStart can arrive first).
   */
  channelId?: string;
}

/** What this layer relies on inside ari-client 2.2.0 (not in its types): the socket, the "closed on purpose" flag and the loaded API. */
interface AriClientInternals {
  _ws?: WsLike;
  _wsClosed?: boolean;
  _swagger?: { basePath?: string; apis?: { events?: { models?: Record<string, unknown> } } };
}
interface WsLike {
  readyState: number;
  prependListener(event: string, listener: (...args: unknown[]) => void): unknown;
  removeAllListeners(event: string): unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  once(event: string, listener: (...args: unknown[]) => void): unknown;
  terminate(): void;
  send(data: string, cb: (err?: Error) => void): void;
}
const WS_OPEN = 1;

type Client = Ari.Client & AriClientInternals;

/** One connection attempt's client and what belongs to it. */
interface Attempt {
  id: number;
  client: Client;
  ws?: WsLike;
  /** Events that arrived between socket open and 'ready' (delivered after 'ready'). */
  buffered: AriEmitted[] | null;
  pingTimer?: NodeJS.Timeout;
  awaitingPong: boolean;
  /** REST requests sent over this attempt's socket, once it is ready (none: over HTTP). */
  requests?: AriWsRequests;
}

export class AriConnection extends EventEmitter<AriConnectionEvents> {
  private readonly log: Logger;
  private readonly backoff: Backoff;
  private readonly tracker = new StatusTracker();
  private readonly translator = new AriEventTranslator();
  private readonly requestTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly pingIntervalMs: number;
  private attemptSeq = 0;
  private current: Attempt | null = null;
  /** The newest client whose API loaded: REST still works through it while the socket is away. */
  private restClient: Client | null = null;
  private retryTimer: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;
  /** An outage is logged once at warn level; its further failed attempts at debug. */
  private outageLogged = false;

  constructor(private readonly opts: AriConnectionOptions) {
    super();
    this.log = opts.logger;
    this.backoff = new Backoff(opts.backoff);
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 5000;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
    this.pingIntervalMs = opts.pingIntervalMs ?? 15_000;
  }

  get ready(): boolean {
    return this.tracker.ready;
  }

  get app(): string {
    return this.opts.app;
  }

  status(): ConnectionStatus {
    return this.tracker.snapshot();
  }

  /** Starts connecting; returns at once. Watch 'ready' and 'down'. Retries forever until stop(). */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.connect();
  }

  /** Closes the socket and cancels every timer; pending REST requests still settle. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const current = this.current;
    this.current = null;
    // Requests sent over the socket get their answers on it: it closes once they have come.
    if (current?.requests?.waiting) void current.requests.drained(this.requestTimeoutMs).then(() => this.abandon(current));
    else if (current) this.abandon(current);
    this.tracker.stopped();
    this.log.info('ARI connection stopped');
  }

  // ---- connecting ------------------------------------------------------------------------------

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const id = ++this.attemptSeq;
    try {
      installAriHttpTransport();
      const client = (await withTimeout(quietly(() => Ari.connect(this.opts.url, this.opts.username, this.opts.password)), this.connectTimeoutMs, 'ARI connect')) as Client;
      if (!this.isCurrentAttempt(id)) return;
      const attempt: Attempt = { id, client, buffered: [], awaitingPong: false };
      this.current = attempt;
      this.restClient = client;
      this.listen(attempt);
      await this.openSocket(attempt);
      if (!this.isCurrentAttempt(id)) return;
      await this.filterEvents(client);
      if (!this.isCurrentAttempt(id)) return;
      const inApp = await this.appChannelIds(client);
      if (!this.isCurrentAttempt(id)) return;
      // socketLost() leaves a drop before 'ready' to this method: check the socket survived.
      if (attempt.ws?.readyState !== WS_OPEN) throw new Error('WebSocket closed while listing the application');
      await this.routeRequests(attempt);
      if (!this.isCurrentAttempt(id)) return;
      this.becomeReady(attempt, inApp);
    } catch (err) {
      if (!this.isCurrentAttempt(id)) return;
      this.lost(`connect failed: ${describe(err)}`);
    }
  }

  /** Current when no newer attempt started and stop() was not called. */
  private isCurrentAttempt(id: number): boolean {
    return !this.stopped && id === this.attemptSeq;
  }

  private listen(attempt: Attempt): void {
    attempt.client.on('pong', () => {
      attempt.awaitingPong = false;
    });
    // Fallbacks: with takeOverSocket these never fire, but if they do, this client is done.
    attempt.client.on('WebSocketReconnecting', () => this.socketLost(attempt, 'WebSocket lost (library reconnecting)'));
    attempt.client.on('WebSocketMaxRetries', () => this.socketLost(attempt, 'WebSocketMaxRetries'));
  }

  /** Opens the events socket (registers the application) and resolves when it is open. */
  private openSocket(attempt: Attempt): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      // ari-client's start() creates the socket synchronously; its promise only settles on open
      // or after all its own retries, so the socket's events are watched directly instead.
      attempt.client.start(this.opts.app).catch(() => undefined);
      const ws = attempt.client._ws;
      if (!ws) return reject(new Error('ari-client created no WebSocket'));
      attempt.ws = ws;
      this.takeOverSocket(attempt, ws);
      const timer = setTimeout(() => reject(new TelephonyTimeoutError('ARI WebSocket open', this.connectTimeoutMs)), this.connectTimeoutMs);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.once('close', () => {
        clearTimeout(timer);
        reject(new Error('WebSocket closed before it opened'));
      });
    });
  }

  /**
   * Makes this class, not ari-client, the owner of the socket: listeners that run before the
   * library's set its "closed on purpose" flag, so the library schedules no retry; and the frames
   * are read here (`onFrame`), not by the library.
   */
  private takeOverSocket(attempt: Attempt, ws: WsLike): void {
    const onEnd = (what: string) => (arg?: unknown): void => {
      attempt.client._wsClosed = true;
      const detail = arg instanceof Error ? `: ${arg.message}` : '';
      // Their answers would have come on this socket: they fail now, not at their timeout.
      this.dropRequests(attempt, `ARI WebSocket ${what}${detail}`);
      this.socketLost(attempt, `WebSocket ${what}${detail}`);
    };
    ws.prependListener('error', onEnd('error'));
    ws.prependListener('close', onEnd('closed'));
    ws.removeAllListeners('message');
    ws.on('message', (data: unknown) => this.onFrame(attempt, data));
  }

  /**
   * One frame of the events socket, parsed once. ari-client's own reader would build a resource
   * object for every channel, bridge or playback an event names, each with a closure per ARI
   * operation (some 45 for a channel), that Kontakt never uses: about 4 % of the server's CPU at
   * 20 calls/s (README, Benchmark). It would also throw on a frame that is not JSON.
   */
  private onFrame(attempt: Attempt, data: unknown): void {
    let msg: unknown;
    try {
      msg = JSON.parse(String(data));
    } catch {
      this.log.warn({ bytes: String(data).length }, 'ARI frame that is not JSON: ignored');
      return;
    }
    const type = msg !== null && typeof msg === 'object' ? (msg as { type?: unknown }).type : undefined;
    if (type === 'RESTResponse') {
      // The answers to requests sent over the socket are not events.
      const answer = msg as RestResponseMessage;
      if (!attempt.requests?.answer(answer)) this.log.debug({ requestId: answer.request_id }, 'ARI answer for no waiting request');
    } else if (type === 'ApplicationReplaced') {
      // Asterisk gives an application to one WebSocket: a second connection with the same name
      // takes it over, and this socket stays open but deaf. That is a lost connection, never ignored.
      if (attempt !== this.current || this.stopped) return;
      this.log.error({ app: this.opts.app }, 'another connection took over the ARI application: each instance needs its own ARI_APP');
      this.lost('ApplicationReplaced: another connection took over the application', REPLACED_RETRY_MS);
    } else if (HANDLED_EVENTS.has(type)) {
      // Thrown here, an error would leave through the socket's reader as an uncaught exception.
      try {
        this.onAriEvent(attempt, msg);
      } catch (err) {
        this.log.error({ err, type }, 'ARI event could not be handled');
      }
    }
    // Anything else (an event the filter should have kept away, when the PBX refused the filter) is not Kontakt's.
  }

  /**
   * From now on REST requests go over this attempt's socket, when the PBX takes them there (its
   * API describes RESTResponse: Asterisk 22.4, 21.9, 20.14 and later) and a ping over it is
   * answered (a filter without RESTResponse, set by someone else, would drop every answer);
   * otherwise over HTTP.
   */
  private async routeRequests(attempt: Attempt): Promise<void> {
    if (this.opts.restOverWebSocket === false) return;
    const api = attempt.client._swagger;
    if (!api?.basePath || !api.apis?.events?.models?.RESTResponse) {
      this.log.info('this Asterisk takes ARI requests over HTTP only (over the WebSocket from 22.4, 21.9, 20.14)');
      return;
    }
    const ws = attempt.ws!;
    const requests = new AriWsRequests(`${api.basePath}/`, (text, done) => ws.send(text, done));
    attempt.requests = requests;
    routeAriRequests(requests.prefix, requests);
    try {
      await withTimeout(attempt.client.asterisk.ping(), this.requestTimeoutMs, 'ARI ping over the WebSocket');
    } catch (err) {
      if (attempt.requests !== requests) return;
      this.log.warn({ err: describe(err) }, 'ARI requests over the WebSocket got no answer: sending them over HTTP');
      this.dropRequests(attempt, 'ARI requests over the WebSocket are off');
    }
  }

  /** Back to HTTP for this attempt: what waits on its socket fails now. */
  private dropRequests(attempt: Attempt, reason: string): void {
    const requests = attempt.requests;
    if (!requests) return;
    attempt.requests = undefined;
    routeAriRequests(requests.prefix, null, requests);
    requests.close(reason);
  }

  /** Asks the PBX for only the events Kontakt acts on; a PBX without event filters (before Asterisk 16.12) sends them all. */
  private async filterEvents(client: Client): Promise<void> {
    const apps = client.applications as unknown as { filter(o: { applicationName: string; filter: unknown }): Promise<unknown> };
    try {
      await withTimeout(apps.filter({ applicationName: this.opts.app, filter: ARI_EVENT_FILTER }), this.requestTimeoutMs, 'ARI PUT /applications/eventFilter');
    } catch (err) {
      this.log.warn({ err: describe(err) }, 'ARI event filter not set: every event of the application is read');
    }
  }

  private async appChannelIds(client: Client, name = this.opts.app): Promise<string[]> {
    const app = await withTimeout(client.applications.get({ applicationName: name }), this.requestTimeoutMs, 'ARI GET /applications');
    return Array.isArray(app.channel_ids) ? app.channel_ids.map(String) : [];
  }

  private becomeReady(attempt: Attempt, inApp: string[]): void {
    const buffered = attempt.buffered ?? [];
    attempt.buffered = null;
    // A StasisStart that came while connecting is delivered as such: not adopted twice.
    const starting = new Set(buffered.filter((e) => e.name === 'stasisStart').map((e) => e.payload.channelId));
    const adoptedChannelIds = inApp.filter((id) => !starting.has(id));
    const reconnect = this.tracker.up();
    this.backoff.reset();
    this.outageLogged = false;
    this.startPing(attempt);
    this.log.info({ app: this.opts.app, reconnect, adopted: adoptedChannelIds.length }, 'ARI connected');
    this.emit('ready', { reconnect, adoptedChannelIds });
    for (const e of buffered) this.deliver(e);
  }

  private onAriEvent(attempt: Attempt, raw: unknown): void {
    if (attempt !== this.current) return;
    const e = this.translator.translate(raw);
    if (!e) return;
    if (attempt.buffered) attempt.buffered.push(e);
    else this.deliver(e);
  }

  private deliver(e: AriEmitted): void {
    try {
      (this.emit as (name: string, payload: unknown) => boolean)(e.name, e.payload);
    } catch (err) {
      // A consumer's bug must not take the connection down.
      this.log.error({ err, event: e.name }, 'ARI event listener threw');
    }
  }

  // ---- losing the connection -----------------------------------------------------------------

  private socketLost(attempt: Attempt, reason: string): void {
    if (attempt !== this.current || this.stopped) return;
    // Before 'ready', connect() is waiting on this socket and reports the failure itself.
    if (attempt.buffered) return;
    this.lost(reason);
  }

  /** Drops the current client, reports the outage once and schedules the next attempt (not sooner than `minDelayMs`). */
  private lost(reason: string, minDelayMs = 0): void {
    if (this.stopped) return;
    if (this.current) this.abandon(this.current);
    this.current = null;
    this.attemptSeq++; // whatever the old attempt still awaits is now stale
    const wasReady = this.tracker.down(reason);
    const delay = Math.max(minDelayMs, this.backoff.next());
    if (!this.outageLogged) {
      this.outageLogged = true;
      this.log.warn({ reason, retryInMs: delay }, wasReady ? 'ARI connection lost' : 'ARI not reachable');
      this.emit('down', { reason });
    } else {
      this.log.debug({ reason, retryInMs: delay, failures: this.backoff.failures }, 'ARI still not reachable');
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }

  /** Closes an attempt's socket so that neither it nor the library comes back. */
  private abandon(attempt: Attempt): void {
    clearInterval(attempt.pingTimer);
    this.dropRequests(attempt, 'ARI WebSocket closed');
    const client = attempt.client;
    (client as unknown as EventEmitter).removeAllListeners();
    client._wsClosed = true;
    // Safety net: should the library still open a socket for this client, close it at once.
    client.on('WebSocketConnected', () => {
      client._wsClosed = true;
      client._ws?.terminate();
    });
    const ws = attempt.ws;
    if (ws && ws.readyState <= WS_OPEN) {
      try {
        ws.terminate(); // no close handshake: a dead peer would hold it for 30 s
      } catch {
        // already gone
      }
    }
  }

  private startPing(attempt: Attempt): void {
    if (this.pingIntervalMs <= 0) return;
    attempt.pingTimer = setInterval(() => {
      if (attempt.awaitingPong) {
        // No pong for a whole period: the TCP connection is dead without having said so.
        attempt.ws?.terminate();
        return;
      }
      attempt.awaitingPong = true;
      try {
        attempt.client.ping();
      } catch {
        // the close handler reports it
      }
    }, this.pingIntervalMs);
    attempt.pingTimer.unref?.();
  }

  // ---- REST ------------------------------------------------------------------------------------

  /**
   * Runs one REST request with the timeout and maps ARI's refusals: ari-client rejects with an
   * Error whose message is the JSON body (`{"message":"Channel not found"}`).
   */
  private async request<T>(operation: string, ids: { channelId?: string; playbackId?: string }, run: (client: Client) => Promise<T>): Promise<T> {
    const client = this.restClient;
    if (!client || this.stopped) throw new NotConnectedError('ari');
    try {
      return await withTimeout(Promise.resolve().then(() => run(client)), this.requestTimeoutMs, `ARI ${operation}`);
    } catch (err) {
      throw mapAriError(operation, err, ids);
    }
  }

  async answer(channelId: string): Promise<void> {
    await this.request('answer', { channelId }, (c) => c.channels.answer({ channelId }));
  }

  /** DELETE /channels/{id}; `reason` is ARI's (normal, busy, congestion, no_answer, ...). */
  async hangup(channelId: string, reason?: string): Promise<void> {
    await this.request('hangup', { channelId }, (c) => c.channels.hangup(reason ? { channelId, reason } : { channelId }));
  }

  /**
   * Starts (or queues behind the current one) a playback with the caller's id; resolves when
   * accepted. Several media are one playback: ARI takes them comma-separated (Asterisk splits
   * `media` on commas; a repeated parameter would keep only the last).
   */
  async play(channelId: string, media: string | readonly string[], playbackId: string): Promise<{ playbackId: string; state: string }> {
    const list = typeof media === 'string' ? media : media.join(',');
    const pb = await this.request('play', { channelId }, (c) => c.channels.play({ channelId, media: list, playbackId }));
    return { playbackId: pb.id ?? playbackId, state: pb.state ?? 'queued' };
  }

  /**
   * Stops a playback. A playback can finish a moment before the stop arrives: 404 `Playback not
   * found` is success here, as the recordings show both answers for the same situation.
   */
  async stopPlayback(playbackId: string): Promise<void> {
    try {
      await this.request('stopPlayback', { playbackId }, (c) => c.playbacks.stop({ playbackId }));
    } catch (err) {
      if (err instanceof PlaybackGoneError) return;
      throw err;
    }
  }

  /** Leaves Stasis: the dialplan goes on at the given place (StasisEnd follows). */
  async continueInDialplan(channelId: string, to: { context: string; extension: string; priority: number }): Promise<void> {
    await this.request('continue', { channelId }, (c) => c.channels.continueInDialplan({ channelId, context: to.context, extension: to.extension, priority: to.priority }));
  }

  async setVariable(channelId: string, name: string, value: string): Promise<void> {
    await this.request('setVariable', { channelId }, (c) => c.channels.setChannelVar({ channelId, variable: name, value }));
  }

  async getChannel(channelId: string): Promise<AriChannelInfo> {
    const ch = await this.request('getChannel', { channelId }, (c) => c.channels.get({ channelId }));
    const nonEmpty = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
    return {
      id: ch.id,
      name: ch.name,
      state: ch.state,
      callerNumber: nonEmpty(ch.caller?.number),
      callerName: nonEmpty(ch.caller?.name),
      context: nonEmpty(ch.dialplan?.context),
      exten: nonEmpty(ch.dialplan?.exten),
    };
  }

  /** Places an outbound call into the Stasis application; resolves with the new channel's id. */
  async originate(o: OriginateOptions): Promise<string> {
    const appArgs = Array.isArray(o.appArgs) ? o.appArgs.join(',') : o.appArgs;
    const ch = await this.request('originate', {}, (c) =>
      c.channels.originate({
        endpoint: o.endpoint,
        app: o.app ?? this.opts.app,
        ...(appArgs !== undefined ? { appArgs } : {}),
        ...(o.callerId !== undefined ? { callerId: o.callerId } : {}),
        ...(o.timeoutSec !== undefined ? { timeout: o.timeoutSec } : {}),
        ...(o.variables ? { variables: o.variables } : {}),
        ...(o.channelId ? { channelId: o.channelId } : {}),
      }),
    );
    return ch.id;
  }

  /** Channel ids in the Stasis application now (GET /applications/{app}); another instance's with `app`. */
  async listAppChannels(app?: string): Promise<string[]> {
    return this.request('listAppChannels', {}, (c) => this.appChannelIds(c, app ?? this.opts.app));
  }

  get appName(): string {
    return this.opts.app;
  }
}

/** Turns ari-client's rejection into a typed error. */
function mapAriError(operation: string, err: unknown, ids: { channelId?: string; playbackId?: string }): Error {
  if (err instanceof TelephonyTimeoutError || err instanceof NotConnectedError) return err;
  const message = ariMessage(err);
  if (ids.channelId && /^Channel not found$/i.test(message)) return new ChannelGoneError(ids.channelId, 'not_found');
  if (ids.channelId && /not in Stasis/i.test(message)) return new ChannelGoneError(ids.channelId, 'not_in_stasis');
  if (ids.playbackId && /^Playback not found$/i.test(message)) return new PlaybackGoneError(ids.playbackId);
  return new AriRequestError(operation, message);
}

function ariMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  try {
    const body = JSON.parse(raw) as { message?: unknown };
    if (body && typeof body.message === 'string') return body.message;
  } catch {
    // not a JSON body: a transport error (ECONNREFUSED, socket hang up)
  }
  return raw;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Loads the API without the Swagger 1.1 deprecation notice that ari-client's swagger-client
 * prints on every connect (console.log). Only that notice is dropped; everything else printed
 * meanwhile goes through.
 */
let quietDepth = 0;
let savedConsole: { log: typeof console.log; warn: typeof console.warn } | null = null;

async function quietly<T>(run: () => Promise<T>): Promise<T> {
  // Counted, so that overlapping connects (two connections, or a retry while a stale load is
  // still running) restore the real console exactly once, when the last one ends.
  if (quietDepth++ === 0) {
    const saved = { log: console.log, warn: console.warn };
    savedConsole = saved;
    const filter = (orig: (...a: unknown[]) => void) => (...args: unknown[]): void => {
      if (/deprecated version of Swagger/i.test(String(args[0]))) return;
      orig.apply(console, args);
    };
    console.log = filter(saved.log);
    console.warn = filter(saved.warn);
  }
  try {
    return await run();
  } finally {
    if (--quietDepth === 0 && savedConsole) {
      console.log = savedConsole.log;
      console.warn = savedConsole.warn;
      savedConsole = null;
    }
  }
}
