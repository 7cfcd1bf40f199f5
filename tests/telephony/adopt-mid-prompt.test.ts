import { startStandin, Standin } from '../../standin/scenario';
import type { Playback } from '../../standin/model/playback';
import { callRow } from '../support/call-rows';
import { testDatabases } from '../support/databases';
import { startTestServerOnWithStandin, TestServer } from '../support/test-server';
import { HOTLINE_TEXTS } from '../../ivr/flow/hotline-flow';

/**
 * A call taken over mid-prompt (after a lost socket, a crash or at shutdown) goes to the
 * dispatchers at once. Asterisk holds `continue` until the playing prompt ends
 * (tests/fixtures/asterisk/continue-behind-playback.json), so whoever hands the call over stops
 * the prompt first, although another process may have started it. The stand-in runs in real
 * time here: the menu prompt lasts far longer than the waits below.
 */
describe('a call taken over mid-prompt', () => {
  const db = testDatabases()[0];
  let standin: Standin;
  let url: string;
  let server: TestServer | null = null;

  const start = () => startTestServerOnWithStandin(url, standin);

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 1,
      queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 15, retry: 1, members: [{ interface: 'PJSIP/101', name: 'Диспетчер 101' }] }],
      phones: { 'PJSIP/101': { kind: 'answer', afterMs: 100, talkMs: 200 } },
    });
    url = await db.create();
  });
  beforeEach(async () => {
    server = await start();
  });
  afterEach(async () => {
    await server?.close();
    server = null;
  });
  afterAll(async () => {
    await standin.stop();
    await db.drop();
  });

  /** The menu prompt of a call, once Asterisk plays it. */
  const playingMenu = async (callId: string): Promise<Playback> => {
    const hash = server!.kontakt.telephony.prompts.hashFor(HOTLINE_TEXTS.mainMenu);
    return standin.waitFor(
      () => [...standin.ctx.playbacks.playbacks.values()].find((pb) => pb.channel.id === callId && pb.state === 'playing' && pb.media.some((m) => m.includes(hash))),
      15000,
      'the menu playing',
    );
  };
  /** The prompt was stopped by a request (it did not run out), before the call was continued. */
  const stoppedBeforeContinue = (callId: string, pb: Playback): void => {
    const rest = standin.appRequests.rest;
    const stop = rest.findIndex((r) => r.method === 'DELETE' && r.path.startsWith(`/playbacks/${encodeURIComponent(pb.id)}`));
    const cont = rest.findIndex((r) => r.method === 'POST' && r.path.startsWith(`/channels/${callId}/continue`));
    expect(stop).toBeGreaterThanOrEqual(0);
    expect(rest[stop].status).toBe(204);
    expect(cont).toBeGreaterThan(stop);
  };

  /** The path ends with the hand-over; the session that let the call go did not write that the caller left. */
  const handedOverAs = async (callId: string, step: string): Promise<void> => {
    const row = await callRow(callId, (c) => c.ivrPath?.at(-1)?.step === step);
    expect(row.ivrPath?.map((e) => e.outcome)).not.toContain('caller_left');
  };

  /** A caller hears the menu; `fault` takes the call from its session; the call must reach the queue with the menu stopped. */
  const takenOverMidMenu = async (from: string, fault: () => unknown) => {
    const call = standin.placeCall({ from });
    const menu = await playingMenu(call.id);
    await fault();
    await standin.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id, 8000);
    stoppedBeforeContinue(call.id, menu);
    return call;
  };

  test('the ARI socket drops: the call reaches the queue without waiting for the menu to end', async () => {
    const call = await takenOverMidMenu('0501110021', () => standin.faults.dropAri());
    call.hangup();
    await handedOverAs(call.id, 'transfer:adopted');
  });

  test('the server dies: the new process stops the dead one\'s prompt and sends the call on', async () => {
    const call = await takenOverMidMenu('0501110022', async () => {
      server!.kontakt.telephony.ari!.stop();
      server!.kontakt.telephony.ami!.stop();
      await server!.close();
      server = await start();
    });
    call.hangup();
    await handedOverAs(call.id, 'transfer:adopted');
  });

  test('shutting down sends a caller in the middle of the menu to the dispatchers at once', async () => {
    const call = await takenOverMidMenu('0501110023', async () => {
      await server!.close();
      server = null;
    });
    call.hangup();
    // The record was written at the shutdown; read through the next server's database connection.
    server = await start();
    await handedOverAs(call.id, 'transfer:shutdown');
  });
});
