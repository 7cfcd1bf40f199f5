/**
 * Runs the Asterisk stand-in alone:
 *   npm run standin -- --ari-port 8088 --ami-port 5038 [--time-scale 1] [--host 127.0.0.1]
 */
import { startStandin } from './scenario';

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
  });
  process.stdout.write(`Asterisk stand-in: ARI ${standin.ariUrl}/ari (kontakt/kontakt-secret), AMI 127.0.0.1:${standin.amiPort}\n`);
  const stop = (): void => {
    void standin.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`standin failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
