import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `npm run migrate` and `npm run seed` as a person runs them: exit codes and what they print. */
const root = path.resolve(__dirname, '../..');

function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', script, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the migrate and seed commands', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kontakt-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('migrate reports the migrations it ran, then that there were none', async () => {
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'migrate.sqlite')}` };
    const first = await run('scripts/migrate.ts', [], env);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^Застосовано міграції \(\d+\):\n {2}001-initial-schema\n/);
    const again = await run('scripts/migrate.ts', [], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('Схема бази даних уже актуальна: нових міграцій немає.\n');
  }, 60_000);

  test('a bad configuration is exit code 2 with the message naming the variable', async () => {
    const migrate = await run('scripts/migrate.ts', [], { PORT: 'abc', DATABASE_URL: 'postgres://x' });
    expect(migrate.code).toBe(2);
    expect(migrate.stderr).toMatch(/Invalid configuration:\n {2}PORT: .*\n {2}DATABASE_URL: /);
    expect(migrate.stdout).toBe('');
    const seed = await run('scripts/seed.ts', [], { CITY_TIME_ZONE: 'Europe/Zoriansk' });
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('CITY_TIME_ZONE');
  }, 60_000);

  test('seed refuses bad arguments and a short SEED_PASSWORD with exit code 2, before touching the database', async () => {
    const file = path.join(dir, 'untouched.sqlite');
    const env = { DATABASE_URL: `sqlite:${file}` };
    const badCount = await run('scripts/seed.ts', ['--appeals', 'багато'], env);
    expect(badCount.code).toBe(2);
    expect(badCount.stderr).toContain('--appeals');
    const unknown = await run('scripts/seed.ts', ['--apeals', '5'], env);
    expect(unknown.code).toBe(2);
    const shortPassword = await run('scripts/seed.ts', [], { ...env, SEED_PASSWORD: 'short' });
    expect(shortPassword.code).toBe(2);
    expect(shortPassword.stderr).toContain('SEED_PASSWORD');
    expect(fs.existsSync(file)).toBe(false);
  }, 60_000);

  test('seed --no-appeals loads reference data and users, and prints the summary', async () => {
    const result = await run('scripts/seed.ts', ['--no-appeals'], {
      DATABASE_URL: `sqlite:${path.join(dir, 'seed.sqlite')}`, SEED_PASSWORD: 'demo-password-2026',
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Завантажено: 18 виконавців, 76 категорій, 27 користувачів, 0 звернень\n');
  }, 60_000);
});
