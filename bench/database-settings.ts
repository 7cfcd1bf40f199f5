/**
 * The database settings a run had: the figures depend on them as much as on the code (README,
 * Benchmark: which to use in production and why). Read after seeding, so the appeals' size is real.
 */
import type { Sequelize } from 'sequelize';

export interface DatabaseSettings {
  dialect: string;
  version: string;
  /** MariaDB/MySQL server variables, or SQLite pragmas of the bench's own connection (the server opens it the same way). */
  settings: Record<string, string | number>;
  /** The appeals' rows and indexes (MB, MariaDB's estimate): what the pop's query wants in memory. */
  appealsMB: number | null;
}

const MYSQL_VARIABLES = ['innodb_buffer_pool_size', 'innodb_flush_log_at_trx_commit', 'sync_binlog', 'log_bin', 'max_connections'] as const;
const SQLITE_PRAGMAS = ['journal_mode', 'synchronous', 'cache_size'] as const;
const MB = 1024 * 1024;

export async function readDatabaseSettings(db: Sequelize): Promise<DatabaseSettings> {
  const one = async <T>(sql: string): Promise<T> => ((await db.query(sql)) as unknown as [T[]])[0][0];
  if (db.getDialect() === 'mysql') {
    const row = await one<Record<string, string | number>>(`SELECT VERSION() AS version, ${MYSQL_VARIABLES.map((v) => `@@${v} AS ${v}`).join(', ')}`);
    const size = await one<{ bytes: number | string | null } | undefined>("SELECT data_length + index_length AS bytes FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'appeals'");
    const settings = Object.fromEntries(MYSQL_VARIABLES.map((v) => [v, Number(row[v])]));
    return { dialect: 'mysql', version: String(row.version), settings, appealsMB: size?.bytes == null ? null : Math.round(Number(size.bytes) / MB) };
  }
  const settings: Record<string, string | number> = {};
  for (const p of SQLITE_PRAGMAS) settings[p] = Object.values(await one<Record<string, string | number>>(`PRAGMA ${p}`))[0];
  const { v } = await one<{ v: string }>('SELECT sqlite_version() AS v');
  return { dialect: 'sqlite', version: v, settings, appealsMB: null };
}

/** One line for the printed report, with a warning when the appeals cannot stay in memory. */
export function formatDatabaseSettings(d: DatabaseSettings): string {
  if (d.dialect !== 'mysql') return `База: SQLite ${d.version}; ${Object.entries(d.settings).map(([k, v]) => `${k} ${v}`).join(', ')}`;
  const s = d.settings;
  const pool = Math.round(Number(s.innodb_buffer_pool_size) / MB);
  const parts = [
    `innodb_buffer_pool_size ${pool} МБ${d.appealsMB === null ? '' : ` (звернення з індексами ${d.appealsMB} МБ)`}`,
    `innodb_flush_log_at_trx_commit ${s.innodb_flush_log_at_trx_commit}`,
    `sync_binlog ${s.sync_binlog}${s.log_bin ? '' : ' (двійковий журнал вимкнено)'}`,
    `max_connections ${s.max_connections}`,
  ];
  const warn = d.appealsMB !== null && d.appealsMB > pool ? '\nУВАГА: буферний пул менший за звернення з індексами: запит попу читає диск (README, Benchmark)' : '';
  return `База: ${d.version}; ${parts.join(', ')}${warn}`;
}
