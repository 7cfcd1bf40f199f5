import type { Request } from 'express';
import type { SessionTokens } from '../auth/session-tokens';
import type { Authenticate } from './route-table';

export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  return header.slice('Bearer '.length).trim() || null;
}

export function authenticator(tokens: SessionTokens): Authenticate {
  return (req) => tokens.verify(bearerToken(req));
}
