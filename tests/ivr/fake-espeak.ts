/**
 * Test helper: writes a fake `espeak-ng` into a temporary folder, so the system engine is tested
 * the same way on machines with and without eSpeak-NG. The fake answers --version, logs each call
 * (arguments and stdin) to a file, and writes a 22 050 Hz tone WAV to stdout the way the real one
 * does into a pipe: with 0xFFFFFFFF sizes, since it cannot seek back to fix them.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface FakeEspeak {
  dir: string;
  env: NodeJS.ProcessEnv;
  calls(): Array<{ args: string[]; stdin: string }>;
}

const SCRIPT = String.raw`
const fs = require('fs');
const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write('eSpeak NG text-to-speech: 1.51.1  Data at: /usr/share/espeak-ng-data\n');
  process.exit(0);
}
let stdin = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => { stdin += c; });
process.stdin.on('end', () => {
  fs.appendFileSync(process.env.FAKE_ESPEAK_LOG, JSON.stringify({ args, stdin }) + '\n');
  const voice = args[args.indexOf('-v') + 1];
  if (voice !== 'uk') { process.stderr.write("Failed to read voice '" + voice + "'\n"); process.exit(1); }
  if (process.env.FAKE_ESPEAK_MODE === 'garbage') { process.stdout.write('this is not audio'); return; }
  const rate = 22050;
  const n = Math.round(rate * 0.05 * stdin.length); // 50 ms a character
  const out = Buffer.alloc(44 + n * 2);
  out.write('RIFF', 0, 'ascii'); out.writeUInt32LE(0xffffffff, 4); out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii'); out.writeUInt32LE(16, 16); out.writeUInt16LE(1, 20); out.writeUInt16LE(1, 22);
  out.writeUInt32LE(rate, 24); out.writeUInt32LE(rate * 2, 28); out.writeUInt16LE(2, 32); out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii'); out.writeUInt32LE(0xffffffff, 40);
  for (let i = 0; i < n; i++) out.writeInt16LE(Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / rate)), 44 + i * 2);
  process.stdout.write(out);
});
`;

export function installFakeEspeak(extraEnv: NodeJS.ProcessEnv = {}): FakeEspeak {
  const dir = mkdtempSync(join(tmpdir(), 'kontakt-fake-espeak-'));
  const script = join(dir, 'espeak-ng');
  // The absolute node path in the shebang: the fake must not depend on what else is on PATH.
  writeFileSync(script, `#!${process.execPath}\n${SCRIPT}`);
  chmodSync(script, 0o755);
  const log = join(dir, 'calls.jsonl');
  return {
    dir,
    env: { ...process.env, ...extraEnv, PATH: `${dir}${delimiter}${process.env.PATH ?? ''}`, FAKE_ESPEAK_LOG: log },
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { args: string[]; stdin: string })
        : [],
  };
}
