/** Faults on demand: dropped connections, restart, slow answers, duplicate and malformed events. */
import type Ari from 'ari-client';
import type AsteriskManager from 'asterisk-manager';
import { standin, ariClient, amiClient, stopAri, sleep } from './helpers';
import type { Standin } from '../../standin/scenario';

describe('stand-in faults', () => {
  let s: Standin;
  let client: Ari.Client;
  beforeEach(async () => {
    s = await standin();
    client = await ariClient(s);
  });
  afterEach(async () => {
    stopAri(client);
    await s.stop();
  });

  it('ARI socket drop: ari-client reconnects; the call stays in Stasis, no second StasisStart, keys meanwhile are lost', async () => {
    const starts: string[] = [];
    const digits: string[] = [];
    client.on('StasisStart', (_e, ch) => starts.push(ch.id));
    client.on('ChannelDtmfReceived', (e) => digits.push(e.digit));
    const call = s.placeCall({ from: '0661234567' });
    await s.waitFor(() => starts.length === 1, 2000);
    const reconnected = new Promise<void>((r) => client.once('WebSocketConnected', () => r()));
    s.faults.dropAri();
    await s.waitFor(() => !s.model.apps.get('kontakt')?.active, 2000);
    call.pressKeys('2'); // pressed while no socket is connected: lost
    await sleep(40);
    await reconnected;
    call.pressKeys('1');
    const app = await client.applications.get({ applicationName: 'kontakt' });
    expect(app.channel_ids).toEqual([call.id]);
    await s.waitFor(() => digits.length === 1, 2000);
    expect(digits).toEqual(['1']);
    expect(starts).toEqual([call.id]);
  });

  it('restart: both servers come back on the same ports; calls in Stasis stay there', async () => {
    const starts: string[] = [];
    client.on('StasisStart', (_e, ch) => starts.push(ch.id));
    const call = s.placeCall({ from: '0661234567' });
    await s.waitFor(() => starts.length === 1, 2000);
    const ami = await amiClient(s);
    const closed = new Promise<void>((r) => ami.once('close', () => r()));
    const port = s.ariPort;
    const reconnected = new Promise<void>((r) => client.once('WebSocketConnected', () => r()));
    await s.faults.restart(50);
    await closed;
    expect(s.ariPort).toBe(port);
    await reconnected;
    expect((await client.channels.get({ channelId: call.id })).id).toBe(call.id);
    expect((await client.applications.get({ applicationName: 'kontakt' })).channel_ids).toEqual([call.id]);
    await sleep(50);
    expect(starts).toEqual([call.id]);
    const again = await amiClient(s);
    expect(again.isConnected()).toBe(true);
    again.disconnect();
  });

  it('AMI drop: the client sees the close and logs in again', async () => {
    const ami = await amiClient(s);
    const closed = new Promise<void>((r) => ami.once('close', () => r()));
    s.faults.dropAmi();
    await closed;
    const again = await amiClient(s);
    const pong = await new Promise<AsteriskManager.ManagerMessage>((res, rej) => again.action({ action: 'Ping' }, (e, r) => (e ? rej(e) : res(r!))));
    expect(pong.ping).toBe('Pong');
    again.disconnect();
  });

  it('slow answers delay REST replies', async () => {
    s.faults.slowAnswers(150);
    const t = Date.now();
    await client.channels.list();
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    s.faults.slowAnswers(0);
  });

  it('an event sent twice arrives twice', async () => {
    const starts: string[] = [];
    client.on('StasisStart', (_e, ch) => starts.push(ch.id));
    s.faults.duplicateAriEvent('StasisStart');
    const call = s.placeCall({ from: '0661234567' });
    await s.waitFor(() => starts.length === 2, 2000);
    expect(starts).toEqual([call.id, call.id]);
    const ami = await amiClient(s);
    const joins: string[] = [];
    ami.on('queuecallerjoin', (e: AsteriskManager.ManagerMessage) => joins.push(String(e.uniqueid)));
    s.faults.duplicateAmiEvent('QueueCallerJoin');
    const c2 = s.placeCall({ from: '0661234568', context: 'dispatchers', to: 's' });
    await s.waitFor(() => joins.length === 2, 2000);
    expect(joins).toEqual([c2.id, c2.id]);
    ami.disconnect();
  });

  it('a malformed AMI frame does not stop the session', async () => {
    const ami = await amiClient(s);
    const raw: unknown[] = [];
    ami.on('managerevent', (e: unknown) => raw.push(e));
    s.faults.malformedAmiFrame();
    await sleep(30);
    const pong = await new Promise<AsteriskManager.ManagerMessage>((res, rej) => ami.action({ action: 'Ping' }, (e, r) => (e ? rej(e) : res(r!))));
    expect(pong.ping).toBe('Pong');
    expect(raw.some((e) => (e as { event?: string }).event === 'Broken')).toBe(true);
    ami.disconnect();
  });
});
