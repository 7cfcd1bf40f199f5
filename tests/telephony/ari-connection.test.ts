/** AriConnection against the stand-in through the real ari-client, over real sockets. */
import { AriConnection } from '../../telephony/ari-connection';
import type { AriReadyEvent, StasisStartEvent } from '../../telephony/ari-events';
import { ChannelGoneError, TelephonyTimeoutError, NotConnectedError } from '../../telephony/telephony-errors';
import type { Standin } from '../../standin/scenario';
import WebSocket from 'ws';
import { standin, ariConnection, capturingLogger, nextEvent, record, sleep } from './helpers';

describe('AriConnection', () => {
  let s: Standin;
  let ari: AriConnection;

  beforeEach(async () => {
    s = await standin({ phones: { 'PJSIP/101': { kind: 'answer', afterMs: 500 } }, queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 15, members: [{ interface: 'PJSIP/101', name: 'Dispatcher 101' }] }] });
    ari = ariConnection(s);
  });
  afterEach(async () => {
    ari.stop();
    await s.stop();
  });

  async function connected(): Promise<AriReadyEvent> {
    const ready = nextEvent<AriReadyEvent>(ari, 'ready');
    ari.start();
    const r = await ready;
    await s.waitFor(() => s.model.apps.get('kontakt')?.active, 2000, 'app active');
    return r;
  }

  it('connects, registers the app and reports a placed call with its caller and args', async () => {
    const first = await connected();
    expect(first).toEqual({ reconnect: false, adoptedChannelIds: [] });
    expect(ari.ready).toBe(true);
    expect(ari.status()).toMatchObject({ ready: true, reconnects: 0, lastError: null });
    const started = nextEvent<StasisStartEvent>(ari, 'stasisStart');
    const call = s.placeCall({ from: '0501234567', name: 'Mykola Petrenko' });
    expect(await started).toEqual({ channelId: call.id, callerNumber: '0501234567', callerName: 'Mykola Petrenko', dialedExten: '1551', args: ['inbound'], state: 'Ring' });
  });

  it('a StasisStart sent twice is reported once', async () => {
    await connected();
    const starts = record<StasisStartEvent>(ari, 'stasisStart');
    s.faults.duplicateAriEvent('StasisStart');
    const call = s.placeCall({ from: '0501234567' });
    await s.waitFor(() => starts.length > 0, 2000, 'stasisStart');
    await sleep(100);
    expect(starts.map((e) => e.payload.channelId)).toEqual([call.id]);
    expect(s.sent.ari.filter((e) => e.event.type === 'StasisStart')).toHaveLength(1); // the log has it once; the wire twice
  });

  it('answers, plays, gets a key, sets a variable and continues to the queue', async () => {
    await connected();
    const events = record(ari, 'channelState', 'playbackFinished', 'dtmf', 'stasisEnd');
    const started = nextEvent<StasisStartEvent>(ari, 'stasisStart');
    const call = s.placeCall({ from: '0501234567', script: [{ afterAnswerMs: 15000, dtmf: '1' }] }); // the key comes well after the 1.4 s prompt
    const { channelId } = await started;
    await ari.answer(channelId);
    const finished = nextEvent(ari, 'playbackFinished');
    expect(await ari.play(channelId, 'sound:hello-world', 'pb-1')).toEqual({ playbackId: 'pb-1', state: 'queued' });
    expect(await finished).toEqual({ playbackId: 'pb-1', channelId, state: 'done' });
    await s.waitFor(() => events.some((e) => e.name === 'dtmf'), 3000, 'dtmf');
    await ari.setVariable(channelId, 'KONTAKT_IVR_PATH', '1');
    expect(s.model.channels.get(channelId)?.vars.get('KONTAKT_IVR_PATH')).toBe('1');
    const info = await ari.getChannel(channelId);
    expect(info).toMatchObject({ id: channelId, state: 'Up', callerNumber: '0501234567', exten: '1551' });
    expect(await ari.listAppChannels()).toEqual([channelId]);
    const ended = nextEvent(ari, 'stasisEnd');
    await ari.continueInDialplan(channelId, { context: 'dispatchers', extension: 's', priority: 1 });
    await ended;
    await s.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id);
    expect(events.map((e) => e.name)).toEqual(['channelState', 'playbackFinished', 'dtmf', 'stasisEnd']);
    expect(events[0].payload).toEqual({ channelId, state: 'Up' });
    expect(events[2].payload).toEqual({ channelId, digit: '1' });
    // The application asked for only what it acts on: the PBX sent no PlaybackStarted or ChannelVarset to it.
    const about = (e: { channel?: { id?: string }; playback?: { target_uri?: string } }) => e.channel?.id === channelId || e.playback?.target_uri === `channel:${channelId}`;
    const toKontakt = s.sent.ari.filter((e) => about(e.event as never)).map((e) => e.event.type);
    expect(toKontakt).toEqual(expect.arrayContaining(['StasisStart', 'PlaybackFinished', 'ChannelDtmfReceived', 'StasisEnd']));
    expect(toKontakt).not.toContain('PlaybackStarted');
    expect(toKontakt).not.toContain('ChannelVarset');
    // After continue the channel is not ours: a typed, expected outcome.
    await expect(ari.answer(channelId)).rejects.toBeInstanceOf(ChannelGoneError);
  });

  it('a request on a hung-up channel is ChannelGoneError; one hangup event per channel', async () => {
    await connected();
    const hangups = record(ari, 'channelHangup');
    const started = nextEvent<StasisStartEvent>(ari, 'stasisStart');
    const call = s.placeCall({ from: '0501234567' });
    const { channelId } = await started;
    const ended = nextEvent(ari, 'stasisEnd');
    call.hangup();
    await ended;
    await sleep(50);
    const err = await ari.play(channelId, 'sound:hello-world', 'pb-x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelGoneError);
    expect((err as ChannelGoneError).channelId).toBe(channelId);
    await expect(ari.answer(channelId)).rejects.toBeInstanceOf(ChannelGoneError);
    await expect(ari.hangup(channelId)).rejects.toBeInstanceOf(ChannelGoneError);
    await expect(ari.getChannel(channelId)).rejects.toBeInstanceOf(ChannelGoneError);
    await expect(ari.continueInDialplan(channelId, { context: 'dispatchers', extension: 's', priority: 1 })).rejects.toBeInstanceOf(ChannelGoneError);
    expect(hangups.filter((h) => (h.payload as { channelId: string }).channelId === channelId)).toHaveLength(1);
    expect(hangups[0].payload).toMatchObject({ channelId, cause: 16 });
  });

  it('stopping a playback is success whether it was playing (204) or already gone (404)', async () => {
    await connected();
    const started = nextEvent<StasisStartEvent>(ari, 'stasisStart');
    s.placeCall({ from: '0501234567' });
    const { channelId } = await started;
    await ari.answer(channelId);
    await ari.play(channelId, 'sound:tt-monkeys', 'pb-long');
    // (Kontakt's application hears no PlaybackStarted: the PBX's own state says it plays.)
    await s.waitFor(() => s.ctx.playbacks.get('pb-long')?.state === 'playing', 3000, 'playing');
    await expect(ari.stopPlayback('pb-long')).resolves.toBeUndefined(); // 204
    await expect(ari.stopPlayback('pb-long')).resolves.toBeUndefined(); // 404 Playback not found
    expect(s.appRequests.rest.filter((r) => r.method === 'DELETE' && r.path.includes('/playbacks/pb-long')).map((r) => r.status)).toEqual([204, 404]);
  });

  it('REST requests time out with a typed error when Asterisk answers slowly', async () => {
    await connected();
    const started = nextEvent<StasisStartEvent>(ari, 'stasisStart');
    s.placeCall({ from: '0501234567' });
    const { channelId } = await started;
    s.faults.slowAnswers(1500); // requestTimeoutMs is 1000 in these tests
    const err = await ari.answer(channelId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelephonyTimeoutError);
    expect((err as TelephonyTimeoutError).operation).toBe('ARI answer');
    s.faults.slowAnswers(0);
    await expect(ari.getChannel(channelId)).resolves.toMatchObject({ id: channelId });
  });

  it('originates a callback into the app with args and variables', async () => {
    await connected();
    s.setResident('0501234567', { kind: 'answer', afterMs: 300 });
    const started = nextEvent<StasisStartEvent>(ari, 'stasisStart');
    const id = await ari.originate({ endpoint: 'PJSIP/0501234567', appArgs: ['callback', '42'], callerId: '1551', timeoutSec: 30, variables: { KONTAKT_APPEAL: '42' } });
    const ev = await started;
    expect(ev.channelId).toBe(id);
    expect(ev.args).toEqual(['callback', '42']);
    expect(s.model.channels.get(id)?.vars.get('KONTAKT_APPEAL')).toBe('42');
  });

  it('socket dropped: down, then ready again with the call still in Stasis adopted, and its events flow again', async () => {
    await connected();
    const started = nextEvent<StasisStartEvent>(ari, 'stasisStart');
    const call = s.placeCall({ from: '0501234567' });
    await started;
    const down = nextEvent<{ reason: string }>(ari, 'down');
    const again = nextEvent<AriReadyEvent>(ari, 'ready');
    s.faults.dropAri();
    expect((await down).reason).toMatch(/WebSocket/);
    expect(await again).toEqual({ reconnect: true, adoptedChannelIds: [call.id] });
    expect(ari.status()).toMatchObject({ ready: true, reconnects: 1 });
    expect(ari.status().lastError).toMatch(/WebSocket/);
    const digit = nextEvent<{ channelId: string; digit: string }>(ari, 'dtmf');
    call.pressKeys('5');
    expect(await digit).toEqual({ channelId: call.id, digit: '5' });
    // Exactly one socket of ours is open: ari-client's own retry did not open a second one.
    await sleep(300);
    expect(s.ari.openSockets).toBe(1);
  });

  it('frames that are not JSON, have no type or are not Kontakt\'s are ignored: the connection stays and the next call is heard', async () => {
    const { logger, lines } = capturingLogger('warn');
    ari.stop();
    ari = ariConnection(s, { logger });
    await connected();
    const events = record(ari, 'stasisStart', 'dtmf', 'hangup', 'down');
    s.faults.rawAriFrames(['{"type":"StasisStart", broken', '42', 'null', '{"channel":{"id":"x"}}', '{"type":"ChannelVarset","variable":"X","value":"1","channel":{"id":"x"}}', '{"type":"RESTResponse","request_id":"no-such"}', '{"type":"StasisStart","channel":"x","args":7}', '{"type":"PlaybackFinished","playback":null}', '{"type":"ChannelDtmfReceived","channel":{"id":{}},"digit":[]}']);
    const started = nextEvent<StasisStartEvent>(ari, 'stasisStart');
    const call = s.placeCall({ from: '0501234567' });
    expect((await started).channelId).toBe(call.id);
    expect(events.map((e) => e.name)).toEqual(['stasisStart']);
    expect(ari.ready).toBe(true);
    expect(lines.filter((l) => /not JSON/.test(l.msg))).toHaveLength(1);
  });

  it('another socket takes the application over: down (ApplicationReplaced), never left deaf', async () => {
    await connected();
    const down = nextEvent<{ reason: string }>(ari, 'down');
    const thief = new WebSocket(`ws://127.0.0.1:${s.ariPort}/ari/events?app=kontakt&api_key=kontakt:kontakt-secret`);
    // Asterisk 22.7.0 tells the old socket before the new one's handshake is through: closing it may come first.
    thief.on('error', () => undefined);
    try {
      expect((await down).reason).toMatch(/ApplicationReplaced/);
      expect(ari.ready).toBe(false);
      expect(ari.status().lastError).toMatch(/another connection took over/);
    } finally {
      thief.close();
    }
  });

  it('PBX restart: reconnects and adopts the call that stayed in Stasis', async () => {
    await connected();
    const started = nextEvent<StasisStartEvent>(ari, 'stasisStart');
    const call = s.placeCall({ from: '0501234567' });
    await started;
    const starts = record(ari, 'stasisStart');
    const again = nextEvent<AriReadyEvent>(ari, 'ready');
    await s.faults.restart(100);
    expect(await again).toEqual({ reconnect: true, adoptedChannelIds: [call.id] });
    await sleep(50);
    expect(starts).toEqual([]); // no second StasisStart: adoption is the only way to learn of it
  });

  it('PBX away longer than ari-client would retry: still reconnects when it comes back', async () => {
    // ari-client alone gives up after 10 WebSocket retries; 40 failed attempts here prove the
    // retry is unlimited (backoff 5..20 ms keeps the test short).
    const quick = ariConnection(s, { backoff: { initialMs: 5, maxMs: 20, jitter: 0 } });
    try {
      const ready = nextEvent<AriReadyEvent>(quick, 'ready');
      quick.start();
      await ready;
      const down = nextEvent(quick, 'down');
      const port = s.ariPort;
      await s.ari.stop();
      await down;
      const downs = record(quick, 'down');
      // Count failed attempts through the backoff: wait for well over 10.
      await waitUntil(() => (quick as unknown as { backoff: { failures: number } }).backoff.failures > 40, 10_000);
      expect(quick.ready).toBe(false);
      expect(downs).toHaveLength(0); // 'down' once per outage, not per attempt
      const back = nextEvent<AriReadyEvent>(quick, 'ready');
      await s.ari.start(port);
      expect(await back).toMatchObject({ reconnect: true });
      expect(quick.status().reconnects).toBe(1);
    } finally {
      quick.stop();
    }
  });

  it('starts without a PBX, says so, and connects when it appears', async () => {
    const port = s.ariPort;
    await s.ari.stop();
    const down = nextEvent<{ reason: string }>(ari, 'down');
    ari.start();
    expect((await down).reason).toMatch(/connect failed/);
    expect(ari.ready).toBe(false);
    const ready = nextEvent<AriReadyEvent>(ari, 'ready');
    await s.ari.start(port);
    expect(await ready).toEqual({ reconnect: false, adoptedChannelIds: [] });
  });

  it('REST before any connect is NotConnectedError; stop() leaves nothing behind', async () => {
    await expect(ari.answer('nope')).rejects.toBeInstanceOf(NotConnectedError);
    await connected();
    ari.stop();
    expect(ari.ready).toBe(false);
    await s.waitFor(() => !s.model.apps.get('kontakt')?.active, 2000, 'app inactive');
    await expect(ari.answer('nope')).rejects.toBeInstanceOf(NotConnectedError);
  });
});

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}
