import path from 'node:path';
import os from 'node:os';
import { spawn, ChildProcess } from 'node:child_process';
import { Op } from 'sequelize';
import { testDatabases } from '../support/databases';
import { startTestServerWithStandin, signInStaff, standinEnv, ADMIN_PASSWORD, TestServer, Staff } from '../support/test-server';
import { startStandin, Standin } from '../../standin/scenario';
import { Call, Verification } from '../../models';
import { NOON_KYIV, completedAppeal, verificationOf, outboundChannels } from './verification-helpers';

// One database both instances share: MariaDB, as in production (SQLite is for one instance;
// without MariaDB this runs on the SQLite file, which the second process shares as it can).
const shared = testDatabases().find((d) => d.name === 'MariaDB') ?? testDatabases()[0];
const RESIDENTS = Array.from({ length: 6 }, (_, i) => `050444000${i + 1}`);

/**
 * Two Kontakt instances run the dialer at the same moments against one database: instance A in
 * this process, B in a child process with its own ARI application. Each resident is called
 * exactly once, and OUTBOUND_MAX_CALLS holds across both.
 */
describe(`two instances dialing on one ${shared.name} database`, () => {
  let standin: Standin;
  let a: TestServer;
  let staff: Staff;
  let b: ChildProcess;
  let bLog = '';
  let maxChannels = 0;
  const replies: Array<(m: any) => void> = [];

  const toB = (message: object, expect: string): Promise<any> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`B did not answer ${expect}: ${bLog}`)), 60000);
      replies.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
      if (Object.keys(message).length) b.send(message);
    });

  beforeAll(async () => {
    standin = await startStandin({ timeScale: 0.05, defaultResident: { kind: 'answer', afterMs: 500, script: [{ afterAnswerMs: 20000, dtmf: '1' }] } });
    standin.model.on('changed', () => (maxChannels = Math.max(maxChannels, outboundChannels(standin))));
    a = await startTestServerWithStandin(shared, standin, { INSTANCE_ID: 'instance-a', OUTBOUND_MAX_CALLS: '3' });
    a.clock.set(NOON_KYIV);
    staff = await signInStaff(a);
    b = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'verification-instance.ts')], {
      cwd: path.resolve(__dirname, '../..'),
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', ...standinEnv(standin),
        ARI_APP: 'kontakt-b', INSTANCE_ID: 'instance-b', OUTBOUND_MAX_CALLS: '3', JOBS_ENABLED: '0',
        PORT: '0', HOST: '127.0.0.1', DATABASE_URL: a.kontakt.config.DATABASE_URL, ADMIN_PASSWORD, LOG_LEVEL: 'warn',
        TOKEN_SECRET: 'test-secret-test-secret-test-secret-123', PROMPT_CACHE_DIR: path.join(os.tmpdir(), 'kontakt-test-prompts'), TEST_CLOCK: NOON_KYIV,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    b.stdout!.on('data', (d) => (bLog += d));
    b.stderr!.on('data', (d) => (bLog += d));
    b.on('message', (m) => replies.shift()?.(m));
    expect(await toB({}, 'ready')).toEqual({ type: 'ready' });
  }, 90000);

  afterAll(async () => {
    if (b && b.exitCode === null) {
      const exited = new Promise((r) => b.once('exit', r));
      b.send({ type: 'stop' });
      await exited;
    }
    await a?.close();
    await standin?.stop();
  });

  test('each resident is called exactly once, and never more than OUTBOUND_MAX_CALLS at once across both', async () => {
    const appeals = [];
    for (const phone of RESIDENTS) appeals.push(await completedAppeal(a, staff, phone));
    const ids = await Promise.all(appeals.map(async (x) => (await verificationOf(x.id)).id));
    a.clock.advance(2 * 3600_000 + 60_000);
    const at = a.clock.now().toISOString();
    const claimedBy = { a: 0, b: 0 };
    for (let round = 0; (await Verification.count({ where: { id: { [Op.in]: ids }, status: 'confirmed' } })) < RESIDENTS.length; round++) {
      if (round > 10) throw new Error('the two dialers did not get through the calls');
      // Both dial at the same moment, each waiting for its own calls to end.
      const [ra, rb] = await Promise.all([
        a.kontakt.jobs.scheduler.runNow('verification-dialer').then(async (r) => {
          await a.kontakt.verifications.dialer.idle();
          return r;
        }),
        toB({ type: 'dial', at }, 'dial'),
      ]);
      claimedBy.a += ra.ran ? Number(ra.summary.claimed) : 0;
      claimedBy.b += rb.outcome.ran ? Number(rb.outcome.summary.claimed) : 0;
    }
    for (const phone of RESIDENTS) {
      const originates = standin.appRequests.rest.filter((r) => r.method === 'POST' && r.path.includes(encodeURIComponent(`PJSIP/${phone}@trunk`)));
      expect([phone, originates.length]).toEqual([phone, 1]);
    }
    expect(claimedBy.a + claimedBy.b).toBe(RESIDENTS.length);
    expect(maxChannels).toBeLessThanOrEqual(3);
    const rows = await Verification.findAll({ where: { id: { [Op.in]: ids } } });
    expect(rows.every((v) => v.status === 'confirmed' && v.attempts === 1)).toBe(true);
    // Each call recorded once, by whichever instance made it.
    const calls = await Call.count({ where: { direction: 'outbound', purpose: 'verification', uniqueid: { [Op.in]: rows.map((v) => v.channelId!) } } });
    expect(calls).toBe(RESIDENTS.length);
  });
});
