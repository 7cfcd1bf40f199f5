import express, { type NextFunction, type Request, type Response } from 'express';
import http from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import type { StandinContext } from '../context';
import { AriError } from './errors';
import { ariAuthorized } from './auth';
import { channelsRouter } from './routes-channels';
import { miscRouter } from './routes-misc';
import { resourceListing, apiDeclaration } from './swagger/documents';
import { EventsSocket } from './events-socket';
import type { AriDispatch } from './socket-requests';

/** Marks a request that came over the events socket, for the record (tests tell the two apart). */
const VIA_SOCKET = 'x-standin-via';

/** ARI over HTTP and WebSocket on one port, like Asterisk's built-in HTTP server. */
export class AriServer {
  private server: http.Server | undefined;
  private handler: express.Express | undefined;
  private events: EventsSocket | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly ctx: StandinContext,
    private readonly host = '127.0.0.1',
  ) {}

  private app(): express.Express {
    const ctx = this.ctx;
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);
    app.use('/ari', (req: Request, res: Response, next: NextFunction) => {
      if (!ariAuthorized(req, ctx.credentials)) {
        res.set('WWW-Authenticate', 'Basic realm="Asterisk REST Interface"');
        res.status(401).json({ message: 'Authentication required' });
        return;
      }
      next();
    });
    app.use('/ari', (req: Request, res: Response, next: NextFunction) => {
      // A request from a socket was seen when its frame came (events-socket.ts): the bench times Kontakt, not this hop.
      if (req.headers[VIA_SOCKET] !== 'socket') ctx.observe?.restRequest(req.method, req.originalUrl.replace(/^\/ari/, ''));
      const delay = ctx.faults.restDelayMs;
      const started = Date.now();
      const json = res.json.bind(res);
      let body: unknown = null;
      res.json = (b: unknown) => {
        body = b;
        return json(b);
      };
      res.on('finish', () => {
        if (req.path.startsWith('/api-docs') || ctx.keepRecord === false) return;
        const via = req.headers[VIA_SOCKET] === 'socket' ? 'socket' : 'http';
        ctx.record.rest.push({ at: started, method: req.method, path: req.originalUrl.replace(/^\/ari/, '').replace(/[?&]api_key=[^&]*/, ''), status: res.statusCode, response: body, via });
      });
      if (delay > 0) setTimeout(next, delay);
      else next();
    });
    app.use('/ari', express.json({ type: () => true, strict: false }));
    app.get('/ari/api-docs/resources.json', (req, res) => {
      res.json(resourceListing(`http://${req.headers.host}/ari`));
    });
    app.get('/ari/api-docs/:file', (req, res) => {
      const name = String(req.params.file).replace(/\.json$/, '');
      const doc = apiDeclaration(name, `http://${req.headers.host}/ari`);
      if (!doc) throw new AriError(404, 'Resource not found');
      res.json(doc);
    });
    app.use('/ari', channelsRouter(ctx));
    app.use('/ari', miscRouter(ctx));
    app.use((_req: Request, res: Response) => {
      res.status(404).json({ message: 'Resource not found' });
    });
    // The one place where errors become ARI answers.
    app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      if (err instanceof AriError) {
        if (err.reason) res.statusMessage = err.reason;
        res.status(err.status).json({ message: err.message });
      }
      else if (err instanceof SyntaxError) res.status(400).json({ message: 'Invalid JSON body' });
      else res.status(500).json({ message: err instanceof Error ? err.message : 'Internal error' });
    });
    return app;
  }

  async start(port: number): Promise<number> {
    this.events = new EventsSocket(this.ctx, this.dispatch);
    this.handler = this.app();
    const server = http.createServer(this.handler);
    server.keepAliveTimeout = 5000;
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('upgrade', (req, socket, head) => this.events!.handleUpgrade(req, socket, head as Buffer));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  /**
   * A request that came over the events socket, run through the same Express app in this process
   * (no socket of its own), so that it meets the same routes, faults and record. The answer is
   * taken where Express ends the response.
   */
  private readonly dispatch: AriDispatch = ({ method, url, json }) =>
    new Promise((resolve) => {
      const { ariUser, ariPassword } = this.ctx.credentials;
      const req = new http.IncomingMessage(new Socket());
      req.method = method;
      req.url = url;
      req.headers = { authorization: `Basic ${Buffer.from(`${ariUser}:${ariPassword}`).toString('base64')}`, [VIA_SOCKET]: 'socket' };
      if (json !== undefined) Object.assign(req.headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) });
      req.push(json ?? null);
      if (json !== undefined) req.push(null);
      const res = new http.ServerResponse(req);
      const chunks: Buffer[] = [];
      const take = (chunk: unknown): void => {
        if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as string));
      };
      res.write = ((chunk: unknown) => (take(chunk), true)) as typeof res.write;
      res.end = ((chunk?: unknown) => {
        take(chunk);
        resolve({ status: res.statusCode, reason: res.statusMessage || (http.STATUS_CODES[res.statusCode] ?? ''), body: Buffer.concat(chunks).toString('utf8') });
        res.emit('finish');
        return res;
      }) as typeof res.end;
      this.handler!(req, res);
    });

  /** Fault: drop the events WebSockets; HTTP stays up. */
  dropEvents(): void {
    this.events?.dropAll();
  }

  rawEvents(frames: readonly string[]): void {
    this.events?.sendRaw(frames);
  }

  get openSockets(): number {
    return this.events?.openCount ?? 0;
  }

  async stop(): Promise<void> {
    this.events?.close();
    this.events = undefined;
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}
