import type { Sequelize } from 'sequelize';
import { testDatabases } from '../support/databases';
import { openDatabase } from '../../models/database';
import { runMigrations } from '../../models/migrate';
import { initModels, User } from '../../models';
import { createLogger } from '../../core/logger';
import { hashPassword } from '../../auth/passwords';
import { PresenceService, type PresenceAmi } from '../../realtime/presence';
import type { Presence } from '../../realtime/contracts';
import type { CallEvent } from '../../telephony/call-events';

const db = testDatabases()[0];
const at = new Date('2026-12-07T06:20:00Z');
const status = (agentInterface: string, s: number, inCall: boolean): CallEvent => ({
  type: 'member.status', queue: 'dispatchers', agentInterface, stateInterface: null, memberName: null, paused: false, pausedReason: null, status: s, inCall, at,
});

/**
 * Each change of a dispatcher's member state is told in the state of that change, however close
 * the next one follows: on the real Asterisk 22.7.0 a Local member that answers at once is
 * ringing and in use 2 ms apart, and the console got «on call» twice instead of «ringing», «on call».
 */
describe('presence tells each change as it was', () => {
  let sequelize: Sequelize;
  let presence: PresenceService;
  const told: Presence[] = [];

  beforeAll(async () => {
    sequelize = openDatabase(await db.create(), createLogger('silent'));
    initModels(sequelize);
    await runMigrations(sequelize, createLogger('silent'));
    await User.create({ login: 'd201', passwordHash: await hashPassword('pw-d201-announce'), fullName: 'Диспетчер 201', role: 'dispatcher', organizationId: null, queueInterface: 'PJSIP/201' });
    // The queue as Asterisk lists it: 201 is a member, free.
    const ami: PresenceAmi = {
      ready: true,
      action: async () => ({}),
      actionList: async () => ({ response: {}, events: [{ event: 'QueueMember', queue: 'dispatchers', location: 'PJSIP/201', status: '1', paused: '0', incall: '0' }] }),
    };
    presence = new PresenceService({ ami, queue: 'dispatchers', clock: { now: () => at }, logger: createLogger('silent') });
    presence.on('changed', (p) => told.push(p));
    await presence.resync();
  });
  afterAll(async () => {
    await sequelize.close();
    await db.drop();
  });

  test('ringing then on call in one turn of the loop: two frames, in that order', () => {
    told.length = 0;
    presence.applyEvent(status('PJSIP/201', 6, false));
    presence.applyEvent(status('PJSIP/201', 2, true));
    expect(told.map((p) => p.state)).toEqual(['ringing', 'on_call']);
  });

  test('a member whose person must be looked up: the stale change says nothing, the last one is told once', async () => {
    // 202 signs in on another instance and joins: this one reads who sits there from the database.
    await User.create({ login: 'd202', passwordHash: await hashPassword('pw-d202-announce'), fullName: 'Диспетчер 202', role: 'dispatcher', organizationId: null, queueInterface: 'PJSIP/202' });
    told.length = 0;
    const added = status('PJSIP/202', 1, false);
    presence.applyEvent({ ...(added as Extract<CallEvent, { type: 'member.status' }>), type: 'member.added' });
    presence.applyEvent(status('PJSIP/202', 6, false));
    await new Promise((r) => setTimeout(r, 200));
    expect(told.map((p) => [p.userId, p.state])).toEqual([[expect.any(Number), 'ringing']]);
    expect(told[0].fullName).toBe('Диспетчер 202');
  });
});
