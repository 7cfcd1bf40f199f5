import { testDatabases } from '../support/databases';
import { startTestServerWithStandin, login, TestServer } from '../support/test-server';
import { startStandin, Standin } from '../../standin/scenario';
import { Call, CallbackTask, User } from '../../models';
import { hashPassword } from '../../auth/passwords';
import { openConsole, connected, Console } from '../realtime/helpers';
import { NOON_KYIV, until } from './verification-helpers';
import { AUTO_CALLBACK_RETRY_MS } from '../../jobs/abandoned-callback-dialer';

const MINUTE = 60_000;

/**
 * ABANDONED_AUTO_CALLBACK: a caller who hung up in the queue is called back by Kontakt through
 * the real ari-client and the stand-in, and put through to the dispatchers once they answer.
 */
describe.each(testDatabases().map((d) => [d.name, d] as const))('automatic call-back of missed callers on %s', (_name, db) => {
  let standin: Standin;
  let server: TestServer;
  let d101: Console;

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 0.05,
      queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 300, retry: 1, members: [] }],
      phones: { 'PJSIP/101': { kind: 'noanswer' } },
    });
    server = await startTestServerWithStandin(db, standin, { ABANDONED_AUTO_CALLBACK: '1', OUTBOUND_CALLER_ID: '1551' });
    await User.create({ login: 'd101', passwordHash: await hashPassword('pw-d101'), fullName: 'Олена Диспетчер', role: 'dispatcher', organizationId: null, queueInterface: 'PJSIP/101' });
    d101 = openConsole(server.baseUrl, await login(server.baseUrl, 'd101', 'pw-d101'));
    await connected(d101);
  }, 60000);
  afterAll(async () => {
    d101?.close();
    await server?.close();
    await standin?.stop();
  });
  beforeEach(() => server.clock.set(NOON_KYIV));

  /** A task as the abandoned-calls job makes it, for a call abandoned a minute ago. */
  async function missedCaller(phone: string): Promise<CallbackTask> {
    const now = server.clock.now();
    const call = await Call.create({ uniqueid: `missed-${phone}`, linkedid: null, direction: 'inbound', callerNumber: phone, calledNumber: '1551', startedAt: new Date(now.getTime() - MINUTE), disposition: 'abandoned' });
    return CallbackTask.create({ callId: call.id, phone, applicantId: null, reason: 'abandoned', createdAt: now, updatedAt: now });
  }
  const dial = async () => {
    const outcome = await server.kontakt.jobs.scheduler.runNow('abandoned-callback-dialer');
    if (!outcome.ran) throw new Error(JSON.stringify(outcome));
    return outcome.summary;
  };
  const settled = (id: number, check: (t: CallbackTask) => boolean) =>
    until(async () => {
      const t = await CallbackTask.findByPk(id);
      return t && t.claimedBy === null && check(t) ? t : null;
    }, `callback task ${id}`);

  test('the caller answers: they reach the dispatchers ahead of ordinary calls, the pop says why, the task is done', async () => {
    expect((await d101.ask('presence:ready', {})).ok).toBe(true);
    standin.setResident('0501110201', { kind: 'answer', afterMs: 300 });
    const task = await missedCaller('+380501110201');
    expect(await dial()).toMatchObject({ claimed: 1 });
    const pop = await d101.next('call:ringing', (p) => p.callerNumber === '+380501110201');
    expect(pop).toMatchObject({ reason: 'abandoned_callback', priority: 5 });
    const done = await settled(task.id, (t) => t.status === 'done');
    expect(done).toMatchObject({ attempts: 1, note: expect.stringContaining('з’єднано з диспетчером') });
    const call = await until(() => Call.findOne({ where: { uniqueid: pop.uniqueid } }), 'the call-back record');
    expect(call).toMatchObject({ direction: 'outbound', purpose: 'abandoned_callback', calledNumber: '+380501110201' });
    standin.hangupChannel(pop.uniqueid);
    expect((await d101.ask('presence:sign-out')).ok).toBe(true);
    // A done task is not called again.
    expect(await dial()).toMatchObject({ claimed: 0 });
  });

  test('no answer: one more try after the pause, then the task waits for a dispatcher', async () => {
    standin.setResident('0501110202', { kind: 'noanswer' });
    const task = await missedCaller('+380501110202');
    expect(await dial()).toMatchObject({ claimed: 1 });
    const first = await settled(task.id, (t) => t.attempts === 1);
    expect(first.status).toBe('open');
    expect(await dial()).toMatchObject({ claimed: 0 }); // not before the pause
    server.clock.advance(AUTO_CALLBACK_RETRY_MS + MINUTE);
    expect(await dial()).toMatchObject({ claimed: 1 });
    await settled(task.id, (t) => t.attempts === 2);
    server.clock.advance(AUTO_CALLBACK_RETRY_MS + MINUTE);
    expect(await dial()).toMatchObject({ claimed: 0 });
    expect(await CallbackTask.findByPk(task.id)).toMatchObject({ status: 'open', attempts: 2 });
  });

  test('at night nobody is called back; an old task is left to the dispatchers', async () => {
    standin.setResident('0501110203', { kind: 'answer', afterMs: 300 });
    server.clock.set('2026-03-10T20:30:00Z'); // 22:30 in Kyiv
    await missedCaller('+380501110203');
    expect(await dial()).toMatchObject({ claimed: 0, skipped: 'outside_calling_hours' });
    server.clock.set('2026-03-11T07:30:00Z'); // 09:30 next morning: eleven hours later, too old for a machine
    expect(await dial()).toMatchObject({ claimed: 0 });
    expect(await CallbackTask.findOne({ where: { phone: '+380501110203' } })).toMatchObject({ status: 'open', attempts: 0 });
  });
});
