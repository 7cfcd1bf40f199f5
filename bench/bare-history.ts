/**
 * The screen-pop's history read as one bare indexed query through the driver itself (mysql2 or
 * sqlite3), no ORM: the floor the pop's query is compared with.
 */
import mysql from 'mysql2/promise';
import path from 'node:path';

export const BARE_HISTORY_SQL =
  'SELECT a.id, a.number, a.status, a.deadline_at, a.repeated, a.registered_at, c.name AS category, o.short_name AS executor ' +
  'FROM applicants p JOIN appeals a ON a.applicant_id = p.id JOIN categories c ON c.id = a.category_id ' +
  'LEFT JOIN organizations o ON o.id = a.executor_id WHERE p.phone = ? ORDER BY a.registered_at DESC, a.id DESC LIMIT 5';

export interface BareHistory {
  query(phone: string): Promise<unknown[]>;
  explain(phone: string): Promise<unknown[]>;
  close(): Promise<void>;
}

export async function openBareHistory(databaseUrl: string): Promise<BareHistory> {
  if (databaseUrl.startsWith('sqlite:')) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sqlite3 = require('sqlite3') as typeof import('sqlite3');
    const db = await new Promise<import('sqlite3').Database>((resolve, reject) => {
      const d = new sqlite3.Database(path.resolve(databaseUrl.slice('sqlite:'.length)), sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(d)));
    });
    const stmt = db.prepare(BARE_HISTORY_SQL);
    const all = (s: import('sqlite3').Statement | null, sql: string, phone: string) =>
      new Promise<unknown[]>((resolve, reject) => (s ? s.all([phone], (err, rows) => (err ? reject(err) : resolve(rows))) : db.all(sql, [phone], (err, rows) => (err ? reject(err) : resolve(rows)))));
    return {
      query: (phone) => all(stmt, BARE_HISTORY_SQL, phone),
      explain: (phone) => all(null, `EXPLAIN QUERY PLAN ${BARE_HISTORY_SQL}`, phone),
      close: () => new Promise((resolve) => stmt.finalize(() => db.close(() => resolve()))),
    };
  }
  const conn = await mysql.createConnection({ uri: databaseUrl.replace(/^mariadb:/, 'mysql:'), timezone: 'Z' });
  return {
    query: async (phone) => (await conn.execute(BARE_HISTORY_SQL, [phone]))[0] as unknown[],
    explain: async (phone) => (await conn.query(`EXPLAIN ${BARE_HISTORY_SQL}`, [phone]))[0] as unknown[],
    close: () => conn.end(),
  };
}
