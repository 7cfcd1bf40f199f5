import { execFile, spawn, ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Production runs the compiled server (README): `npm run build` must keep working, assets included. */
describe('the compiled server', () => {
  let dir: string;
  let child: ChildProcess | null = null;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kontakt-compiled-'));
    await promisify(execFile)('npm', ['run', '--silent', 'build'], { cwd: ROOT });
  }, 120_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('starts from dist/ without the TypeScript loader, serves the console and stops cleanly on SIGTERM', async () => {
    child = spawn(process.execPath, [path.join(ROOT, 'dist/server/main.js')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${path.join(dir, 'k.sqlite')}`, PROMPT_CACHE_DIR: path.join(dir, 'prompts'), ADMIN_PASSWORD: 'compiled-admin-password' },
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 25 s:\n${out}`)), 25_000);
      child!.stdout!.on('data', () => {
        const m = out.match(/"port":(\d+)/);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child!.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
    });
    const ready = await (await fetch(`http://127.0.0.1:${port}/readyz`)).json();
    expect(ready.checks.database).toBe(true);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="uk">');
    // The console's bundle is made at start-up from the copied sources.
    const bundle = /src="(\/assets\/app-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(bundle).toBeDefined();
    expect((await fetch(`http://127.0.0.1:${port}${bundle}`)).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
