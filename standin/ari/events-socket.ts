import { WebSocketServer, WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { StandinContext } from '../context';
import { ASTERISK_ID, type AriEvent } from '../model/call-model';
import { asteriskTime } from '../model/channel';
import { ariAuthorized } from './auth';
import { answerSocketRequest, type AriDispatch } from './socket-requests';

/**
 * The ARI events WebSocket `/ari/events?app=...`. While a socket of an application is open the
 * application is active (Stasis() may enter it). One application has one socket, as in
 * res_stasis: a new socket for it takes it over (the old one gets `ApplicationReplaced`, stays
 * open and hears nothing more); when the socket that holds it closes, the application is
 * inactive, and gone if no channel is in it, whatever replaced sockets still hold open.
 *
 * REST requests may come over the socket too (`RESTRequest`, Asterisk 22.4+): one at a time, in
 * order, as Asterisk's session thread takes them, answered on the same socket through the
 * application's event filter.
 */
export class EventsSocket {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly current = new Map<string, WebSocket>();
  private readonly all = new Set<WebSocket>();
  private readonly onAri = (app: string, ev: AriEvent): void => this.deliver(app, ev);

  constructor(
    private readonly ctx: StandinContext,
    private readonly dispatch: AriDispatch,
  ) {
    ctx.model.on('ari', this.onAri);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reject = (code: number, text: string): void => {
      socket.end(`HTTP/1.1 ${code} ${text}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"message":"${text}"}`);
    };
    if (url.pathname !== '/ari/events') return reject(404, 'Not Found');
    if (!ariAuthorized(req, this.ctx.credentials)) return reject(401, 'Unauthorized');
    const apps = (url.searchParams.get('app') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (apps.length === 0) return reject(400, 'Bad Request');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, apps));
  }

  private attach(ws: WebSocket, apps: string[]): void {
    this.all.add(ws);
    for (const app of apps) {
      const old = this.current.get(app);
      if (old && old.readyState === WebSocket.OPEN) {
        this.ctx.model.ariTo(app, { type: 'ApplicationReplaced' });
      }
      this.current.set(app, ws);
      this.ctx.model.setAppActive(app, true);
    }
    ws.on('close', () => {
      this.all.delete(ws);
      for (const app of apps) {
        if (this.current.get(app) === ws) {
          this.current.delete(app);
          this.ctx.model.setAppActive(app, false);
        }
      }
    });
    ws.on('error', () => undefined);
    let queue = Promise.resolve();
    ws.on('message', (data: Buffer) => {
      if (this.ctx.faults.ignoreSocketRequests) return;
      const text = data.toString('utf8');
      if (this.ctx.observe) this.observe(text);
      queue = queue.then(() => this.answer(ws, apps[0], text)).catch(() => undefined);
    });
  }

  /** The bench's clock for "Kontakt's first request on a channel": when the frame arrives. */
  private observe(frame: string): void {
    try {
      const { method, uri } = JSON.parse(frame) as { method?: unknown; uri?: unknown };
      if (typeof method === 'string' && typeof uri === 'string') this.ctx.observe?.restRequest(method, `/${uri}`);
    } catch {
      // answered as malformed
    }
  }

  private async answer(ws: WebSocket, app: string, frame: string): Promise<void> {
    const answer = await answerSocketRequest(frame, this.dispatch);
    if (ws.readyState !== WebSocket.OPEN || !this.ctx.model.passesFilter(app, 'RESTResponse')) return;
    ws.send(JSON.stringify({ ...answer, application: app, timestamp: asteriskTime(), asterisk_id: ASTERISK_ID }));
  }

  private deliver(app: string, ev: AriEvent): void {
    const ws = this.current.get(app);
    if (!ws || ws.readyState !== WebSocket.OPEN) return; // no socket: the event is lost, as in Asterisk
    const text = JSON.stringify(ev);
    ws.send(text);
    const dup = this.ctx.faults.duplicateAri.get(ev.type);
    if (dup) {
      ws.send(text);
      if (dup <= 1) this.ctx.faults.duplicateAri.delete(ev.type);
      else this.ctx.faults.duplicateAri.set(ev.type, dup - 1);
    }
  }

  /** Fault: write these frames as they are to every open events socket. */
  sendRaw(frames: readonly string[]): void {
    for (const ws of this.all) if (ws.readyState === WebSocket.OPEN) for (const f of frames) ws.send(f);
  }

  /** Fault: drop every events socket abruptly (no close handshake). */
  dropAll(): void {
    for (const ws of this.all) ws.terminate();
  }

  /** Number of open sockets (for tests waiting on a reconnect). */
  get openCount(): number {
    return [...this.all].filter((w) => w.readyState === WebSocket.OPEN).length;
  }

  close(): void {
    this.dropAll();
    this.ctx.model.off('ari', this.onAri);
    this.wss.close();
  }
}
