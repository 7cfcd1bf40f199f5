import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, TestServer, Staff, HttpAnswer } from '../support/test-server';
import { AppealEvent, Category, WebhookDelivery } from '../../models';
import { verifySignature } from '../../webhooks/signature';
import { webhookReceiver } from '../support/webhook-receiver';

/** Requests made by an organization's machine with an API key. */
function machine(baseUrl: string, key: string, header: 'authorization' | 'x-api-key' = 'authorization') {
  const call = async (method: string, path: string, body?: unknown): Promise<HttpAnswer> => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { ...(header === 'authorization' ? { authorization: `ApiKey ${key}` } : { 'x-api-key': key }), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  return { get: (p: string) => call('GET', p), post: (p: string, body: unknown = {}) => call('POST', p, body) };
}

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const receiver = webhookReceiver;

describe.each(testDatabases())('executors\' API on $name', (db) => {
  let server: TestServer;
  let staff: Staff;
  let coldWater: Category;
  let waterKey: string;
  let phoneSeq = 0;

  beforeAll(async () => {
    server = await startTestServer(db);
    staff = await signInStaff(server);
    coldWater = (await Category.findOne({ where: { code: 'cold-water-none' } }))!;
    const made = await http(server.baseUrl, staff.admin).post(`/api/organizations/${staff.waterOrgId}/api-keys`, { name: 'Диспетчерська система водоканалу' });
    expect(made.status).toBe(201);
    waterKey = made.body.key;
  });
  afterAll(() => server.close());

  const register = async (extra: Record<string, unknown> = {}) => {
    const res = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
      phone: `+38050${String(4000000 + ++phoneSeq)}`, categoryId: coldWater.id, address: `вул. Водогінна, ${phoneSeq}`, description: 'Немає холодної води', ...extra,
    });
    expect(res.status).toBe(201);
    return res.body as { id: number; number: string; status: string; executor: { id: number } | null };
  };

  test('an admin makes a key that is shown once; the list never shows keys', async () => {
    expect(waterKey).toMatch(/^kk_[A-Za-z0-9_-]{40,}$/);
    const list = await http(server.baseUrl, staff.admin).get(`/api/organizations/${staff.waterOrgId}/api-keys`);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ name: 'Диспетчерська система водоканалу', active: true });
    expect(JSON.stringify(list.body)).not.toContain(waterKey);
    expect(list.body[0]).not.toHaveProperty('keyHash');
  });

  test('a machine with a good key acts as its organization\'s executor, and only on its appeals', async () => {
    const own = await register();
    const other = await register({ executorId: staff.otherOrgId });
    const m = machine(server.baseUrl, waterKey);

    const list = await m.get('/api/appeals?pageSize=100');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((i: { id: number }) => i.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(other.id);
    expect((await m.get(`/api/appeals/${other.id}`)).status).toBe(404);
    expect((await m.post(`/api/appeals/${other.id}/start`)).status).toBe(404);

    // "Accept" is start.
    const started = await machine(server.baseUrl, waterKey, 'x-api-key').post(`/api/appeals/${own.id}/start`);
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('in_progress');
    const keyId = (await http(server.baseUrl, staff.admin).get(`/api/organizations/${staff.waterOrgId}/api-keys`)).body[0].id;
    const event = (await AppealEvent.findOne({ where: { appealId: own.id, toStatus: 'in_progress' } }))!;
    expect(event.userId).toBeNull();
    expect(event.actor).toBe(`apikey:${keyId}`);

    // A machine cannot do what an executor may not.
    expect((await m.post(`/api/appeals/${own.id}/confirm`)).status).toBe(403);
    expect((await m.get('/api/categories')).status).toBe(200);
    expect((await m.post('/api/categories', {})).status).toBe(403);
  });

  test('a bad key, a revoked key and a key of a disabled organization get 401', async () => {
    const bad = await machine(server.baseUrl, 'kk_nonsense').get('/api/appeals');
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('invalid_api_key');
    expect((await machine(server.baseUrl, '', 'x-api-key').get('/api/appeals')).status).toBe(401);

    const admin = http(server.baseUrl, staff.admin);
    const revoked = (await admin.post(`/api/organizations/${staff.waterOrgId}/api-keys`, { name: 'Старий ключ' })).body;
    expect((await machine(server.baseUrl, revoked.key).get('/api/appeals')).status).toBe(200);
    expect((await admin.delete(`/api/organizations/${staff.waterOrgId}/api-keys/${revoked.id}`)).status).toBe(204);
    expect((await machine(server.baseUrl, revoked.key).get('/api/appeals')).status).toBe(401);

    const otherKey = (await admin.post(`/api/organizations/${staff.otherOrgId}/api-keys`, { name: 'Інша система' })).body.key;
    expect((await machine(server.baseUrl, otherKey).get('/api/appeals')).status).toBe(200);
    expect((await admin.patch(`/api/organizations/${staff.otherOrgId}`, { active: false })).status).toBe(200);
    try {
      expect((await machine(server.baseUrl, otherKey).get('/api/appeals')).status).toBe(401);
    } finally {
      await admin.patch(`/api/organizations/${staff.otherOrgId}`, { active: true });
    }
  });

  test('progress is a history line that keeps the status', async () => {
    const a = await register();
    const res = await machine(server.baseUrl, waterKey).post(`/api/appeals/${a.id}/progress`, { comment: 'Бригада на місці, шукаємо пошкодження' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('assigned');
    expect(res.body.history.at(-1)).toMatchObject({ type: 'progress', comment: 'Бригада на місці, шукаємо пошкодження', fromStatus: 'assigned', toStatus: 'assigned' });
    expect((await http(server.baseUrl, staff.dispatcher).post(`/api/appeals/${a.id}/progress`, { comment: 'Зателефонували заявнику' })).status).toBe(200);
    expect((await http(server.baseUrl, staff.otherExecutor).post(`/api/appeals/${a.id}/progress`, { comment: 'Чуже' })).status).toBe(404);
    expect((await http(server.baseUrl, staff.executor).post(`/api/appeals/${a.id}/progress`, { comment: '  ' })).status).toBe(400);
  });

  test('the result carries a photo link, kept in the history; only http(s) links', async () => {
    const a = await register();
    const exec = http(server.baseUrl, staff.executor);
    const wrong = await exec.post(`/api/appeals/${a.id}/complete`, { result: 'Замінено засувку', photoUrl: 'javascript:alert(1)' });
    expect(wrong.status).toBe(400);
    const done = await exec.post(`/api/appeals/${a.id}/complete`, { result: 'Замінено засувку', photoUrl: 'https://photos.vodokanal.example/2026/03/10/1.jpg' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    expect(done.body.result).toBe('Замінено засувку');
    expect(done.body.history.at(-1).data).toEqual({ photoUrl: 'https://photos.vodokanal.example/2026/03/10/1.jpg', result: 'Замінено засувку' });
  });

  test('declining as not in the competence sends the appeal back to the dispatchers with no executor', async () => {
    const a = await register();
    const changes: { type: string; executorId: number | null; status: string }[] = [];
    const listen = (c: { type: string; executorId: number | null; status: string }) => changes.push(c);
    server.kontakt.events.on('appeal.changed', listen);
    try {
      const m = machine(server.baseUrl, waterKey);
      expect((await m.post(`/api/appeals/${a.id}/decline`, {})).status).toBe(400); // a reason is required
      expect((await http(server.baseUrl, staff.dispatcher).post(`/api/appeals/${a.id}/decline`, { reason: 'x' })).status).toBe(403);
      const res = await m.post(`/api/appeals/${a.id}/decline`, { reason: 'Мережа належить ОСББ, не водоканалу' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: a.id, status: 'new', executorId: null });
    } finally {
      server.kontakt.events.off('appeal.changed', listen);
    }
    expect(changes).toContainEqual(expect.objectContaining({ type: 'decline', executorId: null, status: 'new' }));
    const seen = await http(server.baseUrl, staff.dispatcher).get(`/api/appeals/${a.id}`);
    expect(seen.body.status).toBe('new');
    expect(seen.body.executor).toBeNull();
    expect(seen.body.history.at(-1)).toMatchObject({ fromStatus: 'assigned', toStatus: 'new', comment: 'Мережа належить ОСББ, не водоканалу', data: { declinedBy: staff.waterOrgId } });
    expect((await http(server.baseUrl, staff.executor).get(`/api/appeals/${a.id}`)).status).toBe(404);
    // A declined appeal cannot be declined again, and dispatchers route it again.
    const again = await http(server.baseUrl, staff.dispatcher).post(`/api/appeals/${a.id}/assign`, { executorId: staff.otherOrgId });
    expect(again.status).toBe(200);
    expect(again.body.executor.id).toBe(staff.otherOrgId);
  });

  test('webhooks are signed, retried with backoff after a failure, and logged', async () => {
    const hook = await receiver([500, 200]);
    try {
      const admin = http(server.baseUrl, staff.admin);
      expect((await admin.patch(`/api/organizations/${staff.waterOrgId}`, { webhookUrl: hook.url })).status).toBe(200);
      const rotated = await admin.post(`/api/organizations/${staff.waterOrgId}/webhook-secret`);
      expect(rotated.status).toBe(200);
      const secret: string = rotated.body.webhookSecret;
      expect(secret).toMatch(/^whsec_/);
      expect(JSON.stringify((await admin.get('/api/organizations')).body)).not.toContain(secret);

      const a = await register();
      const first = await waitFor(async () => {
        const d = await WebhookDelivery.findOne({ where: { appealId: a.id } });
        return d && d.attempt === 1 ? d : null;
      }, 'the first attempt');
      expect(first).toMatchObject({ event: 'appeal.new', status: 'pending', responseStatus: 500 });
      expect(first.nextAttemptAt!.getTime() - server.clock.now().getTime()).toBe(10_000);

      expect(hook.received).toHaveLength(1);
      const sent = hook.received[0]!;
      expect(verifySignature(sent.body, secret, sent.headers['x-kontakt-signature'] as string)).toBe(true);
      expect(verifySignature(sent.body, 'whsec_wrong', sent.headers['x-kontakt-signature'] as string)).toBe(false);
      expect(sent.headers['x-kontakt-delivery']).toBe(String(first.id));
      const payload = JSON.parse(sent.body);
      expect(payload).toEqual({
        event: 'appeal.new',
        appeal: { number: a.number, status: 'assigned', category: { code: 'cold-water-none', name: coldWater.name }, address: expect.any(String), description: 'Немає холодної води', deadlineAt: expect.any(String), emergency: false },
        at: server.clock.now().toISOString(),
      });
      expect(payload).not.toHaveProperty('applicant');

      // Not yet due: nothing is sent.
      await server.kontakt.webhooks.tick();
      expect(hook.received).toHaveLength(1);
      server.clock.advance(10_000);
      await server.kontakt.webhooks.tick();
      const delivered = await waitFor(async () => {
        const d = await WebhookDelivery.findByPk(first.id);
        return d?.status === 'delivered' ? d : null;
      }, 'the retry');
      expect(delivered).toMatchObject({ attempt: 2, responseStatus: 200, error: null, nextAttemptAt: null });
      expect(hook.received).toHaveLength(2);
      expect(hook.received[1]!.body).toBe(sent.body);
      expect(hook.received[1]!.headers['x-kontakt-delivery']).toBe(String(first.id));

      const log = await http(server.baseUrl, staff.executor).get(`/api/organizations/${staff.waterOrgId}/webhook-deliveries`);
      expect(log.status).toBe(200);
      expect(log.body.items.find((i: { id: number }) => i.id === first.id)).toMatchObject({ event: 'appeal.new', appealId: a.id, status: 'delivered', attempt: 2, responseStatus: 200 });
      expect((await http(server.baseUrl, staff.head).get(`/api/organizations/${staff.waterOrgId}/webhook-deliveries?status=delivered`)).status).toBe(200);
      expect((await http(server.baseUrl, staff.otherExecutor).get(`/api/organizations/${staff.waterOrgId}/webhook-deliveries`)).status).toBe(404);

      // Returned for rework: a webhook too.
      await http(server.baseUrl, staff.executor).post(`/api/appeals/${a.id}/complete`, { result: 'Готово' });
      await http(server.baseUrl, staff.dispatcher).post(`/api/appeals/${a.id}/return`, { reason: 'Води досі немає' });
      const returned = await waitFor(() => WebhookDelivery.findOne({ where: { appealId: a.id, event: 'appeal.returned', status: 'delivered' } }), 'the returned webhook');
      expect(JSON.parse(returned.payload).appeal.status).toBe('returned');
    } finally {
      await http(server.baseUrl, staff.admin).patch(`/api/organizations/${staff.waterOrgId}`, { webhookUrl: null });
      await hook.close();
    }
  });

  test('a receiver that never answers does not hold up registration', async () => {
    const silent = await receiver([null]);
    try {
      await http(server.baseUrl, staff.admin).patch(`/api/organizations/${staff.otherOrgId}`, { webhookUrl: silent.url });
      const a = await register({ executorId: staff.otherOrgId });
      expect(a.status).toBe('assigned');
      await waitFor(async () => silent.received.length > 0, 'the silent receiver to be called');
      // The attempt is still under way (the receiver has not answered) while the appeal is there.
      const delivery = (await WebhookDelivery.findOne({ where: { appealId: a.id } }))!;
      expect(delivery).toMatchObject({ status: 'pending', attempt: 0 });
      const seen = await http(server.baseUrl, staff.dispatcher).get(`/api/appeals/${a.id}`);
      expect(seen.status).toBe(200);
      // Other work goes on meanwhile.
      expect((await http(server.baseUrl, staff.dispatcher).get('/api/appeals?pageSize=1')).status).toBe(200);
    } finally {
      await http(server.baseUrl, staff.admin).patch(`/api/organizations/${staff.otherOrgId}`, { webhookUrl: null });
      await silent.close();
    }
  });
});
