import sinon from 'sinon';
import { DatabaseError, type Sequelize } from 'sequelize';
import { testDatabases } from '../support/databases';
import { startTestServer, capturedLogger, TestServer } from '../support/test-server';
import { Appeal, Applicant, Call, CallAppeal, Category, User } from '../../models';
import { CallRecorder } from '../../calls/call-recorder';
import { CallRecordStore } from '../../calls/call-record-store';
import { linkAppeals, type CallRecord } from '../../calls/call-record';
import { systemClock } from '../../core/clock';

const T0 = new Date('2026-03-10T09:00:00Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

/** The statements the database was sent inside transactions (every statement of a flush is in its one transaction). */
function statements(db: Sequelize) {
  const spy = sinon.spy(db, 'query');
  return {
    taken(): string[] {
      const sql = spy.getCalls().filter((c) => (c.args[1] as { transaction?: unknown } | undefined)?.transaction).map((c) => c.args[0]);
      spy.resetHistory();
      return sql.map((s) => (typeof s === 'string' ? s : (s as { query: string }).query));
    },
  };
}

/** What becomes of each kind of call, and how its record says so. */
const KINDS: Array<[string, (r: CallRecord, i: number) => void]> = [
  ['answered', (r) => Object.assign(r, { direction: 'inbound', queue: 'dispatchers', queueJoinedAt: at(10), agentConnected: true, agentInterface: 'PJSIP/101', answeredAt: at(20), waitSeconds: 10, endedAt: at(80) })],
  ['abandoned', (r) => Object.assign(r, { direction: 'inbound', queue: 'dispatchers', queueJoinedAt: at(10), abandoned: true, waitSeconds: 30, endedAt: at(40) })],
  ['ivr_only', (r) => Object.assign(r, { direction: 'inbound', ivrPath: [{ step: 'main', key: '2', at: at(5).toISOString() }], endedAt: at(30) })],
  ['failed', (r) => Object.assign(r, { direction: 'inbound', failed: true, endedAt: at(3) })],
  ['not_reached', (r) => Object.assign(r, { direction: 'outbound', purpose: 'verification', calledNumber: '+380509990000', endedAt: at(30), hangupCause: 19 })],
  ['in_progress', (r) => Object.assign(r, { direction: 'inbound', ivrPath: [{ step: 'greeting', at: at(1).toISOString() }] })],
];

describe.each(testDatabases())('call records written in batches on $name', (db) => {
  let server: TestServer;
  let sequelize: Sequelize;
  let store: CallRecordStore;
  let seq = 0;
  let dispatcherId: number;
  let knownApplicantId: number;
  let appealIds: number[];

  beforeAll(async () => {
    server = await startTestServer(db);
    sequelize = Call.sequelize!;
    store = new CallRecordStore(sequelize, 'UA');
    dispatcherId = (await User.create({ login: 'batch-disp', passwordHash: 'x', fullName: 'Диспетчер', role: 'dispatcher', queueInterface: 'PJSIP/101' })).id;
    knownApplicantId = (await Applicant.create({ phone: '+380501110000' } as never)).id;
    const category = (await Category.findOne())!;
    appealIds = [];
    for (const n of [1, 2]) {
      const a = await Appeal.create({ number: `B-${n}`, channel: 'phone', status: 'new', categoryId: category.id, address: 'вул. Тестова, 1', description: 'Тест', emergency: false, registeredAt: T0, deadlineAt: at(86400), originalDeadlineAt: at(86400) } as never);
      appealIds.push(a.id);
    }
  });
  afterEach(() => sinon.restore());
  afterAll(() => server.close());

  const recorderWith = (o: Partial<ConstructorParameters<typeof CallRecorder>[0]> = {}) => {
    const { logger, lines } = capturedLogger();
    return { recorder: new CallRecorder({ writer: store, logger, clock: systemClock, ...o }), errors: () => lines.filter((l) => l.level >= 50) };
  };
  /** A call of each kind in turn, from the known applicant's phone for every other one. */
  const place = (recorder: CallRecorder, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const uniqueid = `batch-${++seq}`;
      const [kind, fill] = KINDS[i % KINDS.length]!;
      recorder.update(uniqueid, (r) => {
        Object.assign(r, { startedAt: at(0), callerNumber: i % 2 ? '0501110000' : `05022${String(seq).padStart(5, '0')}` });
        fill(r, i);
      });
      return { uniqueid, kind, known: i % 2 === 1 };
    });

  test('many calls in one flush: one batch, each row with what became of its call', async () => {
    const { recorder, errors } = recorderWith();
    const saveMany = sinon.spy(store, 'saveMany');
    const calls = place(recorder, 30);
    await recorder.flush();
    expect(saveMany.callCount).toBe(1);
    expect(recorder.pending()).toBe(0);
    for (const c of calls) {
      const row = (await Call.findOne({ where: { uniqueid: c.uniqueid } }))!;
      expect(row.disposition).toBe(c.kind);
      expect(recorder.callId(c.uniqueid)).toBe(row.id);
      // An outbound call is about whom it called, who is nobody known here.
      expect(row.applicantId).toBe(c.known && c.kind !== 'not_reached' ? knownApplicantId : null);
      expect(row.dispatcherUserId).toBe(c.kind === 'answered' ? dispatcherId : null);
      expect(row.direction).toBe(c.kind === 'not_reached' ? 'outbound' : 'inbound');
    }
    const answered = (await Call.findOne({ where: { uniqueid: calls[0]!.uniqueid } }))!;
    expect(answered).toMatchObject({ callerNumber: expect.stringMatching(/^\+38050/), queue: 'dispatchers', waitSeconds: 10, agentInterface: 'PJSIP/101' });
    expect(answered.endedAt!.getTime()).toBe(at(80).getTime());
    expect(errors()).toEqual([]);
  });

  test('what a caller or the PBX sends comes back as it was, through the insert and the update: quotes, backslashes, Cyrillic, milliseconds', async () => {
    const { recorder, errors } = recorderWith();
    const uniqueid = `batch-${++seq}`;
    const awkward = `O'Brien \\ "x" \\0 ?; -- Дід`;
    const started = new Date(T0.getTime() + 123);
    recorder.update(uniqueid, (r) => Object.assign(r, { direction: 'inbound', startedAt: started, callerNumber: awkward, ivrPath: [{ step: 'main', key: `1'\\"`, at: at(1).toISOString() }] }));
    await recorder.flush();
    const first = (await Call.findOne({ where: { uniqueid } }))!;
    recorder.update(uniqueid, (r) => Object.assign(r, { endedAt: at(30), hangupCause: 16, hangupCauseText: `Normal Clearing: «${awkward}»` }));
    await recorder.flush();
    const row = (await Call.findOne({ where: { uniqueid } }))!;
    expect(row.callerNumber).toBe(awkward);
    expect(row.hangupCauseText).toBe(`Normal Clearing: «${awkward}»`);
    expect(row.ivrPath).toEqual([{ step: 'main', key: `1'\\"`, at: at(1).toISOString() }]);
    // MySQL's DATETIME holds whole seconds, SQLite's text the milliseconds, as Sequelize writes them.
    expect(row.startedAt.getTime()).toBe(db.name === 'MariaDB' ? T0.getTime() : started.getTime());
    expect(row.endedAt!.getTime()).toBe(at(30).getTime());
    expect(row.disposition).toBe('ivr_only');
    expect(row.id).toBe(first.id);
    expect(row.createdAt.getTime()).toBe(first.createdAt.getTime());
    expect(errors()).toEqual([]);
  });

  test('a caller id or cause longer than its column is cut to fit, a count that is no number is left unknown, and neither holds back another call', async () => {
    const { recorder, errors } = recorderWith();
    const [normal] = place(recorder, 1);
    const uniqueid = `batch-${++seq}`;
    // A SIP trunk may send any user part as the number; a cut may not split a character in two.
    const long = `sip-${'9'.repeat(26)}😀${'7'.repeat(20)}`;
    recorder.update(uniqueid, (r) => Object.assign(r, { direction: 'inbound', startedAt: at(0), callerNumber: long, endedAt: at(5), hangupCauseText: 'Ш'.repeat(100), talkSeconds: Number('abc') }));
    await recorder.flush();
    expect(recorder.pending()).toBe(0);
    expect(await Call.count({ where: { uniqueid: normal!.uniqueid } })).toBe(1);
    const row = (await Call.findOne({ where: { uniqueid } }))!;
    expect(row.callerNumber).toBe(`sip-${'9'.repeat(26)}😀7`);
    expect(row.hangupCauseText).toBe('Ш'.repeat(64));
    expect(row.talkSeconds).toBeNull();
    expect(errors()).toEqual([]);
  });

  test('a dispatcher deleted while their call is live: the refused write is tried once more with the dispatcher looked up again, and the call is written', async () => {
    const { recorder, errors } = recorderWith();
    const gone = await User.create({ login: `gone-${++seq}`, passwordHash: 'x', fullName: 'Звільнений', role: 'dispatcher', queueInterface: `PJSIP/9${seq}` });
    const uniqueid = `batch-${++seq}`;
    recorder.update(uniqueid, (r) => Object.assign(r, { direction: 'inbound', startedAt: at(0), callerNumber: '0501110000', queue: 'dispatchers', queueJoinedAt: at(5), agentConnected: true, agentInterface: gone.queueInterface, answeredAt: at(8), waitSeconds: 3 }));
    await recorder.flush();
    expect((await Call.findOne({ where: { uniqueid } }))!.dispatcherUserId).toBe(gone.id);
    // The row lets go of the user (ON DELETE SET NULL); the recorder still knows their id, and
    // writing it again is refused (a missing referenced row).
    await gone.destroy();
    const saveMany = sinon.spy(store, 'saveMany');
    recorder.update(uniqueid, (r) => Object.assign(r, { endedAt: at(60), talkSeconds: 52 }));
    const others = place(recorder, 5);
    await recorder.flush();
    expect(await Call.count({ where: { uniqueid: others.map((c) => c.uniqueid) } })).toBe(5);
    const row = (await Call.findOne({ where: { uniqueid } }))!;
    expect(row).toMatchObject({ dispatcherUserId: null, talkSeconds: 52, disposition: 'answered' });
    expect(row.endedAt!.getTime()).toBe(at(60).getTime());
    // Refused whole, halved until the call was alone, then written with the lookup done again.
    expect(saveMany.callCount).toBeGreaterThan(2);
    expect(recorder.pending()).toBe(0);
    expect(recorder.refused()).toBe(0);
    expect(errors()).toEqual([]);
  });

  test('a record the database refuses for its own data holds back no other call: it is set aside, logged whole and counted, and written when it changes', async () => {
    const { recorder, errors } = recorderWith();
    const calls = place(recorder, 7);
    const bad = calls[4]!.uniqueid;
    // A refusal as MySQL words it, for any batch that holds that call (hard to cause on SQLite).
    const write = store.saveMany.bind(store);
    let refuse = true;
    const refusal = new DatabaseError(Object.assign(new Error("Out of range value for column 'wait_seconds' at row 3"), { code: 'ER_WARN_DATA_OUT_OF_RANGE', sql: '' }) as never);
    const saveMany = sinon.stub(store, 'saveMany').callsFake(async (writes) => {
      if (refuse && writes.some((w) => w.record.uniqueid === bad)) throw refusal;
      return write(writes);
    });
    await recorder.flush();
    expect(await Call.count({ where: { uniqueid: calls.map((c) => c.uniqueid) } })).toBe(6);
    expect(await Call.count({ where: { uniqueid: bad } })).toBe(0);
    expect(recorder.pending()).toBe(0);
    expect(recorder.refused()).toBe(1);
    expect(errors()).toEqual([expect.objectContaining({ call: bad, msg: expect.stringContaining('refused a call record'), record: expect.objectContaining({ uniqueid: bad }) })]);
    // 7 refused; its first 4 written; the 3 with the call refused; of those, 2 refused (the call
    // and the next), each then alone; the last one written.
    expect(saveMany.getCalls().map((c) => c.args[0].length)).toEqual([7, 4, 3, 2, 1, 1, 1]);

    // Not tried again unchanged; a change is written.
    await recorder.flush();
    expect(saveMany.callCount).toBe(7);
    refuse = false;
    recorder.update(bad, (r) => (r.hangupCause = 16));
    await recorder.flush();
    expect((await Call.findOne({ where: { uniqueid: bad } }))!.hangupCause).toBe(16);
  });

  test('more dirty records than a batch holds are written in several batches of one pass', async () => {
    const { recorder } = recorderWith({ batchSize: 4 });
    const saveMany = sinon.spy(store, 'saveMany');
    const calls = place(recorder, 10);
    await recorder.flush();
    expect(saveMany.getCalls().map((c) => c.args[0].length)).toEqual([4, 4, 2]);
    expect(recorder.pending()).toBe(0);
    expect(await Call.count({ where: { uniqueid: calls.map((c) => c.uniqueid) } })).toBe(10);
  });

  test('a late partial record merges with the row: AgentComplete after the hangup keeps the call answered and its path', async () => {
    const first = recorderWith().recorder;
    const [call] = place(first, 1);
    first.update(call!.uniqueid, (r) => r.ivrPath.push({ step: 'main', key: '1', outcome: 'queue', at: at(5).toISOString() }));
    await first.flush();
    const before = (await Call.findOne({ where: { uniqueid: call!.uniqueid } }))!;
    // Another process (or this one after the record left memory) hears only the late AgentComplete.
    const late = recorderWith().recorder;
    late.applyEvent({ type: 'agent.completed', uniqueid: call!.uniqueid, agentInterface: 'PJSIP/101', holdSeconds: 10, talkSeconds: 55 } as never);
    await late.flush();
    const row = (await Call.findOne({ where: { uniqueid: call!.uniqueid } }))!;
    expect(row.disposition).toBe('answered');
    expect(row.talkSeconds).toBe(55);
    expect(row.ivrPath).toEqual(before.ivrPath);
    expect(row.ivrPath).toEqual([{ step: 'main', key: '1', outcome: 'queue', at: at(5).toISOString() }]);
    expect(row.endedAt!.getTime()).toBe(at(80).getTime());
    expect(row.startedAt.getTime()).toBe(before.startedAt.getTime());
    expect(row.callerNumber).toBe(before.callerNumber);
    expect(row.applicantId).toBe(before.applicantId);
    expect(late.callId(call!.uniqueid)).toBe(before.id);

    // A hangup heard alone for a call in the queue: ended, and abandoned as it joined the queue.
    const queued = recorderWith().recorder;
    queued.update(`batch-${++seq}`, (r) => Object.assign(r, { direction: 'inbound', startedAt: at(0), queue: 'dispatchers', queueJoinedAt: at(10) }));
    await queued.flush();
    const hangup = recorderWith().recorder;
    hangup.update(`batch-${seq}`, (r) => (r.endedAt = at(50)));
    await hangup.flush();
    const abandoned = (await Call.findOne({ where: { uniqueid: `batch-${seq}` } }))!;
    expect(abandoned).toMatchObject({ disposition: 'abandoned', queue: 'dispatchers', direction: 'inbound' });
  });

  test('a call taken over from an instance that died keeps the steps that instance wrote; the new steps follow them', async () => {
    const dead = recorderWith().recorder;
    const [call] = place(dead, 1);
    const id = call!.uniqueid;
    const greeting = { step: 'greeting', at: at(1).toISOString() };
    const menu = { step: 'main', at: at(4).toISOString() };
    dead.update(id, (r) => (r.ivrPath = [greeting, menu, { ...menu }]));
    await dead.flush();
    // The instance that adopts the call knows only its own step; the same step twice in one
    // millisecond, written by the dead one, stays twice.
    const adopter = recorderWith().recorder;
    const adopted = { step: 'transfer:adopted', at: at(9).toISOString() };
    adopter.update(id, (r) => r.ivrPath.push(adopted));
    await adopter.flush();
    const pathOf = async () => (await Call.findOne({ where: { uniqueid: id } }))!.ivrPath;
    expect(await pathOf()).toEqual([greeting, menu, menu, adopted]);
    // Later writes of either add only what is new.
    const queued = { step: 'queue', at: at(10).toISOString() };
    adopter.update(id, (r) => r.ivrPath.push(queued));
    await adopter.flush();
    dead.update(id, (r) => (r.endedAt = at(60)));
    await dead.flush();
    expect(await pathOf()).toEqual([greeting, menu, menu, adopted, queued]);
  });

  test('a record written twice changes nothing; its links are written once, beside one made elsewhere', async () => {
    const { recorder } = recorderWith();
    const [call] = place(recorder, 1);
    recorder.update(call!.uniqueid, (r) => linkAppeals(r, [appealIds[0]!], 'registered'));
    await recorder.flush();
    const callId = recorder.callId(call!.uniqueid)!;
    // The dispatcher links the second appeal from the console; then the IVR's record learns of it too.
    await CallAppeal.create({ callId, appealId: appealIds[1]!, relation: 'linked' });
    recorder.update(call!.uniqueid, (r) => linkAppeals(r, [appealIds[1]!], 'status_inquiry'));
    await recorder.flush();
    const row = (await Call.findOne({ where: { uniqueid: call!.uniqueid } }))!.toJSON();
    const links = (await CallAppeal.findAll({ where: { callId }, order: [['appealId', 'ASC']] })).map((l) => [l.appealId, l.relation]);
    expect(links).toEqual([[appealIds[0], 'registered'], [appealIds[1], 'linked']]);

    // The same record again (a retry after a lost answer), from a recorder that knows nothing of it.
    const record = structuredClone(recorder.record(call!.uniqueid)!) as CallRecord;
    await store.saveMany([{ record, written: null }]);
    await store.saveMany([{ record, written: null }]);
    expect((await Call.findOne({ where: { uniqueid: call!.uniqueid } }))!.toJSON()).toEqual(row);
    expect(await Call.count({ where: { uniqueid: call!.uniqueid } })).toBe(1);
    expect(await CallAppeal.count({ where: { callId } })).toBe(2);
  });

  test('the statements of a flush do not grow with its records, and resolved ids are not looked up again', async () => {
    const { recorder } = recorderWith();
    const sql = statements(sequelize);
    const count = async (n: number) => {
      const calls = place(recorder, n);
      for (const c of calls) recorder.update(c.uniqueid, (r) => linkAppeals(r, appealIds, 'linked'));
      await recorder.flush();
      const first = sql.taken();
      // Every call changes again: the rows exist, the applicant and dispatcher are known.
      for (const c of calls) recorder.update(c.uniqueid, (r) => (r.hangupCauseText = 'Normal Clearing'));
      await recorder.flush();
      const second = sql.taken();
      expect(recorder.pending()).toBe(0);
      return { first, second };
    };
    const one = await count(1);
    const fifty = await count(50);
    expect(fifty.first.length).toBe(one.first.length);
    expect(fifty.second.length).toBeLessThanOrEqual(one.second.length);
    // First flush of new calls: begin, applicants, users, lock, insert, ids, links, commit (+ isolation level on MySQL).
    expect(fifty.first.length).toBeLessThanOrEqual(db.name === 'MariaDB' ? 9 : 8);
    // Later flushes: nothing looked up, no links written again, the rows updated in one statement.
    const looksUp = (s: string) => /FROM `?(applicants|users)`?/i.test(s);
    expect(fifty.second.filter(looksUp)).toEqual([]);
    expect(fifty.second.filter((s) => /call_appeals/.test(s))).toEqual([]);
    expect(fifty.second.filter((s) => /^INSERT/i.test(s))).toHaveLength(1);
    expect(await CallAppeal.count({ where: { callId: recorder.callId(`batch-${seq}`)! } })).toBe(2);
  });

  test('a caller without an applicant when the call began is named once the call ends, as the call registered one', async () => {
    const { recorder } = recorderWith();
    const uniqueid = `batch-${++seq}`;
    recorder.update(uniqueid, (r) => Object.assign(r, { direction: 'inbound', startedAt: at(0), callerNumber: '0503330000' }));
    await recorder.flush();
    expect((await Call.findOne({ where: { uniqueid } }))!.applicantId).toBeNull();
    const applicant = await Applicant.create({ phone: '+380503330000' } as never);
    recorder.update(uniqueid, (r) => r.ivrPath.push({ step: 'main', key: '1', at: at(3).toISOString() }));
    await recorder.flush();
    recorder.update(uniqueid, (r) => (r.endedAt = at(60)));
    await recorder.flush();
    expect((await Call.findOne({ where: { uniqueid } }))!.applicantId).toBe(applicant.id);
  });

  test('the database away, then back: nothing is lost, the outage is logged once', async () => {
    const { recorder, errors } = recorderWith({ maxRetryDelayMs: 0 });
    const saveMany = store.saveMany.bind(store);
    let down = true;
    const stub = sinon.stub(store, 'saveMany').callsFake(async (writes) => {
      if (down) throw new Error('connect ECONNREFUSED 127.0.0.1:3306');
      return saveMany(writes);
    });
    const calls = place(recorder, 6);
    await recorder.flush();
    for (const c of calls) recorder.update(c.uniqueid, (r) => (r.hangupCauseText = 'Normal Clearing'));
    await recorder.flush();
    await recorder.flush();
    expect(recorder.pending()).toBe(6);
    expect(await Call.count({ where: { uniqueid: calls.map((c) => c.uniqueid) } })).toBe(0);
    down = false;
    await recorder.flush();
    expect(stub.callCount).toBe(4);
    expect(recorder.pending()).toBe(0);
    for (const c of calls) expect(await Call.findOne({ where: { uniqueid: c.uniqueid } })).toMatchObject({ disposition: c.kind, hangupCauseText: 'Normal Clearing' });
    expect(errors()).toHaveLength(1);
  });

  test('a deadlock or a lock wait (two instances writing the same calls) is retried soon, without an error', async () => {
    const { recorder, errors } = recorderWith();
    const saveMany = store.saveMany.bind(store);
    const conflicts = ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT'].map((code) => new DatabaseError(Object.assign(new Error(code), { code, sql: '' })));
    const stub = sinon.stub(store, 'saveMany').callsFake(async (writes) => {
      const conflict = conflicts.shift();
      if (conflict) throw conflict;
      return saveMany(writes);
    });
    const calls = place(recorder, 3);
    await recorder.flush();
    expect(recorder.pending()).toBe(3);
    // stop() writes what it can: the retries come within it.
    await recorder.stop(5000);
    expect(stub.callCount).toBe(3);
    expect(recorder.pending()).toBe(0);
    expect(await Call.count({ where: { uniqueid: calls.map((c) => c.uniqueid) } })).toBe(3);
    expect(errors()).toEqual([]);
  });

  test('two instances writing halves of the same new calls at once: every row has both halves', async () => {
    const a = recorderWith();
    const b = recorderWith();
    const ids = Array.from({ length: 40 }, () => `batch-${++seq}`);
    for (const id of ids) {
      // One instance ran the IVR, the other heard the queue over AMI.
      a.recorder.update(id, (r) => Object.assign(r, { direction: 'inbound', startedAt: at(0), callerNumber: '0501110000', ivrPath: [{ step: 'main', key: '1', at: at(2).toISOString() }] }));
      b.recorder.update(id, (r) => Object.assign(r, { queue: 'dispatchers', queueJoinedAt: at(10), agentConnected: true, agentInterface: 'PJSIP/101', endedAt: at(70) }));
    }
    await Promise.all([a.recorder.flush(), b.recorder.flush()]);
    await Promise.all([a.recorder.stop(10000), b.recorder.stop(10000)]);
    const rows = await Call.findAll({ where: { uniqueid: ids } });
    expect(rows).toHaveLength(ids.length);
    for (const row of rows) {
      expect(row).toMatchObject({ disposition: 'answered', applicantId: knownApplicantId, dispatcherUserId: dispatcherId, queue: 'dispatchers' });
      expect(row.ivrPath).toEqual([{ step: 'main', key: '1', at: at(2).toISOString() }]);
    }
    expect([...a.errors(), ...b.errors()]).toEqual([]);
  });
});
