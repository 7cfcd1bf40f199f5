import { Op } from 'sequelize';
import { testDatabases } from '../support/databases';
import { useTwoDialingInstances } from '../support/two-dialing-instances';
import { Call, Verification } from '../../models';
import { NOON_KYIV, completedAppeal, verificationOf } from './verification-helpers';

// One database both instances share: MariaDB, as in production (SQLite is for one instance;
// without MariaDB this runs on the SQLite file, which the second process shares as it can).
const shared = testDatabases().find((d) => d.name === 'MariaDB') ?? testDatabases()[0];
const RESIDENTS = Array.from({ length: 6 }, (_, i) => `050444000${i + 1}`);

/**
 * Two Kontakt instances run the dialer at the same moments against one database: instance A in
 * this process, B in a child process with its own ARI application. Each resident is called
 * exactly once, and OUTBOUND_MAX_CALLS holds across both.
 */
describe(`two instances dialing on one ${shared.name} database`, () => {
  const pair = useTwoDialingInstances(shared, NOON_KYIV);

  test('each resident is called exactly once, and never more than OUTBOUND_MAX_CALLS at once across both', async () => {
    const { a, staff, standin } = pair;
    const appeals = [];
    for (const phone of RESIDENTS) appeals.push(await completedAppeal(a, staff, phone));
    const ids = await Promise.all(appeals.map(async (x) => (await verificationOf(x.id)).id));
    a.clock.advance(2 * 3600_000 + 60_000);
    const at = a.clock.now().toISOString();
    const claimedBy = { a: 0, b: 0 };
    for (let round = 0; (await Verification.count({ where: { id: { [Op.in]: ids }, status: 'confirmed' } })) < RESIDENTS.length; round++) {
      if (round > 10) throw new Error('the two dialers did not get through the calls');
      // Both dial at the same moment, each waiting for its own calls.
      const claimed = await pair.dialBoth('verification-dialer', at);
      claimedBy.a += claimed.a;
      claimedBy.b += claimed.b;
    }
    for (const phone of RESIDENTS) {
      const originates = standin.appRequests.rest.filter((r) => r.method === 'POST' && r.path.includes(encodeURIComponent(`PJSIP/${phone}@trunk`)));
      expect([phone, originates.length]).toEqual([phone, 1]);
    }
    expect(claimedBy.a + claimedBy.b).toBe(RESIDENTS.length);
    expect(pair.maxChannels).toBeLessThanOrEqual(3);
    const rows = await Verification.findAll({ where: { id: { [Op.in]: ids } } });
    expect(rows.every((v) => v.status === 'confirmed' && v.attempts === 1)).toBe(true);
    // Each call recorded once, by whichever instance made it.
    const calls = await Call.count({ where: { direction: 'outbound', purpose: 'verification', uniqueid: { [Op.in]: rows.map((v) => v.channelId!) } } });
    expect(calls).toBe(RESIDENTS.length);
  });
});
