import path from 'node:path';
import os from 'node:os';
import { spawn, ChildProcess } from 'node:child_process';
import { testDatabases } from '../support/databases';
import { startTestServerWithStandin, signInStaff, standinEnv, ADMIN_PASSWORD, TestServer, Staff } from '../support/test-server';
import { startStandin, Standin } from '../../standin/scenario';
import { Call, NoticeCall } from '../../models';
import { outboundChannels } from '../jobs/verification-helpers';
import { NOON_KYIV, subscribe, approvedNotice, originatesTo } from './notice-helpers';

// One database both instances share: MariaDB, as in production (without it, the SQLite file).
const shared = testDatabases().find((d) => d.name === 'MariaDB') ?? testDatabases()[0];
const PHONES = Array.from({ length: 8 }, (_, i) => `050777000${i + 1}`);

/**
 * Two Kontakt instances call out one notice at the same moments against one database: instance A
 * in this process, B in a child process with its own ARI application. Every phone is called
 * exactly once, and OUTBOUND_MAX_CALLS holds across both.
 */
describe(`a notice called out by two instances on one ${shared.name} database`, () => {
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
    b = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'notice-instance.ts')], {
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

  test('each phone is called exactly once, and never more than OUTBOUND_MAX_CALLS at once across both', async () => {
    for (const phone of PHONES) await subscribe(a, staff.dispatcher, phone, { streetName: 'вулиця Шевченка' });
    const notice = await approvedNotice(a, staff, { text: 'Два сервери, одне оповіщення.', area: { streets: [{ name: 'вулиця Шевченка' }] } });
    const at = a.clock.now().toISOString();
    const claimedBy = { a: 0, b: 0 };
    for (let round = 0; (await NoticeCall.count({ where: { noticeId: notice.id, status: 'listened' } })) < PHONES.length; round++) {
      if (round > 10) throw new Error('the two dialers did not get through the calls');
      // Both dial at the same moment, each refilling its freed slots until nothing is due.
      const [ra, rb] = await Promise.all([
        a.kontakt.jobs.scheduler.runNow('notice-dialer').then(async (r) => {
          await a.kontakt.notices.dialer.idle();
          return r;
        }),
        toB({ type: 'dial', at }, 'dial'),
      ]);
      claimedBy.a += ra.ran ? Number(ra.summary.claimed) : 0;
      claimedBy.b += rb.outcome.ran ? Number(rb.outcome.summary.claimed) : 0;
    }
    for (const phone of PHONES) expect([phone, originatesTo(standin, phone)]).toEqual([phone, 1]);
    expect(claimedBy.a + claimedBy.b).toBeGreaterThan(0);
    expect(maxChannels).toBeLessThanOrEqual(3);
    const rows = await NoticeCall.findAll({ where: { noticeId: notice.id } });
    expect(rows.every((r) => r.status === 'listened' && r.attempts === 1 && r.repeats === 1)).toBe(true);
    await a.kontakt.telephony.recorder.flush();
    const calls = await Call.count({ where: { direction: 'outbound', purpose: 'notice', uniqueid: rows.map((r) => r.channelId!) } });
    expect(calls).toBe(PHONES.length);
  }, 90000);
});
