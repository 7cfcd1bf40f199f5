import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, login, TestServer, Staff } from '../support/test-server';
import sinon from 'sinon';
import { Op } from 'sequelize';
import { Session, User } from '../../models';
import { openConsole, connected, refusal, until } from './helpers';

/** Socket.IO authentication at every handshake, sessions ending live sockets, and rooms. */
describe.each(testDatabases())('realtime sockets on $name', (db) => {
  let server: TestServer;
  let staff: Staff;
  const at0 = new Date('2026-03-10T09:00:00Z');

  beforeAll(async () => {
    // Live sockets are checked again every 200 ms here (30 s by default).
    server = await startTestServer(db, { REALTIME_REVERIFY_MS: '200' });
    staff = await signInStaff(server);
  });
  afterAll(() => server.close());

  test('a handshake without a token, with a made-up one, or with a revoked one is refused with a code', async () => {
    expect(await refusal(openConsole(server.baseUrl, undefined))).toBe('unauthenticated');
    expect(await refusal(openConsole(server.baseUrl, 'not-a-real-token'))).toBe('invalid_token');
    const token = await login(server.baseUrl, 'disp1', 'disp1-password');
    expect((await http(server.baseUrl, token).post('/api/auth/logout')).status).toBe(204);
    expect(await refusal(openConsole(server.baseUrl, token))).toBe('invalid_token');
  });

  test('a sign-out disconnects the live socket, and its reconnect is refused', async () => {
    const token = await login(server.baseUrl, 'disp1', 'disp1-password');
    const c = openConsole(server.baseUrl, token);
    await connected(c);
    const gone = new Promise<string>((resolve) => c.socket.once('disconnect', (reason) => resolve(reason)));
    await http(server.baseUrl, token).post('/api/auth/logout');
    expect(await gone).toBe('io server disconnect');
    // The console tries again with the same token: the handshake checks it anew.
    c.socket.connect();
    const err = await new Promise<any>((resolve) => c.socket.once('connect_error', resolve));
    expect(err.data.code).toBe('invalid_token');
    c.close();
  });

  test('a deactivated user\'s sockets are disconnected; other users stay', async () => {
    await User.create({ login: 'disp-temp', passwordHash: (await User.findOne({ where: { login: 'disp1' } }))!.passwordHash, fullName: 'Тимчасовий', role: 'dispatcher', organizationId: null });
    const temp = openConsole(server.baseUrl, await login(server.baseUrl, 'disp-temp', 'disp1-password'));
    const head = openConsole(server.baseUrl, staff.head);
    await Promise.all([connected(temp), connected(head)]);
    await User.update({ active: false }, { where: { login: 'disp-temp' } });
    await until(() => !temp.socket.connected, 'the deactivated user disconnected');
    expect(head.socket.connected).toBe(true);
    expect((await head.ask('wallboard:get')).ok).toBe(true);
    temp.close();
    head.close();
  });

  test('live sockets are checked again with one query for all of them, and an expired session ends its socket', async () => {
    const find = sinon.spy(Session, 'findAll');
    const findOne = sinon.spy(Session, 'findOne');
    const consoles = [staff.dispatcher, staff.head, staff.admin].map((t) => openConsole(server.baseUrl, t));
    const late = openConsole(server.baseUrl, await login(server.baseUrl, 'disp1', 'disp1-password'));
    try {
      await Promise.all([...consoles, late].map(connected));
      findOne.resetHistory();
      find.resetHistory();
      await until(() => find.callCount >= 2, 'two passes of the check');
      // One query a pass, carrying every live socket's token; no per-socket lookups.
      expect(findOne.callCount).toBe(0);
      for (const call of find.getCalls()) expect((call.args[0] as any).where.tokenHash).toHaveLength(4);
      // Sessions run out: all but the newest end within the next hour.
      const at = server.clock.now().getTime();
      const newest = await Session.max<number, Session>('id');
      await Session.update({ expiresAt: new Date(at + 3_600_000) }, { where: { id: { [Op.ne]: newest } } });
      await Session.update({ expiresAt: new Date(at + 3 * 3_600_000) }, { where: { id: newest } });
      server.clock.advance(2 * 3_600_000);
      await until(() => consoles.every((c) => !c.socket.connected), 'the expired sessions disconnected');
      expect(late.socket.connected).toBe(true);
    } finally {
      server.clock.set(at0);
      find.restore();
      findOne.restore();
      for (const c of [...consoles, late]) c.close();
    }
  });

  test('appeal changes reach dispatchers, the head and the executor\'s organization only; executors get no wallboard', async () => {
    const disp = openConsole(server.baseUrl, staff.dispatcher);
    const head = openConsole(server.baseUrl, staff.head);
    const water = openConsole(server.baseUrl, staff.executor);
    const other = openConsole(server.baseUrl, staff.otherExecutor);
    const admin = openConsole(server.baseUrl, staff.admin);
    await Promise.all([disp, head, water, other, admin].map(connected));

    const api = http(server.baseUrl, staff.dispatcher);
    const own = await api.post('/api/appeals', { phone: '0501112200', categoryCode: 'cold-water-none', address: 'вул. Кімнатна, 1', description: 'Немає води' });
    expect(own.status).toBe(201);
    const foreign = await api.post('/api/appeals', { phone: '0501112201', categoryCode: 'cold-water-none', executorId: staff.otherOrgId, address: 'вул. Кімнатна, 2', description: 'Немає води', emergency: true });
    expect(foreign.status).toBe(201);

    for (const c of [disp, head]) {
      await c.next('appeal:changed', (a) => a.appealId === own.body.id && a.type === 'registered');
      await c.next('appeal:changed', (a) => a.appealId === foreign.body.id);
      await c.next('appeal:emergency', (a) => a.appealId === foreign.body.id && a.executorId === staff.otherOrgId);
    }
    await water.next('appeal:changed', (a) => a.appealId === own.body.id && a.executorId === staff.waterOrgId);
    await other.next('appeal:emergency', (a) => a.appealId === foreign.body.id);

    // A round trip on each socket: whatever was sent to it before has arrived by now.
    const refused = await water.ask('wallboard:get');
    expect(refused).toEqual({ ok: false, error: { code: 'role_not_allowed', message: expect.any(String) } });
    await other.ask('wallboard:get');
    await admin.ask('wallboard:get');
    expect(water.events.map((e) => e.data?.appealId).filter(Boolean)).toEqual([own.body.id]);
    expect(other.of('appeal:changed').map((a) => a.appealId)).toEqual([foreign.body.id]);
    expect(admin.events.filter((e) => e.name.startsWith('appeal:'))).toEqual([]);
    // Executors and the admin are not told about dispatchers' presence or the wallboard.
    for (const c of [water, other, admin]) expect(c.events.filter((e) => e.name.startsWith('presence:') || e.name.startsWith('wallboard:'))).toEqual([]);
    expect((await disp.ask('wallboard:get')).data).toEqual(expect.objectContaining({ callersWaiting: 0, abandonedToday: 0 }));

    // A move by the executor reaches the dispatchers with its type.
    const started = await http(server.baseUrl, staff.executor).post(`/api/appeals/${own.body.id}/start`, {});
    expect(started.status).toBe(200);
    await disp.next('appeal:changed', (a) => a.appealId === own.body.id && a.status === 'in_progress');
    for (const c of [disp, head, water, other, admin]) c.close();
  });
});
