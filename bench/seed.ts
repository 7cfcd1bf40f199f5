/**
 * Makes the bench database: the project's migrations and reference data, then residents and
 * appeals written in bulk through the driver itself (multi-row INSERTs of a few thousand rows
 * in big transactions on MariaDB/MySQL; one prepared statement in one transaction on SQLite),
 * with progress on stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import mysql from 'mysql2/promise';
import { openDatabase, dialectOf } from '../models/database';
import { initModels, Category, Street, Outage, User } from '../models';
import { runMigrations } from '../models/migrate';
import { seedReferenceDataIfEmpty } from '../scripts/seed-reference';
import { hashPassword } from '../auth/passwords';
import type { Logger } from '../core/logger';
import { APPEAL_COLUMNS, APPLICANT_COLUMNS, AppealRows, applicantRow, type Reference } from './seed-rows';

export const DISPATCHER_PASSWORD = 'bench-dispatcher-1551';
export const dispatcherLogin = (i: number): string => `bench-d${String(i + 1).padStart(3, '0')}`;
export const dispatcherInterface = (i: number): string => `PJSIP/${2001 + i}`;

export interface SeedSizes {
  appeals: number;
  applicants: number;
}

/** Progress lines on stderr: done/total, rows/s, ETA. */
export class Progress {
  private last = 0;
  private readonly started = Date.now();
  constructor(private readonly what: string, private readonly total: number, private readonly quiet = false) {}
  tick(done: number, force = false): void {
    const now = Date.now();
    if (this.quiet || (!force && now - this.last < 1000)) return;
    this.last = now;
    const rate = done / Math.max(0.001, (now - this.started) / 1000);
    const eta = rate > 0 ? Math.round((this.total - done) / rate) : 0;
    process.stderr.write(`  ${this.what}: ${done.toLocaleString('uk-UA')}/${this.total.toLocaleString('uk-UA')} (${Math.floor((done / Math.max(1, this.total)) * 100)}%), ${Math.round(rate).toLocaleString('uk-UA')} рядків/с, залишилось ~${eta} с\n`);
  }
}

/** Drops and re-creates the bench database (or its SQLite file) unless it is to be reused. */
export async function recreateDatabase(url: string): Promise<void> {
  if (dialectOf(url) === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(path.resolve(f), { force: true });
    return;
  }
  const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
  const name = u.pathname.slice(1);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`назва бази «${name}» має складатися з латинських літер, цифр і _`);
  u.pathname = '/';
  const c = await mysql.createConnection(u.toString());
  try {
    await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await c.end();
  }
}

/** Opens the database with the project's models, migrations and reference data. */
export async function openBenchDatabase(url: string, logger: Logger): Promise<Sequelize> {
  const db = openDatabase(url, logger, 4);
  initModels(db);
  await db.authenticate();
  await runMigrations(db, logger);
  await seedReferenceDataIfEmpty(logger);
  return db;
}

async function reference(): Promise<Reference> {
  const categories = (await Category.findAll({ attributes: ['id', 'defaultExecutorId', 'emergency'], order: [['id', 'ASC']] })).map((c) => ({ id: c.id, executorId: c.defaultExecutorId ?? null, emergency: c.emergency }));
  const streets = (await Street.findAll({ attributes: ['name'], order: [['id', 'ASC']] })).map((s) => s.name);
  return { categories, streets };
}

/** Writes rows in batches through `write`, keeping two batches in flight (one is built while the other is written). */
async function bulk(total: number, batch: number, make: (i: number) => unknown[], write: (rows: unknown[][]) => Promise<void>, progress: Progress): Promise<void> {
  let inFlight: Promise<void> = Promise.resolve();
  for (let from = 0; from < total; from += batch) {
    const rows: unknown[][] = [];
    for (let i = from; i < Math.min(total, from + batch); i++) rows.push(make(i));
    await inFlight;
    progress.tick(from);
    inFlight = write(rows);
  }
  await inFlight;
  progress.tick(total, true);
}

/** Residents and appeals in bulk; returns the first applicant id (residents are consecutive). */
export async function seedBulk(db: Sequelize, url: string, sizes: SeedSizes, quiet: boolean): Promise<{ firstApplicantId: number }> {
  const ref = await reference();
  const now = new Date();
  if (dialectOf(url) === 'mysql') return seedMysql(url, sizes, ref, now, quiet);
  return seedSqlite(db, sizes, ref, now, quiet);
}

async function seedMysql(url: string, sizes: SeedSizes, ref: Reference, now: Date, quiet: boolean): Promise<{ firstApplicantId: number }> {
  const c = await mysql.createConnection({ uri: url.replace(/^mariadb:/, 'mysql:'), timezone: 'Z', charset: 'utf8mb4' });
  const conns = [c];
  try {
    await c.query('SET unique_checks = 0, foreign_key_checks = 0');
    // One connection in big transactions, committed every ~50,000 rows; the next batch is built
    // while the last one is written.
    let pending = 0;
    const writer = (table: string, columns: string[]) => async (rows: unknown[][]) => {
      if (pending === 0) await c.query('START TRANSACTION');
      await c.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ?`, [rows]);
      pending += rows.length;
      if (pending >= 50_000) {
        await c.query('COMMIT');
        pending = 0;
      }
    };
    const commitAll = async () => {
      if (pending) await c.query('COMMIT');
      pending = 0;
    };
    const [[{ next }]] = (await conns[0].query('SELECT COALESCE(MAX(id), 0) + 1 AS next FROM applicants')) as unknown as [[{ next: number }]];
    await bulk(sizes.applicants, 5000, (i) => applicantRow(i, ref, now), writer('applicants', APPLICANT_COLUMNS), new Progress('заявники', sizes.applicants, quiet));
    await commitAll();
    const appeals = new AppealRows(sizes.appeals, { first: Number(next), count: sizes.applicants }, ref, now);
    await bulk(sizes.appeals, 4000, (i) => appeals.row(i), writer('appeals', APPEAL_COLUMNS), new Progress('звернення', sizes.appeals, quiet));
    await commitAll();
    for (const [year, last] of appeals.counters) {
      await conns[0].query('INSERT INTO appeal_counters (year, last) VALUES (?, ?) ON DUPLICATE KEY UPDATE last = GREATEST(last, VALUES(last))', [year, last]);
    }
    await conns[0].query('ANALYZE TABLE applicants, appeals');
    return { firstApplicantId: Number(next) };
  } finally {
    for (const c of conns) await c.end();
  }
}

/** Sequelize's SQLite date text: `2026-11-29 07:29:10.000 +00:00`. */
function sqliteValue(v: unknown): unknown {
  if (v instanceof Date) return `${v.toISOString().replace('T', ' ').replace('Z', '')} +00:00`;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

async function seedSqlite(db: Sequelize, sizes: SeedSizes, ref: Reference, now: Date, quiet: boolean): Promise<{ firstApplicantId: number }> {
  const [[{ next }]] = (await db.query('SELECT COALESCE(MAX(id), 0) + 1 AS next FROM applicants')) as unknown as [[{ next: number }]];
  // The raw sqlite3 connection under Sequelize: one prepared statement per table, one transaction.
  const conn = (await (db.connectionManager as unknown as { getConnection(o: object): Promise<import('sqlite3').Database> }).getConnection({}));
  const run = (sql: string, params: unknown[] = []) => new Promise<void>((resolve, reject) => conn.run(sql, params, (err) => (err ? reject(err) : resolve())));
  const insertAll = async (table: string, columns: string[], total: number, make: (i: number) => unknown[], progress: Progress) => {
    const stmt = conn.prepare(`INSERT INTO ${table} (${columns.join(',')}) VALUES (${columns.map(() => '?').join(',')})`);
    await run('BEGIN');
    for (let i = 0; i < total; i++) {
      const row = make(i).map(sqliteValue);
      await new Promise<void>((resolve, reject) => stmt.run(row, (err: Error | null) => (err ? reject(err) : resolve())));
      if (i % 5000 === 0) progress.tick(i);
    }
    await run('COMMIT');
    await new Promise<void>((resolve) => stmt.finalize(() => resolve()));
    progress.tick(total, true);
  };
  try {
    await insertAll('applicants', APPLICANT_COLUMNS, sizes.applicants, (i) => applicantRow(i, ref, now), new Progress('заявники', sizes.applicants, quiet));
    const appeals = new AppealRows(sizes.appeals, { first: Number(next), count: sizes.applicants }, ref, now);
    await insertAll('appeals', APPEAL_COLUMNS, sizes.appeals, (i) => appeals.row(i), new Progress('звернення', sizes.appeals, quiet));
    for (const [year, last] of appeals.counters) await run('INSERT INTO appeal_counters (year, last) VALUES (?, ?) ON CONFLICT(year) DO UPDATE SET last = MAX(last, excluded.last)', [year, last]);
    await run('ANALYZE');
  } finally {
    (db.connectionManager as unknown as { releaseConnection(c: unknown): void }).releaseConnection(conn);
  }
  return { firstApplicantId: Number(next) };
}

/**
 * Per run: dispatchers (made once, with one password), calls, audit rows and outages of an
 * earlier run removed, and one active outage so every caller hears an announcement.
 */
export async function prepareRun(db: Sequelize, dispatchers: number): Promise<void> {
  const dialect = db.getDialect();
  for (const t of ['call_appeals', 'calls', 'audit_logs', 'outages']) await db.query(dialect === 'mysql' ? `DELETE FROM ${t}` : `DELETE FROM ${t}`);
  const existing = new Set((await User.findAll({ attributes: ['login'] })).map((u) => u.login));
  const missing = Array.from({ length: dispatchers }, (_, i) => i).filter((i) => !existing.has(dispatcherLogin(i)));
  if (missing.length) {
    const passwordHash = await hashPassword(DISPATCHER_PASSWORD);
    await User.bulkCreate(missing.map((i) => ({ login: dispatcherLogin(i), passwordHash, fullName: `Диспетчер ${i + 1}`, role: 'dispatcher' as const, organizationId: null, queueInterface: dispatcherInterface(i) })));
  }
  const now = Date.now();
  await Outage.create({
    utility: 'cold_water', kind: 'emergency', area: 'вулиця Шевченка, будинки 1–15', startsAt: new Date(now - 3600_000), endsAt: new Date(now + 24 * 3600_000),
    reason: 'пошкодження водогону', executorId: null,
  });
}
