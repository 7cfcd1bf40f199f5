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
