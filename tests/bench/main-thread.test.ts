import { cpuSecondsOf, mainThreadFigures, mainThreadOf } from '../../bench/measures';

describe("the bench's reading of a process's main thread", () => {
  test('counts the waits of the main thread, and its CPU alone', async () => {
    const before = mainThreadOf(process.pid)!;
    // Each timer waited for is the main thread asleep in epoll until it fires.
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
    const slept = mainThreadOf(process.pid)!;
    expect(slept.sleeps - before.sleeps).toBeGreaterThanOrEqual(10);

    // Work without waiting: CPU, no sleep.
    const until = Date.now() + 300;
    let spins = 0;
    while (Date.now() < until) spins++;
    const busy = mainThreadOf(process.pid)!;
    expect(spins).toBeGreaterThan(0);
    expect(busy.cpuSeconds - slept.cpuSeconds).toBeGreaterThanOrEqual(0.2);
    expect(busy.sleeps - slept.sleeps).toBeLessThan(5);
    // The process's CPU includes every thread's: never less than the main thread's.
    expect(cpuSecondsOf(process.pid)!).toBeGreaterThanOrEqual(busy.cpuSeconds);
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
