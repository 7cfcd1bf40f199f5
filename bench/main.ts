/**
 * `npm run bench`: seeds (or reuses) a bench database, starts the stand-in and Kontakt as
 * separate processes, signs dispatchers in, drives calls through the IVR to the queue at a set
 * rate and then at rising rates, and prints the figures beside their floors (README, Benchmark).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Op, type Sequelize } from 'sequelize';
import { createLogger } from '../core/logger';
import { Applicant, Call } from '../models';
import { parseOptions, HELP, type BenchOptions } from './options';
import { recreateDatabase, openBenchDatabase, seedBulk, prepareRun, dispatcherInterface } from './seed';
import { StandinProcess, startServer, startFloor, type ServerProcess } from './processes';
import { connectDispatchers, driveCalls, type Dispatchers } from './drivers';
import { PopAccounting } from './accounting';
import { summarize, ServerWatch, mainThreadFigures, rssOfAll, cpuSecondsOfAll, scrape, floorRoundTrips, bareQueryTimes, popQueryTimes } from './measures';
import { openBareHistory } from './bare-history';
import { formatTable, writeJson, type BenchReport, type PhaseResult } from './report';
import { e164, residentNumber } from './seed-rows';
import { readDatabaseSettings, formatDatabaseSettings } from './database-settings';
import { correctnessFailures } from './verdict';
import { benchTargets } from './targets';

const say = (s: string) => process.stderr.write(`${s}\n`);
const MB = 1024 * 1024;

export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const say = (line: string) => o.quiet || process.stderr.write(`${line}\n`);
  const logger = createLogger('warn');
  const started = Date.now();
  let seedSeconds: number | null = null;
  if (!o.skipSeed) {
    say(`Готую базу ${o.databaseUrl.replace(/\/\/[^@]*@/, '//')}: міграції, довідники, ${o.appeals} звернень на ${o.applicants} заявників…`);
    await recreateDatabase(o.databaseUrl);
  }
  const db = await openBenchDatabase(o.databaseUrl, logger);
  let applicants = o.applicants;
  if (!o.skipSeed) {
    const t0 = Date.now();
    await seedBulk(db, o.databaseUrl, { appeals: o.appeals, applicants: o.applicants }, o.quiet);
    seedSeconds = Math.round((Date.now() - t0) / 100) / 10;
    say(`  базу заповнено за ${seedSeconds} с`);
  } else {
    const have = await Applicant.count({ where: { phone: { [Op.like]: '+38050%' } } });
    if (!have) throw new Error('--skip-seed: у базі немає заявників; запустіть без --skip-seed');
    applicants = Math.min(applicants, have);
  }
  await prepareRun(db, o.dispatchers);
  const database = await readDatabaseSettings(db);
  say(formatDatabaseSettings(database));

  // Floors and the pop's query alone, on a quiet database, before the load.
  say('Вимірюю нижні межі та запит попу…');
  const bare = await openBareHistory(o.databaseUrl);
  const explain = await bare.explain(e164(residentNumber(0)));
  const bareQuery = summarize(await bareQueryTimes(bare, o.floorSamples, applicants));
  await bare.close();
  const popQuery = summarize(await popQueryTimes(o.floorSamples, applicants, dispatcherInterface(0)));
  const floor = await startFloor(o.databaseUrl);
  const rt = await floorRoundTrips(floor.url, o.floorSamples, applicants).finally(() => floor.stop());
  const floors = { socketRoundTrip: summarize(rt.echo), socketRoundTripWithQuery: summarize(rt.historyEcho), bareQuery };

  const standin = new StandinProcess(o.timeScale, o.instances > 1 ? 'hotline-two-instances' : undefined);
  const servers: ServerProcess[] = [];
  let consoles: Dispatchers | undefined;
  try {
    await standin.ready;
    // Both ends stamp with CLOCK_MONOTONIC: check the stand-in's reading falls between two of ours.
    let ordered = true;
    for (let i = 0; i < 20; i++) {
      const a = process.hrtime.bigint();
      const b = await standin.ping();
      const c = process.hrtime.bigint();
      ordered &&= a <= b && b <= c;
    }
    await standin.addQueue({ name: 'dispatchers', strategy: 'rrmemory', timeout: 15, retry: 1, members: [] });
    await standin.setPhones(Object.fromEntries(Array.from({ length: o.dispatchers }, (_, i) => [dispatcherInterface(i), { kind: 'answer' as const, afterMs: o.ringMs, talkMs: o.talkMs }])));

    if (o.compiled) {
      say('Збираю сервер (npm run build)…');
      execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    say(o.instances > 1 ? `Запускаю ${o.instances} екземпляри сервера Контакт…` : 'Запускаю сервер Контакт…');
    const names = o.instances > 1 ? ['a', 'b'] : [''];
    for (const name of names) {
      // Two instances as the README's scaling out describes them: own applications, one Redis.
      const peerEnv = name ? { ARI_APP: `kontakt-${name}`, ARI_PEER_APPS: names.filter((n) => n !== name).map((n) => `kontakt-${n}`).join(','), INSTANCE_ID: `bench-${name}`, REDIS_URL: o.redisUrl } : undefined;
      servers.push(await startServer({ databaseUrl: o.databaseUrl, standin, nodeArgs: o.serverNodeArgs, outDir: path.resolve(o.outDir), promptDir: path.resolve(o.outDir, 'prompts'), compiled: o.compiled, env: peerEnv, logName: name ? `server-${name}.log` : undefined }));
    }
    const pids = servers.map((s) => s.child.pid!);
    const accounting = new PopAccounting();
    let ivrSamples: number[] = [];
    let wrongReason = 0;
    // With several instances: which application ran each call's IVR, and which instance each
    // dispatcher's console is on (dispatcher i on instance i % n), to count the pops that crossed.
    const appOfCall = new Map<string, string>();
    const appOfConsole = new Map(Array.from({ length: o.dispatchers }, (_, i) => [dispatcherInterface(i), `kontakt-${names[i % names.length]}`]));
    let popsAt: Array<[string, string]> = [];
    standin.onStamps = (agentCalled, ivr) => {
      for (const [id, iface, t] of agentCalled) accounting.called(id, iface, BigInt(t));
      for (const [id, ms, app] of ivr) {
        ivrSamples.push(ms);
        if (o.instances > 1) appOfCall.set(id, app);
      }
    };
    consoles = await connectDispatchers(servers.map((s) => s.baseUrl), o.dispatchers, (pop, at) => {
      accounting.popped(pop.uniqueid, pop.agentInterface, at);
      if (pop.reason !== 'emergency') wrongReason++;
      if (o.instances > 1) popsAt.push([pop.uniqueid, pop.agentInterface]);
    });
    say(`  ${o.dispatchers} диспетчерів готові в черзі`);
    // The local database server's process, for its CPU share (none for SQLite or a remote one).
    const mariadbPid = db.getDialect() === 'mysql' ? localPid('mariadbd') ?? localPid('mysqld') : null;
    const plan = { ivrMs: o.ivrMs, knownCallers: o.knownCallers, applicants };
    const placedAll: string[] = [];
    // Prompts are rendered on the first calls: warm up, then measure idle memory.
    await runPhase(0, 2, 2);
    accounting.settle();
    ivrSamples = [];
    wrongReason = 0;
    // Idle is idle: the eSpeak WebAssembly worker that rendered the prompts stops after 30 s
    // without work (a machine with the espeak-ng package never starts it).
    // Its CPU meanwhile is the server's own background (timers, pings, monitors): no calls, no scrapes.
    const idleCpuBefore = cpuSecondsOfAll(pids);
    await new Promise((r) => setTimeout(r, o.idleWaitSec * 1000));
    const idleRssMB = Math.round(rssOfAll(pids) / MB);
    const idleCpuPercent = Math.round(((cpuSecondsOfAll(pids) - idleCpuBefore) / o.idleWaitSec) * 1000) / 10;

    async function runPhase(n: number, rate: number, durationSec: number): Promise<PhaseResult> {
      const watch = new ServerWatch(servers.map((s) => ({ baseUrl: s.baseUrl, pid: s.child.pid! })), async () => (await standin.stats()).channels, { standin: standin.child.pid!, bench: process.pid, ...(mariadbPid ? { database: mariadbPid } : {}) }, o.scrapeSec * 1000);
      await watch.start();
      const startUs = Number(process.hrtime.bigint() / 1000n);
      const before = await standin.stats();
      const cutBefore = consoles?.disconnects.length ?? 0;
      const ids = await driveCalls(standin, plan, rate, durationSec, n + 1);
      placedAll.push(...ids);
      // Until every call of the phase has ended (the last ones still talk), at most 2 minutes more.
      const until = Date.now() + (o.ivrMs + o.ringMs + o.talkMs) * o.timeScale + 120_000;
      let s = await standin.stats();
      while (s.ended - before.ended < ids.length && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 250));
        s = await standin.stats();
      }
      // Late pops still count (a late pop is slow, not lost): wait while they keep coming, 30 s at most.
      await new Promise((r) => setTimeout(r, 300));
      const quietUntil = Date.now() + 30_000;
      let last = accounting.pending();
      while (last.unmatched > 0 && Date.now() < quietUntil) {
        await new Promise((r) => setTimeout(r, 2000));
        const now = accounting.pending();
        if (now.popped === last.popped) break;
        last = now;
      }
      const account = accounting.settle();
      const placed = new Set(ids);
      const w = await watch.stop();
      const popLatency = summarize(account.latenciesMs);
      const crossed = popsAt.filter(([id, iface]) => appOfCall.has(id) && appOfCall.get(id) !== appOfConsole.get(iface)).length;
      popsAt = [];
      const result: PhaseResult = {
        rate, placed: ids.length, ended: s.ended - before.ended, pops: account.popped, popLatency, ivrReaction: summarize(ivrSamples),
        // A pop for a call of an earlier phase (one that outlived it) is late, not doubled.
        lost: account.lost.length, doubled: account.doubled.filter((d) => placed.has(d.uniqueid)).length, wrongReason,
        notRung: ids.filter((id) => !account.rungCalls.has(id)).length, notEnded: ids.length - (s.ended - before.ended),
        disconnects: (consoles?.disconnects.length ?? 0) - cutBefore,
        loopP99Ms: w.loopP99Ms, loopMaxMs: w.loopMaxMs, rssMaxMB: Math.round(w.rssMaxBytes / MB), ...(w.atLiveMark ? { rssAtLiveMark: { live: w.atLiveMark.live, rssMB: Math.round(w.atLiveMark.rssBytes / MB) } } : {}), heapMaxMB: Math.round(w.heapMaxBytes / MB), ivrLiveMax: w.ivrLiveMax, liveCallsMax: w.liveCallsMax,
        loadAvg: Math.round(os.loadavg()[0] * 10) / 10, cpuPercent: w.cpuPercent, sustained: false, windowUs: [startUs, Number(process.hrtime.bigint() / 1000n)],
        serverCpuMsPerCall: ids.length ? Math.round((w.serverCpuSeconds * 1000 / ids.length) * 100) / 100 : NaN,
        serverMainThread: mainThreadFigures(w.serverMainThread, w.serverCpuSeconds, ids.length),
        ...(o.instances > 1 ? { crossedPops: crossed } : {}),
      };
      result.sustained = result.lost + result.doubled + result.notRung + result.notEnded === 0 && popLatency.n > 0 && popLatency.p99 <= 50;
      ivrSamples = [];
      wrongReason = 0;
      say(`  ${rate} дзв/с: попів ${result.pops}, втрачено ${result.lost}, подвоєно ${result.doubled}, з хибною причиною ${result.wrongReason}, не дійшли до диспетчера ${result.notRung}, не завершились ${result.notEnded}, відключень консолей ${result.disconnects}, поп p99 ${popLatency.p99} мс, IVR p99 ${result.ivrReaction.p99} мс, цикл p99 ${w.loopP99Ms} мс, RSS ${result.rssMaxMB} МБ (купа ${result.heapMaxMB} МБ), живих ${w.liveCallsMax}, навантаження машини ${result.loadAvg}, ЦП % ${JSON.stringify(w.cpuPercent)}, ЦП сервера на дзвінок ${result.serverCpuMsPerCall} мс (головний потік: пробуджень на дзвінок ${result.serverMainThread.wakesPerCall}, ${result.serverMainThread.cpuUsPerWake} мкс на пробудження)`);
      return result;
    }

    const phases: PhaseResult[] = [];
    if (o.warmUpSec > 0) {
      say(`Розігрів: ${o.warmUpRate} дзв/с протягом ${o.warmUpSec} с (не оцінюється)`);
      phases.push({ ...(await runPhase(99, o.warmUpRate, o.warmUpSec)), warmUp: true, sustained: false });
    }
    // A quiet phase first: the pop must not be slower when nothing else happens.
    // At least 200 calls, so that its p99 is a percentile and not the single slowest pop.
    const lowSec = Math.max(o.durationSec, Math.ceil(200 / o.lowRate));
    const low = o.lowRate > 0 ? await (say(`Фаза: ${o.lowRate} дзв/с протягом ${lowSec} с`), runPhase(1, o.lowRate, lowSec)) : null;
    if (low) phases.push(low);
    say(`Фаза: ${o.rate} дзв/с протягом ${o.durationSec} с`);
    const fixed = await runPhase(2, o.rate, o.durationSec);
    phases.push(fixed);
    let sustainedRate: number | null = fixed.sustained ? o.rate : null;
    if (o.maxRate > 0) {
      // The search climbs by whole steps above the fixed rate (20 → 50, 100, 150, …).
      for (let rate = (Math.floor(o.rate / o.rampStep) + 1) * o.rampStep, n = 3; rate <= o.maxRate; rate += o.rampStep, n++) {
        say(`Фаза: ${rate} дзв/с протягом ${o.durationSec} с`);
        const p = await runPhase(n, rate, o.durationSec);
        phases.push(p);
        if (!p.sustained) break;
        sustainedRate = rate;
      }
    }

    // Call records: each placed call exactly one row, finished, once the server has written them.
    const recordsUntil = Date.now() + 60_000;
    const pending = async () => (await Promise.all(servers.map(async (s) => (await scrape(s.baseUrl)).get('kontakt_call_records_pending') ?? 0))).reduce((a, b) => a + b, 0);
    while (Date.now() < recordsUntil && (await pending()) > 0) await new Promise((r) => setTimeout(r, 250));
    const callRecords = await checkCallRecords(db, placedAll);
    const ivrByApp = (await standin.stats()).stasisStarts;

    const targets = benchTargets({ phases, fixed, low, floors, sustainedRate, idleRssMB, callRecords });
    return {
      when: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGB: Math.round(os.totalmem() / 1024 ** 3), node: process.version, database: `${database.dialect} ${database.version}` },
      database,
      options: { ...o, databaseUrl: o.databaseUrl.replace(/\/\/[^@]*@/, '//'), totalSeconds: Math.round((Date.now() - started) / 1000) },
      seed: { appeals: o.skipSeed ? NaN : o.appeals, applicants, seconds: seedSeconds },
      clock: { checks: 20, ordered },
      floors, popQuery, explain, idleRssMB, idleCpuPercent, phases, sustainedRate, callRecords, ivrByApp, targets, failures: correctnessFailures({ phases, callRecords }),
    };
  } finally {
    consoles?.close();
    await Promise.all(servers.map((s) => s.stop()));
    await standin.stop();
    await db.close();
  }
}

function localPid(name: string): number | null {
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim() === name) return Number(d);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

async function checkCallRecords(db: Sequelize, placed: string[]): Promise<BenchReport['callRecords']> {
  const wanted = new Set(placed);
  let rows = 0;
  let unfinished = 0;
  for (let i = 0; i < placed.length; i += 1000) {
    const chunk = placed.slice(i, i + 1000);
    const found = await Call.findAll({ where: { uniqueid: chunk }, attributes: ['uniqueid', 'disposition'], raw: true });
    rows += found.length;
    unfinished += found.filter((c) => c.disposition === 'in_progress').length;
  }
  const all = await Call.count({ where: { direction: 'inbound' } });
  void db;
  return { placed: wanted.size, rows, missing: wanted.size - rows, unfinished, extra: Math.max(0, all - rows) };
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o === 'help') {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const report = await runBench(o);
  process.stdout.write(`\n${formatTable(report)}\n\nМашина: ${report.machine.cpus} ядра, ${report.machine.cpuModel}, ${report.machine.memoryGB} ГБ; Node ${report.machine.node}\n${formatDatabaseSettings(report.database)}\nУся робота: ${report.options.totalSeconds} с\n`);
  if (o.json) {
    writeJson(o.json, report);
    say(`JSON: ${o.json}`);
  }
  if (o.quick) {
    // CI's guard: a mishandled call fails the run; the timings above are only reported.
    if (report.failures.length) {
      process.stdout.write(`\nПЕРЕВІРКУ НЕ ПРОЙДЕНО:\n${report.failures.map((f) => `  ${f}`).join('\n')}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write('\nПеревірку пройдено: жодного втраченого, подвоєного чи хибного попу, усі записи дзвінків на місці\n');
    }
  }
}

if (require.main === module) {
  // Ctrl+C ends the run through 'exit', which stops the child processes.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  main().catch((e: unknown) => {
    process.stderr.write(`Бенчмарк не вдався: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
