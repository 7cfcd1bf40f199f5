import type { Request, Response } from 'express';
import { ValidationError } from '../core/errors';

/**
 * The version a change of an appeal was decided on: `If-Match: "3"` (the ETag its GET gave) or
 * `version: 3` in the body. Neither: the change is not checked (executors' machines that never
 * read first). Both, and they differ: the client is confused, 400.
 */
export function expectedVersion(req: Request, bodyVersion: number | null | undefined): number | undefined {
  const header = req.headers['if-match'];
  let fromHeader: number | undefined;
  if (header !== undefined && header.trim() !== '*') {
    const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
    if (!m) throw new ValidationError('validation_failed', 'If-Match має бути версією звернення, як у його ETag', [{ field: 'If-Match', message: 'Очікується "номер версії"' }]);
    fromHeader = Number(m[1]);
  }
  if (fromHeader !== undefined && bodyVersion != null && fromHeader !== bodyVersion) {
    throw new ValidationError('validation_failed', 'Версія в If-Match і в тілі запиту різні', [{ field: 'version', message: 'Не збігається з If-Match' }]);
  }
  return fromHeader ?? bodyVersion ?? undefined;
}

/** The ETag of an appeal's answer: its version. */
export function tagVersion<T extends { version?: number }>(res: Response, view: T): T {
  if (typeof view.version === 'number') res.setHeader('ETag', `"${view.version}"`);
  return view;
}
