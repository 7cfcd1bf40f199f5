/**
 * Runs the Asterisk stand-in alone:
 *   npm run standin -- --ari-port 8088 --ami-port 5038 [--time-scale 1] [--host 127.0.0.1]
 *     [--hotline-context hotline-two-instances] [--control]
 * (--hotline-context: that context of asterisk/extensions.conf answers 1551 instead of [hotline];
 *  --control: started by a parent with an IPC channel, see control.ts)
 */
import { startStandin } from './scenario';
import { attachControl } from './control';
import { sampleContextAs } from './sample-dialplan';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const standin = await startStandin({
    ariPort: Number(flag('ari-port', '8088')),
    amiPort: Number(flag('ami-port', '5038')),
    host: flag('host', '127.0.0.1'),
    timeScale: Number(flag('time-scale', '1')),
    ...(process.argv.includes('--hotline-context') ? { dialplan: sampleContextAs(flag('hotline-context', 'hotline'), 'hotline') } : {}),
  });
  // --control: a parent process (the benchmark) drives it over the IPC channel it was started with.
  if (process.argv.includes('--control') && process.send) attachControl(standin, process);
  process.stdout.write(`Asterisk stand-in: ARI ${standin.ariUrl}/ari (kontakt/kontakt-secret), AMI 127.0.0.1:${standin.amiPort}\n`);
  process.send?.({ op: 'listening', ariPort: standin.ariPort, amiPort: standin.amiPort });
  const stop = (): void => {
    void standin.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // A controlled stand-in does not outlive its parent.
  if (process.argv.includes('--control')) process.on('disconnect', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`standin failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
