import { QueryInterface, DataTypes, QueryTypes } from 'sequelize';

export const name = '012-queue-members-and-call-ownership';

/**
 * 1. A dispatcher's queue membership may follow a device other than the member interface
 *    (`Local/101@from-queue/n` whose state is `hint:101@ext-local`): the state interface is kept
 *    beside the interface; both are longer than a PJSIP name.
 * 2. Calls that never were the hotline's were recorded from AMI: the `;1` halves of Local
 *    channels and any unrelated PBX call hung up as "its own" call. Such a row has no trace of
 *    the hotline: it never entered the IVR (no path, no dialled number), never joined a queue,
 *    has no caller, was not placed by Kontakt (purpose) and concerns no appeal.
 */
export async function up(qi: QueryInterface): Promise<void> {
  // SQLite does not enforce VARCHAR lengths, and its changeColumn rebuilds the table.
  const mysql = qi.sequelize.getDialect() === 'mysql';
  if (mysql) await qi.changeColumn('users', 'queue_interface', { type: DataTypes.STRING(128), allowNull: true });
  await qi.addColumn('users', 'queue_state_interface', { type: DataTypes.STRING(128), allowNull: true });
  if (mysql) await qi.changeColumn('calls', 'agent_interface', { type: DataTypes.STRING(128), allowNull: true });
  const stray = await qi.sequelize.query<{ id: number }>(
    `SELECT c.id FROM calls c
      WHERE c.direction = 'inbound' AND c.purpose IS NULL AND c.caller_number IS NULL AND c.called_number IS NULL
        AND c.queue IS NULL AND c.queue_joined_at IS NULL AND c.agent_interface IS NULL
        AND (c.ivr_path IS NULL OR c.ivr_path = '[]' OR c.ivr_path = 'null')
        AND NOT EXISTS (SELECT 1 FROM call_appeals ca WHERE ca.call_id = c.id)`,
    { type: QueryTypes.SELECT },
  );
  for (let i = 0; i < stray.length; i += 500) {
    await qi.bulkDelete('calls', { id: stray.slice(i, i + 500).map((r) => r.id) });
  }
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.removeColumn('users', 'queue_state_interface');
}
