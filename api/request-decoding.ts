import type { Duplex } from 'node:stream';
import express, { RequestHandler } from 'express';
import { AppError, TooLargeError, UnsupportedMediaError, ValidationError } from '../core/errors';

/**
 * The edge where bytes become request data. Everything a client can get wrong about encoding is
 * refused here, as a client error, before any route, authentication or query sees it: a URL
 * that does not decode, a NUL character (SQLite cannot take one inside a statement), a body
 * that is not what its Content-Encoding or charset says, a body nested too deep. The API's
 * problem+json and Open311's error list both read the AppErrors made here.
 */

/** Deeper than any body a route takes; walking or validating deeper would only cost. */
export const MAX_BODY_DEPTH = 32;

const badUrl = () => new ValidationError('malformed_url', 'Адреса запиту має некоректне кодування символів (%)');
const nulChar = (field: string) =>
  new ValidationError('forbidden_character', 'Запит містить недопустимий символ (NUL)', [{ field, message: 'Недопустимий символ NUL' }]);

function decodePart(text: string, plusIsSpace: boolean): string {
  try {
    return decodeURIComponent(plusIsSpace ? text.replace(/\+/g, ' ') : text);
  } catch {
    throw badUrl();
  }
}

/** The path and the query string must decode as UTF-8 and hold no NUL. */
export const checkUrl: RequestHandler = (req, _res, next) => {
  const url = req.originalUrl ?? req.url;
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  if (decodePart(path, false).includes('\0')) throw nulChar('path');
  if (at >= 0) {
    for (const pair of url.slice(at + 1).split('&')) {
      const eq = pair.indexOf('=');
      const key = decodePart(eq < 0 ? pair : pair.slice(0, eq), true);
      if (key.includes('\0') || (eq >= 0 && decodePart(pair.slice(eq + 1), true).includes('\0'))) throw nulChar(key.replace(/\0/g, '') || 'query');
    }
  }
  next();
};

const UTF8_LABELS = new Set(['utf8', 'utf-8', 'unicode-1-1-utf-8', 'utf_8']);

/** `charset=utf8` (common in real clients) and its other spellings are UTF-8; the parsers know only `utf-8`. */
export const normalizeCharset: RequestHandler = (req, _res, next) => {
  const type = req.headers['content-type'];
  if (type) {
    const m = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(type);
    if (m && UTF8_LABELS.has(m[2]!.toLowerCase())) req.headers['content-type'] = type.replace(m[0], '; charset=utf-8');
  }
  next();
};

/** body-parser's errors (and a router's undecodable parameter) as the project's client errors. */
export function asClientError(err: unknown, what: 'json' | 'form' | 'raw' = 'json'): unknown {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; statusCode?: number; expose?: boolean } | null;
  switch (e?.type) {
    case 'entity.parse.failed':
      return what === 'json'
        ? new ValidationError('malformed_json', 'Тіло запиту не є коректним JSON')
        : new ValidationError('malformed_body', 'Тіло запиту не вдалося прочитати');
    case 'entity.too.large':
      return new TooLargeError('payload_too_large', 'Запит завеликий');
    case 'parameters.too.many':
      return new TooLargeError('too_many_parameters', 'Забагато параметрів у запиті');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaError('unsupported_encoding', 'Непідтримуване кодування: надсилайте UTF-8, без стиснення або gzip, deflate, br');
    case 'request.aborted':
      return new ValidationError('request_aborted', 'Запит перервано');
  }
  // A path parameter the router could not decode (checkUrl refuses those first).
  if (err instanceof URIError && e?.status === 400) return new ValidationError('malformed_url', 'Адреса запиту має некоректне кодування символів (%)');
  // Any other error http-errors marked as the client's (a gzip label on a body that is not
  // compressed, a length that does not match).
  const status = e?.status ?? e?.statusCode;
  if (e?.expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return new ValidationError('malformed_body', 'Тіло запиту не вдалося прочитати: перевірте Content-Encoding і кодування');
  }
  return err;
}

/** A body parser whose errors come out as client errors. */
function decoding(parser: RequestHandler, what: 'json' | 'form' | 'raw'): RequestHandler {
  return (req, res, next) => parser(req, res, (err?: unknown) => (err ? next(asClientError(err, what)) : next()));
}

/** The first NUL (in a key or a text) or a nesting past MAX_BODY_DEPTH, walked without recursion. */
function bodyIssue(body: unknown): ValidationError | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: body, depth: 0, path: '' }];
  while (stack.length) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\0')) return nulChar(path || 'body');
      continue;
    }
    if (!value || typeof value !== 'object' || Buffer.isBuffer(value)) continue;
    if (depth >= MAX_BODY_DEPTH) return new ValidationError('body_too_deep', 'Тіло запиту надто глибоко вкладене');
    for (const [key, v] of Object.entries(value)) {
      if (key.includes('\0')) return nulChar(path || 'body');
      stack.push({ value: v, depth: depth + 1, path: path ? `${path}.${key}` : key });
    }
  }
  return null;
}

/** Refuses decoded request data with NUL characters or nested too deep (for a body a route parses itself). */
export function assertDecodable(value: unknown): void {
  const issue = bodyIssue(value);
  if (issue) throw issue;
}

/** After a body parser: refuses a body with NUL characters or nested too deep. */
export const checkBody: RequestHandler = (req, _res, next) => {
  assertDecodable(req.body);
  next();
};

/** The JSON body parser of the API, with its errors as client errors and the body checked. */
export const jsonBody = (limit = '64kb'): RequestHandler[] => [decoding(express.json({ limit }), 'json'), checkBody];

/** Raw bytes (a signed webhook), with parser errors as client errors. */
export const rawBody = (limit = '64kb'): RequestHandler => decoding(express.raw({ type: () => true, limit }), 'raw');

const CLIENT_ERRORS: Record<string, { status: number; reason: string; code: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large', code: 'headers_too_large', detail: 'Адреса або заголовки запиту завеликі' },
  HPE_URI_OVERFLOW: { status: 414, reason: 'URI Too Long', code: 'url_too_long', detail: 'Адреса запиту задовга' },
};

/**
 * Node's HTTP parser refuses some requests before Express sees them (a URL or headers over
 * 16 KB, bytes that are not HTTP). Its own answer has no body; this one is problem+json too.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) return void socket.destroy();
  const known = CLIENT_ERRORS[err.code ?? ''] ?? { status: 400, reason: 'Bad Request', code: 'malformed_request', detail: 'Запит не є коректним HTTP' };
  const body = JSON.stringify({ type: `urn:kontakt:problem:${known.code}`, title: known.detail, status: known.status, code: known.code, detail: known.detail });
  socket.end(
    `HTTP/1.1 ${known.status} ${known.reason}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
