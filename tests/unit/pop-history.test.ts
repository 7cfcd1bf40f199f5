/**
 * The caller's history read ahead for the screen-pop: used only while fresh and while no appeal
 * changed since; a failed or stale read is read again when the phone rings; kept within bounds.
 */
import sinon from 'sinon';
import { PopHistory } from '../../realtime/pop-history';
import type { CallerHistory } from '../../realtime/pop-query';

const T0 = new Date('2026-12-07T09:00:00Z').getTime();

function setup(o: { freshMs?: number; keepMs?: number; maxEntries?: number } = {}) {
  let now = T0;
  let n = 0;
  const read = sinon.stub().callsFake(async (): Promise<CallerHistory> => ({ applicant: null, appeals: [], calledInLast24h: ++n }));
  const history = new PopHistory({ read, clock: { now: () => new Date(now) }, ...o });
  return { read, history, at: (ms: number) => new Date((now = T0 + ms)), advance: (ms: number) => (now += ms) };
}

afterEach(() => sinon.restore());

/** What the pop got: which read (its number), and whether it was read before the phone rang. */
async function got(r: { history: Promise<CallerHistory>; ahead: boolean }) {
  return { read: (await r.history).calledInLast24h, ahead: r.ahead };
}

test('a history read on the way is the one the pop gets, for every phone the call rings', async () => {
  const { read, history, at } = setup();
  history.prefetch('c1', '+380501234567', at(0));
  expect(read.callCount).toBe(1);
  // Asked again (the queue join after the IVR's transfer): no second read.
  history.prefetch('c1', '+380501234567', at(2_000));
  expect(read.callCount).toBe(1);
  expect(await got(history.forPop('c1', '+380501234567', at(5_000)))).toEqual({ read: 1, ahead: true });
  // The queue rings another phone for the same call: the same read.
  expect(await got(history.forPop('c1', '+380501234567', at(20_000)))).toEqual({ read: 1, ahead: true });
  expect(read.callCount).toBe(1);
});

test('a read older than freshMs, or made before an appeal changed, is read again when the phone rings, once for all its phones', async () => {
  const { read, history, at } = setup({ freshMs: 30_000 });
  history.prefetch('c1', '+380501234567', at(0));
  expect(await got(history.forPop('c1', '+380501234567', at(30_001)))).toEqual({ read: 2, ahead: false });

  history.prefetch('c2', '+380501234568', at(40_000));
  history.invalidate();
  expect(await got(history.forPop('c2', '+380501234568', at(41_000)))).toEqual({ read: 4, ahead: false });
  // Another phone rung for the same call, and the queue join: the read made at the first ring.
  expect(await got(history.forPop('c2', '+380501234568', at(41_500)))).toEqual({ read: 4, ahead: false });
  history.prefetch('c2', '+380501234568', at(42_000));
  expect(read.callCount).toBe(4);
  // A change after that read: read again.
  history.invalidate();
  expect(await got(history.forPop('c2', '+380501234568', at(43_000)))).toEqual({ read: 5, ahead: false });
});

test('a read that failed is not given to the pop: it reads again, in flight or done', async () => {
  const { read, history, at } = setup();
  read.onFirstCall().rejects(new Error('ER_LOCK_WAIT_TIMEOUT'));
  history.prefetch('c1', '+380501234567', at(0));
  // Still in flight when the phone rings: the pop waits for it, then reads again.
  expect((await history.forPop('c1', '+380501234567', at(100)).history).calledInLast24h).toBe(1);

  read.onCall(2).rejects(new Error('ECONNRESET'));
  history.prefetch('c2', '+380501234568', at(200));
  await new Promise((r) => setImmediate(r));
  // Known to have failed: a new read, and the failure reached nobody.
  expect(await got(history.forPop('c2', '+380501234568', at(300)))).toEqual({ read: 2, ahead: false });
  expect(read.callCount).toBe(4);
});

test('another number for the same call, or none, is never answered from the read ahead', async () => {
  const { read, history, at } = setup();
  history.prefetch('c1', '+380501234567', at(0));
  history.prefetch('c2', null, at(0));
  expect(read.callCount).toBe(1);
  expect(await got(history.forPop('c1', '+380671111111', at(10)))).toEqual({ read: 2, ahead: false });
  expect(read.getCall(1).args[0]).toBe('+380671111111');
});

test('reads are forgotten when the call ends, after keepMs, and past maxEntries the oldest go', async () => {
  const clock = sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout'] });
  const { history, at, advance } = setup({ keepMs: 60_000, maxEntries: 3 });
  history.prefetch('c1', '+380501000001', at(0));
  history.prefetch('c2', '+380501000002', at(1_000));
  history.forget('c1');
  expect(history.size).toBe(1);
  history.prefetch('c3', '+380501000003', at(30_000));
  advance(31_000);
  await clock.tickAsync(60_000);
  // c2 was read 60 s ago and more: gone; c3 stays until its own time.
  expect(history.size).toBe(1);
  advance(30_000);
  await clock.tickAsync(6_000);
  expect(history.size).toBe(0);

  for (const id of ['a', 'b', 'c', 'd']) history.prefetch(id, `+38050100000${id.charCodeAt(0) % 10}`, at(200_000));
  expect(history.size).toBe(3);
});
