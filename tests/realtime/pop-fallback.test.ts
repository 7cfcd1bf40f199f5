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
  const seat = sinon.stub().resolves([{ id: 7 }]);
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
  expect(seat.callCount).toBe(2);
  // No history was shown: nothing to audit.
  expect(audit.called).toBe(false);
  expect(sent).toHaveLength(2);
});

test('a first ring whose seat cannot be read sends no pop; a re-ring of a phone that got a card from memory still does', async () => {
  const sent: Array<{ room: unknown; event: string }> = [];
  const io = { to: (room: unknown) => ({ emit: (event: string) => sent.push({ room, event }) }), on: () => undefined } as unknown as RealtimeServer;
  const record = { ...newCallRecord('call-2'), callerNumber: '0501234567' };
  const pops = new ScreenPops({
    io, clock: { now: () => new Date('2026-11-29T10:00:00Z') } as never, logger: createLogger('silent'), shared: false, claim: async () => true, audit: () => undefined,
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
  seat.resolves([{ id: 8 }]);
  ring('PJSIP/2002');
  await pops.settled();
  expect(sent).toEqual([{ room: 'user:8', event: 'call:ringing' }]);

  // Away again at the re-ring: the phone that got a card from memory gets it again.
  seat.rejects(new Error('database away'));
  ring('PJSIP/2002');
  await pops.settled();
  expect(sent).toEqual([{ room: 'user:8', event: 'call:ringing' }, { room: 'user:8', event: 'call:ringing' }]);
});
