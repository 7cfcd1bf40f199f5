import { testDatabases } from '../support/databases';
import { startTestServerWithStandin, signInStaff, standinEnv, TestServer, Staff } from '../support/test-server';
import { startInstance, InstanceProcess } from '../support/instance-process';
import { startStandin, Standin } from '../../standin/scenario';
import { Call, NoticeCall } from '../../models';
import { outboundChannels } from '../jobs/verification-helpers';
import { NOON_KYIV, subscribe, approvedNotice, originatesTo } from './notice-helpers';

// One database both instances share: MariaDB, as in production (without it, the SQLite file).
const shared = testDatabases().find((d) => d.name === 'MariaDB') ?? testDatabases()[0];
const PHONES = Array.from({ length: 8 }, (_, i) => `050777000${i + 1}`);

/**
 * Two Kontakt instances call out one notice at the same moments against one database: instance A
 * in this process, B in a child process with its own ARI application. Every phone is called
 * exactly once, and OUTBOUND_MAX_CALLS holds across both.
 */
describe(`a notice called out by two instances on one ${shared.name} database`, () => {
  let standin: Standin;
  let a: TestServer;
  let staff: Staff;
  let b: InstanceProcess;
  let maxChannels = 0;
  beforeAll(async () => {
    standin = await startStandin({ timeScale: 0.05, defaultResident: { kind: 'answer', afterMs: 500, script: [{ afterAnswerMs: 20000, dtmf: '1' }] } });
    standin.model.on('changed', () => (maxChannels = Math.max(maxChannels, outboundChannels(standin))));
    a = await startTestServerWithStandin(shared, standin, { INSTANCE_ID: 'instance-a', OUTBOUND_MAX_CALLS: '3' });
    a.clock.set(NOON_KYIV);
    staff = await signInStaff(a);
    b = await startInstance({
      ...standinEnv(standin), ARI_APP: 'kontakt-b', INSTANCE_ID: 'instance-b', OUTBOUND_MAX_CALLS: '3',
      DATABASE_URL: a.kontakt.config.DATABASE_URL, TEST_CLOCK: NOON_KYIV,
    });
  }, 90000);

  afterAll(async () => {
    await b?.stop();
    await a?.close();
    await standin?.stop();
  });

  test('each phone is called exactly once, and never more than OUTBOUND_MAX_CALLS at once across both', async () => {
    for (const phone of PHONES) await subscribe(a, staff.dispatcher, phone, { streetName: 'вулиця Шевченка' });
    const notice = await approvedNotice(a, staff, { text: 'Два сервери, одне оповіщення.', area: { streets: [{ name: 'вулиця Шевченка' }] } });
    const at = a.clock.now().toISOString();
    const claimedBy = { a: 0, b: 0 };
    for (let round = 0; (await NoticeCall.count({ where: { noticeId: notice.id, status: 'listened' } })) < PHONES.length; round++) {
      if (round > 10) throw new Error('the two dialers did not get through the calls');
      // Both dial at the same moment, each refilling its freed slots until nothing is due.
      const [ra, rb] = await Promise.all([
        a.kontakt.jobs.scheduler.runNow('notice-dialer').then(async (r) => {
          await a.kontakt.notices.dialer.idle();
          return r;
        }),
        b.run('notice-dialer', at),
      ]);
      claimedBy.a += ra.ran ? Number(ra.summary.claimed) : 0;
      claimedBy.b += rb.outcome.ran ? Number(rb.outcome.summary.claimed) : 0;
    }
    for (const phone of PHONES) expect([phone, originatesTo(standin, phone)]).toEqual([phone, 1]);
    expect(claimedBy.a + claimedBy.b).toBeGreaterThan(0);
    expect(maxChannels).toBeLessThanOrEqual(3);
    const rows = await NoticeCall.findAll({ where: { noticeId: notice.id } });
    expect(rows.every((r) => r.status === 'listened' && r.attempts === 1 && r.repeats === 1)).toBe(true);
    await a.kontakt.telephony.recorder.flush();
    const calls = await Call.count({ where: { direction: 'outbound', purpose: 'notice', uniqueid: rows.map((r) => r.channelId!) } });
    expect(calls).toBe(PHONES.length);
  }, 90000);
});
