import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import mysql from 'mysql2/promise';

export interface TestDatabase {
  name: 'SQLite' | 'MariaDB';
  /** Makes an empty database and returns its DATABASE_URL. */
  create(): Promise<string>;
  /** Removes what create() made. */
  drop(): Promise<void>;
}

function sqlite(): TestDatabase {
  let dir = '';
  return {
    name: 'SQLite',
    async create() {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kontakt-test-'));
      return `sqlite:${path.join(dir, 'test.sqlite')}`;
    },
    async drop() {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function mariadb(serverUrl: string): TestDatabase {
  const dbName = `kontakt_t_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = () => mysql.createConnection({ uri: serverUrl });
  return {
    name: 'MariaDB',
    async create() {
      const conn = await admin();
      await conn.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await conn.end();
      const url = new URL(serverUrl);
      url.pathname = `/${dbName}`;
      return url.toString();
    },
    async drop() {
      const conn = await admin();
      await conn.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
      await conn.end();
    },
  };
}

/**
 * The databases a suite runs on: SQLite always, MariaDB when global setup found it (CI requires
 * it, so there the MariaDB suites cannot be skipped silently).
 */
export function testDatabases(): TestDatabase[] {
  const dbs = [sqlite()];
  if (process.env.KONTAKT_TEST_MYSQL === '1' && process.env.TEST_MYSQL_URL) dbs.push(mariadb(process.env.TEST_MYSQL_URL));
  return dbs;
}
