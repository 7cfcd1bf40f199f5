import type { Sequelize } from 'sequelize';
import { testDatabases } from '../support/databases';
import { standinEnv } from '../support/test-server';
import { startInstance, InstanceProcess } from '../support/instance-process';
import { startStandin, Standin, CallHandle } from '../../standin/scenario';
import { sampleContextAs } from '../../standin/sample-dialplan';
import { createLogger } from '../../core/logger';
import { openDatabase } from '../../models/database';
import { initModels, Call } from '../../models';
import { callRow, callRows } from '../support/call-rows';

// One database both instances share: MariaDB, as in production (without it, the SQLite file).
const shared = testDatabases().find((d) => d.name === 'MariaDB') ?? testDatabases()[0];

/** The sample configuration's [hotline-two-instances] (asterisk/extensions.conf), as the stand-in's 1551@hotline. */
const DIALPLAN = sampleContextAs('hotline-two-instances', 'hotline');

/**
 * Issue 12: two Kontakt instances, each in its own process with its own ARI application, against
 * one stand-in. Calls reach an IVR while both live, after either is killed with SIGKILL, and
 * after it comes back; the calls a killed instance left in its IVR go to the dispatchers from the
 * other; no call is handled twice and every call has one record.
 */
describe(`two instances share the hotline (${shared.name})`, () => {
  let standin: Standin;
  let url: string;
  let db: Sequelize;
  /** Which application the next call tries first (the dialplan's RAND). */
  let startAt: 'a' | 'b' = 'a';
  const instances: Record<'a' | 'b', InstanceProcess | null> = { a: null, b: null };
  const placed: string[] = [];

  const launch = async (name: 'a' | 'b'): Promise<void> => {
    instances[name] = await startInstance({
      ...standinEnv(standin), DATABASE_URL: url, INSTANCE_ID: `instance-${name}`,
      ARI_APP: `kontakt-${name}`, ARI_PEER_APPS: name === 'a' ? 'kontakt-b' : 'kontakt-a', ARI_PEER_LEASE_SECONDS: '3',
    });
  };
  /**
   * Kills an instance outright (SIGKILL) once the calls already sent to the queue have their IVR
   * paths in the database: a process killed outright loses what it had not written yet, at most
   * CALL_RECORDS_FLUSH_MS (1 s) of its calls' latest changes. Calls still in its IVR are not waited for.
   */
  const kill = async (name: 'a' | 'b') => {
    await callRows(placed.filter((id) => continues(id) > 0), hasIvrPath, 10000);
    await instances[name]!.kill();
    instances[name] = null;
    // Until the PBX sees the TCP connection close, the application still counts as active (a call
    // entering then lands in the dead IVR and is taken over later, as the stranded call below is).
    await standin.waitFor(() => !standin.model.apps.get(`kontakt-${name}`)?.active, 10000, `kontakt-${name} inactive`);
  };

  /** Which application's Stasis each channel entered (StasisStart as the stand-in sent it). */
  const enteredIn = (id: string): string[] => standin.sent.ari.filter((e) => e.event.type === 'StasisStart' && (e.event as { channel?: { id: string } }).channel?.id === id).map((e) => e.app);
  const hasIvrPath = (r: Call): boolean => ((r.ivrPath as unknown[] | null) ?? []).length > 0;
  const continues = (id: string): number => standin.appRequests.rest.filter((r) => r.method === 'POST' && r.path.startsWith(`/channels/${id}/continue`) && r.status < 300).length;
  /** Places a call and waits until it is in an IVR (the dialplan reads RAND when it runs, so one at a time). */
  const call = async (from: string, first: 'a' | 'b', script = [{ afterAnswerMs: 1500, dtmf: '0' }]): Promise<CallHandle> => {
    startAt = first;
    const c = standin.placeCall({ from, script });
    placed.push(c.id);
    await standin.waitFor(() => enteredIn(c.id).length > 0, 10000, `call ${c.id} in an IVR`);
    return c;
  };
  const calls = async (...list: Array<[string, 'a' | 'b']>): Promise<CallHandle[]> => {
    const out: CallHandle[] = [];
    for (const [from, first] of list) out.push(await call(from, first));
    return out;
  };
  /** A caller who asks for a dispatcher reaches the queue: the IVR that took the call sent it on once. */
  const throughIvr = async (c: CallHandle) => {
    await standin.waitFor(() => continues(c.id) >= 1, 20000, `call ${c.id} sent to the queue`);
    return enteredIn(c.id);
  };

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 0.05,
      dialplan: DIALPLAN,
      random: () => (startAt === 'b' ? 0.99 : 0),
      queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 60, retry: 1, members: [{ interface: 'PJSIP/101', name: 'Диспетчер' }] }],
      phones: { 'PJSIP/101': { kind: 'answer', afterMs: 500, talkMs: 1000 } },
    });
    url = await shared.create();
    await launch('a');
    await launch('b');
    db = openDatabase(url, createLogger('silent'));
    initModels(db);
  }, 120000);

  afterAll(async () => {
    for (const name of ['a', 'b'] as const) await instances[name]?.stop();
    await db?.close();
    await standin?.stop();
    await shared.drop();
  });

  test('while both live, each takes the calls that start with it', async () => {
    const placedNow = await calls(['0501110001', 'a'], ['0501110002', 'b'], ['0501110003', 'a'], ['0501110004', 'b']);
    const apps = await Promise.all(placedNow.map(throughIvr));
    expect(apps).toEqual([['kontakt-a'], ['kontakt-b'], ['kontakt-a'], ['kontakt-b']]);
  });

  test('B killed with calls in its IVR: new calls reach A\'s IVR, and B\'s callers are sent to the queue by A', async () => {
    // A caller who presses nothing stays in B's menu until B dies.
    const stranded = await call('0501110005', 'b', []);
    expect(enteredIn(stranded.id)).toEqual(['kontakt-b']);
    const pathOf = (r: Call) => (r.ivrPath as Array<{ step: string }> | null) ?? [];
    const written = pathOf(await callRow(stranded.id, hasIvrPath, 10000));
    await kill('b');

    const after = await calls(['0501110006', 'b'], ['0501110007', 'a'], ['0501110008', 'b']);
    expect(await Promise.all(after.map(throughIvr))).toEqual([['kontakt-a'], ['kontakt-a'], ['kontakt-a']]);

    // A finds B's hold on its application lapsed and sends the stranded caller to the dispatchers.
    await standin.waitFor(() => continues(stranded.id) === 1, 20000, 'the stranded call taken over');
    // As the PBX reported it (the call may be answered and gone already: the phone is quick here).
    await standin.waitForAmi('VarSet', (f) => f.Uniqueid === stranded.id && f.Variable === 'KONTAKT_REASON' && f.Value === 'adopted');
    // A's step follows those B wrote before it died.
    const taken = pathOf(await callRow(stranded.id, (r) => pathOf(r).some((e) => e.step === 'transfer:adopted'), 10000));
    expect(taken.slice(0, written.length)).toEqual(written);
    expect(taken.at(-1)?.step).toBe('transfer:adopted');
  });

  test('B back: both take calls again; then A killed: calls reach B', async () => {
    await launch('b');
    const both = await calls(['0501110009', 'a'], ['0501110010', 'b']);
    expect(await Promise.all(both.map(throughIvr))).toEqual([['kontakt-a'], ['kontakt-b']]);
    await kill('a');
    const onlyB = await calls(['0501110011', 'a'], ['0501110012', 'b']);
    expect(await Promise.all(onlyB.map(throughIvr))).toEqual([['kontakt-b'], ['kontakt-b']]);
    await launch('a');
    expect(await throughIvr(await call('0501110013', 'a'))).toEqual(['kontakt-a']);
  });

  test('no call was handled twice, and every call has exactly one record', async () => {
    for (const id of placed) {
      expect([id, continues(id)]).toEqual([id, 1]);
      expect([id, enteredIn(id).length]).toEqual([id, 1]);
    }
    await standin.waitFor(() => standin.channels().length === 0, 30000, 'every call over');
    // Written by whichever instance saw each part; merged into one row per call.
    const rows = await callRows(placed, (r) => r.endedAt !== null && hasIvrPath(r)).catch(() => Call.findAll({ where: { uniqueid: placed } }));
    expect(rows.map((r) => r.uniqueid).sort()).toEqual([...placed].sort());
    for (const r of rows) {
      expect([r.uniqueid, Boolean(r.endedAt)]).toEqual([r.uniqueid, true]);
      expect([r.uniqueid, (r.ivrPath as unknown[] | null)?.length ?? 0]).not.toEqual([r.uniqueid, 0]);
    }
  });
});
