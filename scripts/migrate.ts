import { readConfigOrExit, Config } from '../core/config';
import { createLogger, Logger } from '../core/logger';
import { openDatabase } from '../models/database';
import { initModels } from '../models';
import { runMigrations } from '../models/migrate';

/** Brings the database named by the configuration up to date; returns the names of the migrations that ran. */
export async function migrate(config: Config, logger: Logger): Promise<string[]> {
  const db = openDatabase(config.DATABASE_URL, logger.child({ part: 'db' }), config.DATABASE_POOL_MAX);
  try {
    initModels(db);
    await db.authenticate();
    return await runMigrations(db, logger.child({ part: 'migrations' }));
  } finally {
    await db.close();
  }
}

/** `npm run migrate`: exit code 2 on a bad configuration, 1 on any other failure. */
async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  const applied = await migrate(config, logger);
  process.stdout.write(
    applied.length
      ? `Застосовано міграції (${applied.length}):\n${applied.map((name) => `  ${name}`).join('\n')}\n`
      : 'Схема бази даних уже актуальна: нових міграцій немає.\n',
  );
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`Міграція не вдалася: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
