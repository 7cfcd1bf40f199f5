import { Sequelize } from 'sequelize';
import { Umzug, SequelizeStorage } from 'umzug';
import type { Logger } from '../core/logger';
import * as m001 from './migrations/001-initial-schema';
import * as m002 from './migrations/002-outages';
import * as m003 from './migrations/003-open311';
import * as m004 from './migrations/004-outage-management';
import * as m006 from './migrations/006-executor-api';
import * as m005 from './migrations/005-cctv';
import * as m007 from './migrations/007-job-leases';
import * as m008 from './migrations/008-verifications';
import * as m009 from './migrations/009-deadline-control';
import * as m010 from './migrations/010-reports';
import * as m011 from './migrations/011-bench-indexes';
import * as m012 from './migrations/012-queue-members-and-call-ownership';
import * as m013 from './migrations/013-open311-requests';
import * as m014 from './migrations/014-public-site';
import * as m016 from './migrations/016-notices';
import * as m017 from './migrations/017-hardening';

/** Every migration, in order. Listed explicitly so that a compiled build needs no file globbing. */
const MIGRATIONS = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014, m016, m017];

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

/**
 * Brings the schema up to date; safe to run on every start. On MySQL, instances starting together
 * take turns under a named lock, held by one pooled connection for the duration.
 */
export async function runMigrations(sequelize: Sequelize, logger: Logger): Promise<string[]> {
  const up = async () => (await migrator(sequelize, logger).up()).map((m) => m.name);
  if (sequelize.getDialect() !== 'mysql') return up();
  return sequelize.transaction(async (transaction) => {
    await sequelize.query("SELECT GET_LOCK('kontakt_migrations', 120)", { transaction });
    try {
      return await up();
    } finally {
      await sequelize.query("SELECT RELEASE_LOCK('kontakt_migrations')", { transaction });
    }
  });
}
