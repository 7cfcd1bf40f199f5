/**
 * Which instance reads a caller's history ahead when the call joins the queue: a single one
 * always; of several, only the one that ran the call's IVR (it claims the pop first), so the
 * others do not each read every caller's history for a pop they will not send.
 */
import sinon from 'sinon';
import { Sequelize } from 'sequelize';
import { ScreenPops } from '../../realtime/screen-pop';
import { initModels } from '../../models';
import type { RealtimeServer } from '../../realtime/socket-server';
import { newCallRecord, type CallRecord } from '../../calls/call-record';
import { createLogger } from '../../core/logger';

afterEach(() => sinon.restore());

function setup(shared: boolean, record: CallRecord) {
  const io = { to: () => ({ emit: () => true }), on: () => undefined, serverSideEmit: () => true } as unknown as RealtimeServer;
  const db = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
  initModels(db);
  const history: string[] = [];
  const seats: string[] = [];
  sinon.stub(db, 'query').callsFake(((sql: string) => {
    if (sql.includes('FROM users')) return seats.push(sql), Promise.resolve([{ id: 7, iface: 'PJSIP/101' }]);
    history.push(sql);
    return Promise.resolve([{ applicant_id: null, called_24h: 0, id: null }]);
  }) as never);
  const pops = new ScreenPops({
    io, clock: { now: () => new Date('2026-12-07T10:00:00Z') } as never, logger: createLogger('silent'), shared, claim: async () => true, audit: () => undefined,
    sources: { record: () => record, outages: async () => [], transferOf: () => null, phoneRegion: 'UA' },
  });
  const join = () => pops.handle({ type: 'queue.joined', uniqueid: record.uniqueid, linkedid: null, queue: 'dispatchers', position: 1, callerNumber: '0501234567', callerName: null, at: new Date('2026-12-07T09:59:59Z') });
  return { pops, history, seats, join };
}

test('one instance reads ahead at the queue join, once, and the pop uses that read', async () => {
  const { pops, history, seats, join } = setup(false, { ...newCallRecord('c1'), callerNumber: '0501234567' });
  join();
  join();
  await pops.settled();
  expect(history).toHaveLength(1);
  // Who sits at which phone is read ahead too, once: the ring finds it in memory.
  expect(seats).toHaveLength(1);
  expect(pops.historyServed()).toEqual({ ahead: 0, atRing: 0 });
  pops.handle({ type: 'agent.called', uniqueid: 'c1', queue: 'dispatchers', agentInterface: 'PJSIP/101', memberName: null, callerNumber: '0501234567', at: new Date('2026-12-07T10:00:00Z') });
  await pops.settled();
  expect(history).toHaveLength(1);
  expect(seats).toHaveLength(1);
  expect(pops.historyServed()).toEqual({ ahead: 1, atRing: 0 });
});

test('of several instances, one that did not run the IVR does not read ahead; the one that did, does', async () => {
  const foreign = setup(true, { ...newCallRecord('c2'), callerNumber: '0501234567' });
  foreign.join();
  await foreign.pops.settled();
  expect(foreign.history).toHaveLength(0);
  sinon.restore();

  const own = setup(true, { ...newCallRecord('c3'), callerNumber: '0501234567', ivrPath: [{ step: 'main', key: '1', at: '2026-12-07T09:59:50Z' }] });
  own.join();
  await own.pops.settled();
  expect(own.history).toHaveLength(1);
});
