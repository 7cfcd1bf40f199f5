import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { createPromptRouter, soundUri } from '../../ivr/speech/http-router';
import { PromptSource } from '../../ivr/speech/prompt-store';
import { encodeWav } from '../../ivr/speech/wav';

const KNOWN = 'a'.repeat(64);
const WAV = encodeWav({ samples: Int16Array.from({ length: 800 }, (_, i) => (i % 20) * 100), sampleRate: 8000 });

let server: Server;
let base: string;
const source: PromptSource = { get: async (hash) => (hash === KNOWN ? WAV : null) };

beforeAll(async () => {
  const app = express();
  app.use(createPromptRouter(source));
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('serves a known prompt as immutable audio/wav with length and ETag', async () => {
  const res = await fetch(`${base}/prompts/${KNOWN}.wav`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('audio/wav');
  expect(res.headers.get('content-length')).toBe(String(WAV.length));
  expect(res.headers.get('etag')).toBe(`"${KNOWN}"`);
  expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(Buffer.from(await res.arrayBuffer()).equals(WAV)).toBe(true);
});

test('304 when the client already holds it', async () => {
  for (const tag of [`"${KNOWN}"`, `W/"${KNOWN}"`, `"other", "${KNOWN}"`]) {
    const res = await fetch(`${base}/prompts/${KNOWN}.wav`, { headers: { 'If-None-Match': tag } });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe(`"${KNOWN}"`);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  }
  const stale = await fetch(`${base}/prompts/${KNOWN}.wav`, { headers: { 'If-None-Match': '"other"' } });
  expect(stale.status).toBe(200);
  await stale.arrayBuffer();
});

test('HEAD gives the headers without the body', async () => {
  const res = await fetch(`${base}/prompts/${KNOWN}.wav`, { method: 'HEAD' });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-length')).toBe(String(WAV.length));
});

test('404 for a well-formed hash nobody rendered', async () => {
  const res = await fetch(`${base}/prompts/${'b'.repeat(64)}.wav`);
  expect(res.status).toBe(404);
  expect(res.headers.get('cache-control')).toBeNull();
  await res.arrayBuffer();
});

test.each([
  ['short', `${'a'.repeat(63)}.wav`],
  ['upper case', `${'A'.repeat(64)}.wav`],
  ['not hex', `${'g'.repeat(64)}.wav`],
  ['wrong extension', `${'a'.repeat(64)}.mp3`],
  ['no extension', 'a'.repeat(64)],
  ['traversal', '..%2F..%2Fetc%2Fpasswd.wav'],
])('400 for a malformed id (%s)', async (_, file) => {
  const res = await fetch(`${base}/prompts/${file}`);
  expect(res.status).toBe(400);
  await res.arrayBuffer();
});

test('soundUri builds the address Asterisk plays', () => {
  expect(soundUri('http://10.0.0.5:8080/', '/prompts/x.wav')).toBe('sound:http://10.0.0.5:8080/prompts/x.wav');
});

test('end to end: a prompt store behind the router serves what urlFor names', async () => {
  const { PromptStore } = await import('../../ivr/speech/prompt-store');
  const store = new PromptStore({
    engine: {
      id: 'tone@1', defaultVoice: 'uk', isAvailable: async () => true, close: async () => undefined,
      synthesize: async () => ({ samples: Int16Array.from({ length: 16000 }, (_, i) => Math.round(9000 * Math.sin(i / 5))), sampleRate: 16000 }),
    },
  });
  const app = express();
  app.use(createPromptRouter(store));
  const local = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const path = await store.urlFor('Доброго дня.');
    const res = await fetch(`http://127.0.0.1:${(local.address() as AddressInfo).port}${path}`);
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals((await store.get(path.slice('/prompts/'.length, -'.wav'.length)))!)).toBe(true);
    expect(body.readUInt32LE(24)).toBe(8000);
  } finally {
    await new Promise<void>((resolve) => local.close(() => resolve()));
  }
});
