import fs from 'node:fs';
import path from 'node:path';
import { Sequelize, Options, Transaction } from 'sequelize';
import type { Logger } from '../core/logger';
import { serializeSqlite } from './sqlite-serial';

export type Dialect = 'sqlite' | 'mysql';

/**
 * A queue interface as this database compares it, for maps that stand in for a lookup by
 * interface: MySQL's collation ignores case (`PJSIP/101` = `pjsip/101`), SQLite does not.
 */
export function interfaceKey(db: Sequelize): (iface: string) => string {
  return db.getDialect() === 'mysql' ? (iface) => iface.toLowerCase() : (iface) => iface;
}

export function dialectOf(url: string): Dialect {
  return url.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

/**
 * Opens the database named by DATABASE_URL: `sqlite:<file>` (the embedded default; `sqlite::memory:`
 * for an in-memory one) or `mysql://user:pass@host:port/db` (MySQL or MariaDB, production).
 * Times are stored in UTC; MySQL tables use utf8mb4 so Ukrainian text and emoji round-trip.
 */
export function openDatabase(url: string, logger: Logger, poolMax = 10): Sequelize {
  const logging = (sql: string) => logger.trace({ sql: sql.slice(0, 500) }, 'sql');
  if (dialectOf(url) === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    const storage = file === ':memory:' ? ':memory:' : path.resolve(file);
    if (storage !== ':memory:') fs.mkdirSync(path.dirname(storage), { recursive: true });
    const db = new Sequelize({
      dialect: 'sqlite',
      storage,
      logging,
      dialectModule: sqliteWithPragmas(),
      // Another process (a migration, a seed) may hold the file: take the write lock up front.
      transactionType: Transaction.TYPES.IMMEDIATE,
    });
    serializeSqlite(db);
    return db;
  }
  const options: Options = {
    dialect: 'mysql',
    logging,
    timezone: '+00:00',
    pool: { max: poolMax, min: 0, acquire: 10000, idle: 10000 },
    dialectOptions: { charset: 'utf8mb4', connectTimeout: 5000 },
    define: { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
  };
  const db = new Sequelize(url.replace(/^mariadb:/, 'mysql:'), options);
  // Sequelize 6 writes SKIP LOCKED only for dialects it marks as supporting it, and it does not
  // mark MySQL: `skipLocked` would be dropped silently and job claimers would queue behind each
  // other's locks. MySQL 8 and MariaDB 10.6+ (the supported servers) have it.
  (db.getQueryInterface().queryGenerator as unknown as { _dialect: { supports: { skipLocked: boolean } } })._dialect.supports.skipLocked = true;
  return db;
}

type SqliteCallback = (err: Error | null) => void;

/**
 * The sqlite3 module with its connection set up on open: Sequelize's SQLite dialect has no
 * connect hook.
 */
function sqliteWithPragmas(): object {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sqlite3 = require('sqlite3') as typeof import('sqlite3');
  class Database extends sqlite3.Database {
    constructor(file: string, mode: number, callback?: SqliteCallback) {
      super(file, mode, (err: Error | null) => {
        if (err) return callback?.(err);
        this.configure('busyTimeout', 10000);
        // Statements on one sqlite3 connection run concurrently unless chained: finish the pragmas
        // before Sequelize may begin a transaction on this connection.
        this.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;', (pragmaErr) => callback?.(pragmaErr));
      });
    }
  }
  return Object.assign(Object.create(sqlite3), { Database });
}
