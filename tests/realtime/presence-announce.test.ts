import type { Sequelize } from 'sequelize';
import sinon from 'sinon';
import { testDatabases } from '../support/databases';
import { openDatabase } from '../../models/database';
import { runMigrations } from '../../models/migrate';
import { initModels, onUsersChanged, User } from '../../models';
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
  const logger = createLogger('silent');
  let listed: Set<string>;
  let stopWatch: () => void;
  const told: Presence[] = [];

  beforeAll(async () => {
    sequelize = openDatabase(await db.create(), logger);
    initModels(sequelize);
    await runMigrations(sequelize, logger);
    await User.create({ login: 'd201', passwordHash: await hashPassword('pw-d201-announce'), fullName: 'Диспетчер 201', role: 'dispatcher', organizationId: null, queueInterface: 'PJSIP/201' });
    // The queue as Asterisk lists it: 201 is a member, free; whoever signs in here joins it.
    listed = new Set(['PJSIP/201']);
    const member = (location: string) => ({ event: 'QueueMember', queue: 'dispatchers', location, status: '1', paused: '0', incall: '0' });
    const ami: PresenceAmi = {
      ready: true,
      action: async (a) => {
        if (a.action === 'QueueAdd') listed.add(String(a.interface));
        return {};
      },
      actionList: async () => ({ response: {}, events: [...listed].map(member) }),
    };
    presence = new PresenceService({ ami, queue: 'dispatchers', clock: { now: () => at }, logger });
    presence.on('changed', (p) => told.push(p));
    // As the composition root wires it: a write of the users makes presence read them again.
    stopWatch = onUsersChanged(() => presence.usersChanged());
    await presence.resync();
  });
  afterEach(() => sinon.restore());
  afterAll(async () => {
    stopWatch();
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

  test('a lookup of the old phone that ends while the user moves does not put them back there', async () => {
    const d203 = await User.create({ login: 'd203', passwordHash: await hashPassword('pw-d203-announce'), fullName: 'Диспетчер 203', role: 'dispatcher', organizationId: null, queueInterface: 'PJSIP/203' });
    const user = { id: d203.id, login: 'd203', role: 'dispatcher' as const, fullName: 'Диспетчер 203', organizationId: null, queueInterface: 'PJSIP/203' };
    expect((await presence.ready(user)).agentInterface).toBe('PJSIP/203');
    // The PBX reports the old phone while the sign-in at the new one is being written: that
    // change looks up who sits at PJSIP/203 and reads the row before the write.
    const update = User.update.bind(User);
    let lookedUp = false;
    sinon.stub(User, 'update').callsFake((async (...args: Parameters<typeof User.update>) => {
      if (!lookedUp) {
        lookedUp = true;
        const lookup = sinon.spy(User, 'findOne');
        presence.applyEvent(status('PJSIP/203', 6, false));
        await lookup.returnValues[0];
        lookup.restore();
      }
      return update(...args);
    }) as typeof User.update);
    const moved = await presence.ready(user, 'PJSIP/204');
    expect(lookedUp).toBe(true);
    expect(moved.agentInterface).toBe('PJSIP/204');
    expect(presence.presenceOf(d203.id, 'Диспетчер 203').agentInterface).toBe('PJSIP/204');
    expect((await User.findByPk(d203.id))!.queueInterface).toBe('PJSIP/204');
  });

  test('a change whose person cannot be looked up (the database is away) is logged, not thrown, and told by the next re-read', async () => {
    const d205 = await User.create({ login: 'd205', passwordHash: await hashPassword('pw-d205-announce'), fullName: 'Диспетчер 205', role: 'dispatcher', organizationId: null, queueInterface: 'PJSIP/205' });
    listed.add('PJSIP/205');
    const warn = sinon.spy(logger, 'warn');
    const away = sinon.stub(User, 'findOne').rejects(new Error('connect ECONNREFUSED 127.0.0.1:3306'));
    told.length = 0;
    const added = status('PJSIP/205', 1, false);
    presence.applyEvent({ ...(added as Extract<CallEvent, { type: 'member.status' }>), type: 'member.added' });
    await new Promise((r) => setTimeout(r, 50));
    expect(away.called).toBe(true);
    expect(warn.calledWithMatch({ err: 'connect ECONNREFUSED 127.0.0.1:3306' }, sinon.match(/who sits at a phone/))).toBe(true);
    expect(told).toEqual([]);
    away.restore();
    // The same state again, read whole: this time it is told.
    await presence.resync();
    await new Promise((r) => setTimeout(r, 50));
    expect(told.filter((p) => p.userId === d205.id).map((p) => p.state)).toEqual(['ready']);
  });
});
