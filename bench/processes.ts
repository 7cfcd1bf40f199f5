/**
 * The processes of a run, each its own: the Asterisk stand-in (driven over an IPC control
 * channel), the Kontakt server (`server/main.ts`, as in production), and the floor process
 * (a bare Socket.IO server that can run the bare history query).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ControlMessage, ControlRequest, ControlStats, AgentCalledStamp, IvrReaction } from '../standin/control';
import type { InboundCall } from '../standin/scenario';
import type { EndpointBehaviour } from '../standin/model/behaviours';
import type { QueueConfig } from '../standin/model/queue';

const ROOT = path.resolve(__dirname, '..');
const TS = ['-r', '@swc-node/register'];

type Distributive<T> = T extends unknown ? Omit<T, 'req'> : never;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

const children = new Set<ChildProcess>();
let killOnExit = false;
/** Children do not outlive the bench, even when it is interrupted. */
function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (!killOnExit) process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));
  killOnExit = true;
  return child;
}

/** Stops a child: SIGTERM, then SIGKILL if it lingers. */
export async function stopChild(child: ChildProcess | undefined, graceMs = 15_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** The stand-in in its own process, and the bench's end of its control channel. */
export class StandinProcess {
  readonly child: ChildProcess;
  ariPort = 0;
  amiPort = 0;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (m: Extract<ControlMessage, { op: 'reply' }>) => void; reject: (e: Error) => void }>();
  /** Stamps as they arrive (AgentCalled writes, IVR reactions). */
  onStamps: (agentCalled: AgentCalledStamp[], ivr: IvrReaction[]) => void = () => undefined;

  /** `hotlineContext`: the sample dialplan's context that answers 1551 (`hotline-two-instances` for two instances). */
  constructor(timeScale: number, hotlineContext?: string) {
    const context = hotlineContext ? ['--hotline-context', hotlineContext] : [];
    this.child = track(fork(path.join(ROOT, 'standin/cli.ts'), ['--ari-port', '0', '--ami-port', '0', '--time-scale', String(timeScale), ...context, '--control'], {
      cwd: ROOT, execArgv: TS, stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    }));
    this.child.on('message', (m: unknown) => this.onMessage(m as ControlMessage | { op: 'listening'; ariPort: number; amiPort: number }));
    this.child.once('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`імітатор Asterisk завершився (код ${code})`));
      this.waiting.clear();
    });
  }

  private readyResolve: (() => void) | undefined;
  readonly ready = new Promise<void>((resolve, reject) => {
    this.readyResolve = resolve;
    setTimeout(() => reject(new Error('імітатор Asterisk не запустився за 60 с')), 60_000).unref();
  });

  private onMessage(m: ControlMessage | { op: 'listening'; ariPort: number; amiPort: number }): void {
    if (m.op === 'listening') {
      this.ariPort = m.ariPort;
      this.amiPort = m.amiPort;
      this.readyResolve?.();
    } else if (m.op === 'stamps') {
      this.onStamps(m.agentCalled, m.ivr);
    } else if (m.op === 'reply') {
      const w = this.waiting.get(m.req);
      this.waiting.delete(m.req);
      if (!w) return;
      if (m.ok) w.resolve(m);
      else w.reject(new Error(m.error));
    }
  }

  request(r: Distributive<ControlRequest>): Promise<Extract<ControlMessage, { op: 'reply'; ok: true }>> {
    const req = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(req, { resolve: resolve as (m: Extract<ControlMessage, { op: 'reply' }>) => void, reject });
      this.child.send({ ...r, req } as ControlRequest);
    });
  }

  async placeCalls(calls: InboundCall[]): Promise<string[]> {
    return (await this.request({ op: 'placeCalls', calls })).ids ?? [];
  }
  async setPhones(phones: Record<string, EndpointBehaviour>): Promise<void> {
    await this.request({ op: 'setPhones', phones });
  }
  async addQueue(queue: QueueConfig): Promise<void> {
    await this.request({ op: 'addQueue', queue });
  }
  async stats(): Promise<ControlStats> {
    return (await this.request({ op: 'stats' })).stats!;
  }
  /** The stand-in's CLOCK_MONOTONIC reading, for checking that both processes share it. */
  async ping(): Promise<bigint> {
    return BigInt((await this.request({ op: 'ping' })).t!);
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  stop(): Promise<void>;
}

/** Kontakt as in production (`server/main.ts`), configured through its environment. */
export async function startServer(o: { databaseUrl: string; standin: StandinProcess; nodeArgs: string[]; outDir: string; promptDir: string; compiled: boolean; env?: Record<string, string>; logName?: string }): Promise<ServerProcess> {
  const port = await freePort();
  fs.mkdirSync(o.outDir, { recursive: true });
  const logFile = path.join(o.outDir, o.logName ?? 'server.log');
  const log = fs.openSync(logFile, 'w');
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port), HOST: '127.0.0.1',
    DATABASE_URL: o.databaseUrl,
    DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX ?? '10',
    ARI_URL: `http://127.0.0.1:${o.standin.ariPort}`, ARI_PASSWORD: 'kontakt-secret',
    AMI_HOST: '127.0.0.1', AMI_PORT: String(o.standin.amiPort), AMI_SECRET: 'kontakt-secret',
    ADMIN_PASSWORD: 'bench-admin-password-1551',
    TOKEN_SECRET: 'bench-token-secret-0123456789abcdef0123456789',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    PROMPT_CACHE_DIR: o.promptDir,
    JOBS_ENABLED: '0',
    LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? 'warn',
    // A phase may run the server's jobs or change its limits (the notice phase does).
    ...o.env,
  };
  // The compiled server carries no TypeScript compiler in memory (about 140 MB less RSS).
  const script = o.compiled ? 'dist/server/main.js' : 'server/main.ts';
  const child = track(fork(path.join(ROOT, script), [], {
    cwd: ROOT, execArgv: [...(o.compiled ? [] : TS), ...o.nodeArgs, ...profileDirs(o.nodeArgs, o.outDir)], env, stdio: ['ignore', log, log, 'ipc'],
  }));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`сервер Контакт не запустився (код ${child.exitCode}); журнал: ${logFile}`);
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('сервер Контакт не готовий за 120 с (/readyz)');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, baseUrl, stop: () => stopChild(child, 30_000) };
}

/** Profiles go to the bench's output folder. */
function profileDirs(args: string[], dir: string): string[] {
  const out: string[] = [];
  if (args.includes('--cpu-prof') && !args.some((a) => a.startsWith('--cpu-prof-dir'))) out.push(`--cpu-prof-dir=${dir}`);
  if (args.includes('--heap-prof') && !args.some((a) => a.startsWith('--heap-prof-dir'))) out.push(`--heap-prof-dir=${dir}`);
  return out;
}

/** The floor process: a bare Socket.IO server (and the bare history query), nothing of Kontakt. */
export async function startFloor(databaseUrl: string): Promise<{ child: ChildProcess; url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = track(fork(path.join(__dirname, 'floor-server.ts'), [String(port), databaseUrl], { cwd: ROOT, execArgv: TS, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`процес нижньої межі завершився (код ${code})`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}
