/**
 * A whole Kontakt in a process of its own (model classes are process-global), for the tests that
 * run several instances or kill one (kill -9): configured from the environment, with a clock the
 * parent sets when TEST_CLOCK is given. Over IPC it says {type:'ready'} once its PBX connections
 * are up; {type:'run', job, at?} runs a job (and waits for the dialers it starts) → {type:'ran',
 * outcome}; {type:'stop'} closes it.
 */
import { readConfig } from '../../core/config';
import { createLogger } from '../../core/logger';
import { composeKontakt } from '../../server/compose';
import { ManualClock } from './test-server';

async function main(): Promise<void> {
  const clock = new ManualClock(process.env.TEST_CLOCK ? new Date(process.env.TEST_CLOCK) : null);
  const kontakt = await composeKontakt(readConfig(process.env), createLogger(process.env.LOG_LEVEL ?? 'warn'), { clock, print: () => {} });
  await kontakt.listen();
  while (!(kontakt.telephony.ari?.ready && kontakt.telephony.ami?.ready)) await new Promise((r) => setTimeout(r, 20));
  process.on('message', async (m: { type: string; job?: string; at?: string }) => {
    if (m.type === 'run') {
      if (m.at) clock.set(m.at);
      const outcome = await kontakt.jobs.scheduler.runNow(m.job!);
      await Promise.all([kontakt.verifications.dialer.idle(), kontakt.notices.dialer.idle()]);
      process.send!({ type: 'ran', outcome });
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
