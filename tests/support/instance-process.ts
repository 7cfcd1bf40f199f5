import path from 'node:path';
import os from 'node:os';
import { spawn, ChildProcess } from 'node:child_process';
import { ADMIN_PASSWORD } from './test-server';

/** A Kontakt in a child process (tests/support/kontakt-instance.ts), driven over IPC. */
export interface InstanceProcess {
  child: ChildProcess;
  /** What it printed (for failure messages). */
  log(): string;
  /** Runs a job at the given time and waits for the dialers it started. */
  run(job: string, at?: string): Promise<{ type: 'ran'; outcome: any }>;
  /** Closes it cleanly. */
  stop(): Promise<void>;
  /** kill -9. */
  kill(): Promise<void>;
}

/** Starts an instance on a shared database and resolves once its PBX connections are up. */
export function startInstance(env: Record<string, string>): Promise<InstanceProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'kontakt-instance.ts')], {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', JOBS_ENABLED: '0', PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD,
      LOG_LEVEL: 'warn', TOKEN_SECRET: 'test-secret-test-secret-test-secret-123', PROMPT_CACHE_DIR: path.join(os.tmpdir(), 'kontakt-test-prompts'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const replies: Array<(m: any) => void> = [];
  child.on('message', (m) => replies.shift()?.(m));
  const next = (what: string): Promise<any> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`instance did not answer ${what}: ${log}`)), 60000);
      replies.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  const exited = (): Promise<unknown> => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r)));
  const instance: InstanceProcess = {
    child,
    log: () => log,
    run(job, at) {
      const answer = next(`run ${job}`);
      child.send({ type: 'run', job, at });
      return answer;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = exited();
      child.send({ type: 'stop' });
      await done;
    },
    async kill() {
      const done = exited();
      child.kill('SIGKILL');
      await done;
    },
  };
  return new Promise((resolve, reject) => {
    const failed = (code: unknown) => reject(new Error(`instance exited with ${String(code)}: ${log}`));
    child.once('exit', failed);
    next('ready').then(() => {
      child.off('exit', failed);
      resolve(instance);
    }, reject);
  });
}
