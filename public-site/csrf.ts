import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { ForbiddenError } from '../core/errors';

/**
 * CSRF protection that needs no JavaScript: a random value in a cookie (HttpOnly, SameSite=Lax,
 * so another site's form never carries it) and, in every form, its HMAC as a hidden field. A
 * forged form cannot know the field; a form with no cookie (cookies off) is refused with a reason.
 * The cookie holds nothing about the person and is not used for anything else.
 */
export const CSRF_COOKIE = 'misto_csrf';
export const CSRF_FIELD = 'csrf';

export class Csrf {
  constructor(private readonly secret: string) {}

  /** The form field's value for this request, setting the cookie when the browser has none. */
  token(req: Request, res: Response): string {
    let value = cookieValue(req);
    if (!value || !/^[A-Za-z0-9_-]{22}$/.test(value)) {
      value = crypto.randomBytes(16).toString('base64url');
      res.cookie(CSRF_COOKIE, value, { httpOnly: true, sameSite: 'lax', path: '/', secure: req.secure });
      // The same request may render several forms: they all use this value.
      req.headers.cookie = `${req.headers.cookie ? `${req.headers.cookie}; ` : ''}${CSRF_COOKIE}=${value}`;
    }
    return this.mac(value);
  }

  /** Throws unless the posted field matches the cookie. */
  check(req: Request, field: unknown): void {
    const value = cookieValue(req);
    if (!value) throw new ForbiddenError('csrf_cookie_missing', 'Браузер не надіслав службовий файл cookie форми. Дозвольте cookies для цього сайту і надішліть форму ще раз');
    const expected = Buffer.from(this.mac(value));
    const given = Buffer.from(typeof field === 'string' ? field : '');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      throw new ForbiddenError('csrf_invalid', 'Форма застаріла або надіслана не з цього сайту. Відкрийте сторінку ще раз і надішліть форму');
    }
  }

  private mac(value: string): string {
    return crypto.createHmac('sha256', this.secret).update(`csrf:${value}`).digest('base64url');
  }
}

/** The one cookie this site sets (its value is base64url, so no decoding is needed). */
function cookieValue(req: Request): string | undefined {
  const m = /(?:^|;\s*)misto_csrf=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '');
  return m?.[1];
}
