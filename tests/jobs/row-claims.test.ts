import sinon from 'sinon';
import { testDatabases } from '../support/databases';
import { startTestServer, TestServer } from '../support/test-server';
import { Call, CallbackTask, JobLease } from '../../models';
import { claimRows, finishClaim } from '../../jobs/row-claims';
import { acquireLease, releaseLease } from '../../jobs/job-lease';
import { JobScheduler } from '../../jobs/scheduler';
import { createLogger, type Logger } from '../../core/logger';

const T0 = new Date('2026-03-10T09:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** A logger whose error() calls are seen. */
function spyLogger() {
  const base = createLogger('silent');
  const error = sinon.spy();
  const logger = new Proxy(base, {
    get: (target, prop) => (prop === 'error' ? error : prop === 'child' ? () => logger : Reflect.get(target, prop)),
  }) as Logger;
  return { logger, error };
}

describe.each(testDatabases())('row claims and job leases on $name', (db) => {
  let server: TestServer;
  let seq = 0;

  beforeAll(async () => {
    server = await startTestServer(db);
  });
  afterAll(() => server.close());

  /** Open callback tasks (a claimable table), made fresh for each test. */
  const tasks = async (n: number) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const call = await Call.create({ uniqueid: `claims-${++seq}`, linkedid: null, direction: 'inbound', callerNumber: '+380501230000', calledNumber: null, startedAt: T0, disposition: 'abandoned' });
      ids.push((await CallbackTask.create({ callId: call.id, phone: '+380501230000', applicantId: null, reason: 'abandoned', createdAt: T0, updatedAt: T0 })).id);
    }
    return ids;
  };

  test('claimers at once get disjoint rows; a claimed row is not claimed again while the claim holds', async () => {
    for (let round = 0; round < 3; round++) {
      const ids = await tasks(20);
      const where = { id: ids };
      const claims = await Promise.all(['a', 'b', 'c', 'd'].map((owner) => claimRows(CallbackTask, where, { owner, now: T0, leaseMs: 60_000, limit: 5 })));
      const claimed = claims.flat().map((r) => r.id);
      // Each row went to exactly one claimer, and as they skip each other's rows nobody came back empty.
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.sort()).toEqual([...ids].sort());
      expect(await claimRows(CallbackTask, where, { owner: 'e', now: at(1000), leaseMs: 60_000, limit: 5 })).toEqual([]);
      expect(await CallbackTask.count({ where: { id: claims[0]!.map((r) => r.id), claimedBy: 'a' } })).toBe(5);
    }
  });

  test('a lapsed claim is taken over, and the old owner can no longer finish it', async () => {
    const ids = await tasks(2);
    const first = await claimRows(CallbackTask, { id: ids }, { owner: 'dead', now: T0, leaseMs: 1000, limit: 10 });
    expect(first).toHaveLength(2);
    expect(await claimRows(CallbackTask, { id: ids }, { owner: 'alive', now: at(500), leaseMs: 1000, limit: 10 })).toHaveLength(0);
    const taken = await claimRows(CallbackTask, { id: ids }, { owner: 'alive', now: at(2000), leaseMs: 1000, limit: 10 });
    expect(taken.map((r) => r.claimedBy)).toEqual(['alive', 'alive']);
    expect(await finishClaim(CallbackTask, ids[0]!, 'dead', { attempts: 1 })).toBe(false);
    expect(await finishClaim(CallbackTask, ids[0]!, 'alive', { attempts: 1 })).toBe(true);
    expect(await CallbackTask.findByPk(ids[0]!)).toMatchObject({ attempts: 1, claimedBy: null, claimedUntil: null });
  });

  test('a lease: one holder at a time, taken over when it lapses, released only by its holder', async () => {
    const results = await Promise.all([acquireLease('lease-race', 'a', T0, 1000), acquireLease('lease-race', 'b', T0, 1000)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const holder = results[0] ? 'a' : 'b';
    const other = holder === 'a' ? 'b' : 'a';
    expect(await acquireLease('lease-race', other, at(500), 1000)).toBe(false);
    // MySQL DATETIME keeps whole seconds: the lapsed lease is looked at a full second later.
    expect(await acquireLease('lease-race', other, at(2000), 1000)).toBe(true);
    // The old holder, back from the dead, cannot release the new holder's lease.
    await releaseLease('lease-race', holder, at(2100), null);
    expect((await JobLease.findByPk('lease-race'))!.holder).toBe(other);
    await releaseLease('lease-race', other, at(2200), null);
    expect(await acquireLease('lease-race', holder, at(2300), 1000)).toBe(true);
  });

  test('an exclusive job that throws is logged, gives its lease back with the error, and runs next time', async () => {
    const { logger, error } = spyLogger();
    let calls = 0;
    const clock = { now: () => at(60_000 * ++calls) };
    const scheduler = new JobScheduler({ clock, logger, instanceId: 'solo', timeZone: 'Europe/Kyiv' });
    let fail = true;
    scheduler.register({
      name: 'flaky', schedule: '* * * * *', exclusive: true,
      run: async () => {
        if (fail) throw new Error('База недоступна');
        return { done: 1 };
      },
    });
    expect(await scheduler.runNow('flaky')).toEqual({ ran: false, reason: 'failed', error: 'База недоступна' });
    expect(error.calledOnce).toBe(true);
    expect(error.firstCall.args[0].err.message).toBe('База недоступна');
    const lease = (await JobLease.findByPk('flaky'))!;
    expect(lease).toMatchObject({ holder: null, lastError: 'База недоступна' });
    fail = false;
    expect(await scheduler.runNow('flaky')).toEqual({ ran: true, summary: { done: 1 } });
    expect(scheduler.status()[0]).toMatchObject({ name: 'flaky', runs: 1, failures: 1, lastError: null, running: false });
    expect((await JobLease.findByPk('flaky'))!.lastError).toBeNull();
    await scheduler.stop();
  });
});

describe.each(testDatabases().filter((d) => d.name === 'MariaDB'))('row claims on $name skip locked rows', (db) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(db);
  });
  afterAll(() => server.close());

  test('a claimer does not wait for rows another transaction holds: it takes the others (SKIP LOCKED)', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const call = await Call.create({ uniqueid: `skip-${i}`, linkedid: null, direction: 'inbound', callerNumber: '+380501230000', calledNumber: null, startedAt: T0, disposition: 'abandoned' });
      ids.push((await CallbackTask.create({ callId: call.id, phone: '+380501230000', applicantId: null, reason: 'abandoned', createdAt: T0, updatedAt: T0 })).id);
    }
    const held = ids.slice(0, 3);
    const claimed = await server.kontakt.db.transaction(async (transaction) => {
      await CallbackTask.findAll({ where: { id: held }, lock: transaction.LOCK.UPDATE, transaction });
      const timeout = new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 5000).unref());
      return Promise.race([claimRows(CallbackTask, { id: ids }, { owner: 'b', now: T0, leaseMs: 60_000, limit: 6 }), timeout]);
    });
    expect(claimed).not.toBe('blocked');
    expect((claimed as CallbackTask[]).map((r) => r.id).sort()).toEqual(ids.slice(3).sort());
  });
});
