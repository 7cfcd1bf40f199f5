import crypto from 'node:crypto';
import { Open311Client } from '../models';
import type { Clock } from '../core/clock';
import { Open311Error } from './errors';

/**
 * Keys are 32 random bytes, so a plain SHA-256 is enough to keep them unreadable at rest and lets
 * a key be found by its hash in one indexed lookup (a slow password hash would need a scan).
 */
export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Makes a client and its key; the key is returned once and never stored. */
export async function createOpen311Client(name: string): Promise<{ client: Open311Client; apiKey: string }> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('an Open311 client needs a name');
  const apiKey = `o311_${crypto.randomBytes(32).toString('base64url')}`;
  const client = await Open311Client.create({ name: trimmed, keyHash: hashApiKey(apiKey) });
  return { client, apiKey };
}

/** The active client that owns this api_key, or a 403 as the spec asks for a missing or wrong key. */
export async function authenticateOpen311(apiKey: unknown, clock: Clock): Promise<Open311Client> {
  if (typeof apiKey !== 'string' || !apiKey.trim()) throw new Open311Error(403, 'Потрібен api_key');
  const client = await Open311Client.findOne({ where: { keyHash: hashApiKey(apiKey.trim()), active: true } });
  if (!client) throw new Open311Error(403, 'Невірний api_key');
  // Best effort: knowing when a client last filed helps retire unused keys; never blocks filing.
  client.update({ lastUsedAt: clock.now() }).catch(() => undefined);
  return client;
}
