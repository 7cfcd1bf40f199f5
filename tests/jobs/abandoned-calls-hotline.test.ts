import { startStandin, Standin } from '../../standin/scenario';
import { callRow } from '../support/call-rows';
import { testDatabases, TestDatabase } from '../support/databases';
import { startTestServerWithStandin, TestServer } from '../support/test-server';
import { CallbackTask } from '../../models';

/** Through the real PBX path: a caller gives up in the queue (AMI QueueCallerAbandon), calls again and gets through. */
describe.each(testDatabases())('abandoned calls from the hotline on $name', (db: TestDatabase) => {
  let standin: Standin;
  let server: TestServer;

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 0.02,
      queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 15, retry: 1, members: [{ interface: 'PJSIP/101', name: 'Диспетчер 101' }] }],
      phones: { 'PJSIP/101': { kind: 'noanswer' } },
    });
    server = await startTestServerWithStandin(db, standin);
  });
  afterAll(async () => {
    await server.close();
    await standin.stop();
  });

  const run = async () => {
    const outcome = await server.kontakt.jobs.scheduler.runNow('abandoned-calls');
    if (!outcome.ran) throw new Error(JSON.stringify(outcome));
    return outcome.summary;
  };

  test('a caller who hangs up in the queue gets a callback task, closed by itself once they get through', async () => {
    const missed = standin.placeCall({ from: '0501110099', script: [{ afterAnswerMs: 1500, dtmf: '0' }] });
    await standin.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === missed.id, 15000);
    missed.hangup();
    await standin.waitForAmi('QueueCallerAbandon', (f) => f.Uniqueid === missed.id, 15000);
    const row = await callRow(missed.id, (c) => c.endedAt !== null && c.disposition === 'abandoned');

    expect(await run()).toMatchObject({ created: 1 });
    const [task] = await CallbackTask.findAll({ where: { phone: '+380501110099' } });
    expect(task).toMatchObject({ callId: row.id, status: 'open', reason: 'abandoned' });

    // They call again and a dispatcher answers.
    standin.setPhone('PJSIP/101', { kind: 'answer', afterMs: 500, talkMs: 1000 });
    const again = standin.placeCall({ from: '050 111 00 99', script: [{ afterAnswerMs: 1500, dtmf: '0' }] });
    await standin.waitForAmi('AgentConnect', (f) => f.Uniqueid === again.id, 15000);
    again.hangup();
    await callRow(again.id, (c) => c.endedAt !== null && c.disposition === 'answered');

    expect(await run()).toMatchObject({ closed: 1, created: 0 });
    expect(await CallbackTask.findByPk(task!.id)).toMatchObject({ status: 'done', note: 'Абонент додзвонився сам' });
    expect(await CallbackTask.count({ where: { phone: '+380501110099' } })).toBe(1);
  });
});
