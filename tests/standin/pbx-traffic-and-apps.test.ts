/**
 * PBX traffic that is not the hotline's (unrelated-call recording) and one events socket per
 * application (app-replaced recording), through the real ari-client, asterisk-manager and raw
 * WebSockets.
 */
import type Ari from 'ari-client';
import WebSocket from 'ws';
import type AsteriskManager from 'asterisk-manager';
import { standin, ariClient, stopAri, amiClient, collectAmi, sleep } from './helpers';
import type { Standin } from '../../standin/scenario';

const auth = 'api_key=kontakt:kontakt-secret';

async function rawSocket(s: Standin, app: string, into: Array<Record<string, unknown>>): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${s.ariPort}/ari/events?app=${app}&${auth}`);
  ws.on('message', (d) => into.push(JSON.parse(String(d)) as Record<string, unknown>));
  await new Promise((r) => ws.once('open', r));
  return ws;
}

async function getJson(s: Standin, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${s.ariUrl}/ari${path}${path.includes('?') ? '&' : '?'}${auth}`);
  return { status: res.status, body: await res.json() };
}

describe('PBX traffic unrelated to the hotline', () => {
  let s: Standin;
  let ami: AsteriskManager.Manager;
  let client: Ari.Client;
  afterEach(async () => {
    ami?.disconnect();
    if (client) stopAri(client);
    await s.stop();
  });

  it('placeUnrelatedCall: two Local halves on AMI, Newchannel … Hangup each, nothing on ARI', async () => {
    s = await standin();
    ami = await amiClient(s);
    client = await ariClient(s);
    const ariSeen: string[] = [];
    client.on('ChannelStateChange', (ev) => ariSeen.push(ev.channel.id));
    const events = collectAmi(ami);
    const call = s.placeUnrelatedCall();
    expect(await call.ended).toBe(0);
    await s.waitFor(() => s.channels().length === 0, 2000, 'both halves gone');
    await sleep(50);
    const names = (ev: string): string[] => events.filter((e) => e.event === ev).map((e) => String(e.channel));
    const created = names('Newchannel');
    expect(created).toHaveLength(2);
    expect(created[0]).toMatch(/^Local\/200@internal-[0-9a-f]{8};1$/);
    expect(created[1]).toBe(created[0].replace(/;1$/, ';2'));
    expect(names('Hangup').sort()).toEqual([...created].sort());
    expect(events.find((e) => e.event === 'Newchannel' && e.channel === created[1])).toMatchObject({ calleridnum: '200', calleridname: 'Office', context: 'internal', exten: '200' });
    // Linked to each other, and to nothing of Kontakt's.
    const one = events.find((e) => e.event === 'Newchannel' && e.channel === created[0])!;
    expect(events.find((e) => e.event === 'Newchannel' && e.channel === created[1])?.linkedid).toBe(one.uniqueid);
    expect(s.sent.ari).toEqual([]);
    expect(ariSeen).toEqual([]);
    expect(events.some((e) => /^(Queue|Agent)/.test(String(e.event)))).toBe(false);
  });

  it('a place with no dialplan simply answers; the call lasts durationMs', async () => {
    s = await standin({ timeScale: 0.05 });
    const call = s.placeUnrelatedCall({ from: '301', exten: '300', context: 'office', durationMs: 4000 });
    const t0 = Date.now();
    expect(call.channel.name).toMatch(/^Local\/300@office-[0-9a-f]{8};1$/);
    await s.waitFor(() => s.channel(call.id)?.state === 'Up', 2000, 'answered');
    await call.ended;
    // 4 s at 0.05 = 200 ms
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    const hangups = s.sent.ami.filter((e) => e.name === 'Hangup').map((e) => Object.fromEntries(e.fields).Channel);
    expect(hangups.sort()).toEqual([`${call.channel.name.slice(0, -2)};1`, `${call.channel.name.slice(0, -2)};2`]);
    expect(s.sent.ari).toEqual([]);
  });
});

describe('one events socket per application', () => {
  let s: Standin;
  const clients: Ari.Client[] = [];
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    clients.splice(0).forEach(stopAri);
    sockets.splice(0).forEach((w) => w.close());
    await s.stop();
  });

  it('a second socket takes the application over: ApplicationReplaced to the first, which stays open and hears nothing more', async () => {
    s = await standin();
    const first: Array<Record<string, unknown>> = [];
    const second: Array<Record<string, unknown>> = [];
    const ws1 = await rawSocket(s, 'kontakt', first);
    sockets.push(ws1);
    const ws2 = await rawSocket(s, 'kontakt', second);
    sockets.push(ws2);
    await s.waitFor(() => first.length > 0, 2000, 'ApplicationReplaced');
    expect(first).toEqual([expect.objectContaining({ type: 'ApplicationReplaced', application: 'kontakt' })]);
    const call = s.placeCall({ from: '0501234567' });
    await s.waitFor(() => second.find((e) => e.type === 'StasisStart'), 2000, 'StasisStart on the second');
    await sleep(50);
    expect(ws1.readyState).toBe(WebSocket.OPEN);
    expect(first.map((e) => e.type)).toEqual(['ApplicationReplaced']);
    // When the second goes, the application is gone although the first is still open (the
    // call in it keeps it listed until it leaves).
    s.hangupChannel(call.id);
    ws2.close();
    await s.waitFor(() => !s.model.apps.has('kontakt'), 2000, 'application gone');
    expect(ws1.readyState).toBe(WebSocket.OPEN);
    expect(await getJson(s, '/applications')).toEqual({ status: 200, body: [] });
    expect((await getJson(s, '/applications/kontakt')).status).toBe(404);
    // A new call's Stasis() fails and the dialplan goes on to the queue.
    const next = s.placeCall({ from: '0671112233' });
    const join = await s.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === next.id);
    expect(join.Queue).toBe('dispatchers');
    expect(s.model.channels.get(next.id)?.vars.get('STASISSTATUS')).toBe('FAILED');
    expect(first.map((e) => e.type)).toEqual(['ApplicationReplaced']);
    next.hangup();
  });

  it('the same through ari-client: the replaced client gets ApplicationReplaced, the newer one the calls', async () => {
    s = await standin();
    const a = await ariClient(s, 'kontakt');
    clients.push(a);
    const replaced = new Promise<string>((r) => a.on('ApplicationReplaced' as never, ((ev: { application: string }) => r(ev.application)) as never));
    const aStarts: string[] = [];
    a.on('StasisStart', (_ev, ch) => aStarts.push(ch.id));
    const b = await ariClient(s, 'kontakt');
    clients.push(b);
    expect(await replaced).toBe('kontakt');
    const started = new Promise<string>((r) => b.once('StasisStart', (_ev, ch) => r(ch.id)));
    const call = s.placeCall({ from: '0501234567' });
    expect(await started).toBe(call.id);
    await sleep(50);
    expect(aStarts).toEqual([]);
    call.hangup();
  });

  it('while the socket is away, a channel in the application stays in it and GET /applications/<name> lists it', async () => {
    s = await standin();
    const events: Array<Record<string, unknown>> = [];
    const ws = await rawSocket(s, 'kontakt', events);
    const call = s.placeCall({ from: '0501234567' });
    await s.waitFor(() => events.find((e) => e.type === 'StasisStart'), 2000, 'StasisStart');
    ws.close();
    await s.waitFor(() => !s.model.apps.get('kontakt')?.active, 2000, 'inactive');
    expect(await getJson(s, '/applications/kontakt')).toMatchObject({ status: 200, body: { name: 'kontakt', channel_ids: [call.id] } });
    call.hangup();
  });

  it('different applications connected at once each get their own channels’ events', async () => {
    s = await standin({
      dialplan: `
[line-a]
exten => 1551,1,Stasis(kontakt-a,inbound)
 same => n,Hangup()
[line-b]
exten => 1551,1,Stasis(kontakt-b,inbound)
 same => n,Hangup()
`,
    });
    const a: Array<Record<string, unknown>> = [];
    const b: Array<Record<string, unknown>> = [];
    sockets.push(await rawSocket(s, 'kontakt-a', a), await rawSocket(s, 'kontakt-b', b));
    const ca = s.placeCall({ from: '0501111111', context: 'line-a' });
    const cb = s.placeCall({ from: '0502222222', context: 'line-b' });
    await s.waitFor(() => a.find((e) => e.type === 'StasisStart') && b.find((e) => e.type === 'StasisStart'), 2000, 'both started');
    ca.pressKeys('1');
    cb.pressKeys('2');
    await s.waitFor(() => a.find((e) => e.type === 'ChannelDtmfReceived') && b.find((e) => e.type === 'ChannelDtmfReceived'), 2000, 'keys');
    const ids = (events: Array<Record<string, unknown>>): string[] => [...new Set(events.map((e) => (e.channel as { id?: string } | undefined)?.id).filter(Boolean) as string[])];
    expect(ids(a)).toEqual([ca.id]);
    expect(ids(b)).toEqual([cb.id]);
    expect(a.some((e) => e.type === 'ApplicationReplaced') || b.some((e) => e.type === 'ApplicationReplaced')).toBe(false);
    const apps = (await getJson(s, '/applications')).body as Array<{ name: string; channel_ids: string[] }>;
    expect(apps.map((x) => [x.name, x.channel_ids]).sort()).toEqual([['kontakt-a', [ca.id]], ['kontakt-b', [cb.id]]]);
    ca.hangup();
    cb.hangup();
  });
});
