import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, login, ADMIN_PASSWORD, TestServer, Staff, HttpAnswer } from '../support/test-server';
import { apiRoutes } from '../../api/app';
import { createOrganizationApiKey } from '../../auth/api-keys';
import { Appeal, AppealPhoto, AuditLog, Call, CallbackTask, Category, Notice, NoticeSubscription, Outage, User, Verification } from '../../models';

type Who = 'admin' | 'head' | 'dispatcher' | 'executor';
type Access = 'allow' | 'deny';
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const WHO: readonly Who[] = ['admin', 'head', 'dispatcher', 'executor'];

/** What a test needs to build a concrete request for a route. */
interface Fixtures {
  server: TestServer;
  staff: Staff;
  coldWater: Category;
  /** A new appeal of the executor's (water) organization, registered by the dispatcher. */
  freshAppeal(): Promise<{ id: number; number: string; applicantId: number; registeredAt: string }>;
  applicantId: number;
  targetUserId: number;
}

interface Request {
  path: string;
  body?: unknown;
}

interface Row {
  method: Method;
  /** The route's path exactly as in the route table. */
  path: string;
  access: 'public' | Record<Who, Access>;
  request: (f: Fixtures) => Promise<Request> | Request;
}

const Y: Access = 'allow';
const N: Access = 'deny';
const roles = (admin: Access, head: Access, dispatcher: Access, executor: Access) => ({ admin, head, dispatcher, executor });

/** A fresh planned outage of the executor's (water) organization, far in the future. */
const waterOutage = async (f: Fixtures) =>
  (await Outage.create({ utility: 'cold_water', kind: 'planned', area: 'вулиця Шевченка', startsAt: new Date('2030-01-01T08:00:00Z'), endsAt: new Date('2030-01-01T18:00:00Z'), reason: null, executorId: f.staff.waterOrgId })).id;
/** A fresh notice awaiting approval, for the whole city. */
const matrixNotice = async () =>
  (await Notice.create({ text: 'Матричне оповіщення', area: 'усе місто', areaSpec: { wholeCity: true }, urgent: false, status: 'pending_approval' })).id;
/** A fresh camera, added by the admin. */
const matrixCamera = async (f: Fixtures) =>
  (await http(f.server.baseUrl, f.staff.admin).post('/api/cctv/cameras', { name: 'Матрична камера', place: 'вул. Матрична, 1' })).body.id as number;
const day = (iso: string, n: number) => new Date(new Date(iso).getTime() + n * 86400_000).toISOString().slice(0, 10);
const onFreshAppeal = (move: string, body: (a: { id: number; registeredAt: string }, f: Fixtures) => unknown = () => ({})) =>
  async (f: Fixtures): Promise<Request> => {
    const a = await f.freshAppeal();
    return { path: `/api/appeals/${a.id}/${move}`, body: body(a, f) };
  };

/**
 * The intended access policy, written out by hand. It is deliberately NOT derived from the route
 * table: a wrong role list in the code must make this test fail.
 *
 *                                                                       admin head disp exec
 */
const MATRIX: Row[] = [
  { method: 'GET', path: '/healthz', access: 'public', request: () => ({ path: '/healthz' }) },
  { method: 'GET', path: '/readyz', access: 'public', request: () => ({ path: '/readyz' }) },
  { method: 'POST', path: '/api/auth/login', access: 'public', request: () => ({ path: '/api/auth/login', body: {} }) },
  { method: 'POST', path: '/api/auth/logout', access: roles(Y, Y, Y, Y), request: () => ({ path: '/api/auth/logout', body: {} }) },
  { method: 'GET', path: '/api/auth/me', access: roles(Y, Y, Y, Y), request: () => ({ path: '/api/auth/me' }) },
  { method: 'GET', path: '/api/auth/throttles', access: roles(Y, Y, N, N), request: () => ({ path: '/api/auth/throttles' }) },
  { method: 'DELETE', path: '/api/auth/throttles/:login', access: roles(Y, N, N, N), request: () => ({ path: '/api/auth/throttles/nobody.locked' }) },

  { method: 'GET', path: '/api/appeals', access: roles(N, Y, Y, Y), request: () => ({ path: '/api/appeals' }) },
  {
    method: 'POST', path: '/api/appeals', access: roles(N, Y, Y, N),
    request: (f) => ({ path: '/api/appeals', body: { phone: '0501230000', categoryId: f.coldWater.id, address: 'вул. Матрична, 1', description: 'Немає води' } }),
  },
  {
    method: 'GET', path: '/api/appeals/:ref', access: roles(N, Y, Y, Y),
    request: async (f) => ({ path: `/api/appeals/${(await f.freshAppeal()).id}` }),
  },
  { method: 'POST', path: '/api/appeals/:id/assign', access: roles(N, Y, Y, N), request: onFreshAppeal('assign') },
  { method: 'POST', path: '/api/appeals/:id/start', access: roles(N, Y, Y, Y), request: onFreshAppeal('start') },
  { method: 'POST', path: '/api/appeals/:id/complete', access: roles(N, Y, Y, Y), request: onFreshAppeal('complete', () => ({ result: 'Зроблено' })) },
  { method: 'POST', path: '/api/appeals/:id/confirm', access: roles(N, Y, Y, N), request: onFreshAppeal('confirm') },
  { method: 'POST', path: '/api/appeals/:id/return', access: roles(N, Y, Y, N), request: onFreshAppeal('return', () => ({ reason: 'Не зроблено' })) },
  { method: 'POST', path: '/api/appeals/:id/reject', access: roles(N, Y, Y, N), request: onFreshAppeal('reject', () => ({ reason: 'Не компетенція міста' })) },
  {
    method: 'POST', path: '/api/appeals/:id/duplicate', access: roles(N, Y, Y, N),
    request: async (f) => {
      const original = await f.freshAppeal();
      const copy = await f.freshAppeal();
      return { path: `/api/appeals/${copy.id}/duplicate`, body: { duplicateOfId: original.id } };
    },
  },
  {
    method: 'POST', path: '/api/appeals/:id/extend', access: roles(N, Y, Y, Y),
    request: onFreshAppeal('extend', (a) => ({ deadline: day(a.registeredAt, 20), reason: 'Потрібні роботи на мережі' })),
  },
  { method: 'POST', path: '/api/appeals/:id/progress', access: roles(N, Y, Y, Y), request: onFreshAppeal('progress', () => ({ comment: 'Бригада на місці' })) },
  { method: 'POST', path: '/api/appeals/:id/decline', access: roles(N, N, N, Y), request: onFreshAppeal('decline', () => ({ reason: 'Не наша компетенція' })) },

  {
    method: 'GET', path: '/api/applicants/by-phone/:phone', access: roles(N, Y, Y, N),
    request: () => ({ path: `/api/applicants/by-phone/${encodeURIComponent('050 700 00 01')}` }),
  },
  { method: 'GET', path: '/api/applicants/:id', access: roles(N, Y, Y, N), request: (f) => ({ path: `/api/applicants/${f.applicantId}` }) },
  { method: 'PATCH', path: '/api/applicants/:id', access: roles(N, Y, Y, N), request: (f) => ({ path: `/api/applicants/${f.applicantId}`, body: {} }) },

  { method: 'GET', path: '/api/calls', access: roles(N, Y, Y, N), request: () => ({ path: '/api/calls?disposition=abandoned' }) },
  {
    method: 'POST', path: '/api/calls/:id/appeals', access: roles(N, Y, Y, N),
    request: async (f) => {
      const call = await Call.create({ uniqueid: `matrix-${Date.now()}-${Math.random()}`, linkedid: null, direction: 'inbound', callerNumber: null, calledNumber: null, startedAt: new Date() });
      return { path: `/api/calls/${call.id}/appeals`, body: { appealId: (await f.freshAppeal()).id } };
    },
  },
  { method: 'GET', path: '/api/callback-tasks', access: roles(N, Y, Y, N), request: () => ({ path: '/api/callback-tasks' }) },
  {
    method: 'POST', path: '/api/callback-tasks/:id/close', access: roles(N, Y, Y, N),
    request: async () => {
      const call = await Call.create({ uniqueid: `matrix-cb-${Date.now()}-${Math.random()}`, linkedid: null, direction: 'inbound', callerNumber: '+380501239999', calledNumber: null, startedAt: new Date(), disposition: 'abandoned' });
      const task = await CallbackTask.create({ callId: call.id, phone: '+380501239999', applicantId: null, reason: 'abandoned', createdAt: new Date(), updatedAt: new Date() });
      return { path: `/api/callback-tasks/${task.id}/close`, body: { outcome: 'done', note: 'Передзвонили' } };
    },
  },

  { method: 'GET', path: '/api/verifications', access: roles(N, Y, Y, N), request: () => ({ path: '/api/verifications?status=not_reached' }) },
  {
    method: 'POST', path: '/api/verifications/:id/resolve', access: roles(N, Y, Y, N),
    request: async (f) => {
      // A done appeal whose resident could not be reached: a dispatcher records the answer.
      const a = await f.freshAppeal();
      const doneAt = new Date('2026-03-10T09:00:00Z');
      await Appeal.update({ status: 'done', doneAt }, { where: { id: a.id } });
      const v = await Verification.create({ appealId: a.id, completedAt: doneAt, status: 'not_reached', dueAt: doneAt, reason: 'max_attempts' });
      return { path: `/api/verifications/${v.id}/resolve`, body: { result: 'confirmed' } };
    },
  },

  // Notices to residents: dispatchers and the head compose, stop and read them; only the head approves or rejects.
  { method: 'GET', path: '/api/streets', access: roles(N, Y, Y, N), request: () => ({ path: '/api/streets' }) },
  { method: 'POST', path: '/api/notices/speech-check', access: roles(N, Y, Y, N), request: () => ({ path: '/api/notices/speech-check', body: { text: 'Вода буде з 18:00.' } }) },
  { method: 'GET', path: '/api/notices', access: roles(N, Y, Y, N), request: () => ({ path: '/api/notices' }) },
  { method: 'GET', path: '/api/notices/:id', access: roles(N, Y, Y, N), request: async () => ({ path: `/api/notices/${await matrixNotice()}` }) },
  { method: 'POST', path: '/api/notices', access: roles(N, Y, Y, N), request: () => ({ path: '/api/notices', body: {} }) },
  { method: 'GET', path: '/api/outages/:id/notice-draft', access: roles(N, Y, Y, N), request: async (f) => ({ path: `/api/outages/${await waterOutage(f)}/notice-draft` }) },
  { method: 'POST', path: '/api/outages/:id/notice', access: roles(N, Y, Y, N), request: async (f) => ({ path: `/api/outages/${await waterOutage(f)}/notice` }) },
  { method: 'POST', path: '/api/notices/:id/approve', access: roles(N, Y, N, N), request: async () => ({ path: `/api/notices/${await matrixNotice()}/approve` }) },
  { method: 'POST', path: '/api/notices/:id/reject', access: roles(N, Y, N, N), request: async () => ({ path: `/api/notices/${await matrixNotice()}/reject`, body: { reason: 'Ні' } }) },
  { method: 'POST', path: '/api/notices/:id/stop', access: roles(N, Y, Y, N), request: async () => ({ path: `/api/notices/${await matrixNotice()}/stop` }) },
  { method: 'POST', path: '/api/notices/:id/resume', access: roles(N, Y, Y, N), request: async () => ({ path: `/api/notices/${await matrixNotice()}/resume` }) },
  { method: 'GET', path: '/api/notices/:id/report', access: roles(N, Y, Y, N), request: async () => ({ path: `/api/notices/${await matrixNotice()}/report?format=csv` }) },
  { method: 'GET', path: '/api/notice-subscriptions', access: roles(N, Y, Y, N), request: () => ({ path: '/api/notice-subscriptions?phone=0501234567' }) },
  { method: 'POST', path: '/api/notice-subscriptions', access: roles(N, Y, Y, N), request: () => ({ path: '/api/notice-subscriptions', body: {} }) },
  {
    method: 'POST', path: '/api/notice-subscriptions/:id/unsubscribe', access: roles(N, Y, Y, N),
    request: async (f) => ({ path: `/api/notice-subscriptions/${(await NoticeSubscription.create({ phone: '+380501234567', streetId: null, consentChannel: 'console', consentAt: f.server.clock.now() })).id}/unsubscribe` }),
  },

  { method: 'GET', path: '/api/categories', access: roles(Y, Y, Y, Y), request: () => ({ path: '/api/categories' }) },
  { method: 'POST', path: '/api/categories', access: roles(Y, N, N, N), request: () => ({ path: '/api/categories', body: {} }) },
  { method: 'PATCH', path: '/api/categories/:id', access: roles(Y, N, N, N), request: (f) => ({ path: `/api/categories/${f.coldWater.id}`, body: {} }) },
  { method: 'GET', path: '/api/organizations', access: roles(Y, Y, Y, Y), request: () => ({ path: '/api/organizations' }) },
  { method: 'POST', path: '/api/organizations', access: roles(Y, N, N, N), request: () => ({ path: '/api/organizations', body: {} }) },
  { method: 'PATCH', path: '/api/organizations/:id', access: roles(Y, N, N, N), request: (f) => ({ path: `/api/organizations/${f.staff.otherOrgId}`, body: {} }) },
  { method: 'POST', path: '/api/organizations/:id/api-keys', access: roles(Y, N, N, N), request: (f) => ({ path: `/api/organizations/${f.staff.otherOrgId}/api-keys`, body: { name: 'Матриця' } }) },
  { method: 'GET', path: '/api/organizations/:id/api-keys', access: roles(Y, N, N, N), request: (f) => ({ path: `/api/organizations/${f.staff.otherOrgId}/api-keys` }) },
  {
    method: 'DELETE', path: '/api/organizations/:id/api-keys/:keyId', access: roles(Y, N, N, N),
    request: async (f) => ({ path: `/api/organizations/${f.staff.otherOrgId}/api-keys/${(await createOrganizationApiKey(f.staff.otherOrgId, 'Матриця', f.server.clock)).row.id}` }),
  },
  { method: 'POST', path: '/api/organizations/:id/webhook-secret', access: roles(Y, N, N, N), request: (f) => ({ path: `/api/organizations/${f.staff.otherOrgId}/webhook-secret` }) },
  { method: 'GET', path: '/api/organizations/:id/webhook-deliveries', access: roles(Y, Y, N, Y), request: (f) => ({ path: `/api/organizations/${f.staff.waterOrgId}/webhook-deliveries` }) },

  // Residents' photos from the public site: those who handle the appeal (an executor only its own); never the admin.
  { method: 'GET', path: '/api/appeals/:id/photos', access: roles(N, Y, Y, Y), request: async (f) => ({ path: `/api/appeals/${(await f.freshAppeal()).id}/photos` }) },
  {
    method: 'GET', path: '/api/appeals/:id/photos/:photoId', access: roles(N, Y, Y, Y),
    request: async (f) => {
      const a = await f.freshAppeal();
      const p = await AppealPhoto.create({ appealId: a.id, content: Buffer.from('not really a jpeg'), mime: 'image/jpeg', width: 1, height: 1, bytes: 17, source: 'filing', createdAt: new Date() });
      return { path: `/api/appeals/${a.id}/photos/${p.id}` };
    },
  },
  { method: 'GET', path: '/api/users', access: roles(Y, Y, N, N), request: () => ({ path: '/api/users' }) },
  { method: 'POST', path: '/api/users', access: roles(Y, N, N, N), request: () => ({ path: '/api/users', body: {} }) },
  { method: 'PATCH', path: '/api/users/:id', access: roles(Y, N, N, N), request: (f) => ({ path: `/api/users/${f.targetUserId}`, body: {} }) },

  { method: 'GET', path: '/api/audit', access: roles(Y, Y, N, N), request: () => ({ path: '/api/audit' }) },

  // Outages: any signed-in role reads them; executors (their own organization's), dispatchers and the head change them.
  { method: 'GET', path: '/api/outages', access: roles(Y, Y, Y, Y), request: () => ({ path: '/api/outages?includePast=true' }) },
  { method: 'GET', path: '/api/outages/:id', access: roles(Y, Y, Y, Y), request: async (f) => ({ path: `/api/outages/${await waterOutage(f)}` }) },
  { method: 'POST', path: '/api/outages', access: roles(N, Y, Y, Y), request: () => ({ path: '/api/outages', body: {} }) },
  { method: 'PATCH', path: '/api/outages/:id', access: roles(N, Y, Y, Y), request: async (f) => ({ path: `/api/outages/${await waterOutage(f)}`, body: { reason: 'Уточнено' } }) },
  { method: 'POST', path: '/api/outages/:id/extend', access: roles(N, Y, Y, Y), request: async (f) => ({ path: `/api/outages/${await waterOutage(f)}/extend`, body: { endsAt: '2030-01-02T00:00:00Z' } }) },
  { method: 'POST', path: '/api/outages/:id/cancel', access: roles(N, Y, Y, Y), request: async (f) => ({ path: `/api/outages/${await waterOutage(f)}/cancel`, body: { reason: 'Роботи перенесено' } }) },
  { method: 'GET', path: '/api/public/outages', access: 'public', request: () => ({ path: '/api/public/outages' }) },
  { method: 'GET', path: '/api/public/outages.atom', access: 'public', request: () => ({ path: '/api/public/outages.atom' }) },

  // Public appeal status (rate-limited; without the digits it is a 400) and CCTV: cameras kept by the admin, incidents by dispatchers.
  { method: 'GET', path: '/api/public/appeals/:number/status', access: 'public', request: () => ({ path: '/api/public/appeals/2026-000001/status' }) },
  { method: 'POST', path: '/api/public/appeals/:number/status', access: 'public', request: () => ({ path: '/api/public/appeals/2026-000001/status', body: {} }) },
  { method: 'GET', path: '/api/cctv/cameras', access: roles(Y, Y, Y, N), request: () => ({ path: '/api/cctv/cameras' }) },
  { method: 'GET', path: '/api/cctv/cameras/:id', access: roles(Y, Y, Y, N), request: async (f) => ({ path: `/api/cctv/cameras/${await matrixCamera(f)}` }) },
  { method: 'POST', path: '/api/cctv/cameras', access: roles(Y, N, N, N), request: () => ({ path: '/api/cctv/cameras', body: {} }) },
  { method: 'PATCH', path: '/api/cctv/cameras/:id', access: roles(Y, N, N, N), request: async (f) => ({ path: `/api/cctv/cameras/${await matrixCamera(f)}`, body: {} }) },
  { method: 'POST', path: '/api/cctv/incidents', access: roles(N, N, Y, N), request: () => ({ path: '/api/cctv/incidents', body: {} }) },

  // Reports: the head and the admin read them; dispatchers and executors do not.
  { method: 'GET', path: '/api/reports/report.css', access: 'public', request: () => ({ path: '/api/reports/report.css' }) },
  { method: 'GET', path: '/api/reports', access: roles(Y, Y, N, N), request: () => ({ path: '/api/reports' }) },
  { method: 'GET', path: '/api/reports/daily/:date', access: roles(Y, Y, N, N), request: () => ({ path: '/api/reports/daily/2026-03-09' }) },
  { method: 'GET', path: '/api/reports/range', access: roles(Y, Y, N, N), request: () => ({ path: '/api/reports/range?from=2026-03-01&to=2026-03-09&format=html' }) },
  { method: 'GET', path: '/api/reports/range.csv', access: roles(Y, Y, N, N), request: () => ({ path: '/api/reports/range.csv?from=2026-03-01&to=2026-03-09' }) },
];

/** Routes mounted beside the route table (not part of apiRoutes), checked the same way. */
const EXTRA: Row[] = [{ method: 'GET', path: '/api/openapi.json', access: 'public', request: () => ({ path: '/api/openapi.json' }) }];

const PASSWORDS: Record<Who, [string, string]> = {
  admin: ['admin', ADMIN_PASSWORD],
  head: ['head1', 'head1-password'],
  dispatcher: ['disp1', 'disp1-password'],
  executor: ['water1', 'water1-password'],
};

/** How an answer reads in the matrix. Anything not in the vocabulary is reported verbatim. */
function outcome(res: HttpAnswer): string {
  if (res.status === 401) return res.body?.code === 'unauthenticated' ? 'unauthenticated' : `401 ${res.body?.code}`;
  if (res.status === 403) return res.body?.code === 'role_not_allowed' ? 'deny' : `403 ${res.body?.code}`;
  // Allowed: it ran, or it refused a deliberately minimal body / a state it cannot start from.
  if ((res.status >= 200 && res.status < 300) || res.status === 400 || res.status === 409) return 'allow';
  return `unexpected ${res.status} ${res.body?.code ?? ''}`;
}

function send(baseUrl: string, token: string | undefined, method: Method, req: Request): Promise<HttpAnswer> {
  const client = http(baseUrl, token);
  switch (method) {
    case 'GET':
      return client.get(req.path);
    case 'POST':
      return client.post(req.path, req.body ?? {});
    case 'PATCH':
      return client.patch(req.path, req.body ?? {});
    case 'DELETE':
      return client.delete(req.path);
  }
}

describe.each(testDatabases())('role matrix on $name', (db) => {
  let server: TestServer;
  let staff: Staff;
  let fixtures: Fixtures;
  let phoneSeq = 0;

  const nextPhone = () => `+38050${String(3000000 + ++phoneSeq)}`;

  beforeAll(async () => {
    server = await startTestServer(db);
    staff = await signInStaff(server);
    const coldWater = (await Category.findOne({ where: { code: 'cold-water-none' } }))!;
    const freshAppeal = async () => {
      const res = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
        phone: nextPhone(), applicantName: 'Коваленко Ірина', applicantAddress: 'вул. Січових Стрільців, 4, кв. 2',
        categoryId: coldWater.id, address: `вул. Матрична, ${phoneSeq}`, description: 'Немає холодної води',
      });
      if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
      expect(res.body.executor.id).toBe(staff.waterOrgId);
      return { id: res.body.id, number: res.body.number, applicantId: res.body.applicant.id, registeredAt: res.body.registeredAt };
    };
    const first = await freshAppeal();
    const target = await User.create({ login: 'matrix-target', passwordHash: 'x', fullName: 'Ціль Матриці', role: 'dispatcher', organizationId: null });
    fixtures = { server, staff, coldWater, freshAppeal, applicantId: first.applicantId, targetUserId: target.id };
  });
  afterAll(() => server.close());

  test('the matrix covers every route of the route table, and nothing else', () => {
    const k = server.kontakt;
    const routes = apiRoutes({ config: k.config, logger: k.logger, clock: server.clock, db: k.db, appeals: k.appeals, tokens: k.tokens, readiness: {} });
    const inCode = routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    const inTable = MATRIX.map((r) => `${r.method} ${r.path}`).sort();
    expect(new Set(inTable).size).toBe(inTable.length);
    expect(inTable).toEqual(inCode);
  });

  test.each([...MATRIX, ...EXTRA])('$method $path', async (row) => {
    const actual: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const who of WHO) {
      // Signing out would end the shared session, so logout gets a session of its own.
      const token = row.path === '/api/auth/logout' ? await login(server.baseUrl, ...PASSWORDS[who]) : staff[who];
      const res = await send(server.baseUrl, token, row.method, await row.request(fixtures));
      if (res.status >= 400) expect(res.headers.get('content-type')).toContain('application/problem+json');
      actual[who] = outcome(res);
      expected[who] = row.access === 'public' ? 'allow' : row.access[who];
    }
    actual.anonymous = outcome(await send(server.baseUrl, undefined, row.method, await row.request(fixtures)));
    expected.anonymous = row.access === 'public' ? 'allow' : 'unauthenticated';
    expect(actual).toEqual(expected);
  });

  test('a refused move leaves the appeal as it was', async () => {
    const a = await fixtures.freshAppeal();
    for (const move of ['assign', 'confirm', 'return', 'reject', 'duplicate']) {
      const res = await http(server.baseUrl, staff.executor).post(`/api/appeals/${a.id}/${move}`, { reason: 'спроба', duplicateOfId: a.id });
      expect([move, res.status, res.body.code]).toEqual([move, 403, 'role_not_allowed']);
    }
    const admin = await http(server.baseUrl, staff.admin).post(`/api/appeals/${a.id}/start`, {});
    expect(admin.status).toBe(403);
    const stored = (await Appeal.findByPk(a.id))!;
    expect(stored.status).toBe('assigned');
    expect(stored.duplicateOfId).toBeNull();
    expect(stored.rejectionReason).toBeNull();
  });

  describe('executor isolation', () => {
    let ownId: number;
    let other: { id: number; number: string; deadlineAt: string };

    beforeAll(async () => {
      ownId = (await fixtures.freshAppeal()).id;
      const res = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
        phone: nextPhone(), applicantName: 'Шевчук Тарас', categoryId: fixtures.coldWater.id, executorId: staff.otherOrgId,
        address: 'вул. Чужа, 7', description: 'Звернення іншого виконавця',
      });
      expect(res.status).toBe(201);
      expect(res.body.executor.id).toBe(staff.otherOrgId);
      other = { id: res.body.id, number: res.body.number, deadlineAt: res.body.deadlineAt };
    });

    test('lists show only appeals of the executor\'s own organization, whatever the filter says', async () => {
      const exec = http(server.baseUrl, staff.executor);
      const all = await exec.get('/api/appeals?pageSize=100');
      expect(all.status).toBe(200);
      const ids = all.body.items.map((i: { id: number }) => i.id);
      expect(ids).toContain(ownId);
      expect(ids).not.toContain(other.id);
      expect(all.body.items.every((i: { executor: { id: number } }) => i.executor.id === staff.waterOrgId)).toBe(true);
      expect(all.body.total).toBe(await Appeal.count({ where: { executorId: staff.waterOrgId } }));

      const filtered = await exec.get(`/api/appeals?executorId=${staff.otherOrgId}&pageSize=100`);
      expect(filtered.status).toBe(200);
      expect(filtered.body.items).toEqual([]);
      expect(filtered.body.total).toBe(0);

      const byNumber = await exec.get(`/api/appeals?q=${encodeURIComponent(other.number)}`);
      expect(byNumber.body.total).toBe(0);

      // The other organization's executor does see it: the isolation is by organization, not a hidden appeal.
      const theirs = await http(server.baseUrl, staff.otherExecutor).get(`/api/appeals?executorId=${staff.otherOrgId}&pageSize=100`);
      expect(theirs.body.items.map((i: { id: number }) => i.id)).toContain(other.id);
    });

    test('another organization\'s appeal is "not found" (404, not 403) for reading and for every move', async () => {
      const exec = http(server.baseUrl, staff.executor);
      const answers = [
        await exec.get(`/api/appeals/${other.id}`),
        await exec.get(`/api/appeals/${other.number}`),
        await exec.post(`/api/appeals/${other.id}/start`, {}),
        await exec.post(`/api/appeals/${other.id}/complete`, { result: 'чуже' }),
        await exec.post(`/api/appeals/${other.id}/extend`, { deadline: day(other.deadlineAt, 3), reason: 'чуже' }),
      ];
      const missing = await exec.get('/api/appeals/999999');
      expect(missing.status).toBe(404);
      for (const res of answers) {
        expect(res.status).toBe(404);
        expect(res.body).toEqual(missing.body);
      }
      const stored = (await Appeal.findByPk(other.id))!;
      expect(stored.status).toBe('assigned');
      expect(stored.deadlineAt.toISOString()).toBe(other.deadlineAt);
    });

    test('an executor gets only the applicant\'s name and phone in an appeal; handlers get the whole card', async () => {
      const asExecutor = await http(server.baseUrl, staff.executor).get(`/api/appeals/${ownId}`);
      expect(asExecutor.status).toBe(200);
      expect(Object.keys(asExecutor.body.applicant).sort()).toEqual(['fullName', 'phone']);
      expect(asExecutor.body.applicant.fullName).toBe('Коваленко Ірина');
      const asDispatcher = await http(server.baseUrl, staff.dispatcher).get(`/api/appeals/${ownId}`);
      expect(asDispatcher.body.applicant).toEqual(expect.objectContaining({ fullName: 'Коваленко Ірина', address: 'вул. Січових Стрільців, 4, кв. 2' }));
      expect(typeof asDispatcher.body.applicant.id).toBe('number');
    });
  });

  describe('audit of personal data', () => {
    const me = async (token: string) => (await http(server.baseUrl, token).get('/api/auth/me')).body.id as number;

    test('reading an appeal with its applicant writes an audit row (user, subject, ip), visible to admin and head', async () => {
      const a = await fixtures.freshAppeal();
      const dispatcherId = await me(staff.dispatcher);
      // Registering already showed the applicant to the dispatcher (the answer carries the card), so it is audited too.
      const before = await AuditLog.count({ where: { userId: dispatcherId, subjectId: a.applicantId } });
      expect(before).toBe(1);
      const all = await AuditLog.count();
      expect((await http(server.baseUrl, staff.dispatcher).get(`/api/appeals/${a.id}`)).status).toBe(200);
      expect(await AuditLog.count()).toBe(all + 1);

      for (const token of [staff.admin, staff.head]) {
        const res = await http(server.baseUrl, token).get(`/api/audit?userId=${dispatcherId}&subjectType=applicant&subjectId=${a.applicantId}`);
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(before + 1);
        expect(res.body.items[0].context).toBe(`appeal ${a.number}`);
        expect(res.body.items[0]).toEqual(expect.objectContaining({
          userId: dispatcherId, action: 'read_personal_data', subjectType: 'applicant', subjectId: a.applicantId,
        }));
        expect(res.body.items[0].ip).toMatch(/127\.0\.0\.1|::1/);
      }
      expect((await http(server.baseUrl, staff.dispatcher).get('/api/audit')).status).toBe(403);
      expect((await http(server.baseUrl, staff.executor).get('/api/audit')).status).toBe(403);
    });

    test('an executor reading an appeal is audited too', async () => {
      const a = await fixtures.freshAppeal();
      const executorId = await me(staff.executor);
      await http(server.baseUrl, staff.executor).get(`/api/appeals/${a.id}`);
      const res = await http(server.baseUrl, staff.head).get(`/api/audit?userId=${executorId}&subjectId=${a.applicantId}`);
      expect(res.body.total).toBe(1);
    });

    test('the applicant history by phone is audited, and the log holds no phone number', async () => {
      const a = await fixtures.freshAppeal();
      const stored = (await Appeal.findByPk(a.id, { include: ['applicant'] })) as Appeal & { applicant: { phone: string } };
      const phone = stored.applicant.phone;
      const headId = await me(staff.head);
      const before = await AuditLog.count({ where: { userId: headId, subjectId: a.applicantId } });
      const res = await http(server.baseUrl, staff.head).get(`/api/applicants/by-phone/${encodeURIComponent(phone)}`);
      expect(res.status).toBe(200);
      expect(res.body.applicant.id).toBe(a.applicantId);
      expect(await AuditLog.count({ where: { userId: headId, subjectId: a.applicantId } })).toBe(before + 1);
      const audit = await http(server.baseUrl, staff.admin).get(`/api/audit?userId=${headId}&subjectId=${a.applicantId}`);
      expect(audit.body.total).toBe(before + 1);
      expect(JSON.stringify(audit.body)).not.toContain(phone.slice(-9));
    });

    test('lists carry no applicant personal data and are not audited', async () => {
      const a = await fixtures.freshAppeal();
      const stored = (await Appeal.findByPk(a.id, { include: ['applicant'] })) as Appeal & { applicant: { phone: string } };
      const before = await AuditLog.count();
      for (const token of [staff.dispatcher, staff.head, staff.executor]) {
        const res = await http(server.baseUrl, token).get('/api/appeals?pageSize=100');
        expect(res.status).toBe(200);
        expect(res.body.items.map((i: { id: number }) => i.id)).toContain(a.id);
        for (const item of res.body.items) expect(item).not.toHaveProperty('applicant');
        const text = JSON.stringify(res.body);
        expect(text).not.toContain(stored.applicant.phone.slice(-9));
        expect(text).not.toContain('Коваленко');
        expect(text).not.toContain('Січових Стрільців');
      }
      expect(await AuditLog.count()).toBe(before);
    });
  });
});
