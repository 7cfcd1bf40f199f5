import { Op, UniqueConstraintError } from 'sequelize';
import { AuditLog, LoginThrottle, User } from '../models';
import type { Clock } from '../core/clock';

/**
 * Sign-in throttling per account. Failures are counted twice: for the account from this address
 * (a delay that doubles after a few mistakes, up to 15 minutes), and for the account from every
 * address (a delay that grows by a second per failure, at most a minute). So a guesser spread
 * over many addresses is slowed for that account, while one address (a guesser, or a colleague
 * who forgot the password at the same office) can lock the account only for itself: it cannot
 * fail fast enough to push the account-wide delay far. Every lock is an audit row; the admin
 * sees the counters and can lift them. Throttled attempts are refused before the password is
 * checked, so they cost nothing and count nothing.
 */
export const ALL_ADDRESSES = '*';
const ADDRESS_FREE_FAILURES = 3;
const ADDRESS_MAX_DELAY_S = 15 * 60;
const ACCOUNT_FREE_FAILURES = 10;
const ACCOUNT_MAX_DELAY_S = 60;
/** A counter left quiet this long starts again from zero. */
const QUIET_RESET_MS = 24 * 3_600_000;

export function addressDelaySeconds(failures: number): number {
  return failures <= ADDRESS_FREE_FAILURES ? 0 : Math.min(ADDRESS_MAX_DELAY_S, 2 ** (failures - ADDRESS_FREE_FAILURES));
}

export function accountDelaySeconds(failures: number): number {
  return failures <= ACCOUNT_FREE_FAILURES ? 0 : Math.min(ACCOUNT_MAX_DELAY_S, failures - ACCOUNT_FREE_FAILURES);
}

/** Logins are compared as people type them: case and surrounding spaces do not matter. */
const key = (login: string) => login.trim().toLowerCase().slice(0, 64);

/** Seconds until this login may try again from this address (0: now). */
export async function loginLockedFor(login: string, address: string, clock: Clock): Promise<number> {
  const now = clock.now().getTime();
  const rows = await LoginThrottle.findAll({ where: { login: key(login), address: [address, ALL_ADDRESSES], lockedUntil: { [Op.gt]: clock.now() } } });
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil!.getTime()));
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

async function counter(login: string, address: string, clock: Clock): Promise<LoginThrottle> {
  const where = { login: key(login), address };
  const found = await LoginThrottle.findOne({ where });
  if (found) return found;
  try {
    return await LoginThrottle.create({ ...where, failures: 0, lastFailureAt: clock.now(), lockedUntil: null });
  } catch (err) {
    // Another attempt made it meanwhile.
    if (err instanceof UniqueConstraintError) return (await LoginThrottle.findOne({ where }))!;
    throw err;
  }
}

async function countFailure(login: string, address: string, delay: (n: number) => number, clock: Clock): Promise<{ failures: number; lockedUntil: Date | null }> {
  const row = await counter(login, address, clock);
  const now = clock.now();
  if (now.getTime() - row.lastFailureAt.getTime() > QUIET_RESET_MS) await row.update({ failures: 0, lockedUntil: null });
  // Counted in the database, so that failures arriving together are all counted.
  await LoginThrottle.increment('failures', { by: 1, where: { id: row.id } });
  await row.reload();
  const seconds = delay(row.failures);
  const proposed = seconds > 0 ? new Date(now.getTime() + seconds * 1000) : null;
  const lockedUntil = row.lockedUntil && (!proposed || row.lockedUntil > proposed) ? row.lockedUntil : proposed;
  await row.update({ lastFailureAt: now, lockedUntil });
  return { failures: row.failures, lockedUntil: proposed };
}

/** A wrong password (or an unknown login): counted for the address and for the account; a lock is audited. */
export async function loginFailed(login: string, address: string, clock: Clock): Promise<void> {
  const here = await countFailure(login, address, addressDelaySeconds, clock);
  const everywhere = await countFailure(login, ALL_ADDRESSES, accountDelaySeconds, clock);
  if (!here.lockedUntil && !everywhere.lockedUntil) return;
  const user = await User.findOne({ where: { login: login.trim() }, attributes: ['id'] });
  if (!user) return;
  await AuditLog.create({
    userId: null, action: 'login_throttled', subjectType: 'user', subjectId: user.id, ip: address.slice(0, 64),
    context: `failures ${here.failures} from this address, ${everywhere.failures} in all; locked until ${(here.lockedUntil ?? everywhere.lockedUntil)!.toISOString()}`.slice(0, 255),
  });
}

/** A right password: this address's counter and the account's are cleared. */
export async function loginSucceeded(login: string, address: string): Promise<void> {
  await LoginThrottle.destroy({ where: { login: key(login), address: [address, ALL_ADDRESSES] } });
}

export interface ThrottleView {
  login: string;
  address: string;
  failures: number;
  lastFailureAt: string;
  lockedUntil: string | null;
}

/** Counters of the last day, locked ones first: what the admin sees. */
export async function loginThrottles(clock: Clock): Promise<ThrottleView[]> {
  const since = new Date(clock.now().getTime() - QUIET_RESET_MS);
  const rows = await LoginThrottle.findAll({ where: { lastFailureAt: { [Op.gte]: since } }, order: [['lockedUntil', 'DESC'], ['lastFailureAt', 'DESC']], limit: 500 });
  const now = clock.now().getTime();
  return rows.map((r) => ({
    login: r.login, address: r.address, failures: r.failures, lastFailureAt: r.lastFailureAt.toISOString(),
    lockedUntil: r.lockedUntil && r.lockedUntil.getTime() > now ? r.lockedUntil.toISOString() : null,
  }));
}

/** The admin lifts every counter of a login; audited. Returns how many were cleared. */
export async function liftLoginThrottle(login: string, by: { userId: number | null; ip: string | null }): Promise<number> {
  const cleared = await LoginThrottle.destroy({ where: { login: key(login) } });
  const user = await User.findOne({ where: { login: login.trim() }, attributes: ['id'] });
  if (user && cleared) {
    await AuditLog.create({ userId: by.userId, action: 'login_unthrottled', subjectType: 'user', subjectId: user.id, ip: by.ip?.slice(0, 64) ?? null, context: `cleared ${cleared} counters` });
  }
  return cleared;
}
