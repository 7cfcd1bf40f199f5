/**
 * ARI requests over the events WebSocket (Asterisk 22.4+): once connected, AriConnection sends
 * its requests as RESTRequest frames and reads the RESTResponse, through the real ari-client and
 * the stand-in; HTTP carries the API descriptions, the setup, and everything while the socket is
 * away. A request whose socket drops fails at once.
 */
import { AriConnection } from '../../telephony/ari-connection';
import type { AriReadyEvent, StasisStartEvent } from '../../telephony/ari-events';
import { AriWsRequests } from '../../telephony/ari-ws-requests';
import type { SwaggerHttpResponse } from '../../telephony/ari-http-transport';
import type { Standin } from '../../standin/scenario';
import { standin, ariConnection, nextEvent } from './helpers';

describe('ARI requests over the events WebSocket', () => {
  let s: Standin;
  let ari: AriConnection;

  beforeEach(async () => {
    s = await standin();
  });
  afterEach(async () => {
    ari?.stop();
    await s.stop();
  });

  async function connect(opts: Parameters<typeof ariConnection>[1] = {}): Promise<AriReadyEvent> {
    ari = ariConnection(s, opts);
    const ready = nextEvent<AriReadyEvent>(ari, 'ready');
    ari.start();
    return ready;
  }

  async function callInIvr(): Promise<string> {
    const started = nextEvent<StasisStartEvent>(ari, 'stasisStart');
    s.placeCall({ from: '0501234567' });
    return (await started).channelId;
  }

  const via = (path: RegExp) => s.appRequests.rest.filter((r) => path.test(r.path)).map((r) => `${r.method} ${r.via}`);

  it('sends the call\'s requests over the socket once connected, with the answers HTTP would give', async () => {
    await connect();
    const id = await callInIvr();
    await ari.answer(id);
    const pb = await ari.play(id, ['sound:a', 'sound:b'], `${id}-pb`);
    expect(pb).toEqual({ playbackId: `${id}-pb`, state: 'queued' });
    // Stopped first: Asterisk sets a variable only after the prompt queued before it.
    await ari.stopPlayback(pb.playbackId);
    await ari.setVariable(id, 'KONTAKT_X', 'a,b "c" і');
    expect(s.model.getVar(s.model.channels.get(id)!, 'KONTAKT_X')).toBe('a,b "c" і');
    await expect(ari.answer('no-such-channel')).rejects.toMatchObject({ name: 'ChannelGoneError' });
    await ari.hangup(id);
    // The setup went over HTTP (the socket was not ready), the call's requests over the socket.
    expect(via(/^\/applications\/kontakt\/eventFilter/)).toEqual(['PUT http']);
    expect(via(new RegExp(`^/channels/${id}`))).toEqual(['POST socket', 'POST socket', 'POST socket', 'DELETE socket']);
    expect(via(/^\/channels\/no-such-channel/)).toEqual(['POST socket']);
  });

  it('keeps every request on HTTP when told to', async () => {
    await connect({ restOverWebSocket: false });
    const id = await callInIvr();
    await ari.answer(id);
    await ari.hangup(id);
    expect(via(new RegExp(`^/channels/${id}`))).toEqual(['POST http', 'DELETE http']);
  });

  it('stop() closes the socket only once the requests on it have their answers', async () => {
    await connect();
    const id = await callInIvr();
    s.faults.slowAnswers(200);
    const answered = ari.answer(id).then(() => 'answered', (err: Error) => err.message);
    await new Promise((r) => setTimeout(r, 20));
    ari.stop();
    expect(await answered).toBe('answered');
    expect(via(new RegExp(`^/channels/${id}/answer`))).toEqual(['POST socket']);
    await s.waitFor(() => s.model.apps.get('kontakt')?.active === false, 2000, 'the socket closed after the answer');
  });

  it('a PBX that leaves socket requests unanswered (before Asterisk 22.4) gets them over HTTP', async () => {
    s.faults.ignoreSocketRequests();
    await connect();
    const id = await callInIvr();
    await ari.answer(id);
    expect(via(/^\/asterisk\/ping/)).toEqual([]);
    expect(via(new RegExp(`^/channels/${id}`))).toEqual(['POST http']);
  });

  it('a request whose socket drops fails at once; HTTP carries requests until the socket is back, then the socket again', async () => {
    await connect();
    const id = await callInIvr();
    s.faults.slowAnswers(400);
    const started = Date.now();
    const inFlight = ari.getChannel(id).then(() => 'answered', (err: Error) => err.name);
    await new Promise((r) => setTimeout(r, 50));
    const back = nextEvent<AriReadyEvent>(ari, 'ready');
    s.faults.dropAri();
    expect(await inFlight).not.toBe('answered');
    expect(Date.now() - started).toBeLessThan(400);
    s.faults.slowAnswers(0);
    await back;
    await ari.answer(id);
    expect(via(new RegExp(`^/channels/${id}/answer`))).toEqual(['POST socket']);
  });
});

describe('AriWsRequests', () => {
  function request(url: string, body?: unknown) {
    const answers: Array<{ ok: boolean; res: SwaggerHttpResponse }> = [];
    return {
      req: { url, method: 'post', headers: { 'Content-Type': 'application/json' }, body, on: { response: (res: SwaggerHttpResponse) => answers.push({ ok: true, res }), error: (res: SwaggerHttpResponse) => answers.push({ ok: false, res }) } },
      answers,
    };
  }

  it('writes a RESTRequest with the URI under the base and the JSON body, and settles it by its id, once', () => {
    const sent: string[] = [];
    const r = new AriWsRequests('http://pbx:8088/ari/', (text, done) => {
      sent.push(text);
      done();
    });
    const a = request('http://pbx:8088/ari/channels?endpoint=PJSIP%2F101&app=kontakt', { variables: { A: 'b' } });
    r.send(a.req);
    expect(JSON.parse(sent[0])).toEqual({ type: 'RESTRequest', request_id: '1', method: 'POST', uri: 'channels?endpoint=PJSIP%2F101&app=kontakt', content_type: 'application/json', message_body: '{"variables":{"A":"b"}}' });
    expect(r.answer({ type: 'RESTResponse', request_id: '2', status_code: 200 })).toBe(false);
    expect(r.answer({ type: 'RESTResponse', request_id: '1', status_code: 404, content_type: 'application/json', message_body: '{"message":"Channel not found"}' })).toBe(true);
    expect(r.answer({ type: 'RESTResponse', request_id: '1', status_code: 200 })).toBe(false);
    expect(a.answers).toHaveLength(1);
    expect(a.answers[0].ok).toBe(false);
    expect(a.answers[0].res.status).toBe(404);
    expect(a.answers[0].res.data.toString()).toBe('{"message":"Channel not found"}');
    expect(r.waiting).toBe(0);
  });

  it('fails what waits when the socket closes or will not take the frame, and what comes after', () => {
    const r = new AriWsRequests('http://pbx:8088/ari/', (_text, done) => done(new Error('not open')));
    const refused = request('http://pbx:8088/ari/channels/c1/answer');
    r.send(refused.req);
    expect(refused.answers.map((x) => [x.ok, x.res.status])).toEqual([[false, 0]]);
    const quiet = new AriWsRequests('http://pbx:8088/ari/', () => undefined);
    const waiting = request('http://pbx:8088/ari/channels/c1/answer');
    quiet.send(waiting.req);
    quiet.close('ARI WebSocket closed');
    const late = request('http://pbx:8088/ari/channels/c1/answer');
    quiet.send(late.req);
    expect([...waiting.answers, ...late.answers].map((x) => [x.ok, x.res.status, x.res.data.toString()])).toEqual([
      [false, 0, 'ARI WebSocket closed'],
      [false, 0, 'ARI WebSocket closed'],
    ]);
  });
});
