/**
 * The recorder keeps ended calls for late events, then forgets them: a pass writes only what
 * changed, forgets what ended long enough ago and was written, and never forgets a record that
 * still waits to be written (the database away).
 */
import sinon from 'sinon';
import { CallRecorder, type CallRecordWrite, type WrittenCall } from '../../calls/call-recorder';
import { capturingLogger } from '../telephony/helpers';

function setup() {
  let now = new Date('2026-12-06T10:00:00Z').getTime();
  const batches: string[][] = [];
  let down = false;
  let nextId = 1;
  const ids = new Map<string, number>();
  const writer = {
    async saveMany(writes: readonly CallRecordWrite[]): Promise<Map<string, WrittenCall>> {
      if (down) throw new Error('connect ECONNREFUSED');
      batches.push(writes.map((w) => w.record.uniqueid));
      return new Map(writes.map((w) => {
        const id = ids.get(w.record.uniqueid) ?? nextId++;
        ids.set(w.record.uniqueid, id);
        return [w.record.uniqueid, { callId: id, linkedAppealIds: [], ended: Boolean(w.record.endedAt) }];
      }));
    },
  };
  const recorder = new CallRecorder({ writer, logger: capturingLogger().logger, clock: { now: () => new Date(now) }, keepEndedMs: 60_000, maxRetryDelayMs: 1 });
  const end = (id: string) => recorder.update(id, (r) => Object.assign(r, { direction: 'inbound', endedAt: new Date(now) }));
  const start = (id: string) => recorder.update(id, (r) => Object.assign(r, { direction: 'inbound', startedAt: new Date(now) }));
  return {
    recorder, batches, start, end,
    advance: (ms: number) => (now += ms),
    setDown: (d: boolean) => (down = d),
    // Retries wait for their moment on the wall clock; the test does not.
    flush: async () => {
      (recorder as unknown as { nextAttemptAt: number }).nextAttemptAt = 0;
      await recorder.flush();
    },
  };
}

test('a pass writes only the records that changed, in the order the calls were first seen', async () => {
  const t = setup();
  for (const id of ['c1', 'c2', 'c3']) t.start(id);
  await t.flush();
  t.end('c3');
  t.end('c1');
  await t.flush();
  await t.flush();
  expect(t.batches).toEqual([['c1', 'c2', 'c3'], ['c1', 'c3']]);
  expect(t.recorder.pending()).toBe(0);
});

test('an ended, written record is kept for late events, then forgotten', async () => {
  const t = setup();
  t.start('c1');
  t.start('c2');
  t.end('c1');
  await t.flush();
  t.advance(30_000);
  await t.flush();
  expect(t.recorder.record('c1')).not.toBeNull();
  t.advance(31_000);
  await t.flush();
  expect(t.recorder.record('c1')).toBeNull();
  // The call still up is kept however long it lasts.
  expect(t.recorder.record('c2')).not.toBeNull();
  // A late event after that makes a partial record, written like any other.
  t.recorder.update('c1', (r) => Object.assign(r, { talkSeconds: 12 }));
  await t.flush();
  expect(t.batches.at(-1)).toEqual(['c1']);
});

test('a record not yet written is never forgotten, however long ago its call ended', async () => {
  const t = setup();
  t.start('c1');
  t.end('c1');
  t.start('c2');
  t.end('c2');
  t.setDown(true);
  await t.flush();
  t.advance(10 * 60_000);
  await t.flush();
  expect(t.recorder.pending()).toBe(2);
  expect(t.recorder.record('c1')?.endedAt).toBeInstanceOf(Date);
  t.setDown(false);
  await t.flush();
  expect(t.batches).toEqual([['c1', 'c2']]);
  expect(t.recorder.pending()).toBe(0);
  // Written now, and ended long ago: the next pass forgets both.
  await t.flush();
  expect(t.recorder.record('c1')).toBeNull();
  expect(t.recorder.record('c2')).toBeNull();
});

test('a started recorder wakes only while something waits: a change within the interval, forgetting ended calls coarsely', async () => {
  const fake = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'Date'] });
  try {
    const batches: string[][] = [];
    const writer = {
      async saveMany(writes: readonly CallRecordWrite[]): Promise<Map<string, WrittenCall>> {
        batches.push(writes.map((w) => w.record.uniqueid));
        return new Map(writes.map((w, i) => [w.record.uniqueid, { callId: i + 1, linkedAppealIds: [], ended: Boolean(w.record.endedAt) }]));
      },
    };
    const recorder = new CallRecorder({ writer, logger: capturingLogger().logger, clock: { now: () => new Date() }, flushIntervalMs: 200, keepEndedMs: 60_000 });
    recorder.start();
    expect(fake.countTimers()).toBe(0);
    recorder.update('c1', (r) => Object.assign(r, { direction: 'inbound', startedAt: new Date() }));
    await fake.tickAsync(100);
    recorder.update('c2', (r) => Object.assign(r, { direction: 'inbound', startedAt: new Date() }));
    await fake.tickAsync(100);
    expect(batches).toEqual([['c1', 'c2']]);
    // Nothing waits and nothing ended: no timer at all.
    expect(fake.countTimers()).toBe(0);
    recorder.update('c1', (r) => Object.assign(r, { endedAt: new Date() }));
    await fake.tickAsync(200);
    expect(batches).toHaveLength(2);
    // The ended call is kept for its minute, then forgotten by one wake-up, not by one every 200 ms.
    expect(fake.countTimers()).toBe(1);
    await fake.tickAsync(59_000);
    expect(recorder.record('c1')).not.toBeNull();
    await fake.tickAsync(1000);
    expect(recorder.record('c1')).toBeNull();
    expect(fake.countTimers()).toBe(0);
    expect(recorder.record('c2')).not.toBeNull();
    await recorder.stop();
  } finally {
    fake.restore();
  }
});
