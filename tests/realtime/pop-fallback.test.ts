/**
 * When the caller's history cannot be read (the database away, its pool exhausted), the rung
 * dispatcher still gets a card: who is calling, what they pressed, why the IVR sent them.
 */
import sinon from 'sinon';
import { ScreenPops } from '../../realtime/screen-pop';
import { Sequelize } from 'sequelize';
import { initModels } from '../../models';
import type { RealtimeServer } from '../../realtime/socket-server';
import { newCallRecord } from '../../calls/call-record';
import { createLogger } from '../../core/logger';

afterEach(() => sinon.restore());

test('a pop whose history query fails is sent from memory, and a re-ring tries the history again', async () => {
  const sent: Array<{ room: unknown; event: string; data: any }> = [];
  const io = { to: (room: unknown) => ({ emit: (event: string, data: unknown) => sent.push({ room, event, data }) }), on: () => undefined } as unknown as RealtimeServer;
  const record = { ...newCallRecord('call-1'), callerNumber: '0501234567', ivrPath: [{ step: 'main', key: '1' }, { step: 'emergency', outcome: 'transferred' }] };
  const audit = sinon.spy();
  const pops = new ScreenPops({
    io, clock: { now: () => new Date('2026-11-29T10:00:00Z') } as never, logger: createLogger('silent'), shared: false, claim: async () => true, audit,
    sources: {
      record: () => record as never,
      outages: async () => [],
      transferOf: (step) => (step === 'emergency' ? { reason: 'emergency', priority: 10 } : null),
      phoneRegion: 'UA',
    },
  });
  // The history statement fails; who sits at the phone is still found.
  const history = sinon.stub().rejects(new Error('ConnectionAcquireTimeoutError'));
  const db = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
  initModels(db);
  const seat = sinon.stub().resolves([{ id: 7, iface: 'PJSIP/2001' }]);
  sinon.stub(db, 'query').callsFake(((sql: string) => (sql.includes('FROM users') ? seat() : history())) as never);
  const ring = () => pops.handle({ type: 'agent.called', uniqueid: 'call-1', queue: 'dispatchers', agentInterface: 'PJSIP/2001', memberName: null, callerNumber: '0501234567', at: new Date('2026-11-29T09:59:50Z') });

  ring();
  await pops.settled();
  expect(sent).toHaveLength(1);
  expect(sent[0]).toEqual({
    room: 'user:7', event: 'call:ringing',
    data: expect.objectContaining({ uniqueid: 'call-1', agentInterface: 'PJSIP/2001', callerNumber: '+380501234567', applicant: null, appeals: [], reason: 'emergency', priority: 10, ivrPath: [{ step: 'main', key: '1' }] }),
  });

  // Who sits at the phone was read once for the pop, not again for the card from memory.
  expect(seat.callCount).toBe(1);

  ring();
  await pops.settled();
  expect(history.callCount).toBe(2);
  // Who sits at the phone is known from the first ring's read.
  expect(seat.callCount).toBe(1);
  // No history was shown: nothing to audit.
  expect(audit.called).toBe(false);
  expect(sent).toHaveLength(2);
});

test('a first ring whose seat cannot be read sends no pop; a re-ring of a phone that got a card from memory still does', async () => {
  const sent: Array<{ room: unknown; event: string }> = [];
  const io = { to: (room: unknown) => ({ emit: (event: string) => sent.push({ room, event }) }), on: () => undefined } as unknown as RealtimeServer;
  const record = { ...newCallRecord('call-2'), callerNumber: '0501234567' };
  let now = new Date('2026-11-29T10:00:00Z').getTime();
  const pops = new ScreenPops({
    io, clock: { now: () => new Date(now) }, logger: createLogger('silent'), shared: false, claim: async () => true, audit: () => undefined, seatsMaxAgeMs: 10_000,
    sources: { record: () => record as never, outages: async () => [], transferOf: () => null, phoneRegion: 'UA' },
  });
  const db = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
  initModels(db);
  const seat = sinon.stub();
  sinon.stub(db, 'query').callsFake(((sql: string) => (sql.includes('FROM users') ? seat() : Promise.reject(new Error('history away')))) as never);
  const ring = (iface: string) => pops.handle({ type: 'agent.called', uniqueid: 'call-2', queue: 'dispatchers', agentInterface: iface, memberName: null, callerNumber: '0501234567', at: new Date('2026-11-29T09:59:50Z') });

  // The database is away altogether: nobody is known at the phone, so no card goes anywhere.
  seat.rejects(new Error('database away'));
  ring('PJSIP/2002');
  await pops.settled();
  expect(sent).toEqual([]);

  // Back for the seat only: the card comes from memory.
  seat.resolves([{ id: 8, iface: 'PJSIP/2002' }]);
  ring('PJSIP/2002');
  await pops.settled();
  expect(sent).toEqual([{ room: 'user:8', event: 'call:ringing' }]);

  // Away again, and the seats read 11 s ago are too old to trust: the phone that got a card from
  // memory gets it again at the re-ring.
  seat.rejects(new Error('database away'));
  now += 11_000;
  ring('PJSIP/2002');
  await pops.settled();
  expect(seat.callCount).toBe(3);
  expect(sent).toEqual([{ room: 'user:8', event: 'call:ringing' }, { room: 'user:8', event: 'call:ringing' }]);
});

test('with the database away altogether, a phone whose seat was read a moment ago still gets a card from memory', async () => {
  const sent: Array<{ room: unknown; event: string; data: any }> = [];
  const io = { to: (room: unknown) => ({ emit: (event: string, data: unknown) => sent.push({ room, event, data }) }), on: () => undefined } as unknown as RealtimeServer;
  const records = new Map(['call-3', 'call-4'].map((id) => [id, { ...newCallRecord(id), callerNumber: '0501234567' }]));
  const pops = new ScreenPops({
    io, clock: { now: () => new Date('2026-11-29T10:00:00Z') }, logger: createLogger('silent'), shared: false, claim: async () => true, audit: () => undefined,
    sources: { record: (id) => (records.get(id) ?? null) as never, outages: async () => [], transferOf: () => null, phoneRegion: 'UA' },
  });
  const db = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
  initModels(db);
  let away = false;
  const query = sinon.stub(db, 'query').callsFake(((sql: string) => {
    if (away) return Promise.reject(new Error('database away'));
    return sql.includes('FROM users') ? Promise.resolve([{ id: 9, iface: 'PJSIP/2003' }]) : Promise.resolve([]);
  }) as never);
  const ring = (uniqueid: string) => pops.handle({ type: 'agent.called', uniqueid, queue: 'dispatchers', agentInterface: 'PJSIP/2003', memberName: null, callerNumber: '0501234567', at: new Date('2026-11-29T09:59:50Z') });

  ring('call-3');
  await pops.settled();
  away = true;
  const statements = query.callCount;
  ring('call-4');
  await pops.settled();
  // Only the history was tried for the second call: who sits at the phone was known.
  expect(query.callCount).toBe(statements + 1);
  expect(sent.map((s) => [s.room, s.data.uniqueid])).toEqual([['user:9', 'call-3'], ['user:9', 'call-4']]);
  expect(sent[1].data).toEqual(expect.objectContaining({ callerNumber: '+380501234567', applicant: null, appeals: [] }));
});
