/**
 * ARI requests over the events WebSocket (RESTRequest → RESTResponse) answered as Asterisk
 * 22.7.0 answered them (tests/fixtures/ws-rest-requests.json, recorded from the real PBX): the
 * malformed ones with its own 400s, the rest through the same routes as HTTP, in order, and only
 * through the application's event filter.
 */
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { standin } from './helpers';
import type { Standin } from '../../standin/scenario';

interface Recorded {
  log: Array<{ sent: string; answer: Record<string, unknown> }>;
}
const recording = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'ws-rest-requests.json'), 'utf8')) as Recorded;

function open(s: Standin, app: string): Promise<{ ws: WebSocket; answers: Array<Record<string, unknown>> }> {
  const ws = new WebSocket(`${s.ariUrl.replace(/^http/, 'ws')}/ari/events?app=${app}&api_key=kontakt:kontakt-secret`);
  const answers: Array<Record<string, unknown>> = [];
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as Record<string, unknown>;
    if (m.type === 'RESTResponse') answers.push(m);
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, answers }));
    ws.once('error', reject);
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Values that differ between any two runs (when, which PBX) are compared by their shape. */
function comparable(a: Record<string, unknown>): Record<string, unknown> {
  const { timestamp, asterisk_id, application, message_body, ...rest } = a;
  const body = typeof message_body === 'string' ? (JSON.parse(message_body) as Record<string, unknown>) : undefined;
  if (body && 'ping' in body) return { ...rest, body: Object.keys(body).sort() };
  return { ...rest, ...(body ? { body } : {}), stamped: typeof timestamp === 'string' && typeof asterisk_id === 'string', application: typeof application };
}

describe('ARI requests over the events WebSocket', () => {
  let s: Standin;
  beforeAll(async () => {
    s = await standin();
  });
  afterAll(() => s.stop());

  test('every recorded request is answered as Asterisk 22.7.0 answered it, in the order sent', async () => {
    const { ws, answers } = await open(s, 'ws-rest-record');
    try {
      // All at once: the answers still come one per request, in order.
      for (const e of recording.log) ws.send(e.sent);
      await until(() => answers.length === recording.log.length, 'every answer');
      expect(answers.map(comparable)).toEqual(recording.log.map((e) => comparable(e.answer)));
      expect(new Set(answers.map((a) => a.application))).toEqual(new Set(['ws-rest-record']));
    } finally {
      ws.close();
    }
  });

  test('a request on a live channel does what it does over HTTP; the answer names no body when there is none', async () => {
    const { ws, answers } = await open(s, 'kontakt');
    try {
      const id = 'ws-call-1';
      ws.send(JSON.stringify({ type: 'RESTRequest', request_id: 'o', method: 'POST', uri: `channels?endpoint=PJSIP/0501234567&app=kontakt&channelId=${id}` }));
      await until(() => answers.length === 1, 'the originate');
      expect(answers[0]).toMatchObject({ status_code: 200, reason_phrase: 'OK', uri: 'channels', content_type: 'application/json' });
      expect(JSON.parse(String(answers[0].message_body))).toMatchObject({ id });
      ws.send(JSON.stringify({ type: 'RESTRequest', request_id: 'v', method: 'POST', uri: `channels/${id}/variable`, content_type: 'application/json', message_body: JSON.stringify({ variable: 'KONTAKT_X', value: 'a,b "c" і' }) }));
      ws.send(JSON.stringify({ type: 'RESTRequest', request_id: 'g', method: 'GET', uri: `channels/${id}/variable?variable=KONTAKT_X` }));
      ws.send(JSON.stringify({ type: 'RESTRequest', request_id: 'h', method: 'DELETE', uri: `channels/${id}` }));
      await until(() => answers.length === 4, 'three more answers');
      expect(answers[1]).toEqual(expect.objectContaining({ request_id: 'v', status_code: 204, reason_phrase: 'No Content' }));
      expect(answers[1]).not.toHaveProperty('message_body');
      expect(answers[1]).not.toHaveProperty('content_type');
      expect(JSON.parse(String(answers[2].message_body))).toEqual({ value: 'a,b "c" і' });
      expect(answers[3]).toMatchObject({ request_id: 'h', status_code: 204 });
      expect(s.model.channels.get(id)?.hungUp ?? true).toBe(true);
      // What came over the socket is kept with the HTTP requests.
      expect(s.appRequests.rest.filter((r) => r.path.startsWith(`/channels/${id}/variable`)).map((r) => [r.method, r.status])).toEqual([['POST', 204], ['GET', 200]]);
    } finally {
      ws.close();
    }
  });

  test("the application's event filter applies to the answers, as Asterisk's does", async () => {
    const { ws, answers } = await open(s, 'filtered');
    const auth = { Authorization: `Basic ${Buffer.from('kontakt:kontakt-secret').toString('base64')}`, 'Content-Type': 'application/json' };
    const filter = (allowed: string[]) => fetch(`${s.ariUrl}/ari/applications/filtered/eventFilter`, { method: 'PUT', headers: auth, body: JSON.stringify({ allowed: allowed.map((type) => ({ type })) }) });
    const ping = (id: string) => ws.send(JSON.stringify({ type: 'RESTRequest', request_id: id, method: 'GET', uri: 'asterisk/ping' }));
    try {
      expect((await filter(['StasisStart'])).status).toBe(200);
      ping('dropped');
      // Answered (and dropped) before the filter changes again.
      await until(() => s.appRequests.rest.some((r) => r.path === '/asterisk/ping'), 'the first ping run');
      await new Promise((r) => setTimeout(r, 50));
      expect((await filter(['StasisStart', 'RESTResponse'])).status).toBe(200);
      ping('kept');
      await until(() => answers.length >= 1, 'the answer that passes');
      await new Promise((r) => setTimeout(r, 50));
      expect(answers.map((a) => a.request_id)).toEqual(['kept']);
    } finally {
      ws.close();
    }
  });
});
