import { startStandin, Standin } from '../../standin/scenario';
import { testDatabases } from '../support/databases';
import { TestServer, login, http, startTestServerWithStandin, ADMIN_PASSWORD } from '../support/test-server';
import { Session, User } from '../../models';
import { hashPassword } from '../../auth/passwords';
import { openConsole, connected, Console } from './helpers';

/**
 * Issue 12: the presence a console shows is what the PBX reports, and leaving is leaving. Every
 * step is checked against the stand-in's own member list (what `queue show` would print).
 */
describe.each(testDatabases())('presence follows the PBX on $name', (db) => {
  let standin: Standin;
  let server: TestServer;
  let admin: string;
  const ids: Record<string, number> = {};
  const consoles: Console[] = [];

  const member = (iface: string) => standin.model.queues.get('dispatchers')!.member(iface);
  const signIn = async (who: string): Promise<{ token: string; console: Console }> => {
    const token = await login(server.baseUrl, who, 'pw-dispatchers');
    const c = openConsole(server.baseUrl, token);
    consoles.push(c);
    await connected(c);
    return { token, console: c };
  };
  /** A resident calls, asks for a dispatcher (0) and is answered; resolves when the member talks. */
  const answeredCall = async (from: string, iface: string) => {
    const call = standin.placeCall({ from, script: [{ afterAnswerMs: 500, dtmf: '0' }] });
    await standin.waitFor(() => member(iface)?.inCall, 15000, `${iface} talking`);
    return call;
  };

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 0.02,
      queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 30, retry: 1, members: [] }],
      // Long conversations: the test ends them by hanging up.
      phones: { 'Local/105@from-queue/n': { kind: 'answer', afterMs: 1000, talkMs: 3_600_000 }, 'PJSIP/106': { kind: 'answer', afterMs: 1000, talkMs: 3_600_000 }, 'PJSIP/101': { kind: 'answer', afterMs: 1000, talkMs: 3_600_000 }, 'PJSIP/102': { kind: 'answer', afterMs: 1000, talkMs: 3_600_000 }, 'PJSIP/103': { kind: 'answer', afterMs: 1000, talkMs: 3_600_000 }, 'PJSIP/104': { kind: 'answer', afterMs: 1000, talkMs: 3_600_000 } },
    });
    // Who sits at which phone is kept for 10 minutes: a change the pops see comes from the write itself.
    server = await startTestServerWithStandin(db, standin, { SEATS_MAX_AGE_SECONDS: '600' });
    admin = await login(server.baseUrl, 'admin', ADMIN_PASSWORD);
    const passwordHash = await hashPassword('pw-dispatchers');
    for (const [loginName, iface, role] of [['d101', 'PJSIP/101', 'dispatcher'], ['d102', 'PJSIP/102', 'dispatcher'], ['d103', 'PJSIP/103', 'dispatcher'], ['boss', 'PJSIP/104', 'head']] as const) {
      ids[loginName] = (await User.create({ login: loginName, passwordHash, fullName: `Користувач ${loginName}`, role, organizationId: null, queueInterface: iface })).id;
    }
  });
  afterAll(async () => {
    for (const c of consoles) c.close();
    await server?.close();
    await standin?.stop();
  });

  test('leaving during a conversation: «виходжу після розмови», then out of the queue when it ends, and «Готовий» works again', async () => {
    const { console: d101 } = await signIn('d101');
    expect((await d101.ask('presence:ready', {})).data).toMatchObject({ state: 'ready', pending: null, refusal: null });
    expect(member('PJSIP/101')).toMatchObject({ paused: false });

    const call = await answeredCall('0501112233', 'PJSIP/101');
    await d101.next('presence:changed', (p) => p.state === 'on_call');
    const asked = await d101.ask('presence:sign-out');
    expect(asked.data).toMatchObject({ state: 'on_call', pending: 'leave_after_call' });
    // The PBX holds the pending leave: still a member, paused so that nothing new rings after the call.
    expect(member('PJSIP/101')).toMatchObject({ paused: true, pausedReason: 'leave-after-call', inCall: true });

    call.hangup();
    await standin.waitFor(() => !member('PJSIP/101'), 10000, '101 removed after the call');
    const after = await d101.next('presence:changed', (p) => p.state === 'signed_out' && p.agentInterface === 'PJSIP/101' && p.pending === null);
    expect(after.refusal).toBeNull();
    // Nothing counts 101 as ready: the wallboard agrees with the PBX.
    const wall = await d101.ask('wallboard:get');
    expect(wall.data.dispatchers.ready).toBe(0);

    expect((await d101.ask('presence:ready', {})).data).toMatchObject({ state: 'ready', pending: null });
    expect(member('PJSIP/101')).toMatchObject({ paused: false });
    // Out again, so that the next calls ring only the dispatcher each test is about.
    expect((await d101.ask('presence:sign-out')).data.state).toBe('signed_out');
    expect(member('PJSIP/101')).toBeFalsy();
  });

  test('removed by the PBX during a conversation: «поза чергою» when it ends, never «готовий»', async () => {
    const { console: d102 } = await signIn('d102');
    expect((await d102.ask('presence:ready', {})).data.state).toBe('ready');
    const call = await answeredCall('0501112244', 'PJSIP/102');
    // Someone at the PBX (or another tool) takes 102 out while they talk.
    standin.model.removeMember('dispatchers', 'PJSIP/102');
    await d102.next('presence:changed', (p) => p.state === 'signed_out');
    call.hangup();
    await standin.waitFor(() => standin.model.channels.size === 0 || [...standin.model.channels.values()].every((c: any) => c.hungUp), 10000, 'the call ended');
    await new Promise((r) => setTimeout(r, 300));
    const last = d102.of('presence:changed').filter((p: any) => p.userId === ids.d102).at(-1);
    expect(last.state).toBe('signed_out');
    expect(member('PJSIP/102')).toBeFalsy();
    expect((await d102.ask('presence:ready', {})).data.state).toBe('ready');
    expect(member('PJSIP/102')).toBeTruthy();
    expect((await d102.ask('presence:sign-out')).data.state).toBe('signed_out');
  });

  test('signing out of the console takes the dispatcher out of the queue', async () => {
    const { token, console: d103 } = await signIn('d103');
    expect((await d103.ask('presence:ready', {})).data.state).toBe('ready');
    expect(member('PJSIP/103')).toBeTruthy();
    const res = await http(server.baseUrl, token).post('/api/auth/logout', {});
    expect(res.status).toBeLessThan(300);
    await standin.waitFor(() => !member('PJSIP/103'), 10000, '103 out of the queue');
    // Signing in again shows the PBX's state, not a stale one.
    const again = await signIn('d103');
    const shown = await again.console.next('presence:changed', (p) => p.userId === ids.d103);
    expect(shown.state).toBe('signed_out');
  });

  test('an expired or revoked session, and a deactivated user, are let go by the sweep; the console is told first', async () => {
    const { console: d103 } = await signIn('d103');
    expect((await d103.ask('presence:ready', {})).data.state).toBe('ready');
    await Session.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { userId: ids.d103 } });
    await server.kontakt.realtime.presence.sweep();
    await standin.waitFor(() => !member('PJSIP/103'), 10000, '103 let go');
    expect(d103.of('presence:leaving')).toEqual([expect.objectContaining({ reason: 'session_expired', afterCall: false })]);

    const { console: boss } = await signIn('boss');
    expect((await boss.ask('presence:ready', {})).data.state).toBe('ready');
    const res = await http(server.baseUrl, admin).patch(`/api/users/${ids.boss}`, { active: false });
    expect(res.status).toBe(200);
    await standin.waitFor(() => !member('PJSIP/104'), 10000, 'the deactivated head out of the queue');
    await User.update({ active: true }, { where: { id: ids.boss } });
  });

  test('the admin giving a dispatcher another phone: the next call there pops on their console at once', async () => {
    const { console: d103 } = await signIn('d103');
    expect((await d103.ask('presence:ready', {})).data.state).toBe('ready');
    const talk = async (from: string, iface: string) => {
      const call = await answeredCall(from, iface);
      expect(await d103.next('call:ringing', (p) => p.uniqueid === call.id)).toMatchObject({ agentInterface: iface });
      call.hangup();
      await standin.waitFor(() => !member(iface)?.inCall, 10000, `the call at ${iface} ended`);
    };
    // This pop read who sits where (PJSIP/106: nobody), for ten minutes; the write itself must tell the pops.
    await talk('0501112255', 'PJSIP/103');
    expect((await http(server.baseUrl, admin).patch(`/api/users/${ids.d103}`, { queueInterface: 'PJSIP/106' })).status).toBe(200);
    await standin.waitFor(() => !member('PJSIP/103') && member('PJSIP/106'), 10000, 'membership moved');
    await talk('0501112266', 'PJSIP/106');
    expect((await d103.ask('presence:sign-out')).data.state).toBe('signed_out');
    await http(server.baseUrl, admin).patch(`/api/users/${ids.d103}`, { queueInterface: 'PJSIP/103' });
  });

  test('the admin changing a dispatcher\'s phone moves their membership, state interface included', async () => {
    const { console: d101 } = await signIn('d101');
    expect((await d101.ask('presence:ready', {})).data.state).toBe('ready');
    const res = await http(server.baseUrl, admin).patch(`/api/users/${ids.d101}`, { queueInterface: 'Local/101@from-queue/n', queueStateInterface: 'hint:101@ext-local' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ queueInterface: 'Local/101@from-queue/n', queueStateInterface: 'hint:101@ext-local' });
    await standin.waitFor(() => !member('PJSIP/101') && member('Local/101@from-queue/n'), 10000, 'membership moved');
    const add = standin.appRequests.amiActions.filter((a) => a.action.toLowerCase() === 'queueadd').at(-1)!;
    const fields = Object.fromEntries(Object.entries(add.fields).map(([k, v]) => [k.toLowerCase(), v]));
    expect(fields).toMatchObject({ interface: 'Local/101@from-queue/n', stateinterface: 'hint:101@ext-local' });
    // Back to the desk phone for the other tests.
    await http(server.baseUrl, admin).patch(`/api/users/${ids.d101}`, { queueInterface: 'PJSIP/101', queueStateInterface: null });
    await standin.waitFor(() => member('PJSIP/101') && !member('Local/101@from-queue/n'), 10000, 'membership moved back');
  });

  test('interfaces follow one rule: any technology and Local channels, with a state interface; nonsense is refused everywhere', async () => {
    for (const good of ['PJSIP/105', 'IAX2/office-105', 'SIP/105', 'Local/105@from-queue/n']) {
      const res = await http(server.baseUrl, admin).patch(`/api/users/${ids.d102}`, { queueInterface: good });
      expect([good, res.status]).toEqual([good, 200]);
    }
    for (const bad of ['PJSIP/105;x', 'Local/105', 'hint:105@ext-local', 'DROP TABLE', 'PJSIP/' + 'x'.repeat(80)]) {
      const res = await http(server.baseUrl, admin).patch(`/api/users/${ids.d102}`, { queueInterface: bad });
      expect([bad, res.status]).toEqual([bad, 400]);
    }
    for (const bad of ['Local/105@x/n', 'custom:', 'hint:', 'foo']) {
      const res = await http(server.baseUrl, admin).patch(`/api/users/${ids.d102}`, { queueStateInterface: bad });
      expect([bad, res.status]).toEqual([bad, 400]);
    }
    const { console: d102 } = await signIn('d102');
    // A Local member into a context the PBX has: ready. Into one it lacks: the PBX calls it invalid, and so do we.
    expect((await d102.ask('presence:ready', { agentInterface: 'Local/102@agents/n' })).data).toMatchObject({ state: 'ready', agentInterface: 'Local/102@agents/n' });
    expect(member('Local/102@agents/n')).toBeTruthy();
    expect((await d102.ask('presence:ready', { agentInterface: 'Local/102@from-queue/n' })).data).toMatchObject({ state: 'unavailable', agentInterface: 'Local/102@from-queue/n' });
    expect(member('Local/102@from-queue/n')).toBeTruthy();
    standin.model.removeMember('dispatchers', 'Local/102@agents/n');
    const bad = await d102.ask('presence:ready', { agentInterface: 'Local/102' });
    expect(bad.error?.code).toBe('bad_interface');
    expect((await d102.ask('presence:sign-out')).data.state).toBe('signed_out');
    await http(server.baseUrl, admin).patch(`/api/users/${ids.d102}`, { queueInterface: 'PJSIP/102' });
  });

  test('a FreePBX-style member (Local/…@from-queue/n following PJSIP/105) goes ready, rings, talks and pauses as the PBX says', async () => {
    await User.create({ login: 'local105', passwordHash: await hashPassword('pw-dispatchers'), fullName: 'Диспетчер 105', role: 'dispatcher', organizationId: null, queueInterface: 'Local/105@from-queue/n', queueStateInterface: 'PJSIP/105' });
    // Only this dispatcher in the queue, so that the call rings here.
    for (const m of [...standin.model.queues.get('dispatchers')!.members]) standin.model.removeMember('dispatchers', m.iface);
    const { console: d105 } = await signIn('local105');
    const ready = await d105.ask('presence:ready', {});
    expect(ready.data).toMatchObject({ state: 'ready', agentInterface: 'Local/105@from-queue/n' });
    expect(member('Local/105@from-queue/n')).toBeTruthy();
    const add = standin.appRequests.amiActions.filter((a) => a.action.toLowerCase() === 'queueadd').at(-1)!;
    expect(Object.fromEntries(Object.entries(add.fields).map(([k, v]) => [k.toLowerCase(), v]))).toMatchObject({ interface: 'Local/105@from-queue/n', stateinterface: 'PJSIP/105' });

    const call = standin.placeCall({ from: '0501112255', script: [{ afterAnswerMs: 500, dtmf: '0' }] });
    await d105.next('presence:changed', (p) => p.agentInterface === 'Local/105@from-queue/n' && p.state === 'ringing');
    await d105.next('presence:changed', (p) => p.agentInterface === 'Local/105@from-queue/n' && p.state === 'on_call');
    expect((await d105.ask('presence:pause', { reason: 'paperwork' })).data).toMatchObject({ state: 'on_call' });
    expect(member('Local/105@from-queue/n')).toMatchObject({ paused: true, pausedReason: 'paperwork' });
    call.hangup();
    await d105.next('presence:changed', (p) => p.agentInterface === 'Local/105@from-queue/n' && p.state === 'paused' && p.pausedReason === 'paperwork');
    expect((await d105.ask('presence:sign-out')).data.state).toBe('signed_out');
    expect(member('Local/105@from-queue/n')).toBeFalsy();
  });

  test('a request the PBX refuses is shown with the PBX\'s own reason', async () => {
    const { console: d103 } = await signIn('d103');
    const queue = standin.model.queues.get('dispatchers')!;
    standin.model.queues.delete('dispatchers');
    try {
      const refused = await d103.ask('presence:ready', {});
      expect(refused.ok).toBe(false);
      expect(refused.error).toMatchObject({ code: 'pbx_refused' });
      expect(refused.error!.message).toMatch(/АТС не поставила вас на лінію: .+/);
      const shown = await d103.next('presence:changed', (p) => p.userId === ids.d103 && p.refusal);
      expect(shown.refusal).toMatchObject({ action: 'ready', pbxReason: expect.stringMatching(/queue/i) });
    } finally {
      standin.model.queues.set('dispatchers', queue);
    }
    const ok = await d103.ask('presence:ready', {});
    expect(ok.data).toMatchObject({ state: 'ready', refusal: null });
  });
});
