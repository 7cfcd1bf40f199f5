/**
 * ARI's REST requests over the application's events WebSocket: a `RESTRequest` message out, a
 * `RESTResponse` back on the same socket (Asterisk 22.4, 21.9, 20.14 and later), in place of an
 * HTTP request each.
 *
 * Why: a call takes about six ARI requests, and each through Node's HTTP client builds a request,
 * its headers and a parser, and takes a connection from the pool and puts it back. Against
 * Asterisk 22.7.0 a request costs Kontakt 0.37 ms of CPU this way and 0.89 ms over HTTP; in the
 * bench, about 1.2 ms a call at 20 calls/s (README, Benchmark). The answers are the ones HTTP
 * would give (status, reason, JSON body).
 *
 * Asterisk applies the application's event filter to RESTResponse too: an `allowed` filter must
 * name it, or every answer is dropped (seen on Asterisk 22.7.0).
 */
import { answerSwaggerRequest, bodyOf, SILENT_MS, type AriRequestRoute, type SwaggerHttpRequest } from './ari-http-transport';

/** The answer as Asterisk sends it (res/ari/ari_websocket_requests.c). */
export interface RestResponseMessage {
  type: 'RESTResponse';
  request_id?: string;
  status_code?: number;
  reason_phrase?: string;
  content_type?: string;
  message_body?: string;
}

interface Pending {
  req: SwaggerHttpRequest;
  timer: NodeJS.Timeout;
}

export class AriWsRequests implements AriRequestRoute {
  private seq = 0;
  private readonly pending = new Map<string, Pending>();
  /** Why the socket can no longer carry requests; null while it can. */
  private closedBecause: string | null = null;
  private onDrained: (() => void) | null = null;

  /**
   * @param prefix the ARI base URL with its slash; a request's URI is the rest of its URL
   * @param write sends a text frame; its callback gets an error when the socket could not take it
   */
  constructor(
    readonly prefix: string,
    private readonly write: (text: string, done: (err?: Error) => void) => void,
  ) {}

  send(req: SwaggerHttpRequest): void {
    const id = String(++this.seq);
    if (this.closedBecause !== null) return answerSwaggerRequest(req, 0, {}, Buffer.from(this.closedBecause));
    const msg: Record<string, string> = { type: 'RESTRequest', request_id: id, method: req.method.toUpperCase(), uri: req.url.slice(this.prefix.length) };
    const body = bodyOf(req.body);
    if (body !== undefined) {
      msg.content_type = contentTypeOf(req.headers) ?? 'application/json';
      msg.message_body = String(body);
    }
    const timer = setTimeout(() => this.settle(id, 0, undefined, `no answer from ARI in ${SILENT_MS / 1000} s`), SILENT_MS);
    timer.unref();
    this.pending.set(id, { req, timer });
    this.write(JSON.stringify(msg), (err) => {
      if (err) this.settle(id, 0, undefined, `ARI WebSocket: ${err.message}`);
    });
  }

  /** Settles the request this answer is for; false when none waits for it (not ours, or late). */
  answer(msg: RestResponseMessage): boolean {
    const id = msg.request_id;
    if (!id || !this.pending.has(id)) return false;
    const status = typeof msg.status_code === 'number' ? msg.status_code : 0;
    this.settle(id, status, msg.content_type, msg.message_body ?? '');
    return true;
  }

  /** The socket is gone: what waits fails now, as a refused HTTP request does, and what comes later too. */
  close(reason: string): void {
    this.closedBecause = reason;
    for (const id of [...this.pending.keys()]) this.settle(id, 0, undefined, reason);
  }

  get waiting(): number {
    return this.pending.size;
  }

  /** Resolves once nothing waits for an answer, or after `timeoutMs`. */
  drained(timeoutMs: number): Promise<void> {
    if (!this.pending.size) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.onDrained = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private settle(id: string, status: number, contentType: string | undefined, body: string): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    answerSwaggerRequest(p.req, status, contentType ? { 'content-type': contentType } : {}, Buffer.from(body));
    if (!this.pending.size) this.onDrained?.();
  }
}

function contentTypeOf(headers: Record<string, string> | undefined): string | undefined {
  if (!headers) return undefined;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === 'content-type') return v.split(';')[0].trim();
  return undefined;
}
