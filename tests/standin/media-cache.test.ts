/**
 * Sounds played from HTTP are cached as Asterisk's res_http_media_cache does: for as long as
 * the response's Cache-Control max-age allows (Kontakt's prompts are immutable), and not at all
 * without it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Ari from 'ari-client';
import type { Standin } from '../../standin/scenario';
import { standin as startStandin, ariClient, stopAri } from './helpers';
import { encodeWav, TELEPHONY_SAMPLE_RATE } from '../../ivr/speech/wav';

/** Silence as the 8 kHz WAV Asterisk plays. */
function wav(ms: number): Buffer {
  return encodeWav({ samples: new Int16Array(Math.round((TELEPHONY_SAMPLE_RATE * ms) / 1000)), sampleRate: TELEPHONY_SAMPLE_RATE });
}

describe('stand-in HTTP media cache', () => {
  let s: Standin;
  let client: Ari.Client;
  let server: http.Server;
  let base: string;
  const fetches = new Map<string, number>();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      fetches.set(req.url!, (fetches.get(req.url!) ?? 0) + 1);
      if (req.url === '/immutable.wav') res.writeHead(200, { 'Cache-Control': 'public, max-age=31536000, immutable' }).end(wav(500));
      else if (req.url === '/fresh.wav') res.writeHead(200, { 'Cache-Control': 'no-cache' }).end(wav(500));
      else res.writeHead(200).end(wav(500));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    s = await startStandin();
    client = await ariClient(s);
  });
  afterAll(async () => {
    stopAri(client);
    await s?.stop();
    server?.close();
  });

  test('an immutable sound is fetched once; sounds without a max-age every time', async () => {
    const started = new Promise<Ari.Channel>((resolve) => client.once('StasisStart', (_e, ch) => resolve(ch)));
    s.placeCall({ from: '0501112233' });
    const ch = await started;
    await ch.answer();
    const done = new Set<string>();
    client.on('PlaybackFinished', (ev) => ev.playback.state === 'done' && done.add(ev.playback.id));
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      for (const name of ['immutable', 'fresh', 'plain']) {
        const id = `${name}-${i}`;
        ids.push(id);
        await client.channels.play({ channelId: ch.id, media: `sound:${base}/${name}.wav`, playbackId: id });
      }
    }
    await s.waitFor(() => ids.every((id) => done.has(id)), 10_000, 'all six playbacks');
    expect(Object.fromEntries(fetches)).toEqual({ '/immutable.wav': 1, '/fresh.wav': 2, '/plain.wav': 2 });
    await ch.hangup();
  });
});
