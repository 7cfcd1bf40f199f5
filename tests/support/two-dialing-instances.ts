import { startStandin, Standin } from '../../standin/scenario';
import { startTestServerWithStandin, signInStaff, standinEnv, TestServer, Staff } from './test-server';
import { startInstance, InstanceProcess } from './instance-process';
import type { TestDatabase } from './databases';
import { outboundChannels } from '../jobs/verification-helpers';

/** Two instances calling out on one database: A in this process, B in a child with its own ARI application. */
export interface DialingPair {
  standin: Standin;
  a: TestServer;
  b: InstanceProcess;
  staff: Staff;
  /** The most outbound channels seen at once. */
  maxChannels: number;
  /** Both run a dialer job at the same moment (A at its clock, B at `at`), each waiting for its own calls; answers what each claimed. */
  dialBoth(job: 'verification-dialer' | 'notice-dialer', at: string): Promise<{ a: number; b: number }>;
}

/**
 * Registers the suite's hooks that start (and stop) the pair; the object is filled in beforeAll.
 * Residents answer after 0.5 s and press 1 after 20 s of stand-in time; OUTBOUND_MAX_CALLS is 3.
 */
export function useTwoDialingInstances(db: TestDatabase, clockAt: string): DialingPair {
  const pair = { maxChannels: 0 } as DialingPair;
  beforeAll(async () => {
    pair.standin = await startStandin({ timeScale: 0.05, defaultResident: { kind: 'answer', afterMs: 500, script: [{ afterAnswerMs: 20000, dtmf: '1' }] } });
    pair.standin.model.on('changed', () => (pair.maxChannels = Math.max(pair.maxChannels, outboundChannels(pair.standin))));
    pair.a = await startTestServerWithStandin(db, pair.standin, { INSTANCE_ID: 'instance-a', OUTBOUND_MAX_CALLS: '3' });
    pair.a.clock.set(clockAt);
    pair.staff = await signInStaff(pair.a);
    pair.b = await startInstance({
      ...standinEnv(pair.standin), ARI_APP: 'kontakt-b', INSTANCE_ID: 'instance-b', OUTBOUND_MAX_CALLS: '3',
      DATABASE_URL: pair.a.kontakt.config.DATABASE_URL, TEST_CLOCK: clockAt,
    });
  }, 90000);
  afterAll(async () => {
    await pair.b?.stop();
    await pair.a?.close();
    await pair.standin?.stop();
  });
  pair.dialBoth = async (job, at) => {
    const dialer = job === 'verification-dialer' ? pair.a.kontakt.verifications.dialer : pair.a.kontakt.notices.dialer;
    const [ra, rb] = await Promise.all([
      pair.a.kontakt.jobs.scheduler.runNow(job).then(async (r) => {
        await dialer.idle();
        return r;
      }),
      pair.b.run(job, at),
    ]);
    return { a: ra.ran ? Number(ra.summary.claimed) : 0, b: rb.outcome.ran ? Number(rb.outcome.summary.claimed) : 0 };
  };
  return pair;
}
