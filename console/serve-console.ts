import type { Express, Request, Response, RequestHandler } from 'express';
import type { ConsoleAssets, ServedFile } from './console-assets';

export { CONSOLE_DIR, buildConsoleAssets } from './console-assets';

/** The console renders residents' text as text; the policy is a second fence against injected markup. */
const POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Brotli when the browser takes it, else gzip, else the plain bytes. */
function send(req: Request, res: Response, file: ServedFile, cacheControl: string): void {
  res.setHeader('Content-Type', file.type);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('ETag', file.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === file.etag) {
    res.status(304).end();
    return;
  }
  const accepts = String(req.headers['accept-encoding'] ?? '');
  const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
  const body = encoding ? file[encoding] : file.identity;
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', String(body.length));
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Serves the dispatcher console at `/`: the page (revalidated on every load, so a new release is
 * picked up at once) and its content-hashed bundle under /assets/ (cached for a year).
 */
export function mountConsole(app: Express, assets: ConsoleAssets): void {
  const secure: RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', POLICY);
    next();
  };
  app.get('/', secure, (req, res) => send(req, res, assets.index, 'no-cache'));
  app.get('/assets/:file', secure, (req, res, next) => {
    const file = assets.files.get(String(req.params.file));
    if (!file) return next();
    send(req, res, file, 'public, max-age=31536000, immutable');
  });
  // Browsers ask for /favicon.ico on their own; the page names the hashed icon.
  const icon = [...assets.files].find(([name]) => name.startsWith('favicon-'))?.[1];
  if (icon) app.get('/favicon.ico', (req, res) => send(req, res, icon, 'public, max-age=86400'));
}
