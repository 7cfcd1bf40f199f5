import { Op, WhereOptions, Order, ModelStatic, Model, Transaction, Sequelize } from 'sequelize';

/** A table whose rows jobs claim: two columns say who works on a row and until when. */
export interface ClaimableAttributes {
  id: number;
  claimedBy: string | null;
  claimedUntil: Date | null;
}

export interface ClaimOptions {
  owner: string;
  now: Date;
  /** After this a claim lapses, so a row of a server that died is taken up again. */
  leaseMs: number;
  limit: number;
  order?: Order;
  /** More columns to set on the claimed rows (a verification becomes 'calling'). */
  set?: Record<string, unknown>;
  /** Claim inside this transaction (one that also counts free slots) instead of a new one. */
  transaction?: Transaction;
}

/**
 * Claims up to `limit` rows matching `where` that nobody holds. On MySQL/MariaDB the rows are
 * read with `FOR UPDATE SKIP LOCKED`, so instances polling together split the rows instead of
 * waiting for each other; on SQLite the transaction takes the file's write lock up front
 * (IMMEDIATE), which serializes claims just as well. Returns the claimed rows.
 */
export async function claimRows<M extends Model & ClaimableAttributes>(model: ModelStatic<M>, where: WhereOptions, o: ClaimOptions): Promise<M[]> {
  const db = model.sequelize!;
  const mysql = db.getDialect() === 'mysql';
  const free = { [Op.or]: [{ claimedUntil: null }, { claimedUntil: { [Op.lt]: o.now } }] };
  const claim = async (transaction: Transaction): Promise<M[]> => {
    const rows = await model.findAll({
      where: { [Op.and]: [where, free] } as WhereOptions,
      order: o.order ?? [['id', 'ASC']],
      limit: o.limit,
      transaction,
      ...(mysql ? { lock: transaction.LOCK.UPDATE, skipLocked: true } : {}),
    });
    if (rows.length === 0) return rows;
    const values = { ...o.set, claimedBy: o.owner, claimedUntil: new Date(o.now.getTime() + o.leaseMs) };
    await model.update(values as never, { where: { id: rows.map((r) => r.id) } as WhereOptions, transaction });
    for (const r of rows) for (const [k, v] of Object.entries(values)) r.setDataValue(k as keyof M['_attributes'], v as never);
    return rows;
  };
  if (o.transaction) return claim(o.transaction);
  return db.transaction(claimTransactionOptions(db), claim);
}

/**
 * READ COMMITTED on MySQL: no gap locks, so claimers that skipped each other's rows cannot
 * deadlock on the rows between them when they mark theirs.
 */
export function claimTransactionOptions(db: Sequelize): { isolationLevel?: Transaction.ISOLATION_LEVELS } {
  return db.getDialect() === 'mysql' ? { isolationLevel: Transaction.ISOLATION_LEVELS.READ_COMMITTED } : {};
}

/**
 * Writes `values` into a claimed row and lets the claim go, but only while the claim is still
 * ours: a row whose lease lapsed and was taken by another instance is left to that instance.
 * Returns false when the row was no longer ours.
 */
export async function finishClaim<M extends Model & ClaimableAttributes>(model: ModelStatic<M>, id: number, owner: string, values: Partial<M['_attributes']>): Promise<boolean> {
  const [n] = await model.update({ ...values, claimedBy: null, claimedUntil: null } as never, { where: { id, claimedBy: owner } as WhereOptions });
  return n === 1;
}
