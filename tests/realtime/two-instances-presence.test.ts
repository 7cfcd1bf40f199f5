import { startStandin, Standin } from '../../standin/scenario';
import { testDatabases } from '../support/databases';
import { TestServer, login, startTestServerWithStandin, standinEnv } from '../support/test-server';
import { startInstance, InstanceProcess } from '../support/instance-process';
import { User } from '../../models';
import { hashPassword } from '../../auth/passwords';
import { openConsole, connected, until, Console } from './helpers';
import { freePort } from '../../bench/processes';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// MariaDB when there is one (shared by both, as in production); otherwise the SQLite file.
const shared = testDatabases().find((d) => d.name === 'MariaDB') ?? testDatabases()[0];

/**
 * Two instances that both read Asterisk's queue over AMI and share Socket.IO through Redis (as
 * in production): each change of a dispatcher's state, and each wallboard push, reaches a
 * console once, not once per instance.
 */
describe(`presence and the wallboard with two instances on ${shared.name}`, () => {
  let standin: Standin;
  let a: TestServer;
  let b: InstanceProcess;
  let bUrl: string;
  let dispatcher: Console;
  let head: Console;

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 0.05,
      queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 300, retry: 1, members: [] }],
      phones: { 'PJSIP/301': { kind: 'answer', afterMs: 2000, talkMs: 4000 }, 'PJSIP/302': { kind: 'answer', afterMs: 2000, talkMs: 4000 } },
    });
    // A keeps who sits at which phone for 10 minutes (the pops) and reads the queue whole once an
    // hour (presence): only B's word can tell it of a move in these tests.
    a = await startTestServerWithStandin(shared, standin, { REDIS_URL, SEATS_MAX_AGE_SECONDS: '600', PRESENCE_SWEEP_SECONDS: '3600' });
    const port = await freePort();
    bUrl = `http://127.0.0.1:${port}`;
    // B hears the same AMI; calls go to A's application (the stand-in's [hotline]), B runs none.
    b = await startInstance({ ...standinEnv(standin), DATABASE_URL: a.kontakt.config.DATABASE_URL, PORT: String(port), REDIS_URL, ARI_APP: 'kontakt-b' });
    await User.create({ login: 'd301', passwordHash: await hashPassword('pw-d301'), fullName: 'Диспетчер 301', role: 'dispatcher', organizationId: null, queueInterface: 'PJSIP/301' });
    await User.create({ login: 'head1', passwordHash: await hashPassword('pw-head1'), fullName: 'Старший зміни', role: 'head', organizationId: null });
    dispatcher = openConsole(bUrl, await login(bUrl, 'd301', 'pw-d301'));
    head = openConsole(a.baseUrl, await login(a.baseUrl, 'head1', 'pw-head1'));
    await Promise.all([connected(dispatcher), connected(head)]);
  }, 90000);

  afterAll(async () => {
    dispatcher?.close();
    head?.close();
    await b?.stop();
    await a?.close();
    await standin?.stop();
  });

  test('a call rings and is answered: the console on B hears each state once', async () => {
    expect((await dispatcher.ask('presence:ready', {})).data.state).toBe('ready');
    // A runs the IVR and tells the console on B of the pop through Redis; both read the queue.
    const call = standin.placeCall({ from: '0503010000', script: [{ afterAnswerMs: 500, dtmf: '0' }] });
    await dispatcher.next('call:ringing', (p) => p.uniqueid === call.id);
    await call.ended;
    await until(() => dispatcher.of('presence:changed').at(-1)?.state === 'ready' && dispatcher.of('presence:changed').some((p: any) => p.state === 'on_call'), 'ready again after the call');
    // Let any copy from the other instance arrive (Redis is a hop away) before counting.
    await new Promise((r) => setTimeout(r, 500));
    const states = dispatcher.of('presence:changed').map((p: any) => p.state);
    expect(states.filter((s: string) => s === 'ringing')).toHaveLength(1);
    expect(states.filter((s: string) => s === 'on_call')).toHaveLength(1);
    expect(dispatcher.of('call:ringing').filter((p: any) => p.uniqueid === call.id)).toHaveLength(1);
  });

  test('a pause is one presence change and one wallboard update, on either instance', async () => {
    expect((await head.ask('wallboard:get')).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    const boards = head.of('wallboard:update').length;
    const pauses = dispatcher.of('presence:changed').filter((p: any) => p.state === 'paused').length;
    expect((await dispatcher.ask('presence:pause', { reason: 'break' })).ok).toBe(true);
    await head.next('wallboard:update', (w) => w.dispatchers.paused === 1);
    // Both instances hear the pause; each pushes its board (throttled, 500 ms) to its own consoles.
    await new Promise((r) => setTimeout(r, 1500));
    expect(head.of('wallboard:update').slice(boards)).toHaveLength(1);
    expect(dispatcher.of('presence:changed').filter((p: any) => p.state === 'paused')).toHaveLength(pauses + 1);
  });

  test('a dispatcher who sits down at another phone through B gets the pop there from A at once', async () => {
    // A read who sits where for the first test's call; B writes the move and tells A through Redis.
    expect((await dispatcher.ask('presence:ready', { agentInterface: 'PJSIP/302' })).ok).toBe(true);
    const call = standin.placeCall({ from: '0503020000', script: [{ afterAnswerMs: 500, dtmf: '0' }] });
    const pop = await dispatcher.next('call:ringing', (p) => p.uniqueid === call.id);
    expect(pop.agentInterface).toBe('PJSIP/302');
    await call.ended;
  });

  test('a dispatcher who takes a phone through B is shown at it by A at once, not as whoever sat there', async () => {
    // A has shown PJSIP/302's states as d301's; d2 takes the phone through B.
    const d2 = await User.create({ login: 'd2', passwordHash: await hashPassword('pw-d2'), fullName: 'Диспетчер 2', role: 'dispatcher', organizationId: null });
    const onB = openConsole(bUrl, await login(bUrl, 'd2', 'pw-d2'));
    const onA = openConsole(a.baseUrl, await login(a.baseUrl, 'd2', 'pw-d2'));
    try {
      await Promise.all([connected(onB), connected(onA)]);
      expect((await onB.ask('presence:ready', { agentInterface: 'PJSIP/302' })).ok).toBe(true);
      const heardBy301 = dispatcher.of('presence:changed').length;
      const call = standin.placeCall({ from: '0503030000', script: [{ afterAnswerMs: 500, dtmf: '0' }] });
      // A's own word about the phone (each instance tells only its own consoles of the PBX's states).
      const ringing = await onA.next('presence:changed', (p) => p.state === 'ringing');
      expect(ringing).toMatchObject({ userId: d2.id, fullName: 'Диспетчер 2', agentInterface: 'PJSIP/302' });
      await call.ended;
      await onA.next('presence:changed', (p) => p.state === 'on_call');
      // d301, who sat there before, is told nothing of the phone's calls by either instance.
      expect(dispatcher.of('presence:changed').slice(heardBy301).filter((p: any) => p.state === 'ringing' || p.state === 'on_call')).toEqual([]);
    } finally {
      onA.close();
      onB.close();
    }
  });

  test('an instance that stops takes only its own consoles with it', async () => {
    const cut: string[] = [];
    head.socket.on('disconnect', (reason) => cut.push(reason));
    await b.stop();
    // B's consoles were told to go (they reconnect elsewhere); A's stay as they are.
    await until(() => !dispatcher.socket.connected, 'the console on B cut off');
    await new Promise((r) => setTimeout(r, 1000));
    expect(cut).toEqual([]);
    expect(head.socket.connected).toBe(true);
  });
});
