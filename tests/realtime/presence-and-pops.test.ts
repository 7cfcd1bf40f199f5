import { startStandin, Standin } from '../../standin/scenario';
import { testDatabases } from '../support/databases';
import { TestServer, login, http, startTestServerWithStandin } from '../support/test-server';
import { AuditLog, Call, CallAppeal, Outage, User } from '../../models';
import { hashPassword } from '../../auth/passwords';
import { systemActor } from '../../appeals/actor';
import { openConsole, connected, until, Console } from './helpers';

/**
 * Presence in the Asterisk queue and screen-pops, against the stand-in through the real AMI and
 * ARI client libraries, with real Socket.IO consoles.
 */
describe.each(testDatabases())('presence and screen-pops on $name', (db) => {
  let standin: Standin;
  let server: TestServer;
  let d101: Console;
  let d102: Console;
  let d103: Console;
  let head: Console;
  let tokens: Record<string, string>;
  let ids: Record<string, number>;

  const member = (iface: string) => standin.model.queues.get('dispatchers')!.member(iface);

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 0.02,
      // Ring for up to 300 s of stand-in time (6 s real): long enough to reconnect a console meanwhile.
      queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 300, retry: 1, members: [] }],
      phones: { 'PJSIP/101': { kind: 'answer', afterMs: 3000, talkMs: 600000 }, 'PJSIP/102': { kind: 'noanswer' } },
    });
    server = await startTestServerWithStandin(db, standin);
    const passwordHash = await hashPassword('pw-dispatchers');
    await User.create({ login: 'd101', passwordHash, fullName: 'Олена Диспетчер', role: 'dispatcher', organizationId: null, queueInterface: 'PJSIP/101' });
    await User.create({ login: 'd102', passwordHash, fullName: 'Петро Диспетчер', role: 'dispatcher', organizationId: null });
    await User.create({ login: 'd103', passwordHash, fullName: 'Ігор Диспетчер', role: 'dispatcher', organizationId: null });
    await User.create({ login: 'boss', passwordHash, fullName: 'Начальник', role: 'head', organizationId: null });
    tokens = {};
    ids = {};
    for (const who of ['d101', 'd102', 'd103', 'boss']) {
      tokens[who] = await login(server.baseUrl, who, 'pw-dispatchers');
      ids[who] = (await User.findOne({ where: { login: who } }))!.id;
    }
    [d101, d102, d103, head] = ['d101', 'd102', 'd103', 'boss'].map((who) => openConsole(server.baseUrl, tokens[who]));
    await Promise.all([d101, d102, d103, head].map(connected));
  });
  afterAll(async () => {
    for (const c of [d101, d102, d103, head]) c?.close();
    await server?.close();
    await standin?.stop();
  });

  test('ready adds the dispatcher to the queue (QueueAdd), pause carries the reason, sign-out removes them', async () => {
    const ready = await d101.ask('presence:ready', {});
    expect(ready).toEqual({ ok: true, data: expect.objectContaining({ userId: ids.d101, agentInterface: 'PJSIP/101', state: 'ready' }) });
    expect(member('PJSIP/101')).toBeTruthy();
    expect(standin.appRequests.amiActions.some((a: any) => /queueadd/i.test(String(a.action ?? a.Action)) )).toBe(true);

    const paused = await d101.ask('presence:pause', { reason: 'paperwork' });
    expect(paused.data).toEqual(expect.objectContaining({ state: 'paused', pausedReason: 'paperwork' }));
    expect(member('PJSIP/101')!.paused).toBe(true);
    await d101.next('presence:changed', (p) => p.userId === ids.d101 && p.state === 'paused' && p.pausedReason === 'paperwork');

    expect((await d101.ask('presence:ready', {})).data.state).toBe('ready');
    expect(member('PJSIP/101')!.paused).toBe(false);

    expect((await d101.ask('presence:sign-out')).data.state).toBe('signed_out');
    expect(member('PJSIP/101')).toBeFalsy();
    await d101.next('presence:changed', (p) => p.userId === ids.d101 && p.state === 'signed_out');
    // Each console shows its own user's state: nobody else's changes are sent to it.
    expect(head.of('presence:changed').filter((p) => p.userId !== ids.boss)).toEqual([]);
    expect(d102.of('presence:changed').filter((p) => p.userId !== ids.d102)).toEqual([]);

    // A dispatcher without an interface of their own names the phone they sit at; it is checked.
    const bad = await d102.ask('presence:ready', { agentInterface: 'SIP/102; drop table' });
    expect(bad).toEqual({ ok: false, error: { code: 'bad_interface', message: expect.any(String) } });
    const none = await d103.ask('presence:pause', { reason: 'break' });
    expect(none.ok).toBe(false);
    expect((await d102.ask('presence:ready', { agentInterface: 'PJSIP/102' })).data).toEqual(expect.objectContaining({ agentInterface: 'PJSIP/102', state: 'ready' }));
    expect((await User.findByPk(ids.d102))!.queueInterface).toBe('PJSIP/102');
    expect((await d101.ask('presence:ready', {})).data.state).toBe('ready');
  });

  test('after an AMI drop the state is read again from Asterisk (QueueStatus)', async () => {
    expect((await d102.ask('presence:ready', {})).data.state).toBe('ready');
    const statusBefore = standin.appRequests.amiActions.filter((a: any) => /queuestatus/i.test(String(a.action ?? a.Action))).length;
    standin.faults.dropAmi();
    // Changed in Asterisk while Kontakt is away: no event reaches it.
    standin.model.pauseMember('dispatchers', 'PJSIP/102', true, 'training');
    await d102.next('presence:changed', (p) => p.userId === ids.d102 && p.state === 'paused' && p.pausedReason === 'training');
    expect(standin.appRequests.amiActions.filter((a: any) => /queuestatus/i.test(String(a.action ?? a.Action))).length).toBeGreaterThan(statusBefore);
    await standin.waitFor(() => server.kontakt.telephony.ami?.ready, 10000, 'AMI back');
    expect((await d102.ask('presence:ready', {})).data.state).toBe('ready');
  });

  test('a call rings 101 and 102: both get the pop with the caller\'s history; 101 answers, 102 is told; others get nothing', async () => {
    const appeal = await server.kontakt.appeals.register(systemActor('test'), {
      channel: 'phone', phone: '0501234567', applicantName: 'Микола Петренко', applicantAddress: 'вулиця Шевченка, 5, кв. 3',
      categoryCode: 'cold-water-none', address: 'вулиця Шевченка, 5', description: 'Немає холодної води',
    });
    await Outage.create({ utility: 'cold_water', kind: 'emergency', area: 'вулиця Шевченка, будинки 1–15', startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 3600_000), reason: 'порив', executorId: null });
    await Outage.create({ utility: 'heating', kind: 'planned', area: 'проспект Миру, 10–20', startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 3600_000), reason: 'ремонт', executorId: null });
    const applicantId = appeal.applicantId!;
    const auditBefore = await AuditLog.count({ where: { userId: ids.d101, subjectId: applicantId } });

    const call = standin.placeCall({ from: '0501234567', name: 'Микола Петренко', script: [{ afterAnswerMs: 2000, dtmf: '1' }] });
    const pop = await d101.next('call:ringing', (p) => p.uniqueid === call.id);
    const answered = await d101.next('call:answered', (e) => e.uniqueid === call.id);
    console.log(`screen-pop built in ${server.kontakt.realtime.pops.lastBuildMs?.toFixed(1)} ms (${db.name})`);
    expect(answered.agentInterface).toBe('PJSIP/101');
    expect(pop).toEqual(expect.objectContaining({
      queue: 'dispatchers', agentInterface: 'PJSIP/101', callerNumber: '+380501234567', reason: 'emergency', priority: 10, verificationOf: null,
      applicant: { id: appeal.applicantId, fullName: 'Микола Петренко', address: 'вулиця Шевченка, 5, кв. 3' },
    }));
    expect(pop.appeals).toEqual([expect.objectContaining({ id: appeal.id, number: appeal.number, status: 'assigned', open: true, repeated: false, overdue: false })]);
    expect(pop.appeals[0].executor).toEqual(expect.any(String));
    expect(pop.ivrPath).toEqual(expect.arrayContaining([{ step: 'main', key: '1' }]));
    expect(pop.outages.map((o: any) => o.utility)).toEqual(['cold_water']);
    expect(pop.waitSeconds).toBeGreaterThanOrEqual(0);
    expect(pop.calledInLast24h).toBe(0);
    const order101 = d101.events.filter((e) => e.data?.uniqueid === call.id).map((e) => e.name);
    expect(order101.slice(0, 2)).toEqual(['call:ringing', 'call:answered']);

    const pop102 = await d102.next('call:ringing', (p) => p.uniqueid === call.id);
    expect(pop102.agentInterface).toBe('PJSIP/102');
    expect(await d102.next('call:ringing-stopped', (e) => e.uniqueid === call.id)).toEqual({ uniqueid: call.id, reason: 'answered_elsewhere' });
    expect(d102.of('call:answered')).toEqual([]);

    // One audit row per dispatcher the pop was shown to (written just after it was sent).
    await until(async () => (await AuditLog.count({ where: { userId: ids.d101, subjectId: applicantId } })) === auditBefore + 1 || null, 'd101\'s read audited');
    await until(async () => (await AuditLog.count({ where: { userId: ids.d102, subjectId: applicantId } })) === 1 || null, 'd102\'s read audited');
    const auditRow = await AuditLog.findOne({ where: { userId: ids.d102, subjectId: applicantId } });
    expect(auditRow).toMatchObject({ action: 'read_personal_data', subjectType: 'applicant', context: `screen-pop ${call.id}` });

    // Nothing was ringing for them any more.
    expect((await d101.ask('calls:ringing-now')).data).toEqual([]);
    // Not rung, not told: another dispatcher, the head.
    await d103.ask('calls:ringing-now');
    await head.ask('calls:ringing-now');
    expect(d103.events.filter((e) => e.name.startsWith('call:'))).toEqual([]);
    expect(head.events.filter((e) => e.name.startsWith('call:'))).toEqual([]);

    call.hangup();
    const ended = await d101.next('call:ended', (e) => e.uniqueid === call.id);
    expect(ended.talkSeconds).toEqual(expect.any(Number));

    // From the pop to an appeal: registered with the call's uniqueid, linked to the call's row.
    const res = await http(server.baseUrl, tokens.d101).post('/api/appeals', {
      phone: pop.callerNumber, categoryCode: 'cold-water-none', address: 'вулиця Шевченка, 5', description: 'Знову немає води', sourceCallUniqueid: call.id,
    });
    expect(res.status).toBe(201);
    const row = await Call.findOne({ where: { uniqueid: call.id } });
    expect(res.body.sourceCallId).toBe(row!.id);
    expect(await CallAppeal.findOne({ where: { callId: row!.id, appealId: res.body.id } })).toEqual(expect.objectContaining({ relation: 'registered' }));
    await Outage.destroy({ where: {} });
  });

  test('a console that reconnects gets what is ringing for it now; the caller leaving stops it', async () => {
    standin.setPhone('PJSIP/101', { kind: 'noanswer' });
    expect((await d102.ask('presence:sign-out')).data.state).toBe('signed_out');
    const call = standin.placeCall({ from: '0671110000', script: [{ afterAnswerMs: 1000, dtmf: '0' }] });
    const first = await d101.next('call:ringing', (p) => p.uniqueid === call.id);
    expect(first.applicant).toBeNull();
    expect(first.reason).toBe('dispatcher');
    expect(first.calledInLast24h).toBe(0);
    d101.close();

    d101 = openConsole(server.baseUrl, tokens.d101);
    await connected(d101);
    const now = await d101.ask('calls:ringing-now');
    expect(now.ok).toBe(true);
    expect(now.data.map((p: any) => p.uniqueid)).toEqual([call.id]);
    expect((await d102.ask('calls:ringing-now')).data).toEqual([]);

    // The head watches the board before the caller leaves: an update pushed before it asked would not reach it.
    expect((await head.ask('wallboard:get')).data.abandonedToday).toBe(0);
    call.hangup();
    expect(await d101.next('call:ringing-stopped', (e) => e.uniqueid === call.id)).toEqual({ uniqueid: call.id, reason: 'caller_left' });
    expect((await d101.ask('calls:ringing-now')).data).toEqual([]);
    // No member event says the phone stopped ringing when the caller left: presence clears it itself.
    await d101.next('presence:changed', (p) => p.userId === ids.d101 && p.state === 'ringing');
    await until(() => server.kontakt.realtime.presence.presenceOf(ids.d101, '').state === 'ready', 'd101 ready again');
    await head.next('wallboard:update', (w) => w.abandonedToday === 1 && w.callersWaiting === 0);
    const wall = await head.ask('wallboard:get');
    expect(wall.data).toEqual(expect.objectContaining({ answeredToday: 1, abandonedToday: 1, callersWaiting: 0 }));
    standin.setPhone('PJSIP/101', { kind: 'answer', afterMs: 3000, talkMs: 600000 });
  });

  test('wallboard updates go only to consoles showing the board, until they leave it', async () => {
    // d103 never asked for the board: whatever changed, it was sent nothing.
    expect(d103.of('wallboard:update')).toEqual([]);
    await d103.ask('wallboard:get');
    expect((await d101.ask('presence:pause', { reason: 'break' })).ok).toBe(true);
    await d103.next('wallboard:update', (w) => w.dispatchers.paused >= 1);
    d103.socket.emit('wallboard:leave');
    const seen = d103.of('wallboard:update').length;
    expect((await d101.ask('presence:ready', {})).ok).toBe(true);
    await head.ask('wallboard:get');
    const headSeen = head.of('wallboard:update').length;
    expect((await d101.ask('presence:pause', { reason: 'training' })).ok).toBe(true);
    // The head, still watching, is told of the pause; d103, gone from the board, is not.
    await until(() => head.of('wallboard:update').slice(headSeen).some((w: any) => w.dispatchers.paused >= 1) || null, 'the head told of the pause');
    expect(d103.of('wallboard:update')).toHaveLength(seen);
    expect((await d101.ask('presence:ready', {})).ok).toBe(true);
  });

  test('the missed call is listed for a call back, with the caller\'s number, and can be linked to an appeal', async () => {
    const api = http(server.baseUrl, tokens.d101);
    const missed = await until(async () => {
      const r = await api.get('/api/calls?disposition=abandoned');
      return r.body.items?.find((c: any) => c.callerNumber === '+380671110000') ? r : null;
    }, 'the missed call written');
    expect(missed.body.items.every((c: any) => c.disposition === 'abandoned')).toBe(true);
    const all = await api.get('/api/calls?pageSize=50');
    const answered = all.body.items.find((c: any) => c.callerNumber === '+380501234567');
    expect(answered.applicant).toEqual({ id: expect.any(Number), fullName: 'Микола Петренко' });
    const audit = await AuditLog.count({ where: { userId: ids.d101, context: 'calls list' } });
    expect(audit).toBeGreaterThanOrEqual(1);

    const appeal = await server.kontakt.appeals.register(systemActor('test'), { channel: 'phone', phone: '0671110000', categoryCode: 'cold-water-none', address: 'вул. Лісова, 1', description: 'Передзвонили' });
    const callId = missed.body.items.find((c: any) => c.callerNumber === '+380671110000').id;
    const link = await api.post(`/api/calls/${callId}/appeals`, { appealId: appeal.id });
    expect(link.status).toBe(201);
    expect(link.body).toEqual({ callId, appealId: appeal.id, relation: 'linked' });
    expect((await api.post(`/api/calls/${callId}/appeals`, { appealId: appeal.id })).body.relation).toBe('linked');
    expect(await CallAppeal.count({ where: { callId, appealId: appeal.id } })).toBe(1);
    expect((await api.post('/api/calls/999999/appeals', { appealId: appeal.id })).status).toBe(404);
  });
});
