import { Sequelize } from 'sequelize';
import { Umzug, SequelizeStorage } from 'umzug';
import type { Logger } from '../core/logger';
import * as m001 from './migrations/001-initial-schema';

/** Every migration, in order. Listed explicitly so that a compiled build needs no file globbing. */
const MIGRATIONS = [m001];

export function migrator(sequelize: Sequelize, logger: Logger): Umzug<Sequelize> {
  return new Umzug({
    migrations: MIGRATIONS.map((m) => ({
      name: m.name,
      up: async () => m.up(sequelize.getQueryInterface()),
      down: async () => m.down(sequelize.getQueryInterface()),
    })),
    context: sequelize,
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: {
      info: (msg) => logger.info(msg, 'migration'),
      warn: (msg) => logger.warn(msg, 'migration'),
      error: (msg) => logger.error(msg, 'migration'),
      debug: (msg) => logger.debug(msg, 'migration'),
    },
  });
}

/** Brings the schema up to date; safe to run on every start. */
export async function runMigrations(sequelize: Sequelize, logger: Logger): Promise<string[]> {
  const done = await migrator(sequelize, logger).up();
  return done.map((m) => m.name);
}
