import crypto from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import { ServerSecret } from '../models';
import type { Clock } from '../core/clock';

const NAME = 'token_secret';

/**
 * The key of session-token hashes when TOKEN_SECRET is not set: made once, kept in the database,
 * so that a restart signs nobody out and every instance on the database uses the same one. Two
 * instances starting together both try to insert it; the one that loses reads the winner's.
 */
export async function keptTokenSecret(clock: Clock): Promise<string> {
  const existing = await ServerSecret.findByPk(NAME);
  if (existing) return existing.value;
  try {
    await ServerSecret.create({ name: NAME, value: crypto.randomBytes(32).toString('hex'), createdAt: clock.now() });
  } catch (err) {
    if (!(err instanceof UniqueConstraintError)) throw err;
  }
  return (await ServerSecret.findByPk(NAME))!.value;
}
