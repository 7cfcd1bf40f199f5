/**
 * `npm run bench:notices`: the notice phase. A fresh bench database with N phones subscribed on
 * one street, the Asterisk stand-in and Kontakt as separate processes (as `npm run bench` runs
 * them), the server's jobs on, OUTBOUND_MAX_CALLS channels. The head composes and approves a
 * notice through the API; the phase measures how long calling everyone takes against the least
 * the channels allow (the sum of the calls' durations / channels), the most channels in use at
 * once (the stand-in's residents answer after 1 s and listen to the end), and the server's CPU per notice call (from /proc, over the whole phase).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Op } from 'sequelize';
import { createLogger } from '../core/logger';
import { hashPassword } from '../auth/passwords';
import { Call, Notice, NoticeCall, NoticeSubscription, Street, User } from '../models';
import { recreateDatabase, openBenchDatabase } from './seed';
import { StandinProcess, startServer } from './processes';
import { cpuSecondsOf } from './measures';

const HELP = `npm run bench:notices -- [flags]
  --db sqlite|mysql|<url>   database (default sqlite:./data/bench-notices.sqlite; mysql = mysql://root@127.0.0.1:3306/kontakt_bench_notices)
  --phones N                subscribed phones on the street (2000)
  --channels N              OUTBOUND_MAX_CALLS (30)
  --time-scale F            the stand-in's time factor (0.1: prompts and rings 10× faster than real time)
  --menu-ms MS              how long the menu after the notice waits for a key (1000, real time)
  --json PATH               write the figures as JSON
  --out DIR                 the server's log (./data/bench)`;

const say = (s: string) => process.stderr.write(`${s}\n`);
const BENCH_PASSWORD = 'bench-head-password-1551';

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2), strict: true,
    options: {
      db: { type: 'string', default: 'sqlite' }, phones: { type: 'string', default: '2000' }, channels: { type: 'string', default: '30' },
      'time-scale': { type: 'string', default: '0.1' }, 'menu-ms': { type: 'string', default: '1000' },
      json: { type: 'string' }, out: { type: 'string', default: './data/bench' }, help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(`${HELP}\n`);
  const url = values.db === 'sqlite' ? 'sqlite:./data/bench-notices.sqlite' : values.db === 'mysql' ? 'mysql://root@127.0.0.1:3306/kontakt_bench_notices' : values.db!;
  const phones = Number(values.phones);
  const channels = Number(values.channels);
  const timeScale = Number(values['time-scale']);
  if (!(phones >= 1 && channels >= 1 && timeScale > 0)) throw new Error('--phones, --channels і --time-scale мають бути додатними');

  say(`Готую базу: ${phones} підписаних телефонів на одній вулиці…`);
  await recreateDatabase(url);
  const db = await openBenchDatabase(url, createLogger('warn'));
  const street = (await Street.findOne({ order: [['id', 'ASC']] }))!;
  const now = new Date();
  for (let i = 0; i < phones; i += 1000) {
    await NoticeSubscription.bulkCreate(Array.from({ length: Math.min(1000, phones - i) }, (_, k) => ({
      phone: `+38068${String(1_000_000 + i + k).padStart(7, '0')}`, streetId: street.id, consentChannel: 'console' as const, consentAt: now,
    })));
  }
  await User.create({ login: 'bench-head', passwordHash: await hashPassword(BENCH_PASSWORD), fullName: 'Начальник (бенчмарк)', role: 'head', organizationId: null });

  const standin = new StandinProcess(timeScale);
  await standin.ready;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    server = await startServer({
      databaseUrl: url, standin, nodeArgs: [], outDir: path.resolve(values.out!), promptDir: path.resolve(values.out!, 'prompts'), compiled: false,
      env: {
        JOBS_ENABLED: '1', OUTBOUND_MAX_CALLS: String(channels), CALLING_HOURS: '00:00-23:59', IVR_MENU_TIMEOUT_MS: values['menu-ms']!,
        OUTBOUND_RING_SECONDS: '30', NOTICE_RETRY_MINUTES: '600',
      },
    });
    const api = async (method: string, p: string, token?: string, body?: unknown) => {
      const res = await fetch(server!.baseUrl + p, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = await res.json().catch(() => null);
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const token = (await api('POST', '/api/auth/login', undefined, { login: 'bench-head', password: BENCH_PASSWORD })).token as string;
    const notice = await api('POST', '/api/notices', token, { text: 'Увага! Сьогодні з 14:00 до 18:00 на вашій вулиці не буде холодної води через ремонт водогону.', area: { streets: [{ name: street.name }] } });
    const pid = server.child.pid!;
    const cpu0 = cpuSecondsOf(pid) ?? 0;
    const t0 = Date.now();
    await api('POST', `/api/notices/${notice.id}/approve`, token, {});
    say(`Обдзвін ${phones} телефонів, ${channels} каналів, масштаб часу ${timeScale}…`);
    let maxChannels = 0;
    for (;;) {
      const s = await standin.stats();
      maxChannels = Math.max(maxChannels, s.channels);
      const open = await NoticeCall.count({ where: { noticeId: notice.id, status: { [Op.in]: ['queued', 'calling'] } } });
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const elapsedSec = (Date.now() - t0) / 1000;
    const cpuSec = (cpuSecondsOf(pid) ?? 0) - cpu0;
    // Call records are written in batches: wait until every attempt has one.
    const attempts = Number(await NoticeCall.sum('attempts', { where: { noticeId: notice.id } }));
    const deadline = Date.now() + 60_000;
    let records: Call[] = [];
    while (Date.now() < deadline) {
      records = await Call.findAll({ where: { purpose: 'notice', endedAt: { [Op.ne]: null } }, attributes: ['startedAt', 'endedAt'] });
      if (records.length >= attempts) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const busySec = records.reduce((t, c) => t + (c.endedAt!.getTime() - c.startedAt.getTime()) / 1000, 0);
    const idealSec = busySec / channels;
    const byStatus = Object.fromEntries((await NoticeCall.findAll({ where: { noticeId: notice.id }, attributes: ['status'] })).reduce((m, r) => m.set(r.status, (m.get(r.status) ?? 0) + 1), new Map<string, number>()));
    const report = {
      phones, channels, timeScale, elapsedSec: round(elapsedSec), callsPerMinute: round((attempts / elapsedSec) * 60), attempts,
      meanCallSec: round(busySec / Math.max(1, records.length)), idealSec: round(idealSec), channelUse: round(idealSec / elapsedSec),
      maxChannels, serverCpuSec: round(cpuSec), cpuMsPerCall: round((cpuSec * 1000) / Math.max(1, attempts)), byStatus,
      noticeStatus: (await Notice.findByPk(notice.id))!.status,
    };
    process.stdout.write([
      '',
      `оповіщення: ${phones} телефонів, ${channels} каналів (OUTBOUND_MAX_CALLS), масштаб часу імітатора ${timeScale}`,
      `обдзвін тривав ${report.elapsedSec} с; найменше, що дозволяють канали (сума тривалостей дзвінків / канали): ${report.idealSec} с; завантаження каналів ${Math.round(report.channelUse * 100)} %`,
      `дзвінків ${attempts} (${report.callsPerMinute} за хвилину), середня тривалість ${report.meanCallSec} с, найбільше каналів одночасно ${maxChannels} (межа ${channels})`,
      `ЦП сервера: ${report.serverCpuSec} с, ${report.cpuMsPerCall} мс на дзвінок оповіщення`,
      `результати: ${JSON.stringify(byStatus)}; стан оповіщення: ${report.noticeStatus}`,
      '',
    ].join('\n'));
    if (values.json) (await import('node:fs')).writeFileSync(values.json, JSON.stringify(report, null, 2));
  } finally {
    await server?.stop();
    await standin.stop();
    await db.close();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

main().catch((e: unknown) => {
  process.stderr.write(`Фаза оповіщень не вдалася: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
