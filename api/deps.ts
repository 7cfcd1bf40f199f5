import type { Sequelize } from 'sequelize';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { AppealService } from '../appeals/appeal-service';
import type { SessionTokens } from '../auth/session-tokens';

/** A probe of one dependency for /readyz: true when usable. */
export type ReadinessProbe = () => Promise<boolean> | boolean;

export interface ApiDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Sequelize;
  appeals: AppealService;
  tokens: SessionTokens;
  readiness: Record<string, ReadinessProbe>;
}
