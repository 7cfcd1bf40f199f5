import express, { RequestHandler } from 'express';
import { checkBody } from '../api/request-decoding';
import { Open311Error } from './errors';

/** Fields of a posted request: a name given twice keeps both values. */
export type FormFields = Record<string, string | string[]>;

const LIMIT = '64kb';
const MAX_FIELDS = 200;
const TYPES = ['application/x-www-form-urlencoded', 'application/json', 'application/*+json'];

/** GeoReport v2 says all text is UTF-8: it is read so whatever the charset label says, and refused if it is not. */
export function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Open311Error(400, 'Текст запиту має бути в кодуванні UTF-8, як вимагає специфікація Open311');
  }
}

function component(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new Open311Error(400, 'Поле форми закодовано невірно: після % мають іти байти UTF-8');
  }
}

/**
 * application/x-www-form-urlencoded, strictly: a percent-escape that is not UTF-8 is refused
 * rather than guessed. Names are plain keys (`attribute[floor]` stays as written); a name sent
 * twice gives a list. The result has no prototype, so `__proto__` is just a name.
 */
export function parseForm(text: string): FormFields {
  const fields: FormFields = Object.create(null);
  const pairs = text.split('&').filter(Boolean);
  if (pairs.length > MAX_FIELDS) throw new Open311Error(400, `Забагато полів у запиті (більше ${MAX_FIELDS})`);
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = component(at < 0 ? pair : pair.slice(0, at));
    const value = at < 0 ? '' : component(pair.slice(at + 1));
    const had = fields[name];
    fields[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return fields;
}

function parseJson(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new Open311Error(400, 'Тіло запиту не є коректним JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Open311Error(400, 'Тіло запиту має бути об’єктом JSON');
  return parsed as Record<string, unknown>;
}

/**
 * Open311's own body reading (the application's JSON parser leaves /open311/ alone): the bytes,
 * then UTF-8, then the form or JSON, then the edge's checks (NUL characters, nesting).
 */
export function open311BodyReader(): RequestHandler[] {
  return [
    express.raw({ type: TYPES, limit: LIMIT }),
    (req, _res, next) => {
      if (!Buffer.isBuffer(req.body)) return next();
      const text = decodeUtf8(req.body);
      req.body = req.is('application/x-www-form-urlencoded') ? parseForm(text) : parseJson(text);
      next();
    },
    checkBody,
  ];
}
