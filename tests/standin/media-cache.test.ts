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

function wav(ms: number): Buffer {
  const rate = 8000;
  const data = Buffer.alloc(Math.round((rate * 2 * ms) / 1000));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
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
