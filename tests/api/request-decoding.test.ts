import http from 'node:http';
import zlib from 'node:zlib';
import express from 'express';
import { DatabaseError } from 'sequelize';
import { testDatabases } from '../support/databases';
import { startTestServer, capturedLogger, TestServer, ADMIN_PASSWORD } from '../support/test-server';
import { createOpen311Client } from '../../open311/api-keys';
import { errorHandler } from '../../api/problem';
import { loggableError } from '../../core/logger';

interface Answer {
  status: number;
  type: string;
  body: any;
}

async function send(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body?: string | Uint8Array<ArrayBuffer>): Promise<Answer> {
  const res = await fetch(baseUrl + path, { method, headers, body });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: parsed };
}

const problem = (a: Answer, status: number, code: string) => {
  expect({ status: a.status, code: a.body?.code }).toEqual({ status, code });
  expect(a.type).toMatch(/^application\/problem\+json/);
};
const open311Error = (a: Answer, status: number) => {
  expect(a.status).toBe(status);
  expect(a.type).toMatch(/json/);
  expect(a.body).toEqual([{ code: status, description: expect.any(String) }]);
};

describe('a database error in the log', () => {
  const failing = () => {
    const original = Object.assign(new Error('SQLITE_ERROR: unrecognized token: "\'0501234567secret"'), { code: 'SQLITE_ERROR', sql: "SELECT * FROM users WHERE login = '0501234567secret'" });
    return new DatabaseError(original as Error & { sql: string });
  };

  test('keeps its kind and code, never its message, SQL or values', () => {
    const logged = JSON.stringify(loggableError(failing()));
    expect(logged).toContain('SequelizeDatabaseError');
    expect(logged).toContain('SQLITE_ERROR');
    expect(logged).not.toMatch(/secret|SELECT|unrecognized/);
  });

  test('the error handler logs it that way', async () => {
    const log = capturedLogger();
    const app = express();
    app.get('/boom', () => {
      throw failing();
    });
    app.use(errorHandler(log.logger));
    const server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/boom`);
      expect(res.status).toBe(500);
      expect(log.lines).toHaveLength(1);
      expect(JSON.stringify(log.lines[0])).not.toMatch(/secret|SELECT/);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe.each(testDatabases())('request decoding on $name', (db) => {
  let server: TestServer;
  const log = capturedLogger();
  let apiKey = '';
  const login = JSON.stringify({ login: 'admin', password: ADMIN_PASSWORD });

  beforeAll(async () => {
    server = await startTestServer(db, {}, undefined, log.logger);
    apiKey = (await createOpen311Client('Декодування')).apiKey;
  });
  afterAll(() => server.close());
  afterEach(() => expect(log.lines.filter((l) => l.level >= 50)).toEqual([]));

  test('an undecodable path parameter is a 400 before authentication', async () => {
    problem(await send(server.baseUrl, 'GET', '/api/appeals/%ff'), 400, 'malformed_url');
    problem(await send(server.baseUrl, 'POST', '/api/appeals/%C0%AF/assign', { 'content-type': 'application/json' }, '{}'), 400, 'malformed_url');
    problem(await send(server.baseUrl, 'GET', '/api/appeals?q=%ff'), 400, 'malformed_url');
    open311Error(await send(server.baseUrl, 'GET', '/open311/v2/requests/%ff.json'), 400);
    open311Error(await send(server.baseUrl, 'GET', '/open311/v2/services/%FF%FE.json'), 400);
  });

  test('Content-Encoding must be true: a plain body labelled gzip is 400, an unknown encoding 415, a real gzip body is read', async () => {
    const json = { 'content-type': 'application/json' };
    problem(await send(server.baseUrl, 'POST', '/api/auth/login', { ...json, 'content-encoding': 'gzip' }, login), 400, 'malformed_body');
    problem(await send(server.baseUrl, 'POST', '/api/auth/login', { ...json, 'content-encoding': 'deflate' }, login), 400, 'malformed_body');
    problem(await send(server.baseUrl, 'POST', '/api/auth/login', { ...json, 'content-encoding': 'x-squeeze' }, login), 415, 'unsupported_encoding');
    const gzipped = await send(server.baseUrl, 'POST', '/api/auth/login', { ...json, 'content-encoding': 'gzip' }, new Uint8Array(zlib.gzipSync(login)));
    expect(gzipped.status).toBe(200);
    const form = { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' };
    open311Error(await send(server.baseUrl, 'POST', '/open311/v2/requests.json', form, `api_key=${apiKey}&service_code=x`), 400);
  });

  test('charset: utf8 is read as UTF-8, an unknown one is 415 (Open311: read as UTF-8)', async () => {
    expect((await send(server.baseUrl, 'POST', '/api/auth/login', { 'content-type': 'application/json; charset=utf8' }, login)).status).toBe(200);
    expect((await send(server.baseUrl, 'POST', '/api/auth/login', { 'content-type': 'application/json; charset="UTF8"' }, login)).status).toBe(200);
    problem(await send(server.baseUrl, 'POST', '/api/auth/login', { 'content-type': 'application/json; charset=x-klingon' }, login), 415, 'unsupported_encoding');
    // GeoReport v2 says text is UTF-8: under /open311/ any label is read so (here: no service_code, a 400).
    open311Error(await send(server.baseUrl, 'POST', '/open311/v2/requests.json', { 'content-type': 'application/x-www-form-urlencoded; charset=x-klingon' }, `api_key=${apiKey}`), 400);
    expect((await send(server.baseUrl, 'POST', '/open311/v2/requests.json', { 'content-type': 'application/x-www-form-urlencoded; charset=utf8' }, `api_key=${apiKey}&service_code=%00`)).status).toBe(400);
  });

  test('a NUL anywhere a query could see it is a 400, in the login, the query string, the path and Open311', async () => {
    const json = { 'content-type': 'application/json' };
    problem(await send(server.baseUrl, 'POST', '/api/auth/login', json, JSON.stringify({ login: 'adm\u0000in', password: 'x' })), 400, 'forbidden_character');
    problem(await send(server.baseUrl, 'POST', '/api/auth/login', json, JSON.stringify({ login: 'admin', password: 'x', ['k\u0000']: 1 })), 400, 'forbidden_character');
    problem(await send(server.baseUrl, 'GET', '/api/appeals?q=a%00b'), 400, 'forbidden_character');
    problem(await send(server.baseUrl, 'GET', '/api/appeals/2026-00%0001'), 400, 'forbidden_character');
    open311Error(await send(server.baseUrl, 'GET', '/open311/v2/requests.json?service_code=a%00'), 400);
    open311Error(await send(server.baseUrl, 'GET', '/open311/v2/requests/2026-000001%00.json'), 400);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    open311Error(await send(server.baseUrl, 'POST', '/open311/v2/requests.json', form, `api_key=${apiKey}&service_code=cold%00water`), 400);
    open311Error(await send(server.baseUrl, 'POST', '/open311/v2/requests.json', json, JSON.stringify({ api_key: apiKey, service_code: 'a\u0000' })), 400);
  });

  test('a URL too long for Node\'s parser is answered as problem+json too', async () => {
    problem(await send(server.baseUrl, 'GET', `/api/appeals?q=${'x'.repeat(20_000)}`), 431, 'headers_too_large');
  });

  test('a body nested deeper than any route takes is refused before it is walked', async () => {
    const deep = '{"a":'.repeat(200) + '1' + '}'.repeat(200);
    problem(await send(server.baseUrl, 'POST', '/api/auth/login', { 'content-type': 'application/json' }, deep), 400, 'body_too_deep');
  });
});
