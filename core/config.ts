import os from 'node:os';
import 'dotenv/config';
import { z } from 'zod';
import { IANAZone } from 'luxon';

/**
 * Configuration is read from the environment (and `.env`) once, at start, and validated here.
 * Nothing else in the project reads process.env for settings.
 */
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /**
   * How residents' clients reach this server (Open311 discovery's addresses): never taken from a
   * request's Host header. Default: http://HOST:PORT (localhost for a wildcard HOST).
   */
  PUBLIC_URL: z
    .string()
    .refine((v) => {
      const url = URL.canParse(v) ? new URL(v) : null;
      return !!url && /^https?:$/.test(url.protocol) && !url.search && !url.hash && !url.username && !url.password;
    }, 'must be an http:// or https:// address with no query, fragment or credentials')
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|mysql:\/\/|mariadb:\/\/)/, 'must start with sqlite: or mysql:// (mariadb://)')
    .default('sqlite:./data/kontakt.sqlite'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  CITY_TIME_ZONE: z
    .string()
    .default('Europe/Kyiv')
    .refine((z) => IANAZone.isValidZone(z), 'is not a known IANA time zone'),
  DEFAULT_REGION: z.string().length(2).default('UA'),
  ADMIN_LOGIN: z.string().min(3).default('admin'),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TOKEN_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  /** Sign-in attempts per minute for one login from one client address. */
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** Sign-in attempts per minute from one client address for all logins (an office shares one); default 10 × the above. */
  LOGIN_ADDRESS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().optional(),
  /** Bearer token Prometheus sends to /metrics; unset, /metrics answers only this machine (loopback). */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  EMERGENCY_DEADLINE_HOURS: z.coerce.number().positive().max(72).default(24),
  REPEAT_WINDOW_DAYS: z.coerce.number().int().positive().max(365).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  CITY_NAME: z.string().min(2).default('Зорянськ'),
  CITY_NAME_GENITIVE: z.string().min(2).optional(),
  // Asterisk. The bridge starts only when both secrets are set; until the PBX answers it retries.
  ARI_URL: z.string().url().default('http://127.0.0.1:8088'),
  ARI_USERNAME: z.string().min(1).default('kontakt'),
  ARI_PASSWORD: z.string().min(1).optional(),
  ARI_APP: z.string().regex(/^[\w-]+$/).default('kontakt'),
  /** REST requests over the events WebSocket when Asterisk takes them there (22.4+); false keeps them on HTTP. */
  ARI_REST_OVER_WEBSOCKET: bool.default(true),
  /** The other instances' ARI applications: calls left in a dead one's IVR are sent to the dispatchers from here. */
  ARI_PEER_APPS: z.string().regex(/^[\w-]+(,[\w-]+)*$/, 'імена застосунків через кому').optional().transform((v) => (v ? v.split(',') : [])),
  /** How long an instance's hold on its application's name lasts unrenewed; peers take over its calls after it. */
  ARI_PEER_LEASE_SECONDS: z.coerce.number().int().min(3).max(300).default(15),
  AMI_HOST: z.string().min(1).default('127.0.0.1'),
  AMI_PORT: z.coerce.number().int().min(1).max(65535).default(5038),
  AMI_USERNAME: z.string().min(1).default('kontakt'),
  AMI_SECRET: z.string().min(1).optional(),
  /** The address Asterisk fetches rendered prompts from (this server, as the PBX reaches it). */
  PROMPTS_BASE_URL: z.string().url().optional(),
  PROMPT_CACHE_DIR: z.string().default('./data/prompts'),
  QUEUE_CONTEXT: z.string().min(1).default('dispatchers'),
  QUEUE_EXTENSION: z.string().min(1).default('s'),
  IVR_MENU_TIMEOUT_MS: z.coerce.number().int().min(1000).max(60000).default(6000),
  TELEPHONY_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  /**
   * How long call-record changes gather before one transaction writes them all. Each pass costs a
   * fixed 8–9 statements, so at 20 calls/s a second (not 200 ms) is a fifth of the statements;
   * a process killed outright loses at most this much of its calls' latest changes.
   */
  CALL_RECORDS_FLUSH_MS: z.coerce.number().int().min(50).max(10_000).default(1000),
  /** The Asterisk queue dispatchers sign in to (QueueAdd / QueuePause / QueueRemove). */
  QUEUE_NAME: z.string().regex(/^[\w-]+$/).default('dispatchers'),
  /** How often the queue is read whole and members without a live sign-in are let go. */
  PRESENCE_SWEEP_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** How old who sits at which phone may be when a phone rings: a user edited in the database by hand reaches the pops within it. */
  SEATS_MAX_AGE_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  // Real time (Socket.IO). With REDIS_URL, instances share events through the Redis adapter.
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  /** How often live sockets' tokens are checked again, so a sign-out or a disabled user disconnects them. */
  /** Public appeal status lookups per client address per minute. */
  PUBLIC_STATUS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** Key of the HMAC-SHA256 signatures of the video analytics webhook; unset, the webhook answers 503. */
  CCTV_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  REALTIME_REVERIFY_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  // Scheduled jobs (jobs/). Every instance runs them; claims in the database keep them from doubling work.
  JOBS_ENABLED: bool.default(true),
  /** Names this process in job claims and leases; default host:pid. */
  INSTANCE_ID: z.string().regex(/^[\w.:-]{1,64}$/).optional(),
  /** How long after an executor reports an appeal done the resident is called to confirm it. */
  VERIFICATION_DELAY_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(120),
  VERIFICATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  VERIFICATION_RETRY_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  /** Residents are called only in these hours, city time (start inclusive, end exclusive). */
  CALLING_HOURS: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'must look like 09:00-20:00')
    .refine((v) => v.slice(0, 5) < v.slice(6), 'must start before it ends (no calls across midnight)')
    .default('09:00-20:00'),
  /** Outbound calls at once: the trunk's channels left for callbacks. */
  OUTBOUND_MAX_CALLS: z.coerce.number().int().min(1).max(1000).default(4),
  /** ARI endpoint of a resident's phone; {number} is the national number (0501234567). */
  OUTBOUND_ENDPOINT_TEMPLATE: z.string().includes('{number}', { message: 'must contain {number}' }).default('PJSIP/{number}@trunk'),
  OUTBOUND_CALLER_ID: z.string().min(1).optional(),
  OUTBOUND_RING_SECONDS: z.coerce.number().int().min(5).max(120).default(30),
  /** Calls to a subscribed phone about one notice when it does not answer, is busy, or hangs up before the end. */
  NOTICE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  NOTICE_RETRY_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Also call back a caller who hung up in the queue, and connect them to the queue when they answer. */
  ABANDONED_AUTO_CALLBACK: bool.default(false),
  /** Executors are warned this many hours before an appeal's deadline. */
  DEADLINE_WARNING_HOURS: z.coerce.number().int().min(1).max(168).default(24),
  /** When the daily report for yesterday is made, city time. */
  DAILY_REPORT_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must look like 08:00').default('08:00'),
  /** Phone numbers and IVR paths of call records older than this are anonymised. */
  RETENTION_CALL_DAYS: z.coerce.number().int().min(30).max(3650).default(365),
  /** Audit log rows older than this are deleted. */
  RETENTION_AUDIT_DAYS: z.coerce.number().int().min(30).max(3650).default(1095),
  // The residents' public site (public-site/): at /misto/ beside the console, and on its own host name when set.
  PUBLIC_SITE_ENABLED: bool.default(true),
  /** A host name (no scheme, no port) on which the site is served at the root: misto.example.ua. */
  PUBLIC_SITE_HOST: z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$|^localhost$/, 'must be a host name such as misto.example.ua (no scheme, no port)'))
    .optional(),
  /** The hotline's number as residents dial it, shown on every public page. */
  HOTLINE_NUMBER: z.string().regex(/^[0-9+][0-9 ()-]{1,19}$/, 'must be a phone number such as 1580').default('1580'),
  /** Appeals, comments and photos sent from one client address per hour. */
  PUBLIC_SITE_RATE_LIMIT_PER_HOUR: z.coerce.number().int().positive().max(10_000).default(10),
  /** The proof of work a browser computes before filing: leading zero bits of a SHA-256. */
  PUBLIC_SITE_POW_BITS: z.coerce.number().int().min(4).max(26).default(16),
  /** Without JavaScript (no proof of work) a filing form is taken only this long after it was served. */
  PUBLIC_SITE_NOJS_DELAY_SECONDS: z.coerce.number().int().min(0).max(600).default(20),
  /** The largest photo a resident may send, before it is resized. */
  PUBLIC_SITE_PHOTO_MAX_MB: z.coerce.number().positive().max(25).default(10),
});

export type Config = z.infer<typeof schema>;

/** The server's public address without a trailing slash; `port` is the one actually listened on. */
export function publicBaseUrl(config: Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT'>, port = config.PORT): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  const wildcard = config.HOST === '0.0.0.0' || config.HOST === '::' || config.HOST === '';
  const host = wildcard ? 'localhost' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${port}`;
}

export class ConfigError extends Error {}

/** Validates an environment; throws ConfigError naming every bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const parsed = schema.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The configuration with secrets masked, for the start-up log line. */
export function describeConfig(config: Config): Record<string, unknown> {
  const shown: Record<string, unknown> = { ...config };
  for (const key of ['ADMIN_PASSWORD', 'TOKEN_SECRET', 'ARI_PASSWORD', 'AMI_SECRET', 'CCTV_WEBHOOK_SECRET', 'METRICS_TOKEN'] as const) {
    if (shown[key] !== undefined) shown[key] = '***';
  }
  // Up to the last '@': a password with a raw '@' in it still connects, and must not show its tail.
  shown.DATABASE_URL = config.DATABASE_URL.replace(/\/\/([^:/@]+):(.*)@/, '//$1:***@');
  if (config.REDIS_URL) shown.REDIS_URL = config.REDIS_URL.replace(/\/\/([^/@]*)@/, '//***@');
  return shown;
}

/** This instance's name for leases and claims: INSTANCE_ID, or host and process. */
export function instanceIdOf(config: Pick<Config, 'INSTANCE_ID'>): string {
  return config.INSTANCE_ID ?? `${os.hostname()}:${process.pid}`;
}

/** The city in the genitive, as prompts say it («контакт-центр міста Зорянська»). */
export function cityNameGenitive(config: Pick<Config, 'CITY_NAME' | 'CITY_NAME_GENITIVE'>): string {
  // The seed data's fictional city is known; any other city sets CITY_NAME_GENITIVE.
  return config.CITY_NAME_GENITIVE ?? (config.CITY_NAME === 'Зорянськ' ? 'Зорянська' : config.CITY_NAME);
}

/** For commands: the configuration, or the problems on stderr and exit code 2. */
export function readConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return readConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
