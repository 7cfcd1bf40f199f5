import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, login, TestServer, Staff } from '../support/test-server';
import { Applicant, Appeal, AppealEvent, Category } from '../../models';

describe.each(testDatabases())('appeals on $name', (db) => {
  let server: TestServer;
  let staff: Staff;
  let coldWater: Category;
  let gasSmell: Category;
  let roadCategory: Category;

  beforeAll(async () => {
    server = await startTestServer(db);
    staff = await signInStaff(server);
    coldWater = (await Category.findOne({ where: { code: 'cold-water-none' } }))!;
    gasSmell = (await Category.findOne({ where: { code: 'gas-smell' } }))!;
    roadCategory = (await Category.findOne({ where: { deadlineClass: 'standard' } }))!;
  });
  afterAll(() => server.close());

  const register = (body: Record<string, unknown>) =>
    http(server.baseUrl, staff.dispatcher).post('/api/appeals', { address: 'вулиця Шевченка, 12, кв. 5', description: 'Немає води з ранку', ...body });

  test('a phone written any common Ukrainian way is one applicant, and the category gives executor and deadline', async () => {
    const spellings = ['050 123 45 67', '+380501234567', '0501234567', '(050) 123-45-67', '380501234567'];
    const numbers: string[] = [];
    for (const [i, phone] of spellings.entries()) {
      const res = await register({ phone, categoryId: coldWater.id, address: `вулиця Лесі Українки, ${i + 1}`, applicantName: 'Петренко Микола' });
      expect(res.status).toBe(201);
      expect(res.body.applicant.phone).toBe('+380501234567');
      expect(res.body.executor.id).toBe(coldWater.defaultExecutorId);
      expect(res.body.status).toBe('assigned');
      // Short class: 15 days, to the end of the local day. Registered 2026-03-10 11:00 Kyiv (EET, +02:00).
      expect(res.body.deadlineAt).toBe('2026-03-25T21:59:59.000Z');
      numbers.push(res.body.number);
    }
    expect(await Applicant.count({ where: { phone: '+380501234567' } })).toBe(1);
    expect(new Set(numbers).size).toBe(5);
    expect(numbers[0]).toMatch(/^2026-\d{6}$/);
  });

  test('appeal numbers are unique under concurrent registration', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => register({ phone: `+38067${String(1000000 + i)}`, categoryId: coldWater.id })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect(new Set(results.map((r) => r.body.number)).size).toBe(12);
  });

  test('an emergency category runs in hours and is flagged', async () => {
    const res = await register({ phone: '0671112233', categoryId: gasSmell.id, description: 'Запах газу в під’їзді' });
    expect(res.status).toBe(201);
    expect(res.body.emergency).toBe(true);
    expect(new Date(res.body.deadlineAt).getTime() - new Date(res.body.registeredAt).getTime()).toBe(24 * 3600_000);
  });

  test('a dispatcher can mark an ordinary category an emergency', async () => {
    const emitted: unknown[] = [];
    server.kontakt.events.once('appeal.emergency', (e) => emitted.push(e));
    const res = await register({ phone: '0671112234', categoryId: roadCategory.id, emergency: true });
    expect(res.body.emergency).toBe(true);
    expect(emitted).toHaveLength(1);
  });

  test('the standard class is one calendar month', async () => {
    const res = await register({ phone: '0671112235', categoryId: roadCategory.id });
    expect(res.body.deadlineAt).toBe('2026-04-10T20:59:59.000Z'); // after the spring DST change: EEST, +03:00
  });

  test('the whole lifecycle with history, and an illegal move refused with 409', async () => {
    const created = await register({ phone: '0991234567', categoryId: coldWater.id });
    const id = created.body.id;
    const exec = http(server.baseUrl, staff.executor);
    const disp = http(server.baseUrl, staff.dispatcher);

    const illegal = await disp.post(`/api/appeals/${id}/confirm`, {});
    expect(illegal.status).toBe(409);
    expect(illegal.body.code).toBe('illegal_transition');
    expect(illegal.body.detail).toContain('передано виконавцю');

    expect((await exec.post(`/api/appeals/${id}/start`, {})).body.status).toBe('in_progress');
    expect((await exec.post(`/api/appeals/${id}/complete`, { result: 'Замінено засувку' })).body.status).toBe('done');
    const returned = await disp.post(`/api/appeals/${id}/return`, { reason: 'Заявник каже, що води досі немає' });
    expect(returned.body.status).toBe('returned');
    expect((await exec.post(`/api/appeals/${id}/start`, {})).body.status).toBe('in_progress');
    expect((await exec.post(`/api/appeals/${id}/complete`, { result: 'Замінено трубу' })).body.status).toBe('done');
    const confirmed = await disp.post(`/api/appeals/${id}/confirm`, {});
    expect(confirmed.body.status).toBe('confirmed');
    expect(confirmed.body.closedAt).not.toBeNull();

    const moves = confirmed.body.history.map((e: { fromStatus: string; toStatus: string }) => `${e.fromStatus}>${e.toStatus}`);
    expect(moves).toEqual(['null>new', 'new>assigned', 'assigned>in_progress', 'in_progress>done', 'done>returned', 'returned>in_progress', 'in_progress>done', 'done>confirmed']);
    expect(confirmed.body.history[4].comment).toBe('Заявник каже, що води досі немає');

    const again = await disp.post(`/api/appeals/${id}/start`, {});
    expect(again.status).toBe(409);
  });

  test('an executor may not confirm its own work', async () => {
    const created = await register({ phone: '0991234568', categoryId: coldWater.id });
    await http(server.baseUrl, staff.executor).post(`/api/appeals/${created.body.id}/complete`, { result: 'Зроблено' });
    const res = await http(server.baseUrl, staff.executor).post(`/api/appeals/${created.body.id}/confirm`, {});
    expect(res.status).toBe(403);
    expect((await Appeal.findByPk(created.body.id))!.status).toBe('done');
  });

  test('reject needs a reason; duplicate links to the original', async () => {
    const a = await register({ phone: '0991234569', categoryId: coldWater.id });
    const b = await register({ phone: '0991234560', categoryId: coldWater.id, address: 'інша адреса' });
    const disp = http(server.baseUrl, staff.dispatcher);
    const noReason = await disp.post(`/api/appeals/${a.body.id}/reject`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('reason_required');
    const rejected = await disp.post(`/api/appeals/${a.body.id}/reject`, { reason: 'Не належить до компетенції міста' });
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.rejectionReason).toBe('Не належить до компетенції міста');
    const dup = await disp.post(`/api/appeals/${b.body.id}/duplicate`, { duplicateOfId: a.body.id });
    expect(dup.body.status).toBe('duplicate');
    expect(dup.body.duplicateOfId).toBe(a.body.id);
    const self = await disp.post(`/api/appeals/${a.body.id}/duplicate`, { duplicateOfId: a.body.id });
    expect(self.status).toBe(409);
  });

  test('a repeat within the window is flagged and linked; a resolved earlier one says so', async () => {
    const first = await register({ phone: '0631112233', categoryId: coldWater.id, address: 'вул. Франка, 3' });
    server.clock.advance(2 * 86400_000);
    const second = await register({ phone: '063 111 22 33', categoryId: coldWater.id, address: 'Вул. Франка 3' });
    expect(second.body.repeated).toBe(true);
    expect(second.body.repeatOfId).toBe(first.body.id);
    expect(second.body.repeatOfResolved).toBe(false);

    const exec = http(server.baseUrl, staff.executor);
    await exec.post(`/api/appeals/${second.body.id}/complete`, { result: 'Відремонтовано' });
    await http(server.baseUrl, staff.dispatcher).post(`/api/appeals/${second.body.id}/confirm`, {});
    const third = await register({ phone: '+380631112233', categoryId: coldWater.id, address: 'вул. Франка, 3' });
    expect(third.body.repeatOfId).toBe(second.body.id);
    expect(third.body.repeatOfResolved).toBe(true);

    const otherCategory = await register({ phone: '+380631112233', categoryId: gasSmell.id, address: 'вул. Франка, 3' });
    expect(otherCategory.body.repeated).toBe(false);

    server.clock.advance(31 * 86400_000);
    const freshToken = await login(server.baseUrl, 'disp1', 'disp1-password');
    const late = await http(server.baseUrl, freshToken).post('/api/appeals', { phone: '+380631112233', categoryId: coldWater.id, address: 'вул. Франка, 3', description: 'Знову немає води' });
    expect(late.body.repeated).toBe(false);
    server.clock.advance(-31 * 86400_000);
  });

  test('overdue is derived from deadline and state, and filterable', async () => {
    const a = await register({ phone: '0731234567', categoryId: gasSmell.id, description: 'прострочене' });
    const b = await register({ phone: '0731234568', categoryId: gasSmell.id, description: 'виконане вчасно' });
    await http(server.baseUrl, staff.dispatcher).post(`/api/appeals/${b.body.id}/complete`, { result: 'ok' });
    server.clock.advance(25 * 3600_000);
    const list = await http(server.baseUrl, staff.dispatcher).get('/api/appeals?overdue=true&pageSize=100');
    const ids = list.body.items.map((i: { id: number }) => i.id);
    expect(ids).toContain(a.body.id);
    expect(ids).not.toContain(b.body.id);
    expect(list.body.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
    const notOverdue = await http(server.baseUrl, staff.dispatcher).get('/api/appeals?overdue=false&pageSize=100');
    expect(notOverdue.body.items.map((i: { id: number }) => i.id)).toContain(b.body.id);
  });

  test('extension with a reason, never past 45 days in total', async () => {
    const a = await register({ phone: '0501112299', categoryId: coldWater.id });
    const exec = http(server.baseUrl, staff.executor);
    const registered = new Date(a.body.registeredAt);
    const day = (n: number) => new Date(registered.getTime() + n * 86400_000).toISOString().slice(0, 10);
    const noReason = await exec.post(`/api/appeals/${a.body.id}/extend`, { deadline: day(30), reason: '' });
    expect(noReason.status).toBe(400);
    const ok = await exec.post(`/api/appeals/${a.body.id}/extend`, { deadline: day(40), reason: 'Потрібна заміна ділянки трубопроводу' });
    expect(ok.status).toBe(200);
    expect(ok.body.history.at(-1).type).toBe('deadline_extended');
    const tooFar = await exec.post(`/api/appeals/${a.body.id}/extend`, { deadline: day(46), reason: 'Ще довше' });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.code).toBe('deadline_exceeds_limit');
    const stored = await Appeal.findByPk(a.body.id);
    expect(stored!.deadlineAt.toISOString()).toBe(ok.body.deadlineAt);
  });

  test('search filters: status, category, executor, repeated, phone, free text, dates, pages', async () => {
    const disp = http(server.baseUrl, staff.dispatcher);
    const marker = await register({ phone: '0977654321', categoryId: roadCategory.id, description: 'Унікальна яма біля школи №7' });
    const byText = await disp.get(`/api/appeals?q=${encodeURIComponent('яма біля школи')}`);
    expect(byText.body.items.map((i: { id: number }) => i.id)).toEqual([marker.body.id]);
    const byPhone = await disp.get(`/api/appeals?phone=${encodeURIComponent('097 765 43 21')}`);
    expect(byPhone.body.total).toBe(1);
    const byCategory = await disp.get(`/api/appeals?categoryId=${roadCategory.id}&pageSize=100`);
    expect(byCategory.body.items.every((i: { category: { id: number } }) => i.category.id === roadCategory.id)).toBe(true);
    const byExecutor = await disp.get(`/api/appeals?executorId=${staff.waterOrgId}&pageSize=100`);
    expect(byExecutor.body.items.every((i: { executor: { id: number } }) => i.executor.id === staff.waterOrgId)).toBe(true);
    const byStatus = await disp.get('/api/appeals?status=confirmed,rejected&pageSize=100');
    expect(byStatus.body.total).toBeGreaterThan(0);
    expect(byStatus.body.items.every((i: { status: string }) => ['confirmed', 'rejected'].includes(i.status))).toBe(true);
    const repeated = await disp.get('/api/appeals?repeated=true&pageSize=100');
    expect(repeated.body.items.every((i: { repeated: boolean }) => i.repeated)).toBe(true);
    const page1 = await disp.get('/api/appeals?pageSize=3&page=1');
    const page2 = await disp.get('/api/appeals?pageSize=3&page=2');
    expect(page1.body.items).toHaveLength(3);
    expect(page1.body.total).toBe(page2.body.total);
    expect(page1.body.items[0].id).not.toBe(page2.body.items[0].id);
    const future = await disp.get('/api/appeals?from=2099-01-01');
    expect(future.body.total).toBe(0);
    const wildcard = await disp.get(`/api/appeals?q=${encodeURIComponent('%')}`);
    expect(wildcard.body.total).toBe(0);
  });

  test('SQL and HTML in text are stored and returned as plain text; Ukrainian and emoji round-trip', async () => {
    const description = `<script>alert("x")</script>'; DROP TABLE appeals; -- Їжак ґанок 💧🔥`;
    const res = await register({ phone: '0661234567', categoryId: coldWater.id, description, applicantName: "Ґонта Олекса-Ї'жак" });
    expect(res.status).toBe(201);
    const got = await http(server.baseUrl, staff.dispatcher).get(`/api/appeals/${res.body.number}`);
    expect(got.body.description).toBe(description);
    expect(got.body.applicant.fullName).toBe("Ґонта Олекса-Ї'жак");
    expect(got.headers.get('content-type')).toContain('application/json');
    expect(await Appeal.count()).toBeGreaterThan(0);
  });

  test('the applicant history by phone lists latest appeals with open ones marked', async () => {
    const res = await http(server.baseUrl, staff.dispatcher).get(`/api/applicants/by-phone/${encodeURIComponent('063-111-22-33')}`);
    expect(res.status).toBe(200);
    expect(res.body.applicant.phone).toBe('+380631112233');
    expect(res.body.appeals.length).toBeGreaterThanOrEqual(4);
    const dates = res.body.appeals.map((a: { registeredAt: string }) => a.registeredAt);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(res.body.appeals.some((a: { open: boolean }) => a.open)).toBe(true);
    expect(res.body.openCount).toBe(res.body.appeals.filter((a: { open: boolean }) => a.open).length);
    const unknown = await http(server.baseUrl, staff.dispatcher).get('/api/applicants/by-phone/0509999999');
    expect(unknown.body.applicant).toBeNull();
  });

  test('every state move is an AppealEvent with who made it', async () => {
    const a = await register({ phone: '0687654321', categoryId: coldWater.id });
    await http(server.baseUrl, staff.executor).post(`/api/appeals/${a.body.id}/start`, { comment: 'Бригада виїхала' });
    const events = await AppealEvent.findAll({ where: { appealId: a.body.id }, order: [['id', 'ASC']] });
    expect(events.map((e) => e.type)).toEqual(['registered', 'status_changed', 'status_changed']);
    expect(events[2].comment).toBe('Бригада виїхала');
    expect(events[2].userId).not.toBeNull();
  });
});
