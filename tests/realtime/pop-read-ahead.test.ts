import sinon from 'sinon';
import { startStandin, Standin } from '../../standin/scenario';
import { testDatabases } from '../support/databases';
import { TestServer, login, startTestServerWithStandin } from '../support/test-server';
import { User } from '../../models';
import { hashPassword } from '../../auth/passwords';
import { systemActor } from '../../appeals/actor';
import { openConsole, connected, until, Console } from './helpers';

/**
 * The caller's history is read while the IVR puts them through, not when the phone rings; an
 * appeal registered meanwhile is still on the card. Through the stand-in, the real ARI and AMI
 * libraries and a real Socket.IO console.
 */
describe.each(testDatabases())('screen-pop history read ahead on $name', (db) => {
  let standin: Standin;
  let server: TestServer;
  let d1: Console;

  const served = () => server.kontakt.realtime.pops.historyServed();

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 0.02,
      queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 300, retry: 1, members: [] }],
      phones: { 'PJSIP/101': { kind: 'answer', afterMs: 1000, talkMs: 600000 } },
    });
    server = await startTestServerWithStandin(db, standin);
    await User.create({ login: 'ra1', passwordHash: await hashPassword('pw-read-ahead'), fullName: 'Оксана Диспетчер', role: 'dispatcher', organizationId: null, queueInterface: 'PJSIP/101' });
    d1 = openConsole(server.baseUrl, await login(server.baseUrl, 'ra1', 'pw-read-ahead'));
    await connected(d1);
  });
  afterEach(() => sinon.restore());
  afterAll(async () => {
    d1?.close();
    await server?.close();
    await standin?.stop();
  });

  test('the pop finds the history read during the transfer prompt; an appeal registered while the caller waits is on the card', async () => {
    const first = await server.kontakt.appeals.register(systemActor('test'), {
      channel: 'phone', phone: '0502223344', applicantName: 'Ганна Коваль', categoryCode: 'cold-water-none', address: 'вулиця Садова, 3', description: 'Немає води',
    });
    expect((await d1.ask('presence:ready', {})).data.state).toBe('ready');
    const before = served();
    // Whether the call had reached the queue when its history was asked for.
    const pops = server.kontakt.realtime.pops;
    const prefetch = pops.prefetch.bind(pops);
    const inQueueAtPrefetch = new Map<string, boolean>();
    sinon.stub(pops, 'prefetch').callsFake((id: string) => {
      inQueueAtPrefetch.set(id, Boolean(server.kontakt.telephony.recorder.record(id)?.queueJoinedAt));
      prefetch(id);
    });

    // Key 1: the transfer step says its prompt, then the queue rings 101.
    const call = standin.placeCall({ from: '0502223344', script: [{ afterAnswerMs: 1000, dtmf: '1' }] });
    const pop = await d1.next('call:ringing', (p) => p.uniqueid === call.id);
    expect(pop.appeals.map((a: any) => a.id)).toEqual([first.id]);
    expect(pop.applicant).toEqual(expect.objectContaining({ id: first.applicantId, fullName: 'Ганна Коваль' }));
    expect(served()).toEqual({ ahead: before.ahead + 1, atRing: before.atRing });
    expect(inQueueAtPrefetch.get(call.id)).toBe(false);
    await d1.next('call:answered', (e) => e.uniqueid === call.id);
    call.hangup();
    await d1.next('call:ended', (e) => e.uniqueid === call.id);

    // Nobody ready: the next call from the same number waits in the queue with its history read.
    expect((await d1.ask('presence:pause', { reason: 'paperwork' })).data.state).toBe('paused');
    const second = standin.placeCall({ from: '0502223344', script: [{ afterAnswerMs: 1000, dtmf: '1' }] });
    await until(() => server.kontakt.telephony.recorder.record(second.id)?.queueJoinedAt, 'the second call waiting in the queue');
    const later = await server.kontakt.appeals.register(systemActor('test'), {
      channel: 'online', phone: '0502223344', categoryCode: 'cold-water-none', address: 'вулиця Садова, 3', description: 'Досі немає води',
    });
    const mid = served();
    // The queue may ring the phone before the answer comes back.
    expect((await d1.ask('presence:ready', {})).data.state).toMatch(/^(ready|ringing)$/);
    const pop2 = await d1.next('call:ringing', (p) => p.uniqueid === second.id);
    // Read again when the phone rang: the card shows the appeal registered a moment before.
    expect(pop2.appeals.map((a: any) => a.id)).toEqual([later.id, first.id]);
    expect(served()).toEqual({ ahead: mid.ahead, atRing: mid.atRing + 1 });
    expect(pop2.agentInterface).toBe('PJSIP/101');
    second.hangup();
  });
});
