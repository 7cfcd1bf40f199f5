import type { Request } from 'express';
import type { SessionTokens } from '../auth/session-tokens';
import type { Clock } from '../core/clock';
import { verifyOrganizationApiKey } from '../auth/api-keys';
import type { Authenticate } from './route-table';

export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  return header.slice('Bearer '.length).trim() || null;
}

/** An organization's API key from `Authorization: ApiKey <key>` or `X-Api-Key: <key>`. */
export function apiKey(req: Request): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('ApiKey ')) return header.slice('ApiKey '.length).trim() || null;
  const x = req.headers['x-api-key'];
  return (typeof x === 'string' && x.trim()) || null;
}

/** A session token (people) or an organization's API key (its machines, acting as its executor). */
export function authenticator(tokens: SessionTokens, clock: Clock): Authenticate {
  return async (req) => {
    const key = bearerToken(req) ? null : apiKey(req);
    if (key) return verifyOrganizationApiKey(key, clock);
    return { ...(await tokens.verify(bearerToken(req))), apiKeyId: null };
  };
}
