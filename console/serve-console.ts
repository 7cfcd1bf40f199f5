import path from 'node:path';
import express, { type Express } from 'express';
import { STATUS_NAMES, OPEN_STATUSES } from '../appeals/state-machine';

/** Where the console's files live: plain ES modules, CSS and HTML, served as they are (no build step). */
export const CONSOLE_DIR = path.join(__dirname, 'static');

/** The browser build of the Socket.IO client shipped inside the `socket.io` package (same version as the server). */
const SOCKET_IO_CLIENT_DIR = path.join(path.dirname(require.resolve('socket.io/package.json')), 'client-dist');
const SOCKET_IO_CLIENT_FILES = new Set(['socket.io.esm.min.js', 'socket.io.esm.min.js.map']);

/**
 * Serves the dispatcher console at `/`. The Socket.IO client comes from the `socket.io` package
 * itself, at /vendor/socket.io/ (the realtime server does not serve its client), so nothing is bundled.
 */
export function mountConsole(app: Express): void {
  const index = path.join(CONSOLE_DIR, 'index.html');
  // The console renders residents' text as text; the policy is a second fence against injected markup.
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  const secure: express.RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy);
    next();
  };
  app.get('/', secure, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  // The domain's own words for appeal states, so the console keeps no copy of them.
  const dictionary =
    `export const STATUS_NAMES = ${JSON.stringify(STATUS_NAMES)};\n` +
    `export const OPEN_STATUSES = ${JSON.stringify(OPEN_STATUSES)};\n`;
  app.get('/js/dictionary.js', secure, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/javascript').send(dictionary);
  });
  app.get('/vendor/socket.io/:file', (req, res, next) => {
    const file = String(req.params.file);
    if (!SOCKET_IO_CLIENT_FILES.has(file)) return next();
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.sendFile(path.join(SOCKET_IO_CLIENT_DIR, file));
  });
  app.use(secure, express.static(CONSOLE_DIR, { index: false, fallthrough: true, maxAge: 0, etag: true }));
}
