import { testDatabases } from '../support/databases';
import { startTestServer, startTestServerOn, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { openConsole, connected, until, Console } from '../realtime/helpers';
import { Appeal, AppealEvent, Category, DeadlineNotice, WebhookDelivery } from '../../models';
import { verifySignature } from '../../webhooks/signature';
import { watchDeadlines, warningDue } from '../../jobs/deadline-watch';
import { createLogger } from '../../core/logger';
import type { DomainEvents } from '../../appeals/domain-events';
import { webhookReceiver } from '../support/webhook-receiver';

const HOUR = 3_600_000;

/** Counts the deadline events one instance's domain raises. */
function countAlerts(events: DomainEvents) {
  const seen = { warning: [] as number[], overdue: [] as number[] };
  events.on('appeal.deadline_warning', (c) => seen.warning.push(c.appealId));
  events.on('appeal.overdue', (c) => seen.overdue.push(c.appealId));
  return seen;
}

const receiver = () => webhookReceiver([200]);

describe('when a deadline warning is due', () => {
  const t = (h: number) => new Date(Date.UTC(2026, 2, 10, 9) + h * HOUR);
  test('within the window, not before half the term, not after the deadline', () => {
    // A 15-day term, a 24 h window.
    expect(warningDue(t(0), t(360), t(335), 24)).toBe(false);
    expect(warningDue(t(0), t(360), t(336), 24)).toBe(true);
    expect(warningDue(t(0), t(360), t(360), 24)).toBe(true);
    expect(warningDue(t(0), t(360), t(361), 24)).toBe(false);
    // A 24 h term: half of it.
    expect(warningDue(t(0), t(24), t(11), 24)).toBe(false);
    expect(warningDue(t(0), t(24), t(12), 24)).toBe(true);
  });
});

describe.each(testDatabases())('deadline control on $name', (db) => {
  let server: TestServer;
  let staff: Staff;
  let coldWater: Category;
  let seq = 0;
  let alerts: ReturnType<typeof countAlerts>;

  beforeAll(async () => {
    server = await startTestServer(db, { INSTANCE_ID: 'instance-a', DEADLINE_WARNING_HOURS: '24' });
    staff = await signInStaff(server);
    coldWater = (await Category.findOne({ where: { code: 'cold-water-none' } }))!;
    alerts = countAlerts(server.kontakt.events);
  });
  afterAll(() => server.close());

  /** Registers an appeal now and returns it with its deadline. */
  const register = async (extra: Record<string, unknown> = {}) => {
    const res = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
      phone: `+38050${String(6000000 + ++seq)}`, categoryId: coldWater.id, address: `вул. Строкова, ${seq}`, description: 'Немає холодної води', ...extra,
    });
    expect(res.status).toBe(201);
    return { id: res.body.id as number, number: res.body.number as string, deadline: new Date(res.body.deadlineAt) };
  };
  const run = () => server.kontakt.jobs.scheduler.runNow('deadline-watch');
  // Sign-ins last 30 days of the test clock: each test starts where the staff signed in.
  const START = '2026-03-10T09:00:00Z';
  const at = (hours: number) => new Date(new Date(START).getTime() + hours * HOUR);
  const notices = (appealId: number) => DeadlineNotice.findAll({ where: { appealId }, order: [['id', 'ASC']] });

  test('a warning before the deadline and an overdue alert after it, each exactly once across runs', async () => {
    const a = await register();
    // Far from the deadline: nothing.
    expect(await run()).toEqual({ ran: true, summary: expect.objectContaining({ warned: 0, overdue: 0 }) });
    expect(await notices(a.id)).toHaveLength(0);

    server.clock.set(new Date(a.deadline.getTime() - 23 * HOUR));
    const first = await run();
    expect(first).toEqual({ ran: true, summary: expect.objectContaining({ warned: 1, overdue: 0 }) });
    expect(await run()).toEqual({ ran: true, summary: expect.objectContaining({ warned: 0, overdue: 0 }) });
    expect(alerts.warning.filter((id) => id === a.id)).toHaveLength(1);

    server.clock.set(new Date(a.deadline.getTime() + 60_000));
    expect((await run())).toEqual({ ran: true, summary: expect.objectContaining({ warned: 0, overdue: 1 }) });
    server.clock.advance(10 * 60_000);
    await run();
    await run();
    expect(alerts.overdue.filter((id) => id === a.id)).toHaveLength(1);
    expect((await notices(a.id)).map((n) => n.kind)).toEqual(['warning', 'overdue']);

    const stored = (await Appeal.findByPk(a.id))!;
    expect(stored.overdueAt!.getTime()).toBe(a.deadline.getTime() + 60_000);
    const history = await AppealEvent.findAll({ where: { appealId: a.id, type: 'overdue' } });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ actor: 'deadline-watch', comment: 'Порушено строк розгляду' });

    // The console sees the flag and the moment; closing keeps overdueAt (executors' records count it).
    const view = await http(server.baseUrl, staff.dispatcher).get(`/api/appeals/${a.id}`);
    expect(view.body).toMatchObject({ overdue: true, overdueAt: stored.overdueAt!.toISOString() });
    expect(view.body.history.filter((h: { type: string }) => h.type === 'overdue')).toHaveLength(1);
    expect((await http(server.baseUrl, staff.executor).post(`/api/appeals/${a.id}/complete`, { result: 'Відновлено' })).status).toBe(200);
    const done = await http(server.baseUrl, staff.dispatcher).get(`/api/appeals/${a.id}`);
    expect(done.body).toMatchObject({ overdue: false, overdueAt: stored.overdueAt!.toISOString() });
  });

  test('an emergency (a 24 h term) is warned at half its term, not the moment it is registered', async () => {
    server.clock.set(START);
    const a = await register({ emergency: true });
    expect(a.deadline.getTime() - new Date(START).getTime()).toBe(24 * HOUR);
    await run();
    server.clock.set(at(11));
    await run();
    expect(await notices(a.id)).toHaveLength(0);
    server.clock.set(at(12));
    await run();
    expect((await notices(a.id)).map((n) => n.kind)).toEqual(['warning']);
  });

  test('an appeal no longer owed (done) raises nothing', async () => {
    const a = await register();
    expect((await http(server.baseUrl, staff.executor).post(`/api/appeals/${a.id}/complete`, { result: 'Зроблено' })).status).toBe(200);
    server.clock.set(new Date(a.deadline.getTime() + HOUR));
    await run();
    expect(await notices(a.id)).toHaveLength(0);
    expect((await Appeal.findByPk(a.id))!.overdueAt).toBeNull();
  });

  test('an extension re-arms the warning for the new deadline', async () => {
    server.clock.set(START);
    const a = await register();
    server.clock.set(new Date(a.deadline.getTime() - 2 * HOUR));
    await run();
    expect((await notices(a.id)).map((n) => n.kind)).toEqual(['warning']);

    const newDay = new Date(a.deadline.getTime() + 5 * 86_400_000).toISOString().slice(0, 10);
    const ext = await http(server.baseUrl, staff.executor).post(`/api/appeals/${a.id}/extend`, { deadline: newDay, reason: 'Потрібна заміна засувки' });
    expect(ext.status).toBe(200);
    const extended = new Date(ext.body.deadlineAt);
    // The old deadline passes: not overdue, the deadline moved.
    server.clock.set(new Date(a.deadline.getTime() + HOUR));
    await run();
    expect((await notices(a.id)).map((n) => n.kind)).toEqual(['warning']);

    server.clock.set(new Date(extended.getTime() - 3 * HOUR));
    await run();
    await run();
    const rows = await notices(a.id);
    expect(rows.map((n) => [n.kind, n.deadlineAt.getTime()])).toEqual([['warning', a.deadline.getTime()], ['warning', extended.getTime()]]);
    expect(alerts.warning.filter((id) => id === a.id)).toHaveLength(2);
  });

  test('the executor\'s console gets the warning and the overdue alert, another organization\'s does not; the head gets the overdue', async () => {
    server.clock.set(START);
    const a = await register();
    const consoles: Console[] = [openConsole(server.baseUrl, staff.executor), openConsole(server.baseUrl, staff.otherExecutor), openConsole(server.baseUrl, staff.head)];
    const [mine, theirs, head] = consoles as [Console, Console, Console];
    try {
      await Promise.all(consoles.map(connected));
      server.clock.set(new Date(a.deadline.getTime() - HOUR));
      await run();
      const warning = await mine.next('appeal:deadline-warning', (w) => w.appealId === a.id);
      expect(warning).toMatchObject({ number: a.number, kind: 'warning', executorId: staff.waterOrgId, deadlineAt: a.deadline.toISOString() });

      server.clock.set(new Date(a.deadline.getTime() + HOUR));
      await run();
      expect(await mine.next('appeal:overdue', (w) => w.appealId === a.id)).toMatchObject({ kind: 'overdue', number: a.number });
      expect(await head.next('appeal:overdue', (w) => w.appealId === a.id)).toMatchObject({ kind: 'overdue' });
      // A round trip on the other organization's socket: anything sent to it before has arrived.
      await theirs.ask('wallboard:get');
      expect(theirs.of('appeal:deadline-warning')).toEqual([]);
      expect(theirs.of('appeal:overdue')).toEqual([]);
      expect(head.of('appeal:deadline-warning').filter((w) => w.appealId === a.id)).toEqual([]);
    } finally {
      for (const c of consoles) c.close();
    }
  });

  test('the overdue webhook reaches the organization signed, once, and is logged', async () => {
    const hook = await receiver();
    const admin = http(server.baseUrl, staff.admin);
    try {
      expect((await admin.patch(`/api/organizations/${staff.waterOrgId}`, { webhookUrl: hook.url })).status).toBe(200);
      const secret: string = (await admin.post(`/api/organizations/${staff.waterOrgId}/webhook-secret`)).body.webhookSecret;
      server.clock.set(START);
      const a = await register();
      await until(() => WebhookDelivery.findOne({ where: { appealId: a.id, event: 'appeal.new', status: 'delivered' } }), 'the appeal.new webhook');
      server.clock.set(new Date(a.deadline.getTime() + 5 * 60_000));
      await run();
      await run();
      const delivered = await until(() => WebhookDelivery.findOne({ where: { appealId: a.id, event: 'appeal.overdue', status: 'delivered' } }), 'the overdue webhook');
      expect(await WebhookDelivery.count({ where: { appealId: a.id, event: 'appeal.overdue' } })).toBe(1);
      const sent = hook.received.find((r) => JSON.parse(r.body).event === 'appeal.overdue')!;
      expect(verifySignature(sent.body, secret, sent.headers['x-kontakt-signature'] as string)).toBe(true);
      expect(sent.headers['x-kontakt-delivery']).toBe(String(delivered.id));
      expect(JSON.parse(sent.body)).toEqual({
        event: 'appeal.overdue',
        appeal: expect.objectContaining({ number: a.number, status: 'assigned', deadlineAt: a.deadline.toISOString(), overdueAt: new Date(a.deadline.getTime() + 5 * 60_000).toISOString() }),
        at: expect.any(String),
      });
      expect(JSON.parse(sent.body)).not.toHaveProperty('applicant');
      const log = await http(server.baseUrl, staff.executor).get(`/api/organizations/${staff.waterOrgId}/webhook-deliveries`);
      expect(log.body.items.filter((i: { event: string; appealId: number }) => i.event === 'appeal.overdue' && i.appealId === a.id)).toHaveLength(1);
    } finally {
      await admin.patch(`/api/organizations/${staff.waterOrgId}`, { webhookUrl: null });
      await hook.close();
    }
  });

  describe('two instances on one database', () => {
    let second: TestServer;
    let secondAlerts: ReturnType<typeof countAlerts>;

    beforeAll(async () => {
      second = await startTestServerOn(server.kontakt.config.DATABASE_URL, { INSTANCE_ID: 'instance-b' }, server.clock);
      secondAlerts = countAlerts(second.kontakt.events);
    });
    afterAll(() => second.close());

    test('scheduler runs racing: each alert goes out once in all', async () => {
      server.clock.set(START);
      const soon = await register();
      const late = await register();
      // Make `late` overdue and `soon` near its deadline at the same moment.
      await Appeal.update({ deadlineAt: at(-1) }, { where: { id: late.id } });
      await Appeal.update({ deadlineAt: at(11), registeredAt: at(-48) }, { where: { id: soon.id } });
      for (let round = 0; round < 3; round++) {
        const outcomes = await Promise.all([run(), second.kontakt.jobs.scheduler.runNow('deadline-watch')]);
        if (!outcomes.some((o) => o.ran)) throw new Error(JSON.stringify(outcomes));
        for (const o of outcomes) if (!o.ran) expect(o.reason).toBe('leased');
      }
      const all = { warning: [...alerts.warning, ...secondAlerts.warning], overdue: [...alerts.overdue, ...secondAlerts.overdue] };
      expect(all.warning.filter((id) => id === soon.id)).toHaveLength(1);
      expect(all.overdue.filter((id) => id === late.id)).toHaveLength(1);
      expect(all.overdue.filter((id) => id === soon.id)).toHaveLength(0);
      expect(await AppealEvent.count({ where: { appealId: late.id, type: 'overdue' } })).toBe(1);
    });

    test('without the lease (a lapsed one), the unique key alone keeps alerts single', async () => {
      server.clock.set(START);
      const ids: number[] = [];
      for (let i = 0; i < 6; i++) ids.push((await register()).id);
      await Appeal.update({ deadlineAt: at(-2) }, { where: { id: ids } });
      const ctx = (instanceId: string) => ({ now: server.clock.now(), logger: createLogger('silent'), instanceId, signal: new AbortController().signal });
      const [x, y] = await Promise.all([
        watchDeadlines(ctx('a'), { events: server.kontakt.events, warningHours: 24, batch: 2 }),
        watchDeadlines(ctx('b'), { events: second.kontakt.events, warningHours: 24, batch: 2 }),
      ]);
      expect(Number(x.overdue) + Number(y.overdue)).toBeGreaterThanOrEqual(6);
      const all = [...alerts.overdue, ...secondAlerts.overdue].filter((id) => ids.includes(id));
      expect(all.sort()).toEqual([...ids].sort());
      expect(await DeadlineNotice.count({ where: { appealId: ids, kind: 'overdue' } })).toBe(6);
      expect(await AppealEvent.count({ where: { appealId: ids, type: 'overdue' } })).toBe(6);
    });
  });
});
