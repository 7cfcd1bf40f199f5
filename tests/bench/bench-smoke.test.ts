/**
 * `npm run bench` end to end at toy sizes: seeds, starts the stand-in and Kontakt as separate
 * processes, signs dispatchers in, drives calls through the IVR to the queue, accounts for every
 * pop and call record, and writes its JSON. No timing is asserted (machines are noisy).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBench } from '../../bench/main';
import { parseOptions, type BenchOptions } from '../../bench/options';
import { formatTable, writeJson } from '../../bench/report';
import { formatDatabaseSettings } from '../../bench/database-settings';
import { testDatabases } from '../support/databases';

jest.setTimeout(120_000);

describe.each(testDatabases())('npm run bench on $name', (db) => {
  let url: string;
  let out: string;
  beforeAll(async () => {
    url = await db.create();
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'kontakt-bench-'));
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('runs end to end: every pop and call record accounted for, a table and JSON', async () => {
    const o = parseOptions([
      '--db', url, '--appeals', '2000', '--applicants', '300', '--dispatchers', '5', '--rate', '4', '--duration', '3', '--max-rate', '0',
      '--time-scale', '0.1', '--ivr-ms', '1000', '--ring-ms', '500', '--talk-ms', '500', '--floor-samples', '30', '--quiet', '--out', out,
      '--low-rate', '0', '--idle-wait', '1', '--warm-up', '1', '--warm-up-rate', '6',
    ]) as BenchOptions;
    const report = await runBench(o);

    expect(report.clock.ordered).toBe(true);
    // The warm-up comes first, at its own rate: its calls are checked like any others, its speed is not judged.
    const [warmUp, phase] = report.phases;
    expect(warmUp).toEqual(expect.objectContaining({ warmUp: true, rate: 6, placed: 6, lost: 0, doubled: 0, notRung: 0, notEnded: 0, sustained: false }));
    expect(phase.warmUp).toBeUndefined();
    expect(phase).toEqual(expect.objectContaining({ rate: 4, placed: 12, ended: 12, lost: 0, doubled: 0, notRung: 0, notEnded: 0, wrongReason: 0 }));
    expect(phase.pops).toBe(12);
    expect(phase.popLatency.n).toBe(12);
    expect(phase.ivrReaction.n).toBe(12);
    // Warm-up calls count too: each placed call has exactly one finished row, and no leg has its own.
    expect(report.callRecords).toEqual(expect.objectContaining({ missing: 0, unfinished: 0, extra: 0 }));
    expect(report.callRecords.placed).toBeGreaterThanOrEqual(18);
    for (const s of [report.floors.socketRoundTrip, report.floors.bareQuery, report.floors.socketRoundTripWithQuery, report.popQuery]) expect(s.n).toBe(30);
    expect(report.idleRssMB).toBeGreaterThan(0);
    // The server's main thread slept and woke for the phase's calls, and did most of its CPU work.
    expect(phase.serverMainThread.wakesPerCall).toBeGreaterThan(1);
    expect(phase.serverMainThread.cpuUsPerWake).toBeGreaterThan(0);
    expect(phase.serverMainThread.mainShare).toBeGreaterThan(0);
    expect(phase.serverMainThread.mainShare).toBeLessThanOrEqual(1);

    expect(report.failures).toEqual([]);
    // The settings the figures were taken with, as the server reports them (README, Benchmark).
    if (db.name === 'MariaDB') {
      expect(report.database).toEqual(expect.objectContaining({ dialect: 'mysql', version: expect.stringMatching(/^\d+\.\d+/) }));
      const s = report.database.settings;
      expect(Number(s.innodb_buffer_pool_size)).toBeGreaterThanOrEqual(5 * 1024 * 1024);
      expect([0, 1, 2]).toContain(s.innodb_flush_log_at_trx_commit);
      expect(Number(s.max_connections)).toBeGreaterThan(0);
      expect(s).toHaveProperty('sync_binlog');
      expect(report.database.appealsMB).toEqual(expect.any(Number));
      expect(formatDatabaseSettings(report.database)).toMatch(/innodb_buffer_pool_size \d+ МБ \(звернення з індексами \d+ МБ\), innodb_flush_log_at_trx_commit [012], sync_binlog \d+/);
    } else {
      // The connection is opened as the server opens it: WAL, synchronous NORMAL (1).
      expect(report.database).toEqual(expect.objectContaining({ dialect: 'sqlite', settings: expect.objectContaining({ journal_mode: 'wal', synchronous: 1 }) }));
    }

    const table = formatTable(report);
    expect(table).toContain('поп (AgentCalled → консоль), 4/с');
    expect(table).toContain('записи дзвінків: розміщено');
    expect(table).toMatch(/^головний потік сервера \(пробуджень на дзвінок; мкс ЦП на пробудження; частка ЦП сервера\): 4\/с \d+\.\d\d; \d+; \d+ %$/m);
    expect(table).toMatch(/^6 розігрів +6 /m);
    const json = path.join(out, 'bench.json');
    writeJson(json, report);
    expect(JSON.parse(fs.readFileSync(json, 'utf8')).phases[1].pops).toBe(12);
  });
});

// Two instances share one database (MariaDB, as in production; without it, the SQLite file) and Redis.
const shared = testDatabases().find((d) => d.name === 'MariaDB') ?? testDatabases()[0];
describe(`npm run bench -- --instances 2 on ${shared.name}`, () => {
  let url: string;
  let out: string;
  beforeAll(async () => {
    url = await shared.create();
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'kontakt-bench-2-'));
  });
  afterAll(async () => {
    await shared.drop();
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('spreads the calls over both instances; a pop reaches a console on the other instance; nothing lost or doubled', async () => {
    const o = parseOptions([
      '--db', url, '--instances', '2', '--redis', process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      '--appeals', '2000', '--applicants', '300', '--dispatchers', '6', '--rate', '5', '--duration', '4', '--max-rate', '0',
      '--time-scale', '0.1', '--ivr-ms', '1000', '--ring-ms', '500', '--talk-ms', '500', '--floor-samples', '20', '--quiet', '--out', out,
      '--low-rate', '0', '--idle-wait', '1', '--warm-up', '0',
    ]) as BenchOptions;
    const report = await runBench(o);

    const phase = report.phases.find((p) => p.rate === 5)!;
    expect(phase).toEqual(expect.objectContaining({ placed: 20, ended: 20, pops: 20, lost: 0, doubled: 0, notRung: 0, notEnded: 0, wrongReason: 0 }));
    // Both applications ran IVRs, each call's once (the dialplan starts at either at random: 24
    // calls with the 4 that render the prompts, all at one is a chance of 1 in 8 million).
    expect(Object.keys(report.ivrByApp).sort()).toEqual(['kontakt-a', 'kontakt-b']);
    expect(report.ivrByApp['kontakt-a'] + report.ivrByApp['kontakt-b']).toBe(24);
    // Consoles alternate between instances while calls start at either: some pops crossed
    // through Redis, and none lost or doubled says each arrived once.
    expect(phase.crossedPops).toBeGreaterThan(0);
    expect(phase.crossedPops).toBeLessThan(phase.pops);
    expect(phase.cpuPercent).toEqual(expect.objectContaining({ 'server-a': expect.any(Number), 'server-b': expect.any(Number) }));
    expect(report.callRecords).toEqual(expect.objectContaining({ placed: 24, rows: 24, missing: 0, unfinished: 0, extra: 0 }));
    expect(report.failures).toEqual([]);
    expect(formatTable(report)).toMatch(/^екземплярів Контакту: 2;/m);
    expect(formatTable(report)).toMatch(/дзвінків в IVR за застосунками ARI: kontakt-\w \d+, kontakt-\w \d+/);
    expect(formatTable(report)).toContain(`5/с ${phase.crossedPops} з 20`);
  });
});
