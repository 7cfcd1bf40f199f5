import { Worker } from 'node:worker_threads';
import { cpuSecondsOf, mainThreadFigures, mainThreadOf } from '../../bench/measures';

describe("the bench's reading of a process's main thread", () => {
  test('counts the times the main thread waited', async () => {
    const before = mainThreadOf(process.pid)!;
    // Each timer waited for is the main thread asleep in epoll until it fires.
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
    expect(mainThreadOf(process.pid)!.sleeps - before.sleeps).toBeGreaterThanOrEqual(10);
  });

  test("counts the main thread's CPU, not another thread's", async () => {
    const main = mainThreadOf(process.pid)!;
    const all = cpuSecondsOf(process.pid)!;
    // Another thread works for 400 ms while the main thread waits for it.
    const worker = new Worker('const until = Date.now() + 400; while (Date.now() < until);', { eval: true });
    await new Promise((r) => worker.once('exit', r));
    expect(cpuSecondsOf(process.pid)! - all).toBeGreaterThanOrEqual(0.3);
    expect(mainThreadOf(process.pid)!.cpuSeconds - main.cpuSeconds).toBeLessThan(0.15);
  });

  test('a process that is gone has no figures', () => {
    expect(mainThreadOf(2 ** 22 + 7)).toBeNull();
  });

  test('per call, per wake-up and the main share', () => {
    expect(mainThreadFigures({ sleeps: 2600, cpuSeconds: 1.04 }, 1.3, 200)).toEqual({ wakesPerCall: 13, cpuUsPerWake: 400, mainShare: 0.8 });
    const none = mainThreadFigures({ sleeps: 0, cpuSeconds: 0 }, 0, 0);
    expect(none.wakesPerCall).toBeNaN();
    expect(none.cpuUsPerWake).toBeNaN();
    expect(none.mainShare).toBeNaN();
  });
});
