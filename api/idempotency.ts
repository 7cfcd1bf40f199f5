import crypto from 'node:crypto';
import type { Request } from 'express';
import { UniqueConstraintError, type Transaction } from 'sequelize';
import { Appeal, IdempotencyKey } from '../models';
import { ConflictError, ValidationError } from '../core/errors';
import type { Clock } from '../core/clock';

/**
 * `Idempotency-Key` on registrations (POST /api/appeals, Open311 POST requests): a client that
 * lost the answer sends the same request with the same key again and gets the first answer,
 * and nothing is registered twice. The key's row is written in the appeal's own transaction
 * (`recordWith`), so a crash after the commit cannot leave an appeal without its key; the
 * answer is stored after it, and made again from the appeal if the server died in between.
 * Keys are per caller (a user, an organization's key, an Open311 client): one caller's key
 * never answers another's request.
 */
export interface IdempotentRegistration<T> {
  /** The first answer, when this is a retry: send it and register nothing. */
  replay: { status: number; body: T } | null;
  /** Pass to the registration: writes the key with the appeal (undefined when the request has no key). */
  recordWith?: (appeal: Appeal, transaction: Transaction) => Promise<void>;
  /** Keeps the answer given, for the retries. */
  store(status: number, body: T): Promise<void>;
}

const KEY = /^[\x21-\x7e]{1,255}$/;

function keyOf(req: Request): string | null {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return null;
  const key = String(raw).trim();
  if (!KEY.test(key)) {
    throw new ValidationError('invalid_idempotency_key', 'Idempotency-Key: від 1 до 255 видимих символів ASCII', [{ field: 'Idempotency-Key', message: 'Від 1 до 255 видимих символів ASCII' }]);
  }
  return key;
}

/** What the request asks for: the same key with another request is the client's mistake. */
function fingerprint(req: Request): string {
  return crypto.createHash('sha256').update(JSON.stringify([req.method, req.originalUrl.split('?')[0], req.body ?? null])).digest('hex');
}

const inFlight = () =>
  new ConflictError('idempotency_in_progress', 'Запит із цим Idempotency-Key ще виконується: повторіть його за мить');

/**
 * Looks the key up before a registration. `answer` makes the response from the appeal when the
 * server died between committing it and storing the answer.
 */
export async function idempotentRegistration<T>(req: Request, scope: string, clock: Clock, answer: (appeal: Appeal) => Promise<T>, status = 200): Promise<IdempotentRegistration<T>> {
  const key = keyOf(req);
  const none: IdempotentRegistration<T> = { replay: null, store: async () => undefined };
  if (!key) return none;
  const hash = fingerprint(req);
  const where = { scope: scope.slice(0, 64), idemKey: key };

  const earlier = async (): Promise<{ status: number; body: T } | null> => {
    const row = await IdempotencyKey.findOne({ where });
    if (!row) return null;
    if (row.requestHash !== hash) {
      throw new ConflictError('idempotency_key_reused', 'Цей Idempotency-Key уже використано для іншого запиту');
    }
    if (row.response !== null && row.status !== null) return { status: row.status, body: JSON.parse(row.response) as T };
    const appeal = row.appealId ? await Appeal.findByPk(row.appealId) : null;
    if (!appeal) throw inFlight();
    const body = await answer(appeal);
    await row.update({ status, response: JSON.stringify(body) });
    return { status, body };
  };

  const replay = await earlier();
  if (replay) return { ...none, replay };
  return {
    replay: null,
    recordWith: async (appeal, transaction) => {
      try {
        await IdempotencyKey.create({ ...where, requestHash: hash, appealId: appeal.id, createdAt: clock.now() }, { transaction });
      } catch (err) {
        // The same key, sent again before the first finished: that one registers, this one is refused.
        if (err instanceof UniqueConstraintError) throw inFlight();
        throw err;
      }
    },
    store: async (code, body) => {
      await IdempotencyKey.update({ status: code, response: JSON.stringify(body) }, { where });
    },
  };
}
