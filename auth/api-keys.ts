import crypto from 'node:crypto';
import { Organization, OrganizationApiKey } from '../models';
import type { Clock } from '../core/clock';
import { UnauthorizedError } from '../core/errors';
import type { AuthenticatedUser } from './session-tokens';

/**
 * Who a request acts as: a signed-in user, or a machine of an organization holding one of its API
 * keys. A machine is no user (id null): it acts as its organization's executor, and the history
 * names the key (`apikey:<id>`).
 */
export interface ApiIdentity extends Omit<AuthenticatedUser, 'id'> {
  id: number | null;
  apiKeyId: number | null;
}

/** 32 random bytes: a plain SHA-256 keeps them unreadable at rest and findable in one lookup. */
export function hashOrganizationKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Makes a key for an organization; the key is returned once and never stored. */
export async function createOrganizationApiKey(organizationId: number, name: string, clock: Clock): Promise<{ row: OrganizationApiKey; key: string }> {
  const key = `kk_${crypto.randomBytes(32).toString('base64url')}`;
  const row = await OrganizationApiKey.create({ organizationId, name: name.trim(), keyHash: hashOrganizationKey(key), createdAt: clock.now() });
  return { row, key };
}

/** The executor identity of an active key of an active organization, or a 401. */
export async function verifyOrganizationApiKey(key: string, clock: Clock): Promise<ApiIdentity> {
  if (!key || key.length > 200) throw new UnauthorizedError('invalid_api_key', 'Недійсний ключ API');
  const row = await OrganizationApiKey.findOne({ where: { keyHash: hashOrganizationKey(key), active: true } });
  const org = row ? await Organization.findOne({ where: { id: row.organizationId, active: true } }) : null;
  if (!row || !org) throw new UnauthorizedError('invalid_api_key', 'Недійсний ключ API');
  // Best effort: knowing when a key was last used helps retire unused ones; never blocks a request.
  OrganizationApiKey.update({ lastUsedAt: clock.now() }, { where: { id: row.id } }).catch(() => undefined);
  return {
    id: null, apiKeyId: row.id, login: `apikey:${row.id}`, fullName: `${org.shortName}: ${row.name}`,
    role: 'executor', organizationId: org.id, queueInterface: null,
  };
}
