/** The real ari-client against the stand-in: the project's inbound, callback, hangup and barge-in flows. */
import type Ari from 'ari-client';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { standin, ariClient, stopAri, sleep } from './helpers';
import type { Standin } from '../../standin/scenario';
import { encodeWav, TELEPHONY_SAMPLE_RATE } from '../../ivr/speech/wav';

/** Silence as the 8 kHz WAV Asterisk plays. */
function wav(seconds: number): Buffer {
  return encodeWav({ samples: new Int16Array(TELEPHONY_SAMPLE_RATE * seconds), sampleRate: TELEPHONY_SAMPLE_RATE });
}

describe('ari-client against the stand-in', () => {
  let s: Standin;
  let client: Ari.Client;
  beforeEach(async () => {
    s = await standin({ phones: { 'PJSIP/101': { kind: 'answer', afterMs: 500 } }, queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 15, members: [{ interface: 'PJSIP/101', name: 'Dispatcher 101' }] }] });
    client = await ariClient(s);
  });
  afterEach(async () => {
    stopAri(client);
    await s.stop();
  });

  it('inbound: StasisStart with args, answer, play, DTMF, variable, continue to the queue', async () => {
    const started = new Promise<Ari.Channel>((resolve) => client.once('StasisStart', (ev, ch) => resolve(ch)));
    const call = s.placeCall({ from: '0501234567', name: 'Mykola Petrenko', script: [{ afterAnswerMs: 3000, dtmf: '1' }] });
    const ch = await started;
    expect(ch.id).toBe(call.id);
    expect(ch.caller).toEqual({ name: 'Mykola Petrenko', number: '0501234567' });
    const digitP = new Promise<string>((r) => client.once('ChannelDtmfReceived', (ev) => r(ev.digit)));
    await ch.answer();
    const app = await client.applications.get({ applicationName: 'kontakt' });
    expect(app.channel_ids).toEqual([call.id]);
    await expect(client.channels.play({ channelId: ch.id, media: [] as unknown as string })).rejects.toThrow('Failed to queue media for playback');
    const finished = new Promise<string>((r) => client.once('PlaybackFinished', (ev) => r(ev.playback.state)));
    // Several media are one playback; like Asterisk 22, it names the item playing and the next.
    const two = await client.channels.play({ channelId: ch.id, media: 'sound:hello-world,sound:beep', playbackId: 'pb-two' });
    expect(two).toMatchObject({ media_uri: 'sound:hello-world', next_media_uri: 'sound:beep' });
    await new Promise<void>((r) => client.once('PlaybackFinished', () => r()));
    const pb = await ch.play({ media: 'sound:hello-world' }, client.Playback());
    expect(pb.state).toBe('queued');
    expect(await finished).toBe('done');
    expect(await digitP).toBe('1');
    // A variable set while a prompt plays is set only when it ends (continue-behind-playback.json).
    await s.waitFor(() => !s.ctx.playbacks.get(pb.id), 5000, 'the prompt ended');
    await ch.setChannelVar({ variable: 'KONTAKT_IVR_PATH', value: '1' });
    expect((await ch.getChannelVar({ variable: 'KONTAKT_IVR_PATH' })).value).toBe('1');
    const ended = new Promise<void>((r) => client.once('StasisEnd', () => r()));
    await ch.continueInDialplan();
    await ended;
    const connect = await s.waitForAmi('AgentConnect', (f) => f.Uniqueid === call.id);
    expect(connect.Interface).toBe('PJSIP/101');
    expect((await client.applications.get({ applicationName: 'kontakt' })).channel_ids).toEqual([]);
  });

  it('callback: originate with appArgs, queued playbacks, hangup with cause 16', async () => {
    s.setResident('0501234567', { kind: 'answer', afterMs: 300, script: [{ afterAnswerMs: 200, dtmf: '1' }] });
    const started = new Promise<{ args: string[]; ch: Ari.Channel }>((resolve) => client.once('StasisStart', (ev, ch) => resolve({ args: ([] as string[]).concat(ev.args), ch })));
    const out = await client.channels.originate({ endpoint: 'PJSIP/0501234567', app: 'kontakt', appArgs: 'callback,42', callerId: '1551', timeout: 30 });
    expect(out.state).toBe('Down');
    const { args, ch } = await started;
    expect(args).toEqual(['callback', '42']);
    expect(ch.id).toBe(out.id);
    const order: string[] = [];
    client.on('PlaybackStarted', (ev) => order.push(`start:${ev.playback.id}`));
    client.on('PlaybackFinished', (ev) => order.push(`end:${ev.playback.id}`));
    await client.channels.play({ channelId: ch.id, media: 'sound:vm-review', playbackId: 'pb-cb' });
    await client.channels.play({ channelId: ch.id, media: 'sound:auth-thankyou', playbackId: 'pb-cb2' });
    await s.waitFor(() => order.includes('end:pb-cb2'), 5000);
    expect(order).toEqual(['start:pb-cb', 'end:pb-cb', 'start:pb-cb2', 'end:pb-cb2']);
    const destroyed = new Promise<number>((r) => client.once('ChannelDestroyed', (ev) => r(ev.cause)));
    await client.channels.hangup({ channelId: ch.id, reason: 'normal' });
    expect(await destroyed).toBe(16);
  });

  it('callback outcomes: busy 17, rejected 21, no answer after the timeout', async () => {
    s.setResident('111', { kind: 'busy' });
    s.setResident('222', { kind: 'reject' });
    s.setResident('333', { kind: 'noanswer' });
    const causes = new Map<string, number>();
    client.on('ChannelDestroyed', (ev, ch) => causes.set(ch.id, ev.cause));
    const busy = await client.channels.originate({ endpoint: 'PJSIP/111', app: 'kontakt', appArgs: 'callback,1' });
    const rejected = await client.channels.originate({ endpoint: 'PJSIP/222', app: 'kontakt', appArgs: 'callback,2' });
    const silent = await client.channels.originate({ endpoint: 'PJSIP/333', app: 'kontakt', appArgs: 'callback,3', timeout: 5 });
    await s.waitFor(() => causes.size === 3, 5000);
    expect(causes.get(busy.id)).toBe(17);
    expect(causes.get(rejected.id)).toBe(21);
    expect(causes.get(silent.id)).toBe(0);
  });

  it('hangup during playback: the app sees StasisEnd and later calls answer 404', async () => {
    const started = new Promise<Ari.Channel>((resolve) => client.once('StasisStart', (_ev, ch) => resolve(ch)));
    const call = s.placeCall({ from: '+380671112233', script: [{ afterAnswerMs: 500, hangup: true }] });
    const ch = await started;
    // Listen before answering: the caller hangs up 10 ms (real) after the answer.
    const reqP = new Promise<number>((r) => client.once('ChannelHangupRequest', (ev) => r(ev.cause)));
    await ch.answer();
    await ch.play({ media: 'sound:tt-monkeys' }, client.Playback()).catch(() => undefined);
    expect(await reqP).toBe(16);
    expect(await call.ended).toBe(16);
    await expect(client.channels.play({ channelId: call.id, media: 'sound:hello-world' })).rejects.toThrow('Channel not found');
    await expect(client.channels.continueInDialplan({ channelId: call.id })).rejects.toThrow('Channel not found');
    await expect(client.channels.hangup({ channelId: call.id })).rejects.toThrow('Channel not found');
    await expect(client.channels.get({ channelId: 'does-not-exist' })).rejects.toThrow('Channel not found');
  });

  it('barge-in: a key stops the prompt; stopped playbacks answer 404 afterwards', async () => {
    const started = new Promise<Ari.Channel>((resolve) => client.once('StasisStart', (_ev, ch) => resolve(ch)));
    s.placeCall({ from: '0971234567', script: [{ afterAnswerMs: 2000, dtmf: '2' }] });
    const ch = await started;
    await ch.answer();
    const pb = client.Playback();
    await ch.play({ media: 'sound:tt-monkeys' }, pb);
    await new Promise<void>((r) => client.once('ChannelDtmfReceived', () => r()));
    const fin = new Promise<string>((r) => client.once('PlaybackFinished', (ev) => r(ev.playback.state)));
    await pb.stop();
    expect(await fin).toBe('done');
    await expect(client.playbacks.get({ playbackId: pb.id })).rejects.toThrow('Playback not found');
    await ch.hangup({ reason: 'normal' } as never);
    await s.waitFor(() => !s.channel(ch.id), 2000);
  });

  it('plays sound:http WAVs for their real length and fails when the fetch fails', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/outage.wav') res.end(wav(2));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    try {
      const started = new Promise<Ari.Channel>((resolve) => client.once('StasisStart', (_ev, ch) => resolve(ch)));
      s.placeCall({ from: '0501112233' });
      const ch = await started;
      await ch.answer();
      const times = new Map<string, number>();
      const states = new Map<string, string>();
      client.on('PlaybackStarted', (ev) => times.set(ev.playback.id, Date.now()));
      client.on('PlaybackFinished', (ev) => {
        times.set(ev.playback.id, Date.now() - (times.get(ev.playback.id) ?? 0));
        states.set(ev.playback.id, ev.playback.state);
      });
      await client.channels.play({ channelId: ch.id, media: `sound:http://127.0.0.1:${port}/outage.wav`, playbackId: 'ok' });
      await client.channels.play({ channelId: ch.id, media: `sound:http://127.0.0.1:${port}/missing.wav`, playbackId: 'bad' });
      await s.waitFor(() => states.size === 2, 5000);
      expect(states.get('ok')).toBe('done');
      expect(states.get('bad')).toBe('failed');
      // 2 s of audio at time scale 0.02 = 40 ms
      expect(times.get('ok')).toBeGreaterThanOrEqual(35);
      expect(times.get('ok')).toBeLessThan(1000);
    } finally {
      server.close();
    }
  });

  it('rejects bad credentials and unknown routes like Asterisk', async () => {
    const bad = await fetch(`${s.ariUrl}/ari/channels`, { headers: { authorization: `Basic ${Buffer.from('kontakt:wrong').toString('base64')}` } });
    expect(bad.status).toBe(401);
    const key = await fetch(`${s.ariUrl}/ari/channels?api_key=kontakt:kontakt-secret`);
    expect(key.status).toBe(200);
    const missing = await fetch(`${s.ariUrl}/ari/channels/x/hangup?api_key=kontakt:kontakt-secret`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Resource not found' });
    const noEndpoint = await fetch(`${s.ariUrl}/ari/channels?api_key=kontakt:kontakt-secret&app=kontakt`, { method: 'POST' });
    expect(noEndpoint.status).toBe(400);
  });

  it('with no application connected, Stasis() fails and the call falls through to the queue', async () => {
    stopAri(client);
    await s.waitFor(() => !s.model.apps.get('kontakt')?.active, 2000);
    const call = s.placeCall({ from: '0441112233' });
    const join = await s.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id);
    expect(join.Queue).toBe('dispatchers');
    await sleep(10);
  });
});
