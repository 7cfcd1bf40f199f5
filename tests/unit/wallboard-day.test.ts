/**
 * The wallboard's "today" is the city's day: its totals start from zero at midnight Kyiv time,
 * however the events come (the day is worked out once per day, not per event).
 */
import sinon from 'sinon';
import { Call, User } from '../../models';
import { WallboardService } from '../../realtime/wallboard';
import { createLogger } from '../../core/logger';

afterEach(() => sinon.restore());

test('answered today counts from the database, then the events, and starts again at midnight in Kyiv', async () => {
  let now = new Date('2026-12-06T21:59:00Z'); // 23:59 in Kyiv (UTC+2)
  sinon.stub(Call, 'count').resolves(5);
  sinon.stub(User, 'count').resolves(3);
  const wall = new WallboardService({
    queue: 'dispatchers', timeZone: 'Europe/Kyiv', clock: { now: () => now } as never, logger: createLogger('silent'),
    members: () => ({ ready: 1, paused: 0, onCall: 0, ringing: 0 }), push: () => undefined,
  });
  await wall.load();
  const answered = (uniqueid: string) => wall.applyEvent({ type: 'agent.connected', uniqueid, queue: 'dispatchers', agentInterface: 'PJSIP/101', holdSeconds: 3, at: now });
  answered('a');
  expect(wall.snapshot().answeredToday).toBe(6);
  now = new Date('2026-12-06T21:59:59Z');
  answered('b');
  expect(wall.snapshot().answeredToday).toBe(7);
  now = new Date('2026-12-06T22:00:01Z'); // 00:00:01 on the 7th in Kyiv
  answered('c');
  expect(wall.snapshot()).toMatchObject({ answeredToday: 1, answeredWithin20sToday: 1 });
  now = new Date('2026-12-07T21:59:59Z');
  answered('d');
  expect(wall.snapshot().answeredToday).toBe(2);
  wall.stop();
});
