import http from 'node:http';
import express from 'express';
import { testDatabases } from '../support/databases';
import { startTestServer, startTestServerOn, signInStaff, http as client, login, TestServer, Staff, HttpAnswer, ADMIN_PASSWORD } from '../support/test-server';
import { Appeal, AuditLog, Category, IdempotencyKey, LoginThrottle, ServerSecret, User } from '../../models';
import { hashPassword } from '../../auth/passwords';
import { createOrganizationApiKey } from '../../auth/api-keys';
import { createOpen311Client } from '../../open311/api-keys';
import { accountDelaySeconds, addressDelaySeconds } from '../../auth/login-throttle';
import { createMetrics, mountMetrics } from '../../observability/metrics';
import { errorHandler } from '../../api/problem';
import { createLogger } from '../../core/logger';

/** A request with any headers (a client address through X-Forwarded-For, If-Match, Idempotency-Key). */
async function call(baseUrl: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<HttpAnswer> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

describe('throttling delays', () => {
  test('one address is slowed fast and far; the account as a whole slowly and at most a minute', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(addressDelaySeconds)).toEqual([0, 0, 0, 2, 4, 8, 900]);
    expect([10, 11, 12, 40, 1000].map(accountDelaySeconds)).toEqual([0, 1, 2, 30, 60]);
  });
});

describe('/metrics', () => {
  async function serve(token?: string) {
    const app = express();
    mountMetrics(app, createMetrics({ ariReady: () => null, amiReady: () => null, ariReconnects: () => 0, amiReconnects: () => 0, liveIvrCalls: () => 0, pendingCallRecords: () => 0, refusedCallRecords: () => 0, popHistoryServed: () => null }), token);
    app.use(errorHandler(createLogger('silent')));
    const server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    return { url: `http://127.0.0.1:${port}/metrics`, close: () => new Promise<void>((r) => server.close(() => r())) };
  }

  test('with METRICS_TOKEN only its bearer reads the figures', async () => {
    const m = await serve('metrics-token-0123456789');
    try {
      const none = await fetch(m.url);
      expect(none.status).toBe(401);
      expect(none.headers.get('content-type')).toMatch(/problem\+json/);
      expect((await fetch(m.url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
      const ok = await fetch(m.url, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/kontakt_ivr_calls_live/);
    } finally {
      await m.close();
    }
  });

  test('without a token only this machine reads them, not a request passed on by a proxy', async () => {
    const m = await serve();
    try {
      expect((await fetch(m.url)).status).toBe(200);
      const proxied = await fetch(m.url, { headers: { 'x-forwarded-for': '203.0.113.7' } });
      expect(proxied.status).toBe(403);
      expect((await proxied.json()).code).toBe('metrics_local_only');
    } finally {
      await m.close();
    }
  });
});

describe.each(testDatabases())('hardening on $name', (db) => {
  let server: TestServer;
  let staff: Staff;
  let coldWater: Category;
  let phoneSeq = 0;

  beforeAll(async () => {
    server = await startTestServer(db, { TRUST_PROXY: '1' });
    staff = await signInStaff(server);
    coldWater = (await Category.findOne({ where: { code: 'cold-water-none' } }))!;
  });
  afterAll(() => server.close());

  const newAppeal = () => ({ phone: `067${String(7_000_000 + ++phoneSeq).padStart(7, '0')}`, categoryId: coldWater.id, address: 'вул. Січових Стрільців, 5', description: 'Немає води' });
  const register = async () => {
    const res = await client(server.baseUrl, staff.dispatcher).post('/api/appeals', newAppeal());
    expect(res.status).toBe(201);
    return res.body as { id: number; number: string; version: number };
  };

  describe('sign-in throttling per account', () => {
    const from = (address: string, loginName: string, password: string) =>
      call(server.baseUrl, 'POST', '/api/auth/login', { 'x-forwarded-for': address }, { login: loginName, password });

    beforeAll(async () => {
      for (const name of ['olena.k', 'petro.k', 'iryna.k']) {
        await User.create({ login: name, passwordHash: await hashPassword(`${name}-password`), fullName: name, role: 'dispatcher' });
      }
    });
    beforeEach(() => server.clock.set('2026-03-10T09:00:00Z'));

    test('mistakes from one address slow that address for that account only, with an audit row', async () => {
      const office = '10.1.1.1';
      for (let i = 0; i < 4; i++) expect((await from(office, 'olena.k', 'wrong')).status).toBe(401);
      // The fourth mistake locked this account from this address, even for the right password.
      const locked = await from(office, 'olena.k', 'olena.k-password');
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('login_throttled');
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      const user = await User.findOne({ where: { login: 'olena.k' } });
      expect(await AuditLog.count({ where: { action: 'login_throttled', subjectType: 'user', subjectId: user!.id } })).toBe(1);

      // A colleague at the same office address signs in; so does the same account elsewhere.
      expect((await from(office, 'petro.k', 'petro.k-password')).status).toBe(200);
      expect((await from('10.2.2.2', 'olena.k', 'olena.k-password')).status).toBe(200);
      // And from the office once the delay has passed.
      server.clock.advance(3_000);
      expect((await from(office, 'olena.k', 'olena.k-password')).status).toBe(200);
    });

    test('one address hammering an account cannot lock it out for everyone', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await from('10.6.6.6', 'iryna.k', 'guess')).status);
      // Four were checked, the rest refused before the password was looked at.
      expect(statuses.filter((s) => s === 401)).toHaveLength(4);
      expect(statuses.filter((s) => s === 429)).toHaveLength(36);
      expect((await from('10.7.7.7', 'iryna.k', 'iryna.k-password')).status).toBe(200);
    });

    test('failures arriving together are all counted', async () => {
      const answers = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((a) => from(`10.8.0.${a}`, 'iryna.k', 'guess')));
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(401));
      expect((await LoginThrottle.findOne({ where: { login: 'iryna.k', address: '*' } }))!.failures).toBe(8);
      expect((await from('10.8.0.1', 'iryna.k', 'iryna.k-password')).status).toBe(200);
    });

    test('many addresses guessing one account are slowed for the account; the admin sees it and lifts it', async () => {
      let checked = 0;
      for (let a = 1; a <= 12; a++) {
        for (let i = 0; i < 10; i++) if ((await from(`10.9.0.${a}`, 'petro.k', 'guess')).status === 401) checked++;
      }
      // 120 guesses, and only those before the account-wide lock were checked.
      expect(checked).toBeLessThanOrEqual(11);
      expect((await from('10.9.9.9', 'petro.k', 'petro.k-password')).status).toBe(429);

      const admin = client(server.baseUrl, staff.admin);
      const list = await admin.get('/api/auth/throttles');
      expect(list.status).toBe(200);
      const everywhere = list.body.items.find((t: any) => t.login === 'petro.k' && t.address === '*');
      expect(everywhere).toEqual(expect.objectContaining({ failures: 11, lockedUntil: expect.any(String) }));
      expect((await client(server.baseUrl, staff.dispatcher).get('/api/auth/throttles')).status).toBe(403);

      expect((await admin.delete('/api/auth/throttles/petro.k')).status).toBe(204);
      expect(await LoginThrottle.count({ where: { login: 'petro.k' } })).toBe(0);
      const petro = await User.findOne({ where: { login: 'petro.k' } });
      expect(await AuditLog.count({ where: { action: 'login_unthrottled', subjectId: petro!.id } })).toBe(1);
      expect((await from('10.9.9.9', 'petro.k', 'petro.k-password')).status).toBe(200);
    });
  });

  test('answers with personal data or a token are not cached', async () => {
    const loginAnswer = await client(server.baseUrl).post('/api/auth/login', { login: 'disp1', password: 'disp1-password' });
    expect(loginAnswer.headers.get('cache-control')).toBe('no-store');
    const appeal = await register();
    const read = await client(server.baseUrl, staff.dispatcher).get(`/api/appeals/${appeal.id}`);
    expect(read.body.applicant.phone).toMatch(/^\+380/);
    expect(read.headers.get('cache-control')).toBe('no-store');
    expect((await client(server.baseUrl, staff.dispatcher).get(`/api/applicants/by-phone/${encodeURIComponent(read.body.applicant.phone)}`)).headers.get('cache-control')).toBe('no-store');
  });

  test('searching appeals by phone is a read of the applicant\'s data, and audited', async () => {
    const appeal = await register();
    const applicantId = (await Appeal.findByPk(appeal.id))!.applicantId!;
    const before = await AuditLog.count({ where: { subjectType: 'applicant', subjectId: applicantId, context: 'appeals search by phone' } });
    const found = await client(server.baseUrl, staff.dispatcher).get(`/api/appeals?phone=${encodeURIComponent(`067 ${String(7_000_000 + phoneSeq).padStart(7, '0')}`)}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((a: any) => a.id)).toEqual([appeal.id]);
    expect(await AuditLog.count({ where: { subjectType: 'applicant', subjectId: applicantId, context: 'appeals search by phone' } })).toBe(before + 1);
    const rowsBefore = await AuditLog.count();
    expect((await client(server.baseUrl, staff.dispatcher).get('/api/appeals?phone=0999999999')).body.items).toEqual([]);
    expect(await AuditLog.count()).toBe(rowsBefore);
  });

  test('an organization\'s webhook address is shown to the admin and to that organization only', async () => {
    const admin = client(server.baseUrl, staff.admin);
    expect((await admin.patch(`/api/organizations/${staff.waterOrgId}`, { webhookUrl: 'https://water.example/hooks' })).status).toBe(200);
    expect((await admin.patch(`/api/organizations/${staff.otherOrgId}`, { webhookUrl: 'https://other.example/hooks' })).status).toBe(200);
    await admin.post(`/api/organizations/${staff.otherOrgId}/webhook-secret`);
    const key = (await createOrganizationApiKey(staff.waterOrgId, 'Диспетчерська водоканалу', server.clock)).key;
    const orgsAs = async (auth: string) => (await call(server.baseUrl, 'GET', '/api/organizations', { authorization: auth })).body as any[];
    const byId = (orgs: any[], id: number) => orgs.find((o) => o.id === id);

    for (const auth of [`Bearer ${staff.executor}`, `ApiKey ${key}`]) {
      const orgs = await orgsAs(auth);
      expect(byId(orgs, staff.waterOrgId).webhookUrl).toBe('https://water.example/hooks');
      expect(byId(orgs, staff.otherOrgId)).not.toHaveProperty('webhookUrl');
      expect(JSON.stringify(orgs)).not.toMatch(/other\.example|webhookSecret/);
    }
    expect(JSON.stringify(await orgsAs(`Bearer ${staff.dispatcher}`))).not.toMatch(/example\/hooks|webhookUrl/);
    const asAdmin = await orgsAs(`Bearer ${staff.admin}`);
    expect(byId(asAdmin, staff.otherOrgId).webhookUrl).toBe('https://other.example/hooks');
    expect(JSON.stringify(asAdmin)).not.toMatch(/webhookSecret/);
  });

  describe('moves carry the version they were made from', () => {
    test('a GET gives the version as ETag; a move from an older version answers 409 and changes nothing', async () => {
      const appeal = await register();
      const read = await client(server.baseUrl, staff.dispatcher).get(`/api/appeals/${appeal.id}`);
      expect(read.body.version).toBe(1);
      expect(read.headers.get('etag')).toBe('"1"');

      const first = await client(server.baseUrl, staff.dispatcher).post(`/api/appeals/${appeal.id}/assign`, { executorId: staff.waterOrgId, version: 1 });
      expect(first.status).toBe(200);
      expect(first.body.version).toBe(2);
      expect(first.headers.get('etag')).toBe('"2"');
      const second = await client(server.baseUrl, staff.head).post(`/api/appeals/${appeal.id}/assign`, { executorId: staff.otherOrgId, version: 1 });
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('stale_version');
      expect((await Appeal.findByPk(appeal.id))!.executorId).toBe(staff.waterOrgId);

      // The same through If-Match; a matching one goes through.
      const stale = await call(server.baseUrl, 'POST', `/api/appeals/${appeal.id}/reject`, { authorization: `Bearer ${staff.head}`, 'if-match': '"1"' }, { reason: 'Не наша справа' });
      expect(stale.status).toBe(409);
      const fresh = await call(server.baseUrl, 'POST', `/api/appeals/${appeal.id}/extend`, { authorization: `Bearer ${staff.dispatcher}`, 'if-match': '"2"' }, { deadline: new Date(new Date(read.body.deadlineAt).getTime() + 2 * 86_400_000).toISOString().slice(0, 10), reason: 'Потрібні роботи' });
      expect(fresh.status).toBe(200);
      expect(fresh.body.version).toBe(3);
      // Header and body that disagree are the client's confusion.
      expect((await call(server.baseUrl, 'POST', `/api/appeals/${appeal.id}/start`, { authorization: `Bearer ${staff.dispatcher}`, 'if-match': '"3"' }, { version: 2 })).status).toBe(400);
    });

    test('two dispatchers assigning at once from the same version: one succeeds, the other gets 409', async () => {
      const appeal = await register();
      const [a, b] = await Promise.all([
        client(server.baseUrl, staff.dispatcher).post(`/api/appeals/${appeal.id}/assign`, { executorId: staff.waterOrgId, version: 1 }),
        client(server.baseUrl, staff.head).post(`/api/appeals/${appeal.id}/assign`, { executorId: staff.otherOrgId, version: 1 }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const winner = a.status === 200 ? staff.waterOrgId : staff.otherOrgId;
      const row = (await Appeal.findByPk(appeal.id))!;
      expect({ executorId: row.executorId, version: row.version }).toEqual({ executorId: winner, version: 2 });
    });
  });

  describe('Idempotency-Key on registrations', () => {
    const post = (token: string, key: string | null, body: unknown) =>
      call(server.baseUrl, 'POST', '/api/appeals', { authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) }, body);

    test('a retry gets the first answer and registers nothing; another request under the key is refused', async () => {
      const body = newAppeal();
      const first = await post(staff.dispatcher, 'retry-key-1', body);
      expect(first.status).toBe(201);
      const count = await Appeal.count();
      const again = await post(staff.dispatcher, 'retry-key-1', body);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await Appeal.count()).toBe(count);

      const other = await post(staff.dispatcher, 'retry-key-1', { ...body, description: 'Інша проблема' });
      expect(other.status).toBe(409);
      expect(other.body.code).toBe('idempotency_key_reused');
      // Keys are the caller's own: the head's same key is a new registration.
      const heads = await post(staff.head, 'retry-key-1', body);
      expect(heads.status).toBe(201);
      expect(heads.body.id).not.toBe(first.body.id);
      expect((await post(staff.dispatcher, 'x'.repeat(300), body)).status).toBe(400);
    });

    test('the same key sent several times at once registers one appeal', async () => {
      const body = newAppeal();
      const count = await Appeal.count();
      const answers = await Promise.all([1, 2, 3, 4].map(() => post(staff.dispatcher, 'burst-key', body)));
      expect(await Appeal.count()).toBe(count + 1);
      for (const a of answers) expect([201, 409]).toContain(a.status);
      const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
      expect(ids.size).toBe(1);
      // A late retry always gets the answer.
      const late = await post(staff.dispatcher, 'burst-key', body);
      expect(late.status).toBe(201);
      expect(ids.has(late.body.id)).toBe(true);
    });

    test('when the server died between committing and answering, the retry gets an answer made from the appeal', async () => {
      const body = newAppeal();
      const first = await post(staff.dispatcher, 'crash-key', body);
      expect(first.status).toBe(201);
      await IdempotencyKey.update({ status: null, response: null }, { where: { idemKey: 'crash-key' } });
      const count = await Appeal.count();
      const retry = await post(staff.dispatcher, 'crash-key', body);
      expect(retry.status).toBe(201);
      expect(retry.body.id).toBe(first.body.id);
      expect(await Appeal.count()).toBe(count);
    });

    test('Open311 POST requests takes the key too, per client', async () => {
      const { apiKey } = await createOpen311Client('Застосунок з повторами');
      const { apiKey: otherKey } = await createOpen311Client('Інший застосунок');
      const form = (key: string) =>
        new URLSearchParams({ api_key: key, service_code: 'cold-water-none', lat: '50.45', long: '30.52', address_string: 'вулиця Хрещатик, 22', description: 'Немає води', first_name: 'Оксана', last_name: 'Коваленко', phone: '050 765 43 99', email: 'o@example.com' }).toString();
      const send = async (key: string) => {
        const res = await fetch(`${server.baseUrl}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'o311-key' }, body: form(key) });
        return { status: res.status, body: await res.json() };
      };
      const first = await send(apiKey);
      expect(first.status).toBe(200);
      const count = await Appeal.count();
      const again = await send(apiKey);
      expect(again).toEqual(first);
      expect(await Appeal.count()).toBe(count);
      const other = await send(otherKey);
      expect(other.status).toBe(200);
      expect(other.body[0].service_request_id).not.toBe(first.body[0].service_request_id);
    });
  });

  test('without TOKEN_SECRET the token key is made once and kept in the database: a restart signs nobody out', async () => {
    const own = testDatabases().find((d) => d.name === db.name)!;
    const url = await own.create();
    try {
      const env = { TOKEN_SECRET: '', NODE_ENV: 'production' };
      let running = await startTestServerOn(url, env);
      const token = await login(running.baseUrl, 'admin', ADMIN_PASSWORD);
      const kept = (await ServerSecret.findByPk('token_secret'))!.value;
      expect(kept).toMatch(/^[0-9a-f]{64}$/);
      await running.close();
      running = await startTestServerOn(url, env);
      try {
        expect((await client(running.baseUrl, token).get('/api/auth/me')).status).toBe(200);
        expect((await ServerSecret.findByPk('token_secret'))!.value).toBe(kept);
      } finally {
        await running.close();
      }
    } finally {
      await own.drop();
    }
  });
});
