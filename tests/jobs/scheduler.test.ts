import sinon from 'sinon';
import { JobScheduler } from '../../jobs/scheduler';
import { createLogger } from '../../core/logger';
import type { JobContext } from '../../jobs/job';

/** Cron ticks under sinon's fake clock: what time zone a schedule is read in. */
describe('job scheduler timers', () => {
  let clock: sinon.SinonFakeTimers;
  let scheduler: JobScheduler | null = null;

  afterEach(async () => {
    await scheduler?.stop();
    scheduler = null;
    clock.restore();
  });

  /** A scheduler whose business clock is the fake one, with a job at `schedule` that records when it ran. */
  const schedule = (start: string, expression: string) => {
    clock = sinon.useFakeTimers({ now: new Date(start), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'Date'] });
    const runs: string[] = [];
    scheduler = new JobScheduler({ clock: { now: () => new Date() }, logger: createLogger('silent'), instanceId: 'timers', timeZone: 'Europe/Kyiv' });
    scheduler.register({
      name: 'nightly', schedule: expression, exclusive: false,
      run: async (ctx: JobContext) => {
        runs.push(ctx.now.toISOString());
      },
    });
    scheduler.start();
    return runs;
  };

  test('"30 3 * * *" runs at 03:30 Kyiv time in winter (01:30 UTC), not at 03:30 UTC', async () => {
    const runs = schedule('2026-01-15T01:29:00Z', '30 3 * * *');
    await clock.tickAsync(50_000);
    expect(runs).toEqual([]);
    await clock.tickAsync(20_000);
    expect(runs).toEqual(['2026-01-15T01:30:00.000Z']);
    // Two hours later it is 03:30 UTC: nothing more that day.
    await clock.tickAsync(2 * 3_600_000);
    expect(runs).toHaveLength(1);
  });

  test('in summer the same schedule follows Kyiv daylight time (00:30 UTC)', async () => {
    const runs = schedule('2026-07-15T00:29:30Z', '30 3 * * *');
    await clock.tickAsync(60_000);
    expect(runs).toEqual(['2026-07-15T00:30:00.000Z']);
  });

  test('a job that throws on a tick runs again on the next tick', async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-03-10T09:00:30Z'), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'Date'] });
    let calls = 0;
    scheduler = new JobScheduler({ clock: { now: () => new Date() }, logger: createLogger('silent'), instanceId: 'timers', timeZone: 'Europe/Kyiv' });
    scheduler.register({
      name: 'flaky', schedule: '* * * * *', exclusive: false,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error('first run fails');
        return { ok: true };
      },
    });
    scheduler.start();
    await clock.tickAsync(31_000);
    expect(scheduler.status()[0]).toMatchObject({ runs: 0, failures: 1, lastError: 'first run fails' });
    await clock.tickAsync(60_000);
    expect(scheduler.status()[0]).toMatchObject({ runs: 1, failures: 1, lastError: null });
  });
});
