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
  sinon.stub(db, 'query').callsFake(((sql: string) => (sql.includes('FROM users') ? Promise.resolve([{ id: 7 }]) : history())) as never);
  const ring = () => pops.handle({ type: 'agent.called', uniqueid: 'call-1', queue: 'dispatchers', agentInterface: 'PJSIP/2001', memberName: null, callerNumber: '0501234567', at: new Date('2026-11-29T09:59:50Z') });

  ring();
  await pops.settled();
  expect(sent).toHaveLength(1);
  expect(sent[0]).toEqual({
    room: 'user:7', event: 'call:ringing',
    data: expect.objectContaining({ uniqueid: 'call-1', agentInterface: 'PJSIP/2001', callerNumber: '+380501234567', applicant: null, appeals: [], reason: 'emergency', priority: 10, ivrPath: [{ step: 'main', key: '1' }] }),
  });

  ring();
  await pops.settled();
  expect(history.callCount).toBe(2);
  // No history was shown: nothing to audit.
  expect(audit.called).toBe(false);
  expect(sent).toHaveLength(2);
});
