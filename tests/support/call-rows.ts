import { Call } from '../../models';

/** Polls the database until the call's row satisfies `done` (records are written through a buffer). */
export async function callRow(uniqueid: string, done: (c: Call) => boolean, timeoutMs = 20000): Promise<Call> {
  return (await callRows([uniqueid], done, timeoutMs))[0];
}

/** Polls until the rows of all these calls exist and each satisfies `done`; answers them (the last read on timeout is in the error). */
export async function callRows(uniqueids: string[], done: (c: Call) => boolean, timeoutMs = 20000): Promise<Call[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await Call.findAll({ where: { uniqueid: uniqueids } });
    if (rows.length === uniqueids.length && rows.every(done)) return rows;
    if (Date.now() > until) throw new Error(`call records not as expected: ${JSON.stringify(rows.map((r) => r.toJSON()))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
