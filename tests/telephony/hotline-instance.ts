/**
 * A whole Kontakt in its own process, configured from the environment, for the tests that kill
 * an instance (kill -9) under calls: it says {type:'ready'} over IPC once its ARI is connected,
 * and closes on {type:'stop'}.
 */
import { readConfig } from '../../core/config';
import { createLogger } from '../../core/logger';
import { composeKontakt } from '../../server/compose';

async function main(): Promise<void> {
  const kontakt = await composeKontakt(readConfig(process.env), createLogger(process.env.LOG_LEVEL ?? 'warn'), { print: () => {} });
  await kontakt.listen();
  while (!(kontakt.telephony.ari?.ready && kontakt.telephony.ami?.ready)) await new Promise((r) => setTimeout(r, 20));
  process.on('message', async (m: { type: string }) => {
    if (m.type !== 'stop') return;
    await kontakt.close(0);
    process.exit(0);
  });
  process.send!({ type: 'ready' });
}

main().catch((err) => {
  process.stderr.write(`instance failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
