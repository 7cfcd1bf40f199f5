/**
 * The AMI connection over `asterisk-manager` 0.2.0: login, actions with timeouts and typed
 * errors, list actions, and the project's CallEvents ('callEvent', normalised and de-duplicated).
 *
 * Why a new Manager per connection, and our own reconnect: the library's keepConnected waits
 * 10 s (then up to 60 s) and keeps its frame parser's leftover bytes across connections, and a
 * Manager cannot be reset. So each attempt builds a fresh Manager, and every loss (close,
 * timeout, failed login, no answer to the keep-alive Ping) throws it away and tries again after a
 * capped backoff, forever.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';
import AsteriskManager from 'asterisk-manager';
import type { Logger } from '../core/logger';
import type { CallEvent } from './call-events';
import { Backoff } from '../core/backoff';
import { StatusTracker, type ConnectionStatus } from './connection-status';
import { normalizeAmiEvent, AMI_EVENT_FILTER } from './ami-event-normalizer';
import { AmiReader } from './ami-reader';
import { EventDeduplicator, type DeduplicatorOptions } from './event-deduplicator';
import { AmiActionError, AmiConnectionLostError, NotConnectedError, TelephonyTimeoutError } from './telephony-errors';

export type AmiMessage = AsteriskManager.ManagerMessage;
/** An action: `{ action: 'QueuePause', queue: 'dispatchers', interface: 'PJSIP/101', paused: true }`. */
export type AmiAction = Omit<AsteriskManager.ManagerAction, 'actionid'>;

export interface AmiConnectionOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** Default timeout of action() and actionList() (default 5000). */
  actionTimeoutMs?: number;
  /** Timeout of TCP connect + login (default 10000). */
  connectTimeoutMs?: number;
  /** Keep-alive Ping period; a Ping without answer drops the connection (default 20000, 0 = off). */
  pingIntervalMs?: number;
  backoff: { initialMs: number; maxMs: number; factor?: number; jitter?: number };
  dedupe?: DeduplicatorOptions;
  logger: Logger;
  /** Receive-time source for CallEvent.at (tests). */
  now?: () => Date;
}

export interface AmiReadyEvent {
  /** False on the first login of this AmiConnection. Events while away are lost: resync from QueueStatus. */
  reconnect: boolean;
}
export interface AmiDownEvent {
  reason: string;
  /** The PBX refused the login (wrong user or secret): retried, but needs a person. */
  authFailed: boolean;
}

export interface AmiConnectionEvents {
  ready: [AmiReadyEvent];
  down: [AmiDownEvent];
  /** A project call event (normalised, duplicates and stale ones dropped). */
  callEvent: [CallEvent];
  /** Every AMI event as received (lower-cased keys), for consumers that need others. */
  amiEvent: [AmiMessage];
}

interface Pending {
  action: string;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

interface Session {
  id: number;
  manager: AsteriskManager.Manager;
  /** The TCP socket, captured at creation (the library does not expose it) to destroy it for sure. */
  socket: net.Socket | null;
  listeners: Array<[string, (...args: unknown[]) => void]>;
  pingTimer?: NodeJS.Timeout;
}

export class AmiConnection extends EventEmitter<AmiConnectionEvents> {
  private readonly log: Logger;
  private readonly backoff: Backoff;
  private readonly tracker = new StatusTracker();
  private readonly dedupe: EventDeduplicator;
  private readonly actionTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly pingIntervalMs: number;
  private readonly now: () => Date;
  private session: Session | null = null;
  private seq = 0;
  private actionSeq = 0;
  private readonly pending = new Map<string, Pending>();
  private retryTimer: NodeJS.Timeout | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;
  private outageLogged = false;

  constructor(private readonly opts: AmiConnectionOptions) {
    super();
    this.log = opts.logger;
    this.backoff = new Backoff(opts.backoff);
    this.dedupe = new EventDeduplicator(opts.dedupe);
    this.actionTimeoutMs = opts.actionTimeoutMs ?? 5000;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
    this.pingIntervalMs = opts.pingIntervalMs ?? 20_000;
    this.now = opts.now ?? (() => new Date());
  }

  get ready(): boolean {
    return this.tracker.ready;
  }

  status(): ConnectionStatus {
    return this.tracker.snapshot();
  }

  /** Events dropped as duplicates or stale (for metrics). */
  get droppedEvents(): number {
    return this.dedupe.droppedCount;
  }

  /** Starts connecting; returns at once. Watch 'ready' and 'down'. Retries forever until stop(). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.connect();
  }

  /** Logs off, closes the socket, rejects waiting actions and cancels every timer. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.connectTimer);
    this.retryTimer = this.connectTimer = undefined;
    if (this.session) this.closeSession(this.session);
    this.session = null;
    this.failPending(() => new NotConnectedError('ami'), 'stopped');
    this.tracker.stopped();
    this.log.info('AMI connection stopped');
  }

  // ---- connecting ------------------------------------------------------------------------------

  private connect(): void {
    if (this.stopped) return;
    const id = ++this.seq;
    const manager = AsteriskManager(undefined, this.opts.host, this.opts.username, this.opts.secret, true);
    const session: Session = { id, manager, socket: null, listeners: [] };
    this.session = session;
    const on = <A extends unknown[]>(event: string, fn: (...args: A) => void): void => {
      // asterisk-manager emits on process.nextTick: a throwing listener would be uncaught.
      const safe = (...args: A): void => {
        try {
          fn(...args);
        } catch (err) {
          this.log.error({ err, event }, 'AMI listener threw');
        }
      };
      const listener = safe as unknown as (...args: unknown[]) => void;
      manager.on(event, listener);
      session.listeners.push([event, listener]);
    };
    on('close', () => this.sessionLost(session, 'connection closed'));
    on('error', (err: Error) => this.log.debug({ err: err.message }, 'AMI socket error'));
    on('managerevent', (ev: AmiMessage) => this.onEvent(ev));

    this.connectTimer = setTimeout(() => this.sessionLost(session, `no login within ${this.connectTimeoutMs} ms`), this.connectTimeoutMs);
    session.socket = captureSocket(() =>
      manager.connect(this.opts.port, this.opts.host, () => {
        if (session !== this.session) return;
        manager.login((err) => {
          if (session !== this.session) return;
          if (err) {
            const message = err instanceof Error ? err.message : String(err.message ?? 'refused');
            this.sessionLost(session, `auth failed: ${message}`, true);
            return;
          }
          this.becomeReady(session);
        });
      }),
    );
    this.readWithAmiReader(session);
  }

  /**
   * The library attached its reader to the socket as it created it; ours takes its place before
   * any byte arrives and hands the library the same messages (see ami-reader.ts).
   */
  private readWithAmiReader(session: Session): void {
    const socket = session.socket;
    if (!socket) return;
    socket.removeAllListeners('data');
    const reader = new AmiReader((message) => session.manager.emit('rawevent', message));
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
  }

  private becomeReady(session: Session): void {
    clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    const reconnect = this.tracker.up();
    this.backoff.reset();
    this.outageLogged = false;
    this.startPing(session);
    this.log.info({ reconnect }, 'AMI connected');
    this.filterEvents();
    this.emit('ready', { reconnect });
  }

  /**
   * Asks the PBX to send only the events Kontakt reads: a real Asterisk sends dozens per call
   * (Newexten, VarSet, DeviceStateChange, …) that would each be read and parsed for nothing.
   * Answers to actions (QueueStatus, CoreShowChannels) are not events and are not filtered. The
   * action needs the AMI user's `system` write permission; the sample manager.conf grants less
   * and filters in the PBX itself (`eventfilter`), which is as good: a refusal is not an error.
   */
  private filterEvents(): void {
    this.action({ action: 'Filter', operation: 'Add', filter: AMI_EVENT_FILTER }).catch((err: unknown) =>
      this.log.info({ err: (err as Error).message }, 'AMI event filter not set by Kontakt: manager.conf decides which events come (eventfilter)'),
    );
  }

  private onEvent(ev: AmiMessage): void {
    this.emit('amiEvent', ev);
    const callEvent = normalizeAmiEvent(ev, this.now());
    if (callEvent && this.dedupe.accept(callEvent)) this.emit('callEvent', callEvent);
  }

  // ---- losing the connection -----------------------------------------------------------------

  private sessionLost(session: Session, reason: string, authFailed = false): void {
    if (session !== this.session || this.stopped) return;
    this.closeSession(session);
    this.session = null;
    clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    this.failPending((action) => new AmiConnectionLostError(action), reason);
    const wasReady = this.tracker.down(reason);
    const delay = this.backoff.next();
    if (!this.outageLogged) {
      // Once per outage at a level a person sees; every further failed attempt at debug.
      this.outageLogged = true;
      if (authFailed) this.log.error({ reason, retryInMs: delay }, 'AMI login refused: check the AMI user and secret');
      else this.log.warn({ reason, retryInMs: delay }, wasReady ? 'AMI connection lost' : 'AMI not reachable');
      this.emit('down', { reason, authFailed });
    } else {
      this.log.debug({ reason, retryInMs: delay, failures: this.backoff.failures }, 'AMI still not connected');
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  private closeSession(session: Session): void {
    clearInterval(session.pingTimer);
    for (const [event, fn] of session.listeners) session.manager.removeListener(event, fn);
    // The library's own no-op 'error' listener stays, so a late socket error cannot throw.
    try {
      session.manager.disconnect();
    } catch {
      // already closed
    }
    session.socket?.destroy();
  }

  private failPending(make: (action: string) => Error, why: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.session?.manager.removeAllListeners(id);
      p.reject(make(p.action));
    }
    if (this.pending.size) this.log.debug({ count: this.pending.size, why }, 'AMI actions failed');
    this.pending.clear();
  }

  private startPing(session: Session): void {
    if (this.pingIntervalMs <= 0) return;
    session.pingTimer = setInterval(() => {
      this.action({ action: 'Ping' }).catch((err: unknown) => {
        if (err instanceof TelephonyTimeoutError) {
          // The peer stopped answering without closing: drop it and reconnect.
          this.sessionLost(session, 'no answer to Ping');
        }
      });
    }, this.pingIntervalMs);
    session.pingTimer.unref?.();
  }

  // ---- actions ---------------------------------------------------------------------------------

  /**
   * Sends one action and resolves with its response; `Response: Error` rejects with
   * AmiActionError (Asterisk's Message), no answer in time with TelephonyTimeoutError, a drop
   * meanwhile with AmiConnectionLostError, and when not logged in NotConnectedError (nothing sent).
   */
  action(fields: AmiAction, timeoutMs = this.actionTimeoutMs): Promise<AmiMessage> {
    return this.send(fields, timeoutMs, null);
  }

  /**
   * A list action (QueueStatus, QueueSummary, CoreShowChannels): the response, then the events
   * that carry its ActionID, up to the `...Complete` one (not included in `events`).
   */
  async actionList(fields: AmiAction, timeoutMs = this.actionTimeoutMs): Promise<{ response: AmiMessage; events: AmiMessage[] }> {
    const events: AmiMessage[] = [];
    const response = await this.send(fields, timeoutMs, events);
    return { response, events };
  }

  private send(fields: AmiAction, timeoutMs: number, list: AmiMessage[] | null): Promise<AmiMessage> {
    const session = this.session;
    const actionName = String(fields.action);
    if (!session || !this.ready) return Promise.reject(new NotConnectedError('ami'));
    const manager = session.manager;
    const id = `kontakt-${process.pid}-${++this.actionSeq}`;
    return new Promise<AmiMessage>((resolve, reject) => {
      let response: AmiMessage | null = null;
      const cleanup = (): void => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (collector) manager.removeListener('managerevent', collector);
      };
      const timer = setTimeout(() => {
        cleanup();
        manager.removeAllListeners(id);
        reject(new TelephonyTimeoutError(`AMI ${actionName}`, timeoutMs));
      }, timeoutMs);
      // Registered before sending: the list's events follow the response on the same stream.
      const collector = list
        ? (ev: AmiMessage): void => {
            if (ev.actionid !== id) return;
            const done = /complete$/i.test(String(ev.event ?? '')) || String(ev.eventlist ?? '').toLowerCase() === 'complete';
            if (!done) list.push(ev);
            else if (response) {
              cleanup();
              resolve(response);
            }
          }
        : null;
      if (collector) manager.on('managerevent', collector);
      this.pending.set(id, { action: actionName, reject: (err) => (cleanup(), reject(err)), timer });
      manager.action({ ...fields, actionid: id } as AsteriskManager.ManagerAction, (err, res) => {
        if (!this.pending.has(id)) return; // timed out or connection lost meanwhile
        if (err) {
          cleanup();
          const message = err instanceof Error ? err.message : String(err.message ?? 'Error');
          reject(new AmiActionError(actionName, message, err instanceof Error ? undefined : { ...err }));
          return;
        }
        const r = res ?? {};
        // A list answers "EventList: start" and its items follow; anything else is complete now.
        if (list && String(r.eventlist ?? '').toLowerCase() === 'start') {
          response = r;
          return;
        }
        cleanup();
        resolve(r);
      });
    });
  }
}

/**
 * Runs `connect` (which calls net.createConnection synchronously inside asterisk-manager) and
 * returns the socket it created: the library keeps it private, and without it a connection
 * that is still opening could not be closed. The socket keeps giving bytes, though the library
 * asks it for text: our reader decodes line by line (ami-reader.ts).
 */
function captureSocket(connect: () => void): net.Socket | null {
  const original = net.createConnection;
  let socket: net.Socket | null = null;
  const mutable = net as unknown as { createConnection: typeof net.createConnection };
  mutable.createConnection = ((...args: Parameters<typeof net.createConnection>) => {
    const created = original.apply(net, args);
    created.setEncoding = () => created;
    socket = created;
    return created;
  }) as typeof net.createConnection;
  try {
    connect();
  } finally {
    mutable.createConnection = original;
  }
  return socket;
}
