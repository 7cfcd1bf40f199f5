import type { Sequelize } from 'sequelize';
import { testDatabases } from '../support/databases';
import { createLogger } from '../../core/logger';
import { openDatabase } from '../../models/database';
import { runMigrations } from '../../models/migrate';
import { initModels, onUsersChanged, User } from '../../models';
import { SeatDirectory, readSeats, type Seats } from '../../realtime/seat-directory';

/**
 * Who sits at which phone, kept in memory for the screen-pops: read in one statement, read again
 * when a user changes or the seats grow old, and never answered from a read a change overtook.
 */
describe.each(testDatabases())('the seats on $name', (db) => {
  let sequelize: Sequelize;
  beforeAll(async () => {
    sequelize = openDatabase(await db.create(), createLogger('silent'));
    await runMigrations(sequelize, createLogger('silent'));
    initModels(sequelize);
  });
  afterAll(async () => {
    await sequelize?.close();
    await db.drop();
  });

  const user = (login: string, role: User['role'], queueInterface: string | null, active = true) =>
    User.create({ login, passwordHash: 'x', fullName: login, role, organizationId: null, queueInterface, active });

  test('are the active dispatchers and heads by interface, the lowest id where two share one, compared as the database does', async () => {
    const first = await user('d1', 'dispatcher', 'PJSIP/101');
    await user('d2', 'dispatcher', 'PJSIP/101');
    const head = await user('h1', 'head', 'PJSIP/102');
    await user('e1', 'executor', 'PJSIP/103');
    await user('d3', 'dispatcher', 'PJSIP/104', false);
    await user('a1', 'admin', null);

    const seats = await readSeats();
    const at = (iface: string) => seats.byInterface.get(seats.key(iface))?.id ?? null;
    expect(at('PJSIP/101')).toBe(first.id);
    expect(at('PJSIP/102')).toBe(head.id);
    expect(at('PJSIP/103')).toBeNull();
    expect(at('PJSIP/104')).toBeNull();
    // MySQL's collation ignores case, as the single lookup of one interface did; SQLite does not.
    expect(at('pjsip/101')).toBe(db.name === 'MariaDB' ? first.id : null);
  });

  test('a committed write to the users is announced once; one inside a transaction only at its commit, a rolled back one never', async () => {
    let told = 0;
    const stop = onUsersChanged(() => told++);
    try {
      const u = await user('d9', 'dispatcher', 'PJSIP/109');
      expect(told).toBe(1);
      await User.update({ queueInterface: 'PJSIP/110' }, { where: { id: u.id } });
      expect(told).toBe(2);

      const t = await sequelize.transaction();
      await u.update({ queueInterface: 'PJSIP/111' }, { transaction: t });
      expect(told).toBe(2);
      await t.commit();
      expect(told).toBe(3);

      await sequelize.transaction(async (rolledBack) => {
        await User.update({ active: false }, { where: { id: u.id }, transaction: rolledBack });
        throw new Error('undo');
      }).catch(() => undefined);
      expect(told).toBe(3);

      await u.destroy();
      expect(told).toBe(4);
    } finally {
      stop();
    }
    await user('d10', 'dispatcher', null);
    expect(told).toBe(4);
  });
});

describe('SeatDirectory', () => {
  const seatsOf = (entries: Array<[string, number]>): Seats => ({ byInterface: new Map(entries.map(([i, id]) => [i, { id }])), key: (s) => s });
  const setup = (maxAgeMs = 10_000) => {
    let now = 0;
    let table: Array<[string, number]> = [['PJSIP/101', 1]];
    const reads: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
    let manual = false;
    const read = () => {
      const snapshot = seatsOf(table);
      if (!manual) return Promise.resolve(snapshot);
      return new Promise<Seats>((resolve, reject) => reads.push({ resolve: () => resolve(snapshot), reject }));
    };
    let count = 0;
    const dir = new SeatDirectory({ read: () => (count++, read()), clock: { now: () => new Date(now) }, maxAgeMs });
    return {
      dir, reads,
      get count() { return count; },
      advance: (ms: number) => (now += ms),
      set: (t: Array<[string, number]>) => (table = t),
      manual: () => (manual = true),
    };
  };

  test('one read serves every ring while fresh, and concurrent first rings share it; past its age the next ring reads again', async () => {
    const s = setup();
    expect(await Promise.all([s.dir.at('PJSIP/101'), s.dir.at('PJSIP/102')])).toEqual([{ id: 1 }, null]);
    expect(s.count).toBe(1);
    s.set([['PJSIP/102', 2]]);
    s.advance(10_000);
    expect(await s.dir.at('PJSIP/102')).toBeNull();
    expect(s.count).toBe(1);
    s.advance(1);
    expect(await s.dir.at('PJSIP/102')).toEqual({ id: 2 });
    expect(s.count).toBe(2);
  });

  test('a caller on the way reads the seats again only when past half their age, so the ring does not wait', async () => {
    const s = setup();
    s.dir.readAhead();
    await s.dir.at('PJSIP/101');
    expect(s.count).toBe(1);
    s.advance(5_000);
    s.dir.readAhead();
    expect(s.count).toBe(1);
    s.advance(1);
    s.dir.readAhead();
    s.dir.readAhead();
    expect(s.count).toBe(2);
    await new Promise((r) => setImmediate(r));
    s.advance(9_000);
    await s.dir.at('PJSIP/101');
    expect(s.count).toBe(2);
  });

  test('a change makes the next ring read again, and a read that was on its way when the change came is not kept', async () => {
    const s = setup();
    s.manual();
    const first = s.dir.at('PJSIP/101');
    s.reads[0].resolve();
    expect(await first).toEqual({ id: 1 });

    s.dir.changed();
    const during = s.dir.at('PJSIP/101');
    expect(s.count).toBe(2);
    // The seat moves while that read is on its way: the read may have missed it.
    s.set([['PJSIP/101', 7]]);
    s.dir.changed();
    s.reads[1].resolve();
    expect(await during).toEqual({ id: 1 });
    const after = s.dir.at('PJSIP/101');
    expect(s.count).toBe(3);
    s.reads[2].resolve();
    expect(await after).toEqual({ id: 7 });
    expect(await s.dir.at('PJSIP/101')).toEqual({ id: 7 });
    expect(s.count).toBe(3);
  });

  test('a read that fails rejects the ring that waits for it; the next ring tries again', async () => {
    const s = setup();
    s.manual();
    const failed = s.dir.at('PJSIP/101');
    s.reads[0].reject(new Error('database away'));
    await expect(failed).rejects.toThrow('database away');
    const next = s.dir.at('PJSIP/101');
    expect(s.count).toBe(2);
    s.reads[1].resolve();
    expect(await next).toEqual({ id: 1 });
  });
});
