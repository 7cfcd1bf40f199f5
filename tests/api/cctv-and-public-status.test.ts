import crypto from 'node:crypto';
import sinon from 'sinon';
import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, login, TestServer, Staff } from '../support/test-server';
import { openConsole, connected, Console } from '../realtime/helpers';
import { hashPassword } from '../../auth/passwords';
import { Appeal, Category, CctvIncident, User } from '../../models';

const SECRET = 'cctv-webhook-secret-for-tests';
const RATE_LIMIT = 10;
const sign = (raw: string, secret = SECRET) => `sha256=${crypto.createHmac('sha256', secret).update(raw).digest('hex')}`;

describe.each(testDatabases())('public status and CCTV on $name', (db) => {
  let server: TestServer;
  let staff: Staff;
  let gasSmell: Category;
  let coldWater: Category;
  /** Public status requests made so far (they all count against the per-address limit). */
  let publicCalls = 0;

  beforeAll(async () => {
    server = await startTestServer(db, { CCTV_WEBHOOK_SECRET: SECRET, PUBLIC_STATUS_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) });
    staff = await signInStaff(server);
    gasSmell = (await Category.findOne({ where: { code: 'gas-smell' } }))!;
    coldWater = (await Category.findOne({ where: { code: 'cold-water-none' } }))!;
  });
  afterAll(() => server.close());

  const pub = () => {
    publicCalls += 1;
    return http(server.baseUrl);
  };
  const camera = async (body: Record<string, unknown> = {}) => {
    const res = await http(server.baseUrl, staff.admin).post('/api/cctv/cameras', { name: 'Камера №7', place: 'площа Ринок, 1', streamUrl: 'rtsp://10.0.0.7/stream', ...body });
    expect(res.status).toBe(201);
    return res.body as { id: number; place: string };
  };
  const webhook = (raw: string, signature?: string) =>
    fetch(`${server.baseUrl}/api/cctv/analytics-webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-kontakt-signature': signature } : {}) }, body: raw })
      .then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), body: await r.json() }));

  describe('public appeal status', () => {
    let number: string;

    beforeAll(async () => {
      const res = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
        phone: '050 123 45 67', applicantName: 'Бондаренко Олена', applicantAddress: 'вулиця Гоголя, 3, кв. 9',
        categoryId: coldWater.id, address: 'вулиця Гоголя, 3', description: 'Немає холодної води третій день',
      });
      expect(res.status).toBe(201);
      number = res.body.number;
    });

    test('the right last four digits give the number, status, executor and deadline, and nothing else', async () => {
      const res = await pub().get(`/api/public/appeals/${number}/status?phoneLast4=4567`);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['deadlineAt', 'executor', 'number', 'status', 'statusName']);
      expect(res.body).toEqual(expect.objectContaining({ number, status: 'assigned', statusName: 'передано виконавцю' }));
      expect(typeof res.body.executor).toBe('string');
      const text = JSON.stringify(res.body);
      for (const personal of ['1234567', 'Бондаренко', 'Гоголя', 'Немає холодної']) expect(text).not.toContain(personal);

      const viaPost = await pub().post(`/api/public/appeals/${number}/status`, { phoneLast4: '4567' });
      expect(viaPost.status).toBe(200);
      expect(viaPost.body).toEqual(res.body);
    });

    test('wrong digits and an unknown number get the same 404', async () => {
      const wrong = await pub().get(`/api/public/appeals/${number}/status?phoneLast4=4568`);
      const unknown = await pub().get('/api/public/appeals/2026-999999/status?phoneLast4=4567');
      expect(wrong.status).toBe(404);
      expect(wrong.headers.get('content-type')).toContain('application/problem+json');
      expect(unknown.status).toBe(404);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.code).toBe('appeal_not_found');
      const malformed = await pub().get(`/api/public/appeals/${number}/status?phoneLast4=45`);
      expect(malformed.status).toBe(400);
    });
  });

  describe('cameras and incidents', () => {
    test('the admin keeps cameras; dispatchers read them; others may not change them', async () => {
      const cam = await camera({ name: 'Перехрестя Шевченка' });
      const list = await http(server.baseUrl, staff.dispatcher).get('/api/cctv/cameras');
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: { id: number }) => c.id)).toContain(cam.id);
      expect((await http(server.baseUrl, staff.dispatcher).post('/api/cctv/cameras', { name: 'x', place: 'y' })).status).toBe(403);
      const patched = await http(server.baseUrl, staff.admin).patch(`/api/cctv/cameras/${cam.id}`, { active: false });
      expect(patched.status).toBe(200);
      expect(patched.body.active).toBe(false);
      const bad = await http(server.baseUrl, staff.admin).post('/api/cctv/cameras', { name: 'x', place: 'y', streamUrl: 'javascript:alert(1)' });
      expect(bad.status).toBe(400);
    });

    test('an operator\'s incident becomes a cctv appeal at the camera\'s place, linked, and an emergency alerts the executor at once', async () => {
      const cam = await camera();
      const gasOrgId = gasSmell.defaultExecutorId!;
      await User.create({ login: 'gas1', passwordHash: await hashPassword('gas1-password'), fullName: 'gas1', role: 'executor', organizationId: gasOrgId });
      const executorConsole: Console = openConsole(server.baseUrl, await login(server.baseUrl, 'gas1', 'gas1-password'));
      const dispatcherConsole: Console = openConsole(server.baseUrl, staff.dispatcher);
      try {
        await Promise.all([connected(executorConsole), connected(dispatcherConsole)]);
        const res = await http(server.baseUrl, staff.dispatcher).post('/api/cctv/incidents', {
          cameraId: cam.id, type: 'gas-smell', description: 'Люди біля під’їзду, схоже на витік газу', seenAt: '2026-03-10T08:55:00Z', snapshotUrl: 'https://cctv.example/snap/1.jpg',
        });
        expect(res.status).toBe(201);
        expect(res.body.appeal.emergency).toBe(true);
        const appeal = (await Appeal.findByPk(res.body.appeal.id))!;
        expect(appeal).toEqual(expect.objectContaining({ channel: 'cctv', address: 'площа Ринок, 1', emergency: true, applicantId: null, executorId: gasOrgId, categoryId: gasSmell.id }));
        const incident = (await CctvIncident.findByPk(res.body.id))!;
        expect(incident).toEqual(expect.objectContaining({ appealId: appeal.id, cameraId: cam.id, source: 'operator', type: 'gas-smell', snapshotUrl: 'https://cctv.example/snap/1.jpg' }));
        expect(incident.createdByUserId).toBe((await User.findOne({ where: { login: 'disp1' } }))!.id);
        expect(incident.seenAt.toISOString()).toBe('2026-03-10T08:55:00.000Z');

        const alert = await executorConsole.next('appeal:emergency', (d) => d.appealId === appeal.id);
        expect(alert).toEqual(expect.objectContaining({ number: appeal.number, executorId: gasOrgId, emergency: true }));
        await dispatcherConsole.next('appeal:emergency', (d) => d.appealId === appeal.id);

        // No applicant means no phone to prove: the public status never shows a CCTV appeal.
        expect((await pub().get(`/api/public/appeals/${appeal.number}/status?phoneLast4=0000`)).status).toBe(404);
      } finally {
        executorConsole.close();
        dispatcherConsole.close();
      }
    });

    test('an ordinary category is not an emergency; an unknown or inactive camera and an unknown type are 400 and change nothing', async () => {
      const cam = await camera();
      const disp = http(server.baseUrl, staff.dispatcher);
      const ok = await disp.post('/api/cctv/incidents', { cameraId: cam.id, type: 'cold-water-none', description: 'Вода б’є з-під асфальту', seenAt: '2026-03-10T08:00:00+02:00' });
      expect(ok.status).toBe(201);
      expect(ok.body.appeal.emergency).toBe(false);

      const inactive = await camera();
      await http(server.baseUrl, staff.admin).patch(`/api/cctv/cameras/${inactive.id}`, { active: false });
      const appeals = await Appeal.count();
      const incidents = await CctvIncident.count();
      const body = { type: 'gas-smell', description: 'Дим', seenAt: '2026-03-10T08:00:00Z' };
      for (const [cameraId, code] of [[999999, 'unknown_camera'], [inactive.id, 'unknown_camera']] as const) {
        const res = await disp.post('/api/cctv/incidents', { ...body, cameraId });
        expect([res.status, res.body.code]).toEqual([400, code]);
      }
      const unknownType = await disp.post('/api/cctv/incidents', { ...body, cameraId: cam.id, type: 'no-such-category' });
      expect([unknownType.status, unknownType.body.code]).toEqual([400, 'unknown_category']);
      expect(await Appeal.count()).toBe(appeals);
      expect(await CctvIncident.count()).toBe(incidents);
    });

    test('when the incident cannot be written, its appeal is not left behind either (one transaction)', async () => {
      const cam = await camera();
      const appeals = await Appeal.count();
      const create = sinon.stub(CctvIncident, 'create').rejects(new Error('disk full'));
      try {
        const res = await http(server.baseUrl, staff.dispatcher).post('/api/cctv/incidents', { cameraId: cam.id, type: 'gas-smell', description: 'Дим з вікна', seenAt: '2026-03-10T08:00:00Z' });
        expect(res.status).toBe(500);
        expect(create.calledOnce).toBe(true);
      } finally {
        create.restore();
      }
      expect(await Appeal.count()).toBe(appeals);
    });
  });

  describe('analytics webhook', () => {
    test('a correctly signed body registers an appeal with source analytics', async () => {
      const cam = await camera({ place: 'вулиця Зелена, 40' });
      const raw = JSON.stringify({ cameraId: cam.id, type: 'gas-smell', description: 'Аналітика: задимлення', seenAt: '2026-03-10T08:59:00Z' });
      const res = await webhook(raw, sign(raw));
      expect(res.status).toBe(201);
      const incident = (await CctvIncident.findByPk(res.body.id))!;
      expect(incident.source).toBe('analytics');
      expect(incident.createdByUserId).toBeNull();
      const appeal = (await Appeal.findByPk(incident.appealId!))!;
      expect(appeal).toEqual(expect.objectContaining({ channel: 'cctv', address: 'вулиця Зелена, 40', emergency: true }));
    });

    test('a missing, wrong or other-key signature, or a changed body, is 401 and changes nothing', async () => {
      const cam = await camera();
      const raw = JSON.stringify({ cameraId: cam.id, type: 'gas-smell', description: 'Підробка', seenAt: '2026-03-10T08:59:00Z' });
      const appeals = await Appeal.count();
      const incidents = await CctvIncident.count();
      const attempts = [
        await webhook(raw),
        await webhook(raw, 'sha256=' + '0'.repeat(64)),
        await webhook(raw, sign(raw, 'another-secret-of-someone')),
        await webhook(raw.replace('Підробка', 'Підробка!'), sign(raw)),
        await webhook(raw, sign(raw).replace('sha256=', '')),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(401);
        expect(res.type).toContain('application/problem+json');
        expect(res.body.code).toBe('invalid_signature');
      }
      expect(await Appeal.count()).toBe(appeals);
      expect(await CctvIncident.count()).toBe(incidents);
    });

    test('a signed body naming an unknown camera is 400; a signed body that is not JSON is 400', async () => {
      const appeals = await Appeal.count();
      const raw = JSON.stringify({ cameraId: 987654, type: 'gas-smell', description: 'Нема камери', seenAt: '2026-03-10T08:59:00Z' });
      const res = await webhook(raw, sign(raw));
      expect([res.status, res.body.code]).toEqual([400, 'unknown_camera']);
      const garbage = await webhook('{not json', sign('{not json'));
      expect([garbage.status, garbage.body.code]).toEqual([400, 'malformed_json']);
      expect(await Appeal.count()).toBe(appeals);
    });
  });

  test('a flood of public status requests is refused with 429 problem+json', async () => {
    const answers = [];
    for (let i = publicCalls; i <= RATE_LIMIT; i++) answers.push(await pub().get('/api/public/appeals/2026-000001/status?phoneLast4=1234'));
    expect(answers.slice(0, -1).every((r) => r.status === 404)).toBe(true);
    const last = answers[answers.length - 1]!;
    expect(last.status).toBe(429);
    expect(last.headers.get('content-type')).toContain('application/problem+json');
    expect(last.body.code).toBe('too_many_requests');
    // The staff API is not limited by it.
    expect((await http(server.baseUrl, staff.dispatcher).get('/api/cctv/cameras')).status).toBe(200);
  });
});
