import { QueryTypes, Sequelize } from 'sequelize';

/**
 * Runs an aggregate SELECT with named replacements. Dates are formatted by Sequelize for the
 * dialect, so they compare with stored UTC times on SQLite (text) and MySQL (DATETIME) alike.
 */
export function select(db: Sequelize, sql: string, replacements: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
  return db.query<Record<string, unknown>>(sql, { type: QueryTypes.SELECT, replacements });
}

/** MySQL returns SUM() as a decimal string and SUM of nothing as NULL: a count either way. */
export const num = (v: unknown): number => (v == null ? 0 : Number(v));
export const idOrNull = (v: unknown): number | null => (v == null ? null : Number(v));
