import { Op } from 'sequelize';
import { testDatabases } from '../support/databases';
import { startTestServerWithStandin, signInStaff, TestServer, Staff } from '../support/test-server';
import { startStandin, Standin } from '../../standin/scenario';
import { Verification } from '../../models';
import { NOON_KYIV, completedAppeal, verificationOf, until, outboundChannels } from './verification-helpers';

/** OUTBOUND_MAX_CALLS: never more outbound calls at once than the trunk's channels left for callbacks. */
describe.each(testDatabases().map((d) => [d.name, d] as const))('verification calls at once on %s', (_name, db) => {
  let standin: Standin;
  let server: TestServer;
  let staff: Staff;
  let maxChannels = 0;

  beforeAll(async () => {
    // Residents answer and think for a while (1 s real) before pressing 1: calls overlap.
    standin = await startStandin({ timeScale: 0.05, defaultResident: { kind: 'answer', afterMs: 500, script: [{ afterAnswerMs: 20000, dtmf: '1' }] } });
    standin.model.on('changed', () => (maxChannels = Math.max(maxChannels, outboundChannels(standin))));
    server = await startTestServerWithStandin(db, standin, { OUTBOUND_MAX_CALLS: '2' });
    server.clock.set(NOON_KYIV);
    staff = await signInStaff(server);
  }, 60000);
  afterAll(async () => {
    await server?.close();
    await standin?.stop();
  });

  test('5 due, limit 2: at most 2 channels at once, a run at the limit claims nothing, everyone called once', async () => {
    const appeals = [];
    for (let i = 1; i <= 5; i++) appeals.push(await completedAppeal(server, staff, `050333000${i}`));
    const ids = await Promise.all(appeals.map(async (a) => (await verificationOf(a.id)).id));
    server.clock.advance(2 * 3600_000 + 60_000);
    const { scheduler } = server.kontakt.jobs;
    const confirmed = () => Verification.count({ where: { id: { [Op.in]: ids }, status: 'confirmed' } });

    const first = await scheduler.runNow('verification-dialer');
    expect(first).toMatchObject({ ran: true, summary: { claimed: 2 } });
    // Both calls are live: the next run finds no free slot.
    expect(await Verification.count({ where: { status: 'calling' } })).toBe(2);
    const atLimit = await scheduler.runNow('verification-dialer');
    expect(atLimit).toMatchObject({ ran: true, summary: { claimed: 0 } });

    let maxCalling = 2;
    for (let round = 0; (await confirmed()) < 5; round++) {
      if (round > 20) throw new Error('the dialer did not get through 5 calls');
      const before = await confirmed();
      await until(async () => (await confirmed()) > before || server.kontakt.verifications.dialer.liveCalls === 0, 'a call to end');
      await scheduler.runNow('verification-dialer');
      maxCalling = Math.max(maxCalling, await Verification.count({ where: { status: 'calling' } }));
      expect(server.kontakt.verifications.dialer.liveCalls).toBeLessThanOrEqual(2);
    }
    await server.kontakt.verifications.dialer.idle();
    expect(maxCalling).toBeLessThanOrEqual(2);
    expect(maxChannels).toBe(2);
    for (let i = 1; i <= 5; i++) {
      const originates = standin.appRequests.rest.filter((r) => r.method === 'POST' && r.path.includes(encodeURIComponent(`PJSIP/050333000${i}@trunk`)));
      expect(originates).toHaveLength(1);
    }
    expect(await Verification.count({ where: { id: { [Op.in]: ids }, attempts: 1, status: 'confirmed' } })).toBe(5);
  });
});
