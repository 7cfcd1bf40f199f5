import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { AppealEvent, Category, Organization, User } from '../../models';

/**
 * An appeal's history in words: people by name, an organization's machine by its API key's name,
 * both executors of a reassignment, the result of a completion, and linked appeals by number.
 */
describe.each(testDatabases())('appeal history in words on $name', (db) => {
  let server: TestServer;
  let staff: Staff;
  let coldWater: Category;
  let waterName: string;
  let otherName: string;

  beforeAll(async () => {
    server = await startTestServer(db);
    staff = await signInStaff(server);
    coldWater = (await Category.findOne({ where: { code: 'cold-water-none' } }))!;
    await User.update({ fullName: 'Оксана Коваль' }, { where: { login: 'disp1' } });
    await User.update({ fullName: 'Ганна Мельник' }, { where: { login: 'head1' } });
    const water = (await Organization.findByPk(staff.waterOrgId))!;
    const other = (await Organization.findByPk(staff.otherOrgId))!;
    waterName = water.shortName || water.name;
    otherName = other.shortName || other.name;
  });
  afterAll(() => server.close());

  const history = async (id: number) => {
    const res = await http(server.baseUrl, staff.head).get(`/api/appeals/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  test('names people and both executors of a reassignment, and the result of a completion', async () => {
    const made = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
      phone: '0501230001', categoryId: coldWater.id, address: 'вул. Садова, 3', description: 'Немає холодної води',
    });
    expect(made.status).toBe(201);
    const id = made.body.id as number;
    const head = http(server.baseUrl, staff.head);
    expect((await head.post(`/api/appeals/${id}/assign`, { executorId: staff.otherOrgId, comment: 'Це їхня мережа' })).status).toBe(200);
    expect((await http(server.baseUrl, staff.otherExecutor).post(`/api/appeals/${id}/complete`, { result: 'Замінено засувку на вводі' })).status).toBe(200);

    const body = await history(id);
    const lines = body.history as Array<Record<string, any>>;
    expect(lines[0]).toMatchObject({ type: 'registered', who: 'Оксана Коваль' });
    // Registered with the category's executor, then the head moved it to another one.
    expect(lines[1]).toMatchObject({ toStatus: 'assigned', who: 'Оксана Коваль', executor: { id: staff.waterOrgId, name: waterName } });
    expect(lines[2]).toMatchObject({
      fromStatus: 'assigned', toStatus: 'assigned', who: 'Ганна Мельник', comment: 'Це їхня мережа',
      previousExecutor: { id: staff.waterOrgId, name: waterName }, executor: { id: staff.otherOrgId, name: otherName },
    });
    expect(lines[3]).toMatchObject({ toStatus: 'done', who: 'other1', result: 'Замінено засувку на вводі' });
    // The raw actor stays for machines; nothing a person reads is a `user:<id>`.
    expect(lines[0].actor).toMatch(/^user:\d+$/);
    expect(lines.map((l) => l.who).join(' ')).not.toMatch(/user:|apikey:/);
  });

  test('an organization\'s machine is named by its API key', async () => {
    const key = await http(server.baseUrl, staff.admin).post(`/api/organizations/${staff.waterOrgId}/api-keys`, { name: 'Диспетчерська водоканалу' });
    expect(key.status).toBe(201);
    const made = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
      phone: '0501230002', categoryId: coldWater.id, address: 'вул. Садова, 5', description: 'Слабкий тиск води',
    });
    const started = await fetch(`${server.baseUrl}/api/appeals/${made.body.id}/start`, {
      method: 'POST', headers: { authorization: `ApiKey ${key.body.key}`, 'content-type': 'application/json' }, body: '{}',
    });
    expect(started.status).toBe(200);
    const lines = (await history(made.body.id)).history as Array<Record<string, any>>;
    expect(lines.at(-1)).toMatchObject({ toStatus: 'in_progress', who: `ключ API «Диспетчерська водоканалу» (${waterName})` });
    expect(lines.at(-1)!.actor).toMatch(/^apikey:\d+$/);
  });

  test('a completion written before results were kept in history lines takes the appeal\'s result; parts of the system are named', async () => {
    const made = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
      phone: '0501230003', categoryId: coldWater.id, address: 'вул. Садова, 7', description: 'Тече кран у підвалі',
    });
    expect((await http(server.baseUrl, staff.executor).post(`/api/appeals/${made.body.id}/complete`, { result: 'Кран замінено' })).status).toBe(200);
    const done = (await AppealEvent.findAll({ where: { appealId: made.body.id, toStatus: 'done' } }))[0]!;
    await done.update({ data: null });
    await AppealEvent.create({
      appealId: made.body.id, type: 'overdue', fromStatus: null, toStatus: null, userId: null, actor: 'deadline-watch',
      comment: 'Порушено строк розгляду', data: null, createdAt: new Date('2026-03-10T10:00:00Z'),
    });
    const lines = (await history(made.body.id)).history as Array<Record<string, any>>;
    expect(lines.find((l) => l.toStatus === 'done')).toMatchObject({ result: 'Кран замінено' });
    expect(lines.find((l) => l.type === 'overdue')).toMatchObject({ who: 'контроль строків (автоматично)' });
  });

  test('a repeat and a duplicate name the other appeal by its number', async () => {
    const api = http(server.baseUrl, staff.dispatcher);
    const first = await api.post('/api/appeals', { phone: '0501230004', categoryId: coldWater.id, address: 'вул. Липова, 1', description: 'Немає води' });
    const again = await api.post('/api/appeals', { phone: '0501230004', categoryId: coldWater.id, address: 'вул. Липова, 1', description: 'Досі немає води' });
    expect(again.body.repeated).toBe(true);
    const shown = await history(again.body.id);
    expect(shown.repeatOf).toEqual({ id: first.body.id, number: first.body.number });
    expect((await api.post(`/api/appeals/${again.body.id}/duplicate`, { duplicateOfId: first.body.id })).status).toBe(200);
    expect((await history(again.body.id)).duplicateOf).toEqual({ id: first.body.id, number: first.body.number });
    expect((await history(first.body.id)).repeatOf).toBeNull();
  });
});
