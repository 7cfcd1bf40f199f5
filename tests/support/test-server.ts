import os from 'node:os';
import path from 'node:path';
import { readConfig } from '../../core/config';
import { createLogger, type Logger } from '../../core/logger';
import type { Clock } from '../../core/clock';
import { composeKontakt, Kontakt } from '../../server/compose';
import { User, Organization, Category } from '../../models';
import { hashPassword } from '../../auth/passwords';
import type { Role } from '../../models/user';
import type { TestDatabase } from './databases';
import type { Standin } from '../../standin/scenario';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
/** Rendered prompts are content-addressed, so suites can share them. */
const PROMPT_CACHE = path.join(os.tmpdir(), 'kontakt-test-prompts');

/** A clock the test moves by hand; with null it runs in real time until set. */
export class ManualClock implements Clock {
  constructor(private current: Date | null) {}
  now(): Date {
    return this.current ? new Date(this.current) : new Date();
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.now().getTime() + ms);
  }
}

export interface TestServer {
  kontakt: Kontakt;
  baseUrl: string;
  clock: ManualClock;
  close(): Promise<void>;
}

/** Starts a whole Kontakt on an ephemeral port against a fresh database. */
export async function startTestServer(db: TestDatabase, env: Record<string, string> = {}, clock = new ManualClock(new Date('2026-03-10T09:00:00Z')), logger?: Logger): Promise<TestServer> {
  const url = await db.create();
  const server = await startTestServerOn(url, env, clock, logger);
  return {
    ...server,
    async close() {
      await server.close();
      await db.drop();
    },
  };
}

/** Starts a Kontakt on an existing database (a second instance, or a restart). */
export async function startTestServerOn(url: string, env: Record<string, string> = {}, clock = new ManualClock(null), logger?: Logger): Promise<TestServer> {
  const config = readConfig({
    PORT: '0', HOST: '127.0.0.1', DATABASE_URL: url, LOG_LEVEL: 'silent', ADMIN_PASSWORD,
    TOKEN_SECRET: 'test-secret-test-secret-test-secret-123', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', TOKEN_TTL_HOURS: '720', PROMPT_CACHE_DIR: PROMPT_CACHE,
    // Jobs run when a test calls kontakt.jobs.scheduler.runNow; suites that test the timers turn them on.
    JOBS_ENABLED: '0', ...env,
  });
  const kontakt = await composeKontakt(config, logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), { clock, print: () => {} });
  const port = await kontakt.listen();
  return { kontakt, clock, baseUrl: `http://127.0.0.1:${port}`, close: () => kontakt.close(0) };
}

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small HTTP client over the real fetch. */
export function http(baseUrl: string, token?: string) {
  const call = async (method: string, path: string, body?: unknown, raw?: string): Promise<HttpAnswer> => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: raw ?? (body !== undefined ? JSON.stringify(body) : undefined),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    get: (p: string) => call('GET', p),
    post: (p: string, body?: unknown) => call('POST', p, body ?? {}),
    postRaw: (p: string, raw: string) => call('POST', p, undefined, raw),
    patch: (p: string, body: unknown) => call('PATCH', p, body),
    delete: (p: string) => call('DELETE', p),
  };
}

/** A logger at warn whose lines the test can read (to assert that nothing reached error level). */
export function capturedLogger(): { logger: Logger; lines: Array<{ level: number; msg?: string; [k: string]: unknown }> } {
  const lines: Array<{ level: number; msg?: string }> = [];
  const logger = createLogger('warn', { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

export async function login(baseUrl: string, loginName: string, password: string): Promise<string> {
  const res = await http(baseUrl).post('/api/auth/login', { login: loginName, password });
  if (res.status !== 200) throw new Error(`login ${loginName} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

export interface Staff {
  admin: string;
  head: string;
  dispatcher: string;
  /** Executor of the water utility. */
  executor: string;
  /** Executor of another organization. */
  otherExecutor: string;
  waterOrgId: number;
  otherOrgId: number;
}

/** Users of every role, signed in. The executor works for the organization of `cold water` appeals. */
export async function signInStaff(server: TestServer): Promise<Staff> {
  const water = await Category.findOne({ where: { code: 'cold-water-none' } });
  const waterOrg = await Organization.findByPk(water!.defaultExecutorId!);
  const otherOrg = (await Organization.findAll()).find((o) => o.id !== waterOrg!.id)!;
  const make = async (loginName: string, role: Role, organizationId: number | null = null) => {
    await User.create({ login: loginName, passwordHash: await hashPassword(`${loginName}-password`), fullName: loginName, role, organizationId });
    return login(server.baseUrl, loginName, `${loginName}-password`);
  };
  return {
    admin: await login(server.baseUrl, 'admin', ADMIN_PASSWORD),
    head: await make('head1', 'head'),
    dispatcher: await make('disp1', 'dispatcher'),
    executor: await make('water1', 'executor', waterOrg!.id),
    otherExecutor: await make('other1', 'executor', otherOrg.id),
    waterOrgId: waterOrg!.id,
    otherOrgId: otherOrg.id,
  };
}

/** The settings that wire a Kontakt to a running stand-in (menus wait 1 s). */
export function standinEnv(standin: Standin): Record<string, string> {
  return { ARI_URL: standin.ariUrl, ARI_PASSWORD: 'kontakt-secret', AMI_PORT: String(standin.amiPort), AMI_SECRET: 'kontakt-secret', IVR_MENU_TIMEOUT_MS: '1000' };
}

/** A Kontakt on a fresh database, wired to the stand-in, in real time, once both PBX connections are up. */
export async function startTestServerWithStandin(db: TestDatabase, standin: Standin, env: Record<string, string> = {}): Promise<TestServer> {
  return connected(standin, await startTestServer(db, { ...standinEnv(standin), ...env }, new ManualClock(null)));
}

/** The same on an existing database (a restart, a second instance). */
export async function startTestServerOnWithStandin(url: string, standin: Standin): Promise<TestServer> {
  return connected(standin, await startTestServerOn(url, standinEnv(standin)));
}

async function connected(standin: Standin, server: TestServer): Promise<TestServer> {
  await standin.waitFor(() => server.kontakt.telephony.ari?.ready && server.kontakt.telephony.ami?.ready, 10000, 'Kontakt connected to the PBX');
  return server;
}
