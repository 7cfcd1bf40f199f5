import { testDatabases, TestDatabase } from '../support/databases';
import { startTestServer, signInStaff, http, login, TestServer, Staff, HttpAnswer, ADMIN_PASSWORD } from '../support/test-server';
import { apiRoutes } from '../../api/app';
import { Appeal, AppealEvent, Applicant, AuditLog, Category, Organization, Session, User } from '../../models';

/** Every problem+json answer: the right content type and the RFC 9457 members plus our machine-readable code. */
function expectProblem(res: HttpAnswer, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, code, detail: expect.any(String) }));
  expect(res.body.detail.length).toBeGreaterThan(0);
}

/** Row counts of every table a bad request could touch. */
async function counts() {
  return {
    appeals: await Appeal.count(), events: await AppealEvent.count(), applicants: await Applicant.count(),
    audit: await AuditLog.count(), users: await User.count(), categories: await Category.count(), organizations: await Organization.count(),
  };
}

describe.each(testDatabases())('auth and errors on $name', (db) => {
  let server: TestServer;
  let staff: Staff;
  let coldWater: Category;

  beforeAll(async () => {
    server = await startTestServer(db);
    staff = await signInStaff(server);
    coldWater = (await Category.findOne({ where: { code: 'cold-water-none' } }))!;
  });
  afterAll(() => server.close());

  const validAppeal = () => ({ phone: '0501234567', categoryId: coldWater.id, address: 'вул. Хрещатик, 1', description: 'Немає води' });
  const register = async () => {
    const res = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', validAppeal());
    expect(res.status).toBe(201);
    return res.body as { id: number; status: string; deadlineAt: string; registeredAt: string };
  };

  describe('signing in and out', () => {
    test('a right password signs in; a wrong password and an unknown login get the same 401 bad_credentials', async () => {
      const anon = http(server.baseUrl);
      const ok = await anon.post('/api/auth/login', { login: 'disp1', password: 'disp1-password' });
      expect(ok.status).toBe(200);
      expect(typeof ok.body.token).toBe('string');
      expect(ok.body.user).toEqual(expect.objectContaining({ login: 'disp1', role: 'dispatcher' }));
      expect(ok.body.user).not.toHaveProperty('passwordHash');
      expect((await http(server.baseUrl, ok.body.token).get('/api/auth/me')).body.login).toBe('disp1');

      const wrong = await anon.post('/api/auth/login', { login: 'disp1', password: 'not-the-password' });
      const unknown = await anon.post('/api/auth/login', { login: 'nobody-here', password: 'not-the-password' });
      expectProblem(wrong, 401, 'bad_credentials');
      expectProblem(unknown, 401, 'bad_credentials');
      expect(unknown.body).toEqual(wrong.body);
    });

    test('logout revokes the token at once', async () => {
      const token = await login(server.baseUrl, 'head1', 'head1-password');
      const client = http(server.baseUrl, token);
      expect((await client.get('/api/auth/me')).status).toBe(200);
      expect((await client.post('/api/auth/logout')).status).toBe(204);
      expectProblem(await client.get('/api/auth/me'), 401, 'invalid_token');
      expectProblem(await client.get('/api/appeals'), 401, 'invalid_token');
      // Other sessions of the same user live on.
      expect((await http(server.baseUrl, staff.head).get('/api/auth/me')).status).toBe(200);
    });

    test('deactivating a user ends their sessions at once and they cannot sign in again', async () => {
      const admin = http(server.baseUrl, staff.admin);
      const created = await admin.post('/api/users', { login: 'leaving.user', password: 'leaving-password-1', fullName: 'Той, хто йде', role: 'dispatcher' });
      expect(created.status).toBe(201);
      const token = await login(server.baseUrl, 'leaving.user', 'leaving-password-1');
      const second = await login(server.baseUrl, 'leaving.user', 'leaving-password-1');
      expect((await http(server.baseUrl, token).get('/api/appeals')).status).toBe(200);

      const off = await admin.patch(`/api/users/${created.body.id}`, { active: false });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      expectProblem(await http(server.baseUrl, token).get('/api/appeals'), 401, 'invalid_token');
      expectProblem(await http(server.baseUrl, second).get('/api/auth/me'), 401, 'invalid_token');
      expect(await Session.count({ where: { userId: created.body.id, revokedAt: null } })).toBe(0);
      expectProblem(await http(server.baseUrl).post('/api/auth/login', { login: 'leaving.user', password: 'leaving-password-1' }), 401, 'bad_credentials');
    });

    test('a token past TOKEN_TTL_HOURS is refused', async () => {
      const ttlMs = server.kontakt.config.TOKEN_TTL_HOURS * 3600_000;
      const token = await login(server.baseUrl, 'disp1', 'disp1-password');
      const client = http(server.baseUrl, token);
      try {
        server.clock.advance(ttlMs - 60_000);
        expect((await client.get('/api/auth/me')).status).toBe(200);
        server.clock.advance(2 * 60_000);
        expectProblem(await client.get('/api/auth/me'), 401, 'invalid_token');
      } finally {
        server.clock.advance(-(ttlMs + 60_000));
      }
    });

    test('no token, a garbled header and a made-up token are 401', async () => {
      expectProblem(await http(server.baseUrl).get('/api/auth/me'), 401, 'unauthenticated');
      const basic = await fetch(`${server.baseUrl}/api/auth/me`, { headers: { authorization: 'Basic YWRtaW46eA==' } });
      expect(basic.status).toBe(401);
      expectProblem(await http(server.baseUrl, 'made-up-token').get('/api/auth/me'), 401, 'invalid_token');
    });
  });

  describe('bad input is refused clearly and changes nothing', () => {
    const cases: { name: string; status: number; code: string; send: (s: Staff) => Promise<HttpAnswer>; field?: string }[] = [
      {
        name: 'a half-written JSON body', status: 400, code: 'malformed_json',
        send: (s) => http(server.baseUrl, s.dispatcher).postRaw('/api/appeals', '{"phone": "0501234567", "address": "вул. Хрещ'),
      },
      {
        name: 'a phone that is not one', status: 400, code: 'invalid_phone', field: 'phone',
        send: (s) => http(server.baseUrl, s.dispatcher).post('/api/appeals', { ...validAppeal(), phone: 'подзвоніть сусіду' }),
      },
      {
        name: 'a phone with too few digits', status: 400, code: 'invalid_phone', field: 'phone',
        send: (s) => http(server.baseUrl, s.dispatcher).post('/api/appeals', { ...validAppeal(), phone: '050 12' }),
      },
      {
        name: 'an unknown category', status: 400, code: 'unknown_category', field: 'categoryId',
        send: (s) => http(server.baseUrl, s.dispatcher).post('/api/appeals', { ...validAppeal(), categoryId: 987654 }),
      },
      {
        name: 'an unknown executor', status: 400, code: 'unknown_executor', field: 'executorId',
        send: (s) => http(server.baseUrl, s.dispatcher).post('/api/appeals', { ...validAppeal(), executorId: 987654 }),
      },
      {
        name: 'a description over 4000 characters', status: 400, code: 'text_too_long', field: 'description',
        send: (s) => http(server.baseUrl, s.dispatcher).post('/api/appeals', { ...validAppeal(), description: 'ї'.repeat(4001) }),
      },
      {
        name: 'a missing field', status: 400, code: 'validation_failed', field: 'address',
        send: (s) => {
          const { address: _omitted, ...body } = validAppeal();
          return http(server.baseUrl, s.dispatcher).post('/api/appeals', body);
        },
      },
      {
        name: 'an unknown extra field', status: 400, code: 'validation_failed',
        send: (s) => http(server.baseUrl, s.dispatcher).post('/api/appeals', { ...validAppeal(), priority: 'highest' }),
      },
      {
        name: 'a token of another role', status: 403, code: 'role_not_allowed',
        send: (s) => http(server.baseUrl, s.executor).post('/api/appeals', validAppeal()),
      },
      {
        name: 'an unknown route', status: 404, code: 'route_not_found',
        send: (s) => http(server.baseUrl, s.dispatcher).post('/api/appealz', validAppeal()),
      },
      {
        name: 'a body over 64kb', status: 413, code: 'payload_too_large',
        send: (s) => http(server.baseUrl, s.dispatcher).postRaw('/api/appeals', JSON.stringify({ ...validAppeal(), description: 'x'.repeat(70 * 1024) })),
      },
    ];

    test.each(cases)('$name → $status $code', async ({ status, code, field, send }) => {
      const before = await counts();
      const res = await send(staff);
      expectProblem(res, status, code);
      if (field) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.any(String) })]));
      expect(await counts()).toEqual(before);
    });

    test('the same valid body is accepted, so the refusals above are about what was wrong', async () => {
      const before = await counts();
      const res = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', validAppeal());
      expect(res.status).toBe(201);
      expect((await counts()).appeals).toBe(before.appeals + 1);
    });

    test('an illegal state move is 409 illegal_transition and changes nothing', async () => {
      const a = await register();
      const before = await counts();
      const res = await http(server.baseUrl, staff.dispatcher).post(`/api/appeals/${a.id}/confirm`, {});
      expectProblem(res, 409, 'illegal_transition');
      expect(await counts()).toEqual(before);
      expect((await Appeal.findByPk(a.id))!.status).toBe('assigned');
    });

    test('a deadline extension past 45 days is deadline_exceeds_limit and changes nothing', async () => {
      const a = await register();
      const day = (n: number) => new Date(new Date(a.registeredAt).getTime() + n * 86400_000).toISOString().slice(0, 10);
      const before = await counts();
      const res = await http(server.baseUrl, staff.executor).post(`/api/appeals/${a.id}/extend`, { deadline: day(46), reason: 'Потрібна заміна труби' });
      expectProblem(res, 400, 'deadline_exceeds_limit');
      expect(await counts()).toEqual(before);
      expect((await Appeal.findByPk(a.id))!.deadlineAt.toISOString()).toBe(a.deadlineAt);
      // Within the limit the same request succeeds.
      const ok = await http(server.baseUrl, staff.executor).post(`/api/appeals/${a.id}/extend`, { deadline: day(44), reason: 'Потрібна заміна труби' });
      expect(ok.status).toBe(200);
    });
  });

  describe('health and the API document', () => {
    test('GET /healthz is 200', async () => {
      const res = await http(server.baseUrl).get('/healthz');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    test('GET /readyz is 200 with the database check passing', async () => {
      const res = await http(server.baseUrl).get('/readyz');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('ready');
      expect(res.body.checks.database).toBe(true);
    });

    test('GET /api/openapi.json is OpenAPI 3.1 with every route of the route table', async () => {
      const res = await http(server.baseUrl).get('/api/openapi.json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toMatch(/^3\.1\./);
      const k = server.kontakt;
      const routes = apiRoutes({ config: k.config, logger: k.logger, clock: server.clock, db: k.db, appeals: k.appeals, tokens: k.tokens, readiness: {} });
      expect(routes.length).toBeGreaterThan(20);
      const missing = routes
        .map((r) => ({ path: r.path.replace(/:(\w+)/g, '{$1}'), method: r.method }))
        .filter(({ path, method }) => !res.body.paths?.[path]?.[method])
        .map(({ path, method }) => `${method.toUpperCase()} ${path}`);
      expect(missing).toEqual([]);
      expect(res.body.components.schemas.Problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'code', 'detail']));
    });
  });
});

/** Runs on a server of its own: the limit is per process and would get in the way of the other tests. */
describe.each(testDatabases())('login rate limit on $name', (db: TestDatabase) => {
  test('the 4th sign-in within a minute is 429 too_many_requests, even with the right password', async () => {
    const server = await startTestServer(db, { LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const anon = http(server.baseUrl);
      const statuses: number[] = [];
      statuses.push((await anon.post('/api/auth/login', { login: 'admin', password: 'wrong-password' })).status);
      statuses.push((await anon.post('/api/auth/login', { login: 'admin', password: 'wrong-password' })).status);
      statuses.push((await anon.post('/api/auth/login', { login: 'admin', password: ADMIN_PASSWORD })).status);
      expect(statuses).toEqual([401, 401, 200]);
      const fourth = await anon.post('/api/auth/login', { login: 'admin', password: ADMIN_PASSWORD });
      expectProblem(fourth, 429, 'too_many_requests');
      // Only sign-in is limited.
      expect((await anon.get('/healthz')).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
