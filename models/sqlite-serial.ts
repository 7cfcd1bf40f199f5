import type { Sequelize, Transaction, TransactionOptions, QueryOptions } from 'sequelize';

/**
 * Turns one Sequelize SQLite instance into a single connection with one writer at a time.
 *
 * Sequelize opens a second SQLite connection per transaction. Two of them contending for the
 * write lock make SQLite busy-wait inside libuv's four worker threads; with a handful of
 * concurrent requests every thread waits and the lock holder cannot run: the process stalls until
 * the busy timeout. Instead, transactions take turns here (in JavaScript, without blocking a
 * thread) on one shared connection, and statements outside a transaction wait while one is open,
 * so they can never become part of it. One process per SQLite file is the embedded default's
 * limit anyway; production runs on MySQL.
 */
export function serializeSqlite(db: Sequelize): void {
  const cm = db.connectionManager as unknown as {
    getConnection(options?: { uuid?: string }): Promise<unknown>;
    releaseConnection(connection: unknown, force?: boolean): unknown;
    destroyConnection(connection: unknown): Promise<unknown>;
  };
  const getConnection = cm.getConnection.bind(cm);
  cm.getConnection = (options = {}) => getConnection({ ...options, uuid: 'default' });
  // The shared connection lives until db.close().
  cm.releaseConnection = () => undefined;
  cm.destroyConnection = async () => undefined;

  const gate = new TransactionGate();
  const transaction = db.transaction.bind(db) as (options?: TransactionOptions, fn?: (t: Transaction) => Promise<unknown>) => Promise<unknown>;
  (db as unknown as { transaction: unknown }).transaction = (a?: unknown, b?: unknown) => {
    const [options, fn] = (typeof a === 'function' ? [{}, a] : [a ?? {}, b]) as [TransactionOptions, ((t: Transaction) => Promise<unknown>) | undefined];
    // Savepoints run inside their parent's turn; unmanaged transactions are not used by Kontakt.
    if (options.transaction || !fn) return transaction(options, fn);
    return gate.exclusive(() => transaction(options, fn));
  };
  const query = db.query.bind(db) as (sql: unknown, options?: QueryOptions) => Promise<unknown>;
  (db as unknown as { query: unknown }).query = (sql: unknown, options?: QueryOptions) =>
    options?.transaction ? query(sql, options) : gate.outside(() => query(sql, options));
}

class TransactionGate {
  private open: Promise<void> | null = null;

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.open) await this.open;
    let release!: () => void;
    this.open = new Promise<void>((r) => (release = r));
    try {
      return await work();
    } finally {
      this.open = null;
      release();
    }
  }

  async outside<T>(work: () => Promise<T>): Promise<T> {
    while (this.open) await this.open;
    return work();
  }
}
