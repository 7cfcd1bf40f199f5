import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What `npm start` does on a fresh clone: the server makes its own SQLite database and serves. */
describe('starting the server on its embedded defaults', () => {
  let dir: string;
  let child: ChildProcess | null = null;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kontakt-start-'));
  });
  afterEach(async () => {
    const running = child;
    child = null;
    if (running && running.exitCode === null) {
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function start(env: Record<string, string>): Promise<{ port: number; output: () => string }> {
    const root = path.resolve(__dirname, '../..');
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'server/main.ts'], {
      cwd: root,
      // No DATABASE_URL: the default SQLite file under ./data is made relative to the working dir.
      env: { PATH: process.env.PATH ?? '', HOME: dir, PORT: '0', HOST: '127.0.0.1', ...env },
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 25 s:\n${out}`)), 25000);
      const check = () => {
        const m = out.match(/"port":(\d+)/);
        if (m) {
          clearTimeout(timer);
          resolve({ port: Number(m[1]), output: () => out });
        }
      };
      child!.stdout!.on('data', check);
      child!.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited with ${code}:\n${out}`));
      });
    });
  }

  test('serves /healthz and /readyz with a database it made itself, and prints a one-time admin password', async () => {
    const file = path.join(dir, 'data', 'kontakt.sqlite');
    const { port, output } = await start({ DATABASE_URL: `sqlite:${file}` });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const ready = await (await fetch(`http://127.0.0.1:${port}/readyz`)).json();
    expect(ready.checks.database).toBe(true);
    expect(fs.existsSync(file)).toBe(true);
    const password = output().match(/пароль «([^»]+)»/)?.[1];
    expect(password).toBeDefined();
    const signIn = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password }),
    });
    expect(signIn.status).toBe(200);
    // The password is for the person at the console, never for the log.
    const logLines = output().split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.some((l) => l.includes(password!))).toBe(false);
    const categories = await fetch(`http://127.0.0.1:${port}/api/categories`, { headers: { authorization: `Bearer ${(await signIn.json()).token}` } });
    expect((await categories.json()).length).toBeGreaterThanOrEqual(30);
  });

  test('a bad setting stops the start with a message naming the variable', async () => {
    await expect(start({ PORT: 'eighty', DATABASE_URL: `sqlite:${path.join(dir, 'x.sqlite')}` })).rejects.toThrow(/exited with 2[\s\S]*PORT/);
  });

  test('secrets from the environment never reach the log', async () => {
    const secret = 'very-secret-token-secret-0123456789abcdef';
    const { output } = await start({ DATABASE_URL: `sqlite:${path.join(dir, 'y.sqlite')}`, TOKEN_SECRET: secret, ADMIN_PASSWORD: 'admin-password-123' });
    expect(output()).not.toContain(secret);
    expect(output()).not.toContain('admin-password-123');
    expect(output()).toContain('"TOKEN_SECRET":"***"');
  });
});
