import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** A failed promise nobody waited for is logged; the process, and every call on it, goes on. */
describe('unhandled rejections', () => {
  const root = path.resolve(__dirname, '../..');
  const run = (guarded: boolean) => {
    const script = `
      const { createLogger } = require('./core/logger');
      const { logUnhandledRejections } = require('./server/unhandled-rejections');
      if (${guarded}) logUnhandledRejections(createLogger('info'));
      Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:3306'));
      setTimeout(() => { console.log('still serving'); process.exit(0); }, 300);
    `;
    return spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: root, encoding: 'utf8', timeout: 20000 });
  };

  test('are logged at error level with the error, and the process goes on', () => {
    const r = run(true);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('still serving');
    const line = JSON.parse(r.stdout.split('\n').find((l) => l.includes('nobody to handle it'))!);
    expect(line).toMatchObject({ level: 50, err: { message: 'connect ECONNREFUSED 127.0.0.1:3306' } });
  });

  test('without the guard Node would end the process', () => {
    const r = run(false);
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('still serving');
  });
});
