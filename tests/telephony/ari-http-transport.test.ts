/**
 * The transport under ari-client's REST calls keeps swagger-client's Shred contract (answers
 * below 400 to `response`, from 400 to `error`, the body in `data`, JSON in `obj`), reuses its
 * connections, survives a kept-alive socket the server closed, and fails a refused request at
 * once. Against a real HTTP server on loopback.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { applyBasicAuth, sendSwaggerRequest, type SwaggerHttpResponse } from '../../telephony/ari-http-transport';

interface Answer {
  via: 'response' | 'error';
  res: SwaggerHttpResponse;
}

function send(url: string, method = 'GET', body?: unknown, headers?: Record<string, string>): Promise<Answer> {
  return new Promise((resolve) =>
    sendSwaggerRequest({ url, method, body, headers, on: { response: (res) => resolve({ via: 'response', res }), error: (res) => resolve({ via: 'error', res }) } }),
  );
}

let server: http.Server;
let base: string;
const connections: Socket[] = [];
/** Requests seen on each connection, by the connection's index. */
const perConnection = new Map<Socket, number>();
let received: { method: string; url: string; body: string; headers: http.IncomingHttpHeaders }[] = [];
/** When set, the server drops this connection's next request unanswered (a socket it closed). */
let dropNextOn: Socket | null = null;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const socket = req.socket;
    perConnection.set(socket, (perConnection.get(socket) ?? 0) + 1);
    if (dropNextOn === socket) {
      dropNextOn = null;
      socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      if (req.url!.startsWith('/ari/channels/gone')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Channel not found"}');
      } else if (req.url!.startsWith('/ari/empty')) {
        res.writeHead(204).end();
      } else if (req.url!.startsWith('/ari/broken-json')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'ch-1', state: 'Up', echo: req.url }));
      }
    });
  });
  server.on('connection', (s: Socket) => connections.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  server.closeAllConnections();
  connections.length = 0;
  received = [];
});

test('a JSON answer goes to response, with the body and the parsed object', async () => {
  const a = await send(`${base}/ari/channels/ch-1?x=1`);
  expect(a.via).toBe('response');
  expect(a.res.status).toBe(200);
  expect(a.res.obj).toEqual({ id: 'ch-1', state: 'Up', echo: '/ari/channels/ch-1?x=1' });
  expect(JSON.parse(a.res.data.toString('utf8'))).toEqual(a.res.obj);
});

test("ARI's refusal goes to error with its body, which ari-client turns into the error's message", async () => {
  const a = await send(`${base}/ari/channels/gone/answer`, 'POST');
  expect(a.via).toBe('error');
  expect(a.res.status).toBe(404);
  expect(a.res.data.toString('utf8')).toBe('{"message":"Channel not found"}');
});

test('204 No Content is a success with an empty body', async () => {
  const a = await send(`${base}/ari/empty`, 'DELETE');
  expect(a.via).toBe('response');
  expect(a.res.status).toBe(204);
  expect(a.res.data.length).toBe(0);
});

test('a JSON body that does not parse is not a crash', async () => {
  const a = await send(`${base}/ari/broken-json`);
  expect(a.via).toBe('response');
  expect(a.res.data.toString('utf8')).toBe('{not json');
});

test('the body and headers go as given, with their length', async () => {
  const body = JSON.stringify({ variables: { KONTAKT_REASON: 'аварія' } });
  await send(`${base}/ari/channels`, 'POST', body, { 'Content-Type': 'application/json', Authorization: 'Basic a29udGFrdDpz' });
  expect(received).toHaveLength(1);
  expect(received[0].body).toBe(body);
  expect(received[0].headers['content-length']).toBe(String(Buffer.byteLength(body)));
  expect(received[0].headers.authorization).toBe('Basic a29udGFrdDpz');
});

test('requests one after another share one kept-alive connection', async () => {
  for (let i = 0; i < 5; i++) expect((await send(`${base}/ari/channels/ch-${i}`)).via).toBe('response');
  expect(connections).toHaveLength(1);
});

test('a kept-alive socket the server dropped is retried once on a new connection', async () => {
  expect((await send(`${base}/ari/channels/a`)).via).toBe('response');
  dropNextOn = connections[0];
  const a = await send(`${base}/ari/channels/b`, 'POST');
  expect(a.via).toBe('response');
  expect(a.res.obj).toMatchObject({ echo: '/ari/channels/b' });
  expect(connections).toHaveLength(2);
  expect(perConnection.get(connections[0])).toBe(2);
});

test('a refused connection fails at once with the reason, not after a timeout', async () => {
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const a = await send(`http://127.0.0.1:${port}/ari/channels`);
  expect(a.via).toBe('error');
  expect(a.res.status).toBe(0);
  expect(a.res.data.toString('utf8')).toMatch(/ECONNREFUSED/);
});

test('the Basic header is the one swagger-client wrote (btoa of Latin-1), and follows a changed password', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const btoa = require('btoa') as (s: string) => string;
  const auth = { username: 'kontakt', password: 'kontakt-secret' };
  const headers: Record<string, string> = {};
  applyBasicAuth.call(auth, { headers });
  expect(headers.Authorization).toBe(`Basic ${btoa('kontakt:kontakt-secret')}`);
  auth.password = 'pässwörd';
  applyBasicAuth.call(auth, { headers });
  expect(headers.Authorization).toBe(`Basic ${btoa('kontakt:pässwörd')}`);
});

test("a body ari-client's callback cannot read fails that request, once, instead of escaping", async () => {
  const outcomes: Array<['response' | 'error', string]> = [];
  await new Promise<void>((resolve) =>
    sendSwaggerRequest({
      url: `${base}/ari/broken-json`,
      method: 'GET',
      on: {
        response: (res) => {
          outcomes.push(['response', '']);
          JSON.parse(res.data.toString('utf8')); // what ari-client's processResponse does
        },
        error: (res) => {
          outcomes.push(['error', res.data.toString('utf8')]);
          resolve();
        },
      },
    }),
  );
  await new Promise((r) => setTimeout(r, 50));
  expect(outcomes).toEqual([['response', ''], ['error', expect.stringMatching(/JSON/)]]);
});

test('an error callback that throws after taking the answer (swagger-client does while loading the API) does not escape', async () => {
  const got = await new Promise<SwaggerHttpResponse>((resolve) =>
    sendSwaggerRequest({
      url: `${base}/ari/channels/gone`,
      method: 'GET',
      on: {
        response: () => undefined,
        error: (res) => {
          resolve(res);
          throw new Error('503 : undefined');
        },
      },
    }),
  );
  expect(got.status).toBe(404);
});
