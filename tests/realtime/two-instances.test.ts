import os from 'node:os';
import path from 'node:path';
import { spawn, ChildProcess } from 'node:child_process';
import { startStandin, Standin } from '../../standin/scenario';
import { testDatabases } from '../support/databases';
import { TestServer, login, ADMIN_PASSWORD, startTestServerWithStandin } from '../support/test-server';
import { User } from '../../models';
import { hashPassword } from '../../auth/passwords';
import { openConsole, connected, until, Console } from './helpers';
import { freePort } from '../../bench/processes';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN_SECRET = 'test-secret-test-secret-test-secret-123';

// Model classes are process-global, so instance B runs in a child process. MariaDB when there
// is one (shared by both, as in production); otherwise the SQLite file, which B only reads.
const shared = testDatabases().find((d) => d.name === 'MariaDB') ?? testDatabases()[0];

/**
 * Two Kontakt instances share Socket.IO events through Redis: A is connected to Asterisk and
 * handles the call; a dispatcher whose console is connected to B (no Asterisk at all) gets the pop.
 */
describe(`two instances through Redis on ${shared.name}`, () => {
  let standin: Standin;
  let a: TestServer;
  let b: ChildProcess;
  let bUrl: string;
  let bLog = '';
  let consoleOnB: Console;

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 0.02,
      queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 300, retry: 1, members: [] }],
      phones: { 'PJSIP/201': { kind: 'noanswer' } },
    });
    a = await startTestServerWithStandin(shared, standin, { REDIS_URL });

    const port = await freePort();
    bUrl = `http://127.0.0.1:${port}`;
    const root = path.resolve(__dirname, '../..');
    b = spawn(process.execPath, ['-r', '@swc-node/register', 'server/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test',
        PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: a.kontakt.config.DATABASE_URL, TOKEN_SECRET, ADMIN_PASSWORD,
        REDIS_URL, LOG_LEVEL: 'warn', PROMPT_CACHE_DIR: path.join(os.tmpdir(), 'kontakt-test-prompts'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    b.stdout!.on('data', (d) => (bLog += d));
    b.stderr!.on('data', (d) => (bLog += d));
    await until(async () => (await fetch(`${bUrl}/healthz`).catch(() => null))?.ok, `instance B up (${bLog})`, 60000);
  }, 90000);

  afterAll(async () => {
    consoleOnB?.close();
    if (b && b.exitCode === null) {
      const exited = new Promise((r) => b.once('exit', r));
      b.kill('SIGTERM');
      await exited;
    }
    await a?.close();
    await standin?.stop();
  });

  test('a dispatcher connected to B gets the pop for a call A handles, and B answers ringing-now', async () => {
    await User.create({ login: 'd201', passwordHash: await hashPassword('pw-d201'), fullName: 'Диспетчер 201', role: 'dispatcher', organizationId: null, queueInterface: 'PJSIP/201' });
    // Signed in on B: sessions live in the shared database.
    const token = await login(bUrl, 'd201', 'pw-d201');
    consoleOnB = openConsole(bUrl, token);
    await connected(consoleOnB);
    // The console on B asks B; B has no Asterisk, so it says so in Ukrainian.
    const refused = await consoleOnB.ask('presence:ready', {});
    expect(refused).toEqual({ ok: false, error: { code: 'pbx_unavailable', message: expect.stringMatching(/АТС/) } });
    // The dispatcher is in the queue (as if signed in at the phone through A).
    standin.addQueueMember('dispatchers', { interface: 'PJSIP/201', name: 'Диспетчер 201' });

    const call = standin.placeCall({ from: '0509990000', script: [{ afterAnswerMs: 1000, dtmf: '0' }] });
    const pop = await consoleOnB.next('call:ringing', (p) => p.uniqueid === call.id);
    expect(pop).toEqual(expect.objectContaining({ agentInterface: 'PJSIP/201', callerNumber: '+380509990000', reason: 'dispatcher' }));

    // B never heard the call, yet a console reconnecting to it finds the pop (replicated from A).
    const now = await until(async () => {
      const r = await consoleOnB.ask('calls:ringing-now');
      return r.data?.length ? r : null;
    }, 'the pop replicated to B');
    expect(now.data.map((p: any) => p.uniqueid)).toEqual([call.id]);

    call.hangup();
    expect(await consoleOnB.next('call:ringing-stopped', (e) => e.uniqueid === call.id)).toEqual({ uniqueid: call.id, reason: 'caller_left' });
    // Exactly one pop: B's own (Asterisk-less) instance did not duplicate A's.
    expect(consoleOnB.of('call:ringing').filter((p) => p.uniqueid === call.id)).toHaveLength(1);
  });
});
