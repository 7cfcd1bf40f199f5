/* Issue 12 checks against the real Asterisk 22.7.0 on loopback (not committed: a session's own verification). */
import { spawn, execSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import mysql from 'mysql2/promise';
import WebSocket from 'ws';
import { io } from 'socket.io-client';

const DB = 'kontakt_realcheck';
const log = (...a: unknown[]) => console.log(new Date().toISOString().slice(11, 23), ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ast = (cmd: string) => execSync(`asterisk -rx "${cmd}"`).toString();

function startKontakt(name: string, port: number, app: string, peer: string): ChildProcess {
  const out = fs.openSync(`/tmp/rc-${name}.log`, 'w');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'server/main.ts'], {
    cwd: '/work/main',
    env: {
      PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `mysql://root@127.0.0.1:3306/${DB}`,
      ARI_URL: 'http://127.0.0.1:8088', ARI_PASSWORD: 'kontakt-secret', AMI_SECRET: 'kontakt-secret', ARI_APP: app, ARI_PEER_APPS: peer,
      QUEUE_NAME: 'dispatchers-live', QUEUE_CONTEXT: 'live-queue', INSTANCE_ID: name, ADMIN_PASSWORD: 'admin-password-123',
      TOKEN_SECRET: 'real-check-secret-real-check-secret', PROMPTS_BASE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'info', PRESENCE_SWEEP_SECONDS: '10',
    },
    stdio: ['ignore', out, out],
  });
  return child;
}

async function waitReady(port: number, what: string, want = true, timeoutMs = 60000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      const j = (await r.json()) as { checks: Record<string, boolean> };
      if (Boolean(j.checks.ari && j.checks.ami) === want) return j;
    } catch { /* not up yet */ }
    if (Date.now() > end) throw new Error(`timeout: ${what}`);
    await sleep(300);
  }
}

async function api(port: number, method: string, path: string, token?: string, body?: unknown) {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

function originate(channel: string, context: string, callerId: string) {
  ast(`channel originate ${channel} extension s@${context}`);
  void callerId;
}

async function main() {
  const conn = await mysql.createConnection({ uri: 'mysql://root@127.0.0.1:3306/test' });
  await conn.query(`DROP DATABASE IF EXISTS ${DB}`);
  await conn.query(`CREATE DATABASE ${DB} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  const db = await mysql.createConnection({ uri: `mysql://root@127.0.0.1:3306/${DB}` });

  const a = startKontakt('a', 3101, 'kontakt-a', 'kontakt-b');
  await waitReady(3101, 'A ready');
  const b = startKontakt('b', 3102, 'kontakt-b', 'kontakt-a');
  await waitReady(3102, 'B ready');
  log('apps:', ast('ari show apps').trim().split('\n').slice(2).join(', '));

  const admin = (await api(3101, 'POST', '/api/auth/login', undefined, { login: 'admin', password: 'admin-password-123' })).body.token;
  const created = await api(3101, 'POST', '/api/users', admin, { login: 'd103', password: 'dispatcher-pw-1', fullName: 'Диспетчер 103', role: 'dispatcher', queueInterface: 'Local/103@agents-long/n', queueStateInterface: 'Custom:103' });
  log('user', created.status, created.body.queueInterface, created.body.queueStateInterface);
  const token = (await api(3101, 'POST', '/api/auth/login', undefined, { login: 'd103', password: 'dispatcher-pw-1' })).body.token;
  const sock = io('http://127.0.0.1:3101', { auth: { token }, transports: ['websocket'] });
  const presence: any[] = [];
  sock.on('presence:changed', (p) => presence.push(p));
  sock.on('presence:leaving', (p) => log('leaving notice', p));
  await new Promise<void>((r) => sock.on('connect', () => r()));
  const ask = (ev: string, ...args: unknown[]) => new Promise<any>((r) => (sock.emit as any)(ev, ...args, r));

  const ready = await ask('presence:ready', {});
  log('ready ->', ready.ok, ready.data?.state, ready.error?.message ?? '');
  log('queue show:', ast('queue show dispatchers-live').split('\n').filter((l) => /Local|Members|No Members/.test(l)).join(' | '));

  // 1. A hotline call through the two-instance dialplan: IVR, key 0, the queue, the dispatcher talks.
  const callsBefore = (await db.query('SELECT COUNT(*) n FROM calls'))[0] as any;
  originate('Local/1551@hotline-multi', 'caller-press0', '0501234567');
  const talking = Date.now();
  for (;;) {
    if (presence.some((p) => p.state === 'on_call')) break;
    if (Date.now() - talking > 30000) throw new Error('no on_call presence');
    await sleep(100);
  }
  log('on_call after', Date.now() - talking, 'ms; presence states so far', presence.map((p) => p.state).join('>'));
  const out = await ask('presence:sign-out');
  log('sign-out while talking ->', out.data?.state, out.data?.pending);
  log('queue show:', ast('queue show dispatchers-live').split('\n').filter((l) => /Local|No Members/.test(l)).join(' | '));
  for (const end = Date.now() + 30000; Date.now() < end; await sleep(300)) {
    if (!/Local\/103/.test(ast('queue show dispatchers-live'))) break;
  }
  log('after the call, queue show:', ast('queue show dispatchers-live').split('\n').filter((l) => /Local|No Members/.test(l)).join(' | '));
  await sleep(500);
  log('last presence:', JSON.stringify(presence.at(-1)));
  const again = await ask('presence:ready', {});
  log('ready again ->', again.data?.state);

  // 2. An unrelated office call: no Call row.
  await sleep(2000);
  const n1 = ((await db.query('SELECT COUNT(*) n FROM calls'))[0] as any)[0].n;
  ast('channel originate Local/200@internal application Wait 2');
  await sleep(5000);
  const n2 = ((await db.query('SELECT COUNT(*) n FROM calls'))[0] as any)[0].n;
  log('calls: before hotline', callsBefore[0].n, 'after hotline', n1, 'after unrelated', n2);
  const rows = (await db.query('SELECT uniqueid, direction, caller_number, queue, disposition, JSON_LENGTH(ivr_path) path, agent_interface, dispatcher_user_id FROM calls'))[0];
  log('rows', JSON.stringify(rows));

  // 3. Sign out of the console: out of the queue.
  const lo = await api(3101, 'POST', '/api/auth/logout', token);
  await sleep(1500);
  log('logout', lo.status, 'queue show:', ast('queue show dispatchers-live').split('\n').filter((l) => /Local|No Members/.test(l)).join(' | '));
  sock.close();

  // 4. kill -9 of B while calls sit in its IVR; new calls reach A; A sends B's orphans to the queue.
  const ivrCalls = async (logFile: string) => (fs.readFileSync(logFile, 'utf8').match(/call entered the IVR/g) ?? []).length;
  for (let i = 0; i < 4; i++) originate('Local/1551@hotline-multi', 'caller-silent', '');
  await sleep(3000);
  log('IVR calls A/B', await ivrCalls('/tmp/rc-a.log'), await ivrCalls('/tmp/rc-b.log'));
  log('apps:', ast('ari show apps').trim().split('\n').slice(2).join(', '));
  b.kill('SIGKILL');
  await sleep(500);
  log('B killed; apps:', ast('ari show apps').trim().split('\n').slice(2).join(', '));
  const aBefore = await ivrCalls('/tmp/rc-a.log');
  for (let i = 0; i < 4; i++) originate('Local/1551@hotline-multi', 'caller-silent', '');
  await sleep(3000);
  log('after kill: new calls in A\'s IVR', (await ivrCalls('/tmp/rc-a.log')) - aBefore, 'of 4');
  await sleep(25000);
  log('A log, adoption:', (fs.readFileSync('/tmp/rc-a.log', 'utf8').match(/dead instance[^"]*"/g) ?? []).slice(0, 3));
  log('channels in kontakt-b:', ast('ari show app kontakt-b').split('\n').filter((l) => /Channel|channel/.test(l)).slice(0, 5).join(' | '));
  const b2 = startKontakt('b2', 3102, 'kontakt-b', 'kontakt-a');
  await waitReady(3102, 'B back');
  log('B back; apps:', ast('ari show apps').trim().split('\n').slice(2).join(', '));

  // 5. ApplicationReplaced: a second socket for kontakt-a takes the application; A must notice.
  const ws = new WebSocket('ws://127.0.0.1:8088/ari/events?app=kontakt-a&api_key=kontakt:kontakt-secret');
  await new Promise((r) => ws.on('open', r));
  await waitReady(3101, 'A not ready after ApplicationReplaced', false, 10000);
  log('A readyz after ApplicationReplaced:', JSON.stringify((await (await fetch('http://127.0.0.1:3101/readyz')).json()).checks));
  ws.close();
  await waitReady(3101, 'A ready again', true, 45000);
  log('A ready again; apps:', ast('ari show apps').trim().split('\n').slice(2).join(', '));

  ast('channel request hangup all');
  a.kill('SIGTERM');
  b2.kill('SIGTERM');
  await db.end();
  await sleep(1000);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
