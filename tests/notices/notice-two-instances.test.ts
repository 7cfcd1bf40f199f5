import { testDatabases } from '../support/databases';
import { useTwoDialingInstances } from '../support/two-dialing-instances';
import { Call, NoticeCall } from '../../models';
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
  const pair = useTwoDialingInstances(shared, NOON_KYIV);

  test('each phone is called exactly once, and never more than OUTBOUND_MAX_CALLS at once across both', async () => {
    const { a, staff, standin } = pair;
    for (const phone of PHONES) await subscribe(a, staff.dispatcher, phone, { streetName: 'вулиця Шевченка' });
    const notice = await approvedNotice(a, staff, { text: 'Два сервери, одне оповіщення.', area: { streets: [{ name: 'вулиця Шевченка' }] } });
    const at = a.clock.now().toISOString();
    const claimedBy = { a: 0, b: 0 };
    for (let round = 0; (await NoticeCall.count({ where: { noticeId: notice.id, status: 'listened' } })) < PHONES.length; round++) {
      if (round > 10) throw new Error('the two dialers did not get through the calls');
      // Both dial at the same moment, each waiting for its own calls.
      const claimed = await pair.dialBoth('notice-dialer', at);
      claimedBy.a += claimed.a;
      claimedBy.b += claimed.b;
    }
    for (const phone of PHONES) expect([phone, originatesTo(standin, phone)]).toEqual([phone, 1]);
    expect(claimedBy.a + claimedBy.b).toBeGreaterThan(0);
    expect(pair.maxChannels).toBeLessThanOrEqual(3);
    const rows = await NoticeCall.findAll({ where: { noticeId: notice.id } });
    expect(rows.every((r) => r.status === 'listened' && r.attempts === 1 && r.repeats === 1)).toBe(true);
    await a.kontakt.telephony.recorder.flush();
    const calls = await Call.count({ where: { direction: 'outbound', purpose: 'notice', uniqueid: rows.map((r) => r.channelId!) } });
    expect(calls).toBe(PHONES.length);
  }, 90000);
});
