import { Op, UniqueConstraintError } from 'sequelize';
import { JobLease } from '../models';

/** Makes the row of a lease (or of a lock taken with SELECT ... FOR UPDATE) if it is not there yet. */
export async function ensureLeaseRow(name: string): Promise<void> {
  try {
    // Not findOrCreate: on SQLite it opens an unmanaged transaction on the one shared connection,
    // which collides with any other transaction (two jobs starting in the same minute).
    if (!(await JobLease.findByPk(name, { attributes: ['name'] }))) {
      await JobLease.create({ name, holder: null, expiresAt: null, lastStartedAt: null, lastFinishedAt: null, lastError: null });
    }
  } catch (err) {
    // Two instances creating the first row at once: the row exists now, which is all we need.
    if (!(err instanceof UniqueConstraintError)) throw err;
  }
}

/**
 * Takes the lease of a singleton job for `ms`, if nobody holds it or the holder's lease lapsed.
 * The take is one conditional UPDATE, so of two instances asking at once exactly one wins.
 */
export async function acquireLease(name: string, owner: string, now: Date, ms: number): Promise<boolean> {
  await ensureLeaseRow(name);
  const [taken] = await JobLease.update(
    { holder: owner, expiresAt: new Date(now.getTime() + ms), lastStartedAt: now },
    { where: { name, [Op.or]: [{ holder: null }, { expiresAt: { [Op.lt]: now } }, { holder: owner }] } },
  );
  return taken === 1;
}

/** Gives the lease back (only if still ours) and notes how the run ended. */
export async function releaseLease(name: string, owner: string, now: Date, error: string | null): Promise<void> {
  await JobLease.update(
    { holder: null, expiresAt: null, lastFinishedAt: now, lastError: error ? error.slice(0, 500) : null },
    { where: { name, holder: owner } },
  );
}
