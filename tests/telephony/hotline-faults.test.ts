import sinon from 'sinon';
import { startStandin, Standin } from '../../standin/scenario';
import { callRow } from '../support/call-rows';
import { testDatabases, TestDatabase } from '../support/databases';
import { startTestServerOnWithStandin, TestServer } from '../support/test-server';
import { Call } from '../../models';
import { CallRecordStore } from '../../calls/call-record-store';
import { HOTLINE_TEXTS } from '../../ivr/flow/hotline-flow';

/** The faults a hotline meets at night: lost sockets, restarts, a database away, callers who give up. */
describe.each(testDatabases())('hotline faults on $name', (db: TestDatabase) => {
  let standin: Standin;
  let url: string;
  let server: TestServer | null = null;

  const start = () => startTestServerOnWithStandin(url, standin);

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 0.02,
      queues: [
        { name: 'dispatchers', strategy: 'ringall', timeout: 15, retry: 1, members: [{ interface: 'PJSIP/101', name: 'Диспетчер 101' }] },
      ],
      phones: { 'PJSIP/101': { kind: 'answer', afterMs: 1500, talkMs: 3000 } },
    });
    url = await db.create();
  });
  beforeEach(async () => {
    server = await start();
  });
  afterEach(async () => {
    sinon.restore();
    await server?.close();
    server = null;
  });
  afterAll(async () => {
    await standin.stop();
    await db.drop();
  });

  const menuPlayed = (id: string) =>
    standin.appRequests.rest.some((r) => r.method === 'POST' && r.path.includes(`/channels/${id}/play`) && r.path.includes(server!.kontakt.telephony.prompts.hashFor(HOTLINE_TEXTS.mainMenu)));

  test('the ARI socket drops mid-call: the call is adopted and reaches the dispatchers', async () => {
    const call = standin.placeCall({ from: '0501110001' });
    await standin.waitFor(() => menuPlayed(call.id), 15000, 'menu');
    standin.faults.dropAri();
    await standin.waitForAmi('AgentConnect', (f) => f.Uniqueid === call.id, 15000);
    call.hangup();
    const row = await callRow(call.id, (c) => c.endedAt !== null && c.talkSeconds !== null);
    expect(row.ivrPath?.some((e) => e.step === 'transfer:adopted')).toBe(true);
    expect(row.disposition).toBe('answered');
    expect(await Call.count({ where: { uniqueid: call.id } })).toBe(1);
  });

  test('the server restarts mid-call: the new process adopts the call, sends it to the queue, and completes its record', async () => {
    const call = standin.placeCall({ from: '0501110002' });
    await standin.waitFor(() => menuPlayed(call.id), 15000, 'menu');
    // A crash: the old process stops talking to Asterisk without handing anything over.
    server!.kontakt.telephony.ari!.stop();
    server!.kontakt.telephony.ami!.stop();
    await server!.kontakt.telephony.recorder.flush();
    const startedAt = (await Call.findOne({ where: { uniqueid: call.id } }))!.startedAt;
    await server!.close();
    server = await start();
    await standin.waitForAmi('AgentConnect', (f) => f.Uniqueid === call.id, 15000);
    call.hangup();
    const row = await callRow(call.id, (c) => c.endedAt !== null && c.talkSeconds !== null);
    expect(row.callerNumber).toBe('+380501110002');
    expect(row.startedAt.getTime()).toBe(startedAt.getTime());
    expect(row.disposition).toBe('answered');
    expect(row.ivrPath?.some((e) => e.step === 'transfer:adopted')).toBe(true);
    expect(await Call.count({ where: { uniqueid: call.id } })).toBe(1);
  });

  test('shutting down hands a caller still in the IVR to the dispatchers', async () => {
    const call = standin.placeCall({ from: '0501110003' });
    await standin.waitFor(() => menuPlayed(call.id), 15000, 'menu');
    await server!.close();
    server = null;
    // Kontakt's AMI connection is closed too: what the PBX was asked, and answered, tells.
    const continued = standin.appRequests.rest.find((r) => r.path.includes(`/channels/${call.id}/continue`) && r.path.includes('context=dispatchers'));
    expect(continued?.status).toBe(204);
    call.hangup();
    server = await start();
    const row = await callRow(call.id, (c) => (c.ivrPath ?? []).some((e) => e.step === 'transfer:shutdown'));
    expect(row.direction).toBe('inbound');
  });

  test('the database is away during a call: the record is written once it returns, once', async () => {
    const saveMany = CallRecordStore.prototype.saveMany;
    let down = true;
    const stub = sinon.stub(CallRecordStore.prototype, 'saveMany').callsFake(async function (this: CallRecordStore, writes) {
      if (down) throw new Error('ECONNREFUSED: database away');
      return saveMany.call(this, writes);
    });
    const call = standin.placeCall({ from: '0501110004', script: [{ afterAnswerMs: 1500, dtmf: '1' }] });
    await standin.waitForAmi('AgentConnect', (f) => f.Uniqueid === call.id, 15000);
    call.hangup();
    await standin.waitForAmi('Hangup', (f) => f.Uniqueid === call.id, 15000);
    // The recorder's next pass (within CALL_RECORDS_FLUSH_MS) tries and fails.
    await standin.waitFor(() => stub.callCount > 0, 5000, 'a write tried while the database is away');
    expect(await Call.count({ where: { uniqueid: call.id } })).toBe(0);
    expect(server!.kontakt.telephony.recorder.pending()).toBeGreaterThan(0);
    down = false;
    const row = await callRow(call.id, (c) => c.endedAt !== null && c.talkSeconds !== null);
    expect(stub.callCount).toBeGreaterThan(1);
    expect(row.disposition).toBe('answered');
    expect(row.ivrPath?.some((e) => e.step === 'main' && e.key === '1')).toBe(true);
    expect(await Call.count({ where: { uniqueid: call.id } })).toBe(1);
  });

  test('a caller who gives up in the queue is kept as an abandoned (missed) call', async () => {
    standin.setPhone('PJSIP/101', { kind: 'noanswer' });
    try {
      const call = standin.placeCall({ from: '0501110005', script: [{ afterAnswerMs: 1500, dtmf: '0' }] });
      await standin.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id, 15000);
      call.hangup();
      await standin.waitForAmi('QueueCallerAbandon', (f) => f.Uniqueid === call.id, 15000);
      const row = await callRow(call.id, (c) => c.endedAt !== null && c.disposition === 'abandoned');
      expect(row.queue).toBe('dispatchers');
      expect(row.waitSeconds).not.toBeNull();
      expect(row.dispatcherUserId).toBeNull();
    } finally {
      standin.setPhone('PJSIP/101', { kind: 'answer', afterMs: 1500, talkMs: 3000 });
    }
  });

  test('a caller who hangs up while AMI is away is still recorded as ended once AMI is back', async () => {
    standin.setPhone('PJSIP/101', { kind: 'noanswer' });
    try {
      const call = standin.placeCall({ from: '0501110006', script: [{ afterAnswerMs: 1500, dtmf: '0' }] });
      await standin.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id, 15000);
      standin.faults.dropAmi();
      call.hangup();
      const row = await callRow(call.id, (c) => c.endedAt !== null);
      expect(row.disposition).toBe('abandoned');
      expect(server!.kontakt.telephony.ami!.status().reconnects).toBeGreaterThan(0);
    } finally {
      standin.setPhone('PJSIP/101', { kind: 'answer', afterMs: 1500, talkMs: 3000 });
    }
  });

  test('an AMI event sent twice changes nothing; a hidden caller id is recorded as unknown', async () => {
    standin.faults.duplicateAmiEvent('AgentConnect');
    standin.faults.duplicateAmiEvent('QueueCallerJoin');
    const call = standin.placeCall({ from: 'anonymous', script: [{ afterAnswerMs: 1500, dtmf: '1' }] });
    await standin.waitForAmi('AgentConnect', (f) => f.Uniqueid === call.id, 15000);
    call.hangup();
    const row = await callRow(call.id, (c) => c.endedAt !== null && c.talkSeconds !== null);
    expect(row.applicantId).toBeNull();
    expect(row.disposition).toBe('answered');
    expect(await Call.count({ where: { uniqueid: call.id } })).toBe(1);
  });
});
