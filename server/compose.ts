import http from 'node:http';
import type { Express } from 'express';
import type { Sequelize } from 'sequelize';
import { publicBaseUrl, type Config } from '../core/config';
import type { Logger } from '../core/logger';
import { Clock, systemClock } from '../core/clock';
import { openDatabase } from '../models/database';
import { initModels } from '../models';
import { runMigrations } from '../models/migrate';
import { DomainEvents } from '../appeals/domain-events';
import { AppealService } from '../appeals/appeal-service';
import { OutageService } from '../outages/outage-service';
import { SessionTokens } from '../auth/session-tokens';
import { keptTokenSecret } from '../auth/token-secret';
import { createApiApp } from '../api/app';
import { answerClientError } from '../api/request-decoding';
import { ensureFirstAdmin } from './bootstrap-admin';
import { seedReferenceDataIfEmpty } from '../scripts/seed-reference';
import { composeTelephony, Telephony } from './compose-telephony';
import { createMetrics, mountMetrics } from '../observability/metrics';
import { composeRealtime, Realtime } from './compose-realtime';
import { mountConsole, buildConsoleAssets } from '../console/serve-console';
import { mountOpen311 } from '../open311/routes';
import { WebhookService } from '../webhooks/webhook-service';
import { composeJobs, Jobs } from './compose-jobs';
import { composeVerifications, Verifications } from './compose-verifications';
import { mountPublicSite } from '../public-site/routes';
import { composeNotices, Notices } from './compose-notices';

export interface Kontakt {
  config: Config;
  logger: Logger;
  db: Sequelize;
  app: Express;
  server: http.Server;
  appeals: AppealService;
  tokens: SessionTokens;
  events: DomainEvents;
  telephony: Telephony;
  realtime: Realtime;
  /** Webhooks to organizations and their delivery worker. */
  webhooks: WebhookService;
  /** The scheduled jobs (callbacks, deadlines, reports, retention). */
  jobs: Jobs;
  /** Verification callbacks: the service and the dialer. */
  verifications: Verifications;
  /** Notices to residents: subscriptions, the service and the dialer. */
  notices: Notices;
  /** Listens on config.PORT (0 = any free port) and resolves with the bound port. */
  listen(): Promise<number>;
  /** Stops taking calls, lets live ones finish (up to drainMs), writes call records, closes. */
  close(drainMs?: number): Promise<void>;
}

export interface ComposeOptions {
  clock?: Clock;
  /** Where one-time secrets for a person are printed (the console by default). */
  print?: (s: string) => void;
  /** Load the reference classifier into an empty database (the embedded default does). */
  seedReference?: boolean;
  /** How often the webhook worker looks for due deliveries (5 s by default). */
  webhookIntervalMs?: number;
}

/** The composition root: the one place where concrete parts are made and wired together. */
export async function composeKontakt(config: Config, logger: Logger, options: ComposeOptions = {}): Promise<Kontakt> {
  const clock = options.clock ?? systemClock;
  const db = openDatabase(config.DATABASE_URL, logger.child({ part: 'db' }), config.DATABASE_POOL_MAX);
  initModels(db);
  await db.authenticate();
  const applied = await runMigrations(db, logger.child({ part: 'migrations' }));
  if (applied.length) logger.info({ applied }, 'database migrated');
  if (options.seedReference ?? true) await seedReferenceDataIfEmpty(logger);
  await ensureFirstAdmin(config.ADMIN_LOGIN, config.ADMIN_PASSWORD, logger, options.print ?? ((s) => process.stdout.write(s)));

  let secret = config.TOKEN_SECRET;
  if (!secret) {
    secret = await keptTokenSecret(clock);
    logger.info('TOKEN_SECRET is not set: session tokens are keyed by the secret kept in the database');
  }
  const tokens = new SessionTokens(secret, config.TOKEN_TTL_HOURS, clock);
  const events = new DomainEvents();
  const appeals = new AppealService({
    db, clock, events,
    rules: { timeZone: config.CITY_TIME_ZONE, emergencyHours: config.EMERGENCY_DEADLINE_HOURS, repeatWindowDays: config.REPEAT_WINDOW_DAYS, phoneRegion: config.DEFAULT_REGION },
  });

  const webhooks = new WebhookService({ clock, events, logger: logger.child({ part: 'webhooks' }), intervalMs: options.webhookIntervalMs });

  const telephony = await composeTelephony(config, db, logger, clock);
  // Every change drops the IVR's cached announcement, so the next caller hears it.
  const outages = new OutageService({ clock, onChange: () => telephony.services.forgetOutages() });
  const verifications = composeVerifications(config, logger, clock, { appeals, events, telephony });
  const notices = composeNotices(config, logger, clock, { telephony, webhooks });
  const metrics = createMetrics({
    ariReady: () => telephony.ari?.ready ?? null,
    amiReady: () => telephony.ami?.ready ?? null,
    ariReconnects: () => telephony.ari?.status().reconnects ?? 0,
    amiReconnects: () => telephony.ami?.status().reconnects ?? 0,
    liveIvrCalls: () => telephony.sessions?.size ?? 0,
    pendingCallRecords: () => telephony.recorder.pending(),
    refusedCallRecords: () => telephony.recorder.refused(),
    // Scraped only once the server runs, when realtime is there.
    popHistoryServed: () => realtime.pops.historyServed(),
  });
  // The console's bundle is made once here, so a broken console stops the start instead of the first page load.
  const consoleAssets = await buildConsoleAssets();
  const app = createApiApp(
    {
      config, logger, clock, db, appeals, tokens, outages, events,
      calls: telephony.recorder,
      verifications: verifications.service,
      notices: { service: notices.service, subscriptions: notices.subscriptions },
      readiness: {
        database: async () => {
          await db.query('SELECT 1');
          return true;
        },
        ...telephony.readiness,
      },
    },
    (express) => {
      telephony.mount(express);
      mountMetrics(express, metrics, config.METRICS_TOKEN);
      mountOpen311(express, { appeals, clock, logger: logger.child({ part: 'open311' }), timeZone: config.CITY_TIME_ZONE, publicUrl: () => publicBaseUrl(config, listeningPort) });
      // Before the console: on its own host name the site answers at the root.
      mountPublicSite(express, { config, clock, logger: logger.child({ part: 'public-site' }), appeals, verifications: verifications.service, outages, secret });
      mountConsole(express, consoleAssets);
    },
  );
  const server = http.createServer(app);
  // PORT may be 0 (any free port): the public address's default uses the port actually taken.
  let listeningPort = config.PORT;
  // Requests Node's parser refuses before Express (a URL over 16 KB) are answered as problem+json too.
  server.on('clientError', answerClientError);
  const realtime = await composeRealtime(config, logger, clock, { server, tokens, events, telephony });
  await realtime.start();
  notices.attachRealtime(realtime);
  const jobs = composeJobs(config, logger, clock, { realtime, appeals, events, telephony, verifications, notices });

  return {
    config, logger, db, app, server, appeals, tokens, events, telephony, realtime, webhooks, jobs, verifications, notices,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, config.HOST, () => {
          const address = server.address();
          const port = typeof address === 'object' && address ? address.port : config.PORT;
          listeningPort = port;
          telephony.start(`http://127.0.0.1:${port}`);
          webhooks.start();
          jobs.start();
          resolve(port);
        });
      }),
    close: async (drainMs = 10_000) => {
      await jobs.stop();
      await webhooks.stop();
      await realtime.close();
      await telephony.stop(drainMs);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await db.close();
    },
  };
}
