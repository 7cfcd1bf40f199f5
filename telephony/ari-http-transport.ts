/**
 * The HTTP transport under ari-client's REST calls.
 *
 * ari-client 2.2.0 sends every request through swagger-client 2.0.26, which in Node makes a new
 * Shred client per request, registers its content processors again, builds an event emitter,
 * a cookie jar and a logger for it: about a tenth of the server's CPU at 100 calls/s, more than
 * the request itself. swagger-client routes every request through `SwaggerHttp.prototype.execute`
 * (its own seam between jQuery and Shred); this puts a plain `node:http` request there, and
 * works out the Basic authentication header once.
 *
 * The contract is Shred's as swagger-client wraps it: the response (`status`, `headers`, the
 * body as a Buffer in `data`, parsed JSON in `obj`) goes to `on.response` below 400 and to
 * `on.error` from 400 up. A request that gets no answer (refused, reset) goes to `on.error`
 * with status 0 and the reason as its body, so it fails at once instead of waiting for the
 * caller's timeout (Shred dropped it).
 *
 * While the application's events WebSocket is up, the same seam sends requests over it instead
 * (`routeAriRequests`, `ari-ws-requests.ts`); HTTP stays for the API descriptions and whenever
 * the socket is away.
 */
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

/** What swagger-client hands its transport. */
export interface SwaggerHttpRequest {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: unknown;
  on: {
    response(res: SwaggerHttpResponse): unknown;
    error(res: SwaggerHttpResponse): unknown;
  };
}

export interface SwaggerHttpResponse {
  url: string;
  method: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  data: Buffer;
  obj?: unknown;
}

// Kept-alive connections as Node's global agent keeps them, but bounded below Asterisk's
// default http.conf `sessionlimit` of 100, so a burst queues here instead of being refused there.
// Callers give up after TELEPHONY_REQUEST_TIMEOUT_MS (60 s at most); a connection silent longer
// than that is closed, so a hung PBX cannot hold every connection of the pool.
export const SILENT_MS = 60_000;
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 50 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 50 }),
};

function isJson(contentType: string | undefined): boolean {
  return !!contentType && (contentType.startsWith('application/json') || contentType.includes('+json'));
}

function parseJson(data: Buffer): unknown {
  try {
    return data.length ? JSON.parse(data.toString('utf8')) : {};
  } catch {
    return {};
  }
}

export function bodyOf(body: unknown): string | Buffer | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  return typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
}

/**
 * Hands an answer to swagger-client as Shred did: below 400 to `on.response`, else (and status 0:
 * no answer at all) to `on.error`.
 */
export function answerSwaggerRequest(req: SwaggerHttpRequest, status: number, headers: http.IncomingHttpHeaders, data: Buffer): void {
  const out: SwaggerHttpResponse = { url: req.url, method: req.method, status, headers, data };
  // Parsed only when read: ari-client parses `data` itself, so on the call path nobody reads
  // `obj`, and parsing every answer twice (as Shred did) is work thrown away.
  if (isJson(headers['content-type'])) {
    let obj: unknown;
    Object.defineProperty(out, 'obj', {
      enumerable: true,
      get: () => (obj ??= parseJson(data)),
    });
  }
  if (status < 100 || status >= 400) return failSwaggerRequest(req, out);
  try {
    req.on.response(out);
  } catch (err) {
    // ari-client parses the body in its callback; a body it cannot read fails that request
    // instead of escaping into the event loop.
    failSwaggerRequest(req, { ...out, data: Buffer.from((err as Error).message) });
  }
}

/**
 * swagger-client's error callback for loading the API (`SwaggerApi.fail`) reports the failure and
 * then throws it: caught here, or an Asterisk answering 503 while it starts would end the process
 * (seen on 22.7.0 restarting). The failure has been delivered by then.
 */
function failSwaggerRequest(req: SwaggerHttpRequest, out: SwaggerHttpResponse): void {
  try {
    req.on.error(out);
  } catch {
    // already reported through the callback
  }
}

/** Sends one request; `retried` once when a kept-alive socket turned out closed by the server. */
export function sendSwaggerRequest(req: SwaggerHttpRequest, retried = false): void {
  const url = new URL(req.url);
  const lib = url.protocol === 'https:' ? https : http;
  const body = bodyOf(req.body);
  const headers: http.OutgoingHttpHeaders = { ...req.headers };
  if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
  let answered = false;
  const answer = (status: number, resHeaders: http.IncomingHttpHeaders, data: Buffer): void => {
    if (answered) return;
    answered = true;
    answerSwaggerRequest(req, status, resHeaders, data);
  };
  const r = lib.request(url, { method: req.method, headers, agent: agents[url.protocol as keyof typeof agents] }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => answer(res.statusCode ?? 0, res.headers, Buffer.concat(chunks)));
    res.on('error', (err) => answer(0, {}, Buffer.from(err.message)));
  });
  r.on('error', (err: NodeJS.ErrnoException) => {
    // The server may close an idle kept-alive socket just as a request is written on it; it read
    // nothing, so sending once more on a new connection is safe (Node's own advice).
    if (r.reusedSocket && !retried && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) return sendSwaggerRequest(req, true);
    answer(0, {}, Buffer.from(err.message));
  });
  r.setTimeout(SILENT_MS, () => r.destroy(new Error(`no answer from ARI in ${SILENT_MS / 1000} s`)));
  r.end(body);
}

interface PasswordAuthorization {
  username: string;
  password: string;
  header?: [key: string, value: string];
}

/**
 * Basic authentication as swagger-client's PasswordAuthorization writes it (the `btoa` package:
 * Latin-1 bytes in base64), worked out once instead of per request through a deprecated
 * `new Buffer()`, which printed nothing but cost a deprecation check every time.
 */
export function applyBasicAuth(this: PasswordAuthorization, obj: { headers: Record<string, string> }): boolean {
  const key = `${this.username}:${this.password}`;
  if (this.header?.[0] !== key) this.header = [key, `Basic ${Buffer.from(key, 'latin1').toString('base64')}`];
  obj.headers.Authorization = this.header[1];
  return true;
}

/** Something that carries ARI requests other than over HTTP: the events WebSocket (ari-ws-requests.ts). */
export interface AriRequestRoute {
  send(req: SwaggerHttpRequest): void;
}

/** By ARI base URL with its slash (`http://127.0.0.1:8088/ari/`). */
const routes = new Map<string, AriRequestRoute>();

/**
 * Sends the requests for `prefix` through `route` from now on; null (for the route given) goes
 * back to HTTP. The API descriptions (`api-docs/`) always go over HTTP: they are loaded before
 * any socket exists.
 */
export function routeAriRequests(prefix: string, route: AriRequestRoute | null, replacing?: AriRequestRoute): void {
  if (route) routes.set(prefix, route);
  else if (!replacing || routes.get(prefix) === replacing) routes.delete(prefix);
}

function executeAriRequest(req: SwaggerHttpRequest): void {
  if (routes.size) {
    for (const [prefix, route] of routes) {
      if (req.url.startsWith(prefix) && !req.url.startsWith('api-docs/', prefix.length)) return route.send(req);
    }
  }
  sendSwaggerRequest(req);
}

let installed = false;

/** Puts the transport under the swagger-client that ari-client loads (once per process). */
export function installAriHttpTransport(): void {
  if (installed) return;
  const swaggerPath = require.resolve('swagger-client', { paths: [path.dirname(require.resolve('ari-client'))] });
  const swagger = require(swaggerPath) as {
    SwaggerHttp: { prototype: { execute(obj: SwaggerHttpRequest): void } };
    PasswordAuthorization: { prototype: { apply: typeof applyBasicAuth } };
  };
  swagger.SwaggerHttp.prototype.execute = executeAriRequest;
  swagger.PasswordAuthorization.prototype.apply = applyBasicAuth;
  installed = true;
}
