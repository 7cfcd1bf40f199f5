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
  PUBLIC_URL: z.string().url().optional(),
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
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  EMERGENCY_DEADLINE_HOURS: z.coerce.number().positive().max(72).default(24),
  REPEAT_WINDOW_DAYS: z.coerce.number().int().positive().max(365).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
});

export type Config = z.infer<typeof schema>;

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
  for (const key of ['ADMIN_PASSWORD', 'TOKEN_SECRET'] as const) {
    if (shown[key] !== undefined) shown[key] = '***';
  }
  shown.DATABASE_URL = config.DATABASE_URL.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
  return shown;
}
