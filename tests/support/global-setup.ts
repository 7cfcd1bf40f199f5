import mysql from 'mysql2/promise';

/**
 * Finds out which databases the suites run on. SQLite always; MariaDB/MySQL at TEST_MYSQL_URL
 * (default the local server). When KONTAKT_REQUIRE_MYSQL=1 (CI sets it) an unreachable MariaDB
 * fails the whole run instead of quietly skipping its suites.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306/test';
  const required = process.env.KONTAKT_REQUIRE_MYSQL === '1';
  try {
    const conn = await mysql.createConnection({ uri: url, connectTimeout: 3000 });
    await conn.query('SELECT 1');
    await conn.end();
    process.env.TEST_MYSQL_URL = url;
    process.env.KONTAKT_TEST_MYSQL = '1';
    process.stdout.write(`\nTest databases: SQLite and MariaDB/MySQL (${url.replace(/\/\/[^@]*@/, '//***@')})\n`);
  } catch (err) {
    const message = `MariaDB/MySQL at ${url.replace(/\/\/[^@]*@/, '//***@')} is unreachable: ${(err as Error).message}`;
    if (required) throw new Error(`${message}\nKONTAKT_REQUIRE_MYSQL=1: refusing to skip the MariaDB suites.`);
    process.env.KONTAKT_TEST_MYSQL = '0';
    process.stdout.write(`\n*** ${message}\n*** The MariaDB suites are SKIPPED; only SQLite runs.\n`);
  }
}
