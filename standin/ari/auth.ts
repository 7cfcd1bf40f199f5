import type { IncomingMessage } from 'node:http';
import type { Credentials } from '../context';

/** ARI accepts HTTP basic auth or `api_key=user:password` in the query string. */
export function ariAuthorized(req: IncomingMessage, creds: Credentials): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const apiKey = url.searchParams.get('api_key');
  let pair: string | undefined;
  if (apiKey) pair = apiKey;
  else {
    const h = req.headers.authorization;
    if (h && /^basic /i.test(h)) pair = Buffer.from(h.slice(6), 'base64').toString('utf8');
  }
  if (!pair) return false;
  const i = pair.indexOf(':');
  return pair.slice(0, i) === creds.ariUser && pair.slice(i + 1) === creds.ariPassword;
}
