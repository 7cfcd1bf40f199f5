import crypto from 'node:crypto';
import { Op, UniqueConstraintError } from 'sequelize';
import { PublicFormNonce } from '../models';
import { ValidationError } from '../core/errors';
import type { Clock } from '../core/clock';

/**
 * What keeps scripts from filing appeals on the public form, with no third-party service:
 *
 * - a challenge signed by the server, served in the form: `<issued ms>.<nonce>.<bits>.<hmac>`;
 * - the browser's proof of work: a number `pow` such that SHA-256(`<challenge>:<pow>`) starts
 *   with `bits` zero bits (about 2^bits hashes in the browser, one on the server);
 * - without JavaScript, no proof: the challenge alone is accepted once it is `noJsDelayMs` old
 *   (a person takes longer than that to fill the form; a script must hold each form that long);
 * - each challenge is spent once (a unique row, so also across instances), and lives 2 hours;
 * - a honeypot field people do not see: filled in, the form is refused.
 * The per-address rate limit sits in front of all of it (public-site/routes.ts).
 */
export interface SpamGuardOptions {
  secret: string;
  clock: Clock;
  bits: number;
  noJsDelayMs: number;
}

export const CHALLENGE_TTL_MS = 2 * 3600_000;
/** The honeypot's field name: an ordinary-looking one that autofill leaves alone. */
export const HONEYPOT_FIELD = 'website';

export class SpamGuard {
  constructor(private readonly o: SpamGuardOptions) {}

  get bits(): number {
    return this.o.bits;
  }

  /** A fresh challenge for a form being served. */
  issue(): string {
    const body = `${this.o.clock.now().getTime()}.${crypto.randomBytes(12).toString('hex')}.${this.o.bits}`;
    return `${body}.${this.sign(body)}`;
  }

  /**
   * Checks a submitted form's honeypot, challenge and proof, and spends the challenge. Throws a
   * ValidationError a person can read; nothing is written unless everything holds.
   */
  async check(fields: { challenge?: unknown; pow?: unknown; honeypot?: unknown }): Promise<'pow' | 'delay'> {
    if (typeof fields.honeypot === 'string' && fields.honeypot.trim() !== '') {
      throw refuse('honeypot_filled', 'Форму відхилено: заповнено приховане поле, яке люди не бачать. Якщо ви людина, надішліть форму ще раз, не заповнюючи його');
    }
    const challenge = typeof fields.challenge === 'string' ? fields.challenge : '';
    const parts = challenge.split('.');
    if (parts.length !== 4 || !this.validSignature(parts.slice(0, 3).join('.'), parts[3]!)) {
      throw refuse('challenge_missing', 'Форму надіслано без перевірочного коду сторінки. Відкрийте форму ще раз і надішліть її з сайту');
    }
    const issued = Number(parts[0]);
    const bits = Number(parts[2]);
    const age = this.o.clock.now().getTime() - issued;
    if (!(age >= 0 && age <= CHALLENGE_TTL_MS)) {
      throw refuse('challenge_expired', 'Сторінка з формою застаріла (понад 2 години). Відкрийте форму ще раз');
    }
    const pow = typeof fields.pow === 'string' ? fields.pow.trim() : '';
    let how: 'pow' | 'delay';
    if (pow) {
      if (!/^\d{1,12}$/.test(pow) || leadingZeroBits(sha256(`${challenge}:${pow}`)) < bits) {
        throw refuse('proof_of_work_invalid', 'Перевірка браузера не пройдена. Оновіть сторінку і надішліть форму ще раз');
      }
      how = 'pow';
    } else if (age >= this.o.noJsDelayMs) {
      how = 'delay';
    } else {
      const wait = Math.ceil((this.o.noJsDelayMs - age) / 1000);
      throw refuse('proof_of_work_missing', `Форму надіслано надто швидко, без перевірки браузера. Зачекайте ${wait} с і надішліть її ще раз (або увімкніть JavaScript)`);
    }
    await this.spend(parts[1]!, new Date(issued + CHALLENGE_TTL_MS));
    return how;
  }

  private async spend(nonce: string, expiresAt: Date): Promise<void> {
    try {
      await PublicFormNonce.create({ nonce, expiresAt });
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw refuse('challenge_used', 'Цю форму вже надіслано. Відкрийте форму ще раз, щоб подати нове звернення');
      throw err;
    }
    // Spent challenges are needed only until they would have expired anyway.
    if (Math.random() < 0.05) await PublicFormNonce.destroy({ where: { expiresAt: { [Op.lt]: this.o.clock.now() } } });
  }

  private sign(body: string): string {
    return crypto.createHmac('sha256', this.o.secret).update(`challenge:${body}`).digest('base64url');
  }

  private validSignature(body: string, mac: string): boolean {
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(mac);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  }
}

function refuse(code: string, message: string): ValidationError {
  return new ValidationError(code, message, [{ field: 'form', message }]);
}

export function sha256(text: string): Buffer {
  return crypto.createHash('sha256').update(text).digest();
}

export function leadingZeroBits(digest: Uint8Array): number {
  let n = 0;
  for (const byte of digest) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

/** What the browser does (site.js), for tests and scripted clients: the smallest valid `pow`. */
export function solveChallenge(challenge: string): string {
  const bits = Number(challenge.split('.')[2]);
  for (let i = 0; ; i++) if (leadingZeroBits(sha256(`${challenge}:${i}`)) >= bits) return String(i);
}
