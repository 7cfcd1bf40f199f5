import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/**
 * A call's IVR path entries are kept with it for minutes (for late AMI events), thousands at a
 * time. In Node 20's V8 an object that gets a property added after a spread (`{ ...entry, at }`)
 * has a hidden class of its own once the code is warm: a class per entry, and every inline cache
 * that reads them goes megamorphic. V8's own view of the entries is asked in a child process, the
 * only place `%HaveSameMap` may be called.
 */
test('IVR path entries share one hidden class, whatever step they record', () => {
  const script = `
    const { pathEntryAt } = require(${JSON.stringify(path.join(ROOT, 'calls', 'call-record'))});
    const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)');
    const entries = [];
    for (let i = 0; i < 20000; i++) {
      const at = new Date(1796680000000 + i * 1000).toISOString();
      entries.push(pathEntryAt({ step: 'main', key: String(i % 10) }, at));
      entries.push(pathEntryAt({ step: 'main', outcome: 'transferred' }, at));
      entries.push(pathEntryAt({ step: 'transfer:adopted' }, at));
    }
    // Past the warm-up (and any migration of early objects): how many classes the last ones have.
    const classes = [];
    for (const e of entries.slice(-3000)) if (!classes.some((c) => sameMap(c, e)) && classes.push(e) > 20) break;
    process.stdout.write(JSON.stringify({ classes: classes.length, last: entries.slice(-3) }));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['--allow-natives-syntax', '-r', '@swc-node/register', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
  expect(out.classes).toBe(1);
  // What the row and the console get is unchanged: an absent key or outcome is not written.
  expect(out.last).toEqual([
    { step: 'main', key: '9', at: '2026-12-08T03:19:59.000Z' },
    { step: 'main', outcome: 'transferred', at: '2026-12-08T03:19:59.000Z' },
    { step: 'transfer:adopted', at: '2026-12-08T03:19:59.000Z' },
  ]);
});
