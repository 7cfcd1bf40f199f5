import crypto from 'node:crypto';
import { Op } from 'sequelize';
import { Session, User } from '../models';
import type { Clock } from '../core/clock';
import { UnauthorizedError } from '../core/errors';

export interface AuthenticatedUser {
  id: number;
  login: string;
  fullName: string;
  role: User['role'];
  organizationId: number | null;
  queueInterface: string | null;
}

/** A session counts only while its user is active (a new object each time: Sequelize changes the includes it is given). */
const activeUser = () => ({ model: User, as: 'user', where: { active: true } });

/**
 * Opaque bearer tokens kept as sessions in the database, so that a sign-out or a disabled user
 * takes effect at once on every instance (HTTP and Socket.IO alike). Only an HMAC of the token,
 * keyed by TOKEN_SECRET, is stored.
 */
export class SessionTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlHours: number,
    private readonly clock: Clock,
  ) {}

  /** Sessions by these token digests that are neither revoked nor expired. */
  private open(tokenHash: string | string[]) {
    return { tokenHash, revokedAt: null, expiresAt: { [Op.gt]: this.clock.now() } };
  }

  private digest(token: string): string {
    return crypto.createHmac('sha256', this.secret).update(token).digest('hex');
  }

  async issue(userId: number, ip: string | null): Promise<{ token: string; expiresAt: Date }> {
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.ttlHours * 3_600_000);
    await Session.create({ tokenHash: this.digest(token), userId, expiresAt, ip });
    return { token, expiresAt };
  }

  /** The user behind a token, or an UnauthorizedError for a missing, expired, revoked or disabled one. */
  async verify(token: string | undefined | null): Promise<AuthenticatedUser> {
    if (!token || token.length > 200) throw new UnauthorizedError('unauthenticated', 'Потрібно увійти в систему');
    const session = await Session.findOne({ where: this.open(this.digest(token)), include: [activeUser()] });
    const user = (session as (Session & { user?: User }) | null)?.user;
    if (!user) throw new UnauthorizedError('invalid_token', 'Сеанс завершено або недійсний, увійдіть знову');
    return {
      id: user.id, login: user.login, fullName: user.fullName, role: user.role,
      organizationId: user.organizationId ?? null, queueInterface: user.queueInterface ?? null,
    };
  }

  /**
   * Of these tokens, the ones whose session is still open and whose user is still active: one
   * query for all, as the live sockets are checked again every REALTIME_REVERIFY_MS.
   */
  async stillValid(tokens: readonly string[]): Promise<Set<string>> {
    const byDigest = new Map(tokens.filter((t) => t && t.length <= 200).map((t) => [this.digest(t), t]));
    const valid = new Set<string>();
    const digests = [...byDigest.keys()];
    for (let i = 0; i < digests.length; i += 500) {
      const sessions = await Session.findAll({ attributes: ['tokenHash'], where: this.open(digests.slice(i, i + 500)), include: [{ ...activeUser(), attributes: [] }] });
      for (const s of sessions) valid.add(byDigest.get(s.tokenHash)!);
    }
    return valid;
  }

  async revoke(token: string): Promise<void> {
    await Session.update({ revokedAt: this.clock.now() }, { where: { tokenHash: this.digest(token), revokedAt: null } });
  }

  async revokeAllOf(userId: number): Promise<void> {
    await Session.update({ revokedAt: this.clock.now() }, { where: { userId, revokedAt: null } });
  }
}
