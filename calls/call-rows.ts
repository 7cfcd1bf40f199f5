import type { CreationAttributes, ModelAttributeColumnOptions, Sequelize, Transaction } from 'sequelize';
import { Call } from '../models';

/** A call's row as plain attributes (camelCase), dates as Date and the IVR path parsed. */
export type CallRow = CreationAttributes<Call>;

interface CallColumns {
  /** Every attribute's column name. */
  fieldOf: Record<string, string>;
  /** The columns a write sets on a row that exists: all but the keys and the creation time. */
  updatedFields: string[];
  /** A new row's values for the attributes its record does not set: all rows of one insert name the same columns. */
  nullRow: Partial<CallRow>;
  /** Attributes read and written as dates, and as JSON. */
  dates: Set<string>;
  json: Set<string>;
  /** The most characters each text attribute's column holds. */
  lengths: Map<string, number>;
}

/**
 * Worked out once per definition of the model, not per batch or row. Keyed by the attributes
 * object, which Call.init replaces (each database's dialect types its attributes its own way).
 */
const columnsByDefinition = new WeakMap<object, CallColumns>();
function callColumns(): CallColumns {
  const attributes = Call.getAttributes() as Record<string, ModelAttributeColumnOptions>;
  let c = columnsByDefinition.get(attributes);
  if (!c) {
    const kind = (a: ModelAttributeColumnOptions) => (a.type as { key?: string }).key;
    const names = Object.keys(attributes);
    const updated = names.filter((a) => a !== 'id' && a !== 'uniqueid' && a !== 'createdAt');
    const fieldOf = Object.fromEntries(names.map((n) => [n, attributes[n].field ?? n]));
    c = {
      fieldOf,
      updatedFields: updated.map((a) => fieldOf[a]),
      nullRow: Object.fromEntries(updated.map((a) => [a, null])),
      dates: new Set(names.filter((n) => kind(attributes[n]) === 'DATE')),
      json: new Set(names.filter((n) => kind(attributes[n]) === 'JSON')),
      lengths: new Map(names.flatMap((n) => {
        const length = (attributes[n].type as { options?: { length?: number } }).options?.length;
        return kind(attributes[n]) === 'STRING' && length ? [[n, length] as const] : [];
      })),
    };
    columnsByDefinition.set(attributes, c);
  }
  return c;
}

/** A new row's attributes that its record leaves unset, as NULL. */
export function emptyCallRow(): Partial<CallRow> {
  return callColumns().nullRow;
}

/**
 * The calls' rows with these uniqueids, locked for the transaction (MySQL; SQLite's transaction
 * holds the whole database). Plain rows: the pass never needed a model instance of each row it
 * read, and building them was part of its cost (README, the eighth pass).
 */
export async function lockCallRows(uniqueids: string[], transaction: Transaction): Promise<CallRow[]> {
  const rows = (await Call.findAll({ where: { uniqueid: uniqueids }, transaction, lock: transaction.LOCK.UPDATE, raw: true })) as unknown as Array<Record<string, unknown>>;
  const { dates, json } = callColumns();
  for (const row of rows) {
    // mysql2 answers Date and parsed JSON; sqlite3 answers text, which the model would parse as below.
    for (const d of dates) {
      const v = row[d];
      if (typeof v === 'string') row[d] = new Date(v.includes('+') ? v : `${v}+00:00`);
    }
    for (const j of json) if (typeof row[j] === 'string') row[j] = JSON.parse(row[j] as string);
  }
  return rows as unknown as CallRow[];
}

/**
 * Writes calls' rows in one multi-row INSERT; with `update`, rows that exist (by id) are written
 * over, all but their creation time. The statement is spelt here rather than by Sequelize's
 * bulkInsert, which escaped each value through its column's type (moment for every date) and was
 * most of the pass's CPU: dates are written as Sequelize writes them into a database opened in
 * UTC (models/database.ts), strings through Sequelize's own escaping for the dialect.
 */
export function writeCallRows(db: Sequelize, rows: CallRow[], options: { transaction: Transaction; update?: boolean }): Promise<unknown> {
  const { fieldOf, updatedFields, dates, json, lengths } = callColumns();
  const mysql = db.getDialect() === 'mysql';
  // Every attribute any row names (a row without one writes NULL there, as bulkInsert did).
  const named = new Set<string>();
  for (const r of rows) for (const n in r) if (fieldOf[n]) named.add(n);
  const names = [...named];
  const quote = (field: string) => `\`${field}\``;
  const value = (name: string, v: unknown): string => {
    if (v === null || v === undefined) return 'NULL';
    if (dates.has(name)) return sqlDate(v as Date, mysql);
    if (json.has(name)) return db.escape(JSON.stringify(v));
    // A count the PBX sent garbage for (NaN from a field that was no number) is unknown, not a refused batch.
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NULL';
    return db.escape(fit(String(v), lengths.get(name)));
  };
  const tuples = rows.map((r) => `(${names.map((n) => value(n, (r as Record<string, unknown>)[n])).join(',')})`);
  let sql = `INSERT INTO \`calls\` (${names.map((n) => quote(fieldOf[n])).join(',')}) VALUES ${tuples.join(',')}`;
  if (options.update) {
    sql += mysql
      ? ` ON DUPLICATE KEY UPDATE ${updatedFields.map((f) => `${quote(f)}=VALUES(${quote(f)})`).join(',')}`
      : ` ON CONFLICT (\`id\`) DO UPDATE SET ${updatedFields.map((f) => `${quote(f)}=EXCLUDED.${quote(f)}`).join(',')}`;
  }
  return db.query(sql, { transaction: options.transaction });
}

/**
 * Text cut to what its column holds. What a caller sends as their number (a SIP trunk may send
 * any user part) or the PBX as a cause is not ours to refuse, and MySQL would refuse the whole
 * batch, holding back every other call's record with it. Cut by characters, as the column counts
 * them, so that no character is split in two.
 */
function fit(text: string, length: number | undefined): string {
  if (length === undefined || text.length <= length) return text;
  return Array.from(text).slice(0, length).join('');
}

/** As Sequelize writes a DATE in UTC: whole seconds for MySQL's DATETIME, milliseconds and the offset for SQLite's text (an invalid date: unknown). */
function sqlDate(d: Date, mysql: boolean): string {
  const date = d instanceof Date ? d : new Date(d);
  if (Number.isNaN(date.getTime())) return 'NULL';
  const iso = date.toISOString();
  return mysql ? `'${iso.slice(0, 10)} ${iso.slice(11, 19)}'` : `'${iso.slice(0, 10)} ${iso.slice(11, 23)} +00:00'`;
}
