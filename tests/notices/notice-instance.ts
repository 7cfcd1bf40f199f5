/**
 * A second Kontakt in its own process (model classes are process-global), for
 * notice-two-instances.test.ts: configured from the environment, its clock and its notice dialer
 * driven over IPC ({type:'dial', at} → {type:'dialed', outcome}; {type:'stop'}).
 */
import { readConfig } from '../../core/config';
import { createLogger } from '../../core/logger';
import { composeKontakt } from '../../server/compose';
import { ManualClock } from '../support/test-server';

async function main(): Promise<void> {
  const clock = new ManualClock(new Date(process.env.TEST_CLOCK ?? Date.now()));
  const kontakt = await composeKontakt(readConfig(process.env), createLogger(process.env.LOG_LEVEL ?? 'warn'), { clock, print: () => {}, seedReference: false });
  await kontakt.listen();
  while (!kontakt.telephony.ari?.ready) await new Promise((r) => setTimeout(r, 20));
  process.on('message', async (m: { type: string; at?: string }) => {
    if (m.type === 'dial') {
      clock.set(m.at!);
      const outcome = await kontakt.jobs.scheduler.runNow('notice-dialer');
      await kontakt.notices.dialer.idle();
      process.send!({ type: 'dialed', outcome });
    } else if (m.type === 'stop') {
      await kontakt.close(0);
      process.exit(0);
    }
  });
  process.send!({ type: 'ready' });
}

main().catch((err) => {
  process.stderr.write(`instance failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
