import { QueryTypes, type Sequelize } from 'sequelize';
import { testDatabases } from '../support/databases';
import { createLogger } from '../../core/logger';
import { openDatabase } from '../../models/database';
import { migrator } from '../../models/migrate';

/**
 * Migration 012 on a database written by the earlier versions: the rows they made for calls that
 * never were the hotline's (Local `;1` halves, office calls: no caller, no number dialled, no IVR,
 * no queue, no appeal) go; every hotline call stays.
 */
describe.each(testDatabases())('migration 012 on $name', (db) => {
  let sequelize: Sequelize;
  beforeAll(async () => {
    sequelize = openDatabase(await db.create(), createLogger('silent'));
    await migrator(sequelize, createLogger('silent')).up({ to: '011-bench-indexes' });
  });
  afterAll(async () => {
    await sequelize?.close();
    await db.drop();
  });

  test('removes the stray rows and keeps every hotline call and its links', async () => {
    const now = new Date('2026-11-01T10:00:00Z');
    const rows = [
      // Strays: what AMI hangups of unrelated channels became.
      { uniqueid: 'stray.1', direction: 'inbound', ivr_path: null },
      { uniqueid: 'stray.2', direction: 'inbound', ivr_path: '[]' },
      // Hotline calls: each with one trace of the hotline.
      { uniqueid: 'ivr.1', direction: 'inbound', ivr_path: JSON.stringify([{ step: 'greeting', outcome: 'caller_left', at: now.toISOString() }]) },
      { uniqueid: 'dialled.1', direction: 'inbound', ivr_path: null, called_number: '1551' },
      { uniqueid: 'caller.1', direction: 'inbound', ivr_path: null, caller_number: '+380501234567' },
      { uniqueid: 'queue.1', direction: 'inbound', ivr_path: null, queue: 'dispatchers', queue_joined_at: now },
      { uniqueid: 'out.1', direction: 'outbound', ivr_path: null, purpose: 'verification' },
      { uniqueid: 'linked.1', direction: 'inbound', ivr_path: null },
    ];
    for (const r of rows) {
      await sequelize.getQueryInterface().bulkInsert('calls', [{
        caller_number: null, called_number: null, queue: null, queue_joined_at: null, purpose: null,
        ...r, started_at: now, disposition: 'ivr_only', created_at: now, updated_at: now,
      }]);
    }
    const [linked] = await sequelize.query<{ id: number }>("SELECT id FROM calls WHERE uniqueid = 'linked.1'", { type: QueryTypes.SELECT });
    // A call linked to an appeal is kept whatever else it lacks (the link alone is the trace); the
    // appeal itself is beside the point here, so the link is written without one.
    await sequelize.query(sequelize.getDialect() === 'mysql' ? 'SET FOREIGN_KEY_CHECKS = 0' : 'PRAGMA foreign_keys = OFF');
    await sequelize.getQueryInterface().bulkInsert('call_appeals', [{ call_id: linked.id, appeal_id: 1, relation: 'linked', created_at: now }]);

    await migrator(sequelize, createLogger('silent')).up();

    const left = (await sequelize.query<{ uniqueid: string }>('SELECT uniqueid FROM calls ORDER BY uniqueid', { type: QueryTypes.SELECT })).map((r) => r.uniqueid);
    expect(left).toEqual(['caller.1', 'dialled.1', 'ivr.1', 'linked.1', 'out.1', 'queue.1']);
    const cols = await sequelize.getQueryInterface().describeTable('users');
    expect(cols).toHaveProperty('queue_state_interface');
  });
});
