/* Issue 15 checks against the real Asterisk 22.7.0 (not committed). */
import { spawn, execSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import mysql from 'mysql2/promise';
import WebSocket from 'ws';
import { AMI_EVENT_FILTER } from '../telephony/ami-event-normalizer';

const DB = 'kontakt_realcheck15';
const log = (...a: unknown[]) => console.log(new Date().toISOString().slice(11, 23), ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rawAmi(name: string, filter: string | null) {
  const sock = net.connect(5038, '127.0.0.1');
  const events: string[] = [];
  const responses: string[] = [];
  let buf = '';
  sock.on('data', (d) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\r\n\r\n')) >= 0) {
      const msg = buf.slice(0, i); buf = buf.slice(i + 4);
      if (/^Response:/m.test(msg) || /ActionID:/.test(msg)) responses.push(msg);
      else { const m = /^Event: (\S+)/m.exec(msg); if (m) events.push(m[1]); }
    }
  });
  sock.write('Action: Login\r\nActionID: l1\r\nUsername: kontakt\r\nSecret: kontakt-secret\r\nEvents: on\r\n\r\n');
  if (filter) sock.write(`Action: Filter\r\nActionID: f1\r\nOperation: Add\r\nFilter: ${filter}\r\n\r\n`);
  return { name, events, responses, send: (t: string) => sock.write(t), close: () => sock.end() };
}

async function main() {
  const c = await mysql.createConnection('mysql://root@127.0.0.1:3306/');
  await c.query(`DROP DATABASE IF EXISTS ${DB}`); await c.query(`CREATE DATABASE ${DB}`); await c.end();
  const ari: Array<Record<string, any>> = [];
  const ws = new WebSocket('ws://127.0.0.1:8088/ari/events?app=watch15&subscribeAll=true&api_key=kontakt:kontakt-secret');
  ws.on('message', (d) => ari.push(JSON.parse(String(d))));
  const out = fs.openSync('/tmp/rc15.log', 'w');
  const k = spawn(process.execPath, ['-r', '@swc-node/register', 'server/main.ts'], {
    cwd: '/work/main',
    env: { PATH: process.env.PATH, PORT: '3915', HOST: '127.0.0.1', DATABASE_URL: `mysql://root@127.0.0.1:3306/${DB}`, ARI_URL: 'http://127.0.0.1:8088', ARI_PASSWORD: 'kontakt-secret', AMI_SECRET: 'kontakt-secret',
      ADMIN_PASSWORD: 'admin-password-123', TOKEN_SECRET: 'real-check-secret-real-check-secret', PROMPTS_BASE_URL: 'http://127.0.0.1:3915', LOG_LEVEL: 'debug' },
    stdio: ['ignore', out, out],
  });
  try {
    for (let i = 0; ; i++) {
      try { const r = await fetch('http://127.0.0.1:3915/readyz'); if (r.status === 200) break; } catch { /* */ }
      if (i > 200) throw new Error('kontakt not ready'); await sleep(300);
    }
    log('kontakt ready');
    const filtered = rawAmi('filtered', AMI_EVENT_FILTER);
    const all = rawAmi('all', null);
    await sleep(500);
    log('filter response:', JSON.stringify(filtered.responses.find((r) => /ActionID: f1/.test(r))));
    all.send('Action: Originate\r\nActionID: o1\r\nChannel: Local/menu1@caller-sim\r\nContext: hotline\r\nExten: 1551\r\nPriority: 1\r\nCallerID: "Mykola" <0501234567>\r\nAsync: true\r\n\r\n');
    await sleep(9000);
    const db0 = await mysql.createConnection(`mysql://root@127.0.0.1:3306/${DB}`);
    const [r0] = (await db0.query('SELECT uniqueid FROM calls')) as any;
    await db0.end();
    for (const v of ['KONTAKT_CALL_ID', 'KONTAKT_IVR_PATH', 'KONTAKT_PRIORITY', 'KONTAKT_REASON', 'QUEUE_PRIO']) {
      const r = await fetch(`http://127.0.0.1:8088/ari/channels/${r0[0]?.uniqueid}/variable?variable=${v}`, { headers: { authorization: 'Basic ' + Buffer.from('kontakt:kontakt-secret').toString('base64') } });
      log('var', v, r.status, await r.text());
    }
    const app = await (await fetch('http://127.0.0.1:8088/ari/applications/kontakt', { headers: { authorization: 'Basic ' + Buffer.from('kontakt:kontakt-secret').toString('base64') } })).json();
    log('kontakt app filter:', JSON.stringify(app.events_allowed), JSON.stringify(app.events_disallowed));
    log('ChannelVarset events:', JSON.stringify(ari.filter((e) => e.type === 'ChannelVarset' && /KONTAKT|ARRAY/.test(e.variable)).map((e) => [e.variable, e.value])));
    await sleep(16000);
    filtered.send('Action: QueueStatus\r\nActionID: qs1\r\nQueue: dispatchers\r\n\r\n');
    await sleep(1000);
    const count = (xs: string[]) => Object.entries(xs.reduce((m: Record<string, number>, x) => ((m[x] = (m[x] ?? 0) + 1), m), {}));
    log('unfiltered events', all.events.length, JSON.stringify(count(all.events)));
    log('filtered events', filtered.events.length, JSON.stringify(count(filtered.events)));
    log('QueueStatus answers on the filtered session:', filtered.responses.filter((r) => /ActionID: qs1/.test(r)).map((r) => /Event: (\S+)/.exec(r)?.[1] ?? 'Response').join(','));
    const pb = ari.filter((e) => String(e.type).startsWith('Playback'));
    for (const e of pb) log(e.type, e.playback?.id, e.playback?.state, String(e.playback?.media_uri).replace(/http:\/\/[^,]*\//g, '…/'), e.playback?.next_media_uri ?? '');
    const db = await mysql.createConnection(`mysql://root@127.0.0.1:3306/${DB}`);
    const [rows] = await db.query('SELECT uniqueid, disposition, ivr_path, queue, caller_number FROM calls');
    log('calls', JSON.stringify(rows));
    await db.end();
    filtered.close(); all.close();
    log('kontakt log warnings:', execSync("grep -c '\"level\":40\\|\"level\":50' /tmp/rc15.log || true").toString().trim());
    log(execSync("grep -i 'filter' /tmp/rc15.log | head -3 || true").toString());
  } finally {
    k.kill('SIGTERM'); ws.close();
    await sleep(2000);
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
