import { UniqueConstraintError, DatabaseError } from 'sequelize';

/**
 * Runs a transaction again when the database resolved a race against it: a deadlock on MySQL,
 * a busy SQLite file, or a row (an applicant, a year's counter) created by both at once.
 */
export async function withRetry<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= attempts || !isTransient(err)) throw err;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}

/** A race the database resolved against a transaction: running it again is expected to succeed. */
export function isTransient(err: unknown): boolean {
  // A row another transaction created meanwhile (an applicant, a year's counter): the retry finds it.
  if (err instanceof UniqueConstraintError) return true;
  if (err instanceof DatabaseError) {
    const code = (err.parent as { code?: string } | undefined)?.code;
    return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
  }
  return false;
}

/**
 * What the database answers when the rows' data is what it will not take (too long, out of
 * range, a missing referenced row, a NULL or a check it refuses), not when it is away or busy:
 * running the same statement again cannot succeed.
 */
const DATA_REFUSALS = new Set([
  'ER_DATA_TOO_LONG', 'ER_TRUNCATED_WRONG_VALUE', 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD', 'ER_WARN_DATA_OUT_OF_RANGE',
  'ER_BAD_NULL_ERROR', 'ER_NO_REFERENCED_ROW', 'ER_NO_REFERENCED_ROW_2', 'ER_CHECK_CONSTRAINT_VIOLATED', 'ER_CONSTRAINT_FAILED',
  'ER_INVALID_JSON_TEXT', 'SQLITE_CONSTRAINT', 'SQLITE_MISMATCH', 'SQLITE_TOOBIG',
]);

export function isDataRefusal(err: unknown): boolean {
  // No transient code is in the set, and a unique-key race is no DatabaseError: the two never overlap.
  return err instanceof DatabaseError && DATA_REFUSALS.has((err.parent as { code?: string } | undefined)?.code ?? '');
}
