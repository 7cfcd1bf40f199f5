import { readConfigOrExit } from '../core/config';
import { createLogger } from '../core/logger';
import { openDatabase } from '../models/database';
import { initModels } from '../models';
import { runMigrations } from '../models/migrate';
import { createOpen311Client } from '../open311/api-keys';

/**
 * `npm run open311-client -- "<назва клієнта>"`: registers an Open311 client and prints its api_key
 * once. Only its hash is stored, so a lost key is replaced by a new client, not recovered.
 */
async function main(): Promise<void> {
  const name = process.argv.slice(2).join(' ').trim();
  if (!name) {
    process.stderr.write('Вкажіть назву клієнта: npm run open311-client -- "Мобільний застосунок міста"\n');
    process.exit(2);
  }
  const config = readConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  const db = openDatabase(config.DATABASE_URL, logger.child({ part: 'db' }), config.DATABASE_POOL_MAX);
  try {
    initModels(db);
    await db.authenticate();
    await runMigrations(db, logger.child({ part: 'migrations' }));
    const { client, apiKey } = await createOpen311Client(name);
    process.stdout.write(`Клієнт Open311 «${client.name}» (id ${client.id}) створено.\napi_key (показується лише раз): ${apiKey}\n`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  process.stderr.write(`Не вдалося створити клієнта Open311: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
