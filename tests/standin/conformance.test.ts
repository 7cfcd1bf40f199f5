/**
 * Replays the client side of each recording against the stand-in and compares the answers with
 * what Asterisk 22.7.0 answered: REST status codes and JSON shapes, ARI event types in order
 * per channel, AMI responses and the AMI events the project listens to (ids and times aside).
 */
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import WebSocket from 'ws';
import { startStandin, type Standin } from '../../standin/scenario';
import { MessageParser, type AmiFields } from '../../standin/ami/framing';

const DIR = path.join(__dirname, '..', 'fixtures', 'asterisk');
const SCALE = 0.1;

type Entry =
  | { t: number; kind: 'ami-sent'; text: string }
  | { t: number; kind: 'ami-bytes'; text: string }
  | { t: number; kind: 'ari-event'; event: Record<string, unknown>; socket?: number }
  | { t: number; kind: 'ari-rest'; method: string; path: string; status: number; response: unknown }
  | { t: number; kind: 'note'; text: string };

interface Recording {
  scenario: string;
  log: Entry[];
}

const ARI_TYPES = new Set(['StasisStart', 'StasisEnd', 'ChannelStateChange', 'ChannelDtmfReceived', 'PlaybackStarted', 'PlaybackFinished', 'ChannelHangupRequest', 'ChannelDestroyed', 'ChannelVarset', 'Dial']);
const AMI_EVENTS = new Set(['Newchannel', 'Newstate', 'Hangup', 'DialBegin', 'DialEnd', 'QueueCallerJoin', 'QueueCallerLeave', 'QueueCallerAbandon', 'AgentCalled', 'AgentConnect', 'AgentComplete', 'QueueMemberStatus', 'QueueMemberAdded', 'QueueMemberRemoved', 'QueueMemberPause', 'DTMFBegin', 'DTMFEnd', 'VarSet', 'OriginateResponse', 'FullyBooted', 'QueueSummary', 'QueueSummaryComplete', 'QueueParams', 'QueueMember', 'QueueStatusComplete', 'CoreShowChannel', 'CoreShowChannelsComplete']);

/** Value types of a JSON value, recursively (ids and times are strings either way). */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, shape((v as Record<string, unknown>)[k])]));
  return v === null ? 'null' : typeof v;
}

function channelOf(ev: Record<string, unknown>): string | undefined {
  const ch = ev.channel as { id?: string } | undefined;
  if (ch?.id) return ch.id;
  const pb = ev.playback as { target_uri?: string } | undefined;
  if (pb?.target_uri) return pb.target_uri.replace(/^channel:/, '');
  return undefined;
}

/** Per channel (in order of first appearance): the lifecycle event types, repeats collapsed. */
function ariSummary(events: Array<Record<string, unknown>>): { lifecycle: string[][]; dials: string[][] } {
  const order: string[] = [];
  const life = new Map<string, string[]>();
  const dials = new Map<string, string[]>();
  for (const ev of events) {
    const type = String(ev.type);
    if (!ARI_TYPES.has(type)) continue;
    if (type === 'Dial') {
      const peer = (ev.peer as { id: string }).id;
      if (!order.includes(peer)) order.push(peer);
      dials.set(peer, [...(dials.get(peer) ?? []), String(ev.dialstatus)]);
      continue;
    }
    const id = channelOf(ev);
    if (!id) continue;
    if (!order.includes(id)) order.push(id);
    const list = life.get(id) ?? [];
    if (list[list.length - 1] !== type) list.push(type);
    life.set(id, list);
  }
  return { lifecycle: order.map((id) => life.get(id) ?? []).filter((l) => l.length), dials: order.map((id) => dials.get(id) ?? []).filter((l) => l.length) };
}

/** Events an application acts upon (a key, the end of a prompt, a new call). */
const REACTED_TO = new Set(['StasisStart', 'ChannelDtmfReceived', 'PlaybackFinished']);

/** How many of each lifecycle event type. */
function lifecycleCounts(events: Array<Record<string, unknown>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const ev of events) if (ARI_TYPES.has(String(ev.type))) out.set(String(ev.type), (out.get(String(ev.type)) ?? 0) + 1);
  return out;
}

function parseAmi(text: string): AmiFields[] {
  const p = new MessageParser();
  return p.feed(text.replace(/^Asterisk Call Manager\/[^\r\n]*\r\n/, ''));
}

/** Event name -> sorted header names, for the AMI events the project uses. */
function amiEventKeys(msgs: AmiFields[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of msgs) {
    const name = m.find(([k]) => k === 'Event')?.[1];
    if (!name || !AMI_EVENTS.has(name) || out.has(name)) continue;
    out.set(name, [...new Set(m.map(([k]) => k))].sort().join(','));
  }
  return out;
}

const MEMBER_EVENTS = ['QueueMemberAdded', 'QueueMemberRemoved', 'QueueMemberPause', 'QueueMemberStatus'];
const CALL_EVENTS = ['QueueCallerJoin', 'QueueCallerLeave', 'QueueCallerAbandon', 'AgentCalled', 'AgentConnect', 'AgentComplete'];

function queueStory(msgs: AmiFields[]): { members: string[]; calls: string[]; listed: string[] } {
  const members: string[] = [];
  const calls: string[] = [];
  // QueueStatus lists members in app_queue's hash order: compare them as a set.
  const listed: string[] = [];
  for (const m of msgs) {
    const get = (k: string): string => m.find(([x]) => x === k)?.[1] ?? '';
    const name = get('Event');
    // InCall on QueueMemberStatus races the bridge in Asterisk (recorded both ways): left out there.
    const inCall = name === 'QueueMemberStatus' ? '' : ` incall=${get('InCall')}`;
    if (MEMBER_EVENTS.includes(name)) members.push(`${name} ${get('Queue')} ${get('Interface')} si=${get('StateInterface')}${inCall} paused=${get('Paused')}/${get('PausedReason')} status=${get('Status')}`);
    else if (CALL_EVENTS.includes(name)) calls.push(`${name} ${get('Queue')} ${get('Interface')}`);
    else if (name === 'QueueMember') listed.push(`QueueMember ${get('Queue')} ${get('Location')} si=${get('StateInterface')} incall=${get('InCall')} paused=${get('Paused')}/${get('PausedReason')} status=${get('Status')}`);
  }
  return { members, calls, listed: listed.sort() };
}

/** Channel names (numbers aside) with their Newchannel and Hangup counts. */
function channelStory(msgs: AmiFields[]): Map<string, { created: number; hung: number }> {
  const seen = new Map<string, { created: number; hung: number }>();
  for (const m of msgs) {
    const get = (k: string): string => m.find(([x]) => x === k)?.[1] ?? '';
    const name = get('Event');
    if (name !== 'Newchannel' && name !== 'Hangup') continue;
    const ch = get('Channel').replace(/-[0-9a-f]{8}(;[12])?$/, '-N$1');
    const entry = seen.get(ch) ?? { created: 0, hung: 0 };
    if (name === 'Newchannel') entry.created++;
    else entry.hung++;
    seen.set(ch, entry);
  }
  return seen;
}

/** ActionID -> the Response message and the events of its list, in order. */
function amiResponses(msgs: AmiFields[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of msgs) {
    const get = (k: string): string | undefined => m.find(([x]) => x === k)?.[1];
    const id = get('ActionID');
    if (!id) continue;
    const line = get('Response') ? `${get('Response')}:${get('Message') ?? ''}` : `${get('Event')}`;
    // List items depend on what else the PBX was doing; the answer and the list end do not.
    if (['OriginateResponse', 'CoreShowChannel', 'QueueEntry'].includes(get('Event') ?? '')) continue;
    out.set(id, [out.get(id), line].filter(Boolean).join(' | '));
  }
  return out;
}

async function replay(rec: Recording): Promise<void> {
  const s: Standin = await startStandin({ timeScale: SCALE });
  const ariEvents: Array<Record<string, unknown>> = [];
  let amiText = '';
  let ws: WebSocket | undefined;
  let second: WebSocket | undefined;
  const secondEvents: Array<Record<string, unknown>> = [];
  let ami: net.Socket | undefined;
  const openWs = async (): Promise<void> => {
    const sock = new WebSocket(`ws://127.0.0.1:${s.ariPort}/ari/events?app=kontakt&api_key=kontakt:kontakt-secret`);
    sock.on('message', (d) => ariEvents.push(JSON.parse(String(d)) as Record<string, unknown>));
    await new Promise((r) => sock.once('open', r));
    ws = sock;
  };
  const usesAri = rec.log.some((e) => e.kind === 'ari-rest' || e.kind === 'ari-event');
  try {
    if (usesAri) await openWs();
    // ami-actions was recorded while a caller waited in dispatchers-busy; list one the same way.
    if (rec.scenario === 'ami-actions') s.placeCall({ from: '0442223344', name: 'Olena', context: 'busy-queue', to: 's' });
    // Recorded channel ids that the client used -> ours, by how they first appeared.
    const recIntro: string[] = [];
    for (const e of rec.log) {
      if (e.kind === 'ari-event' && e.event.type === 'StasisStart') {
        const id = (e.event.channel as { id: string }).id;
        if (!recIntro.includes(id)) recIntro.push(id);
      }
      if (e.kind === 'ari-rest' && e.method === 'POST' && /^\/channels\?/.test(e.path) && e.status === 200) recIntro.push((e.response as { id: string }).id);
    }
    const ourIntro: string[] = [];
    const track = (): void => {
      for (const ev of ariEvents) {
        if (ev.type === 'StasisStart') {
          const id = (ev.channel as { id: string }).id;
          if (!ourIntro.includes(id)) ourIntro.push(id);
        }
      }
    };
    const restResults: Array<{ rec: Entry & { kind: 'ari-rest' }; status: number; body: unknown }> = [];
    let last = 0;
    for (const e of rec.log) {
      if (e.kind === 'ami-bytes' || e.kind === 'ari-event') continue;
      await new Promise((r) => setTimeout(r, Math.max(0, (e.t - last) * SCALE)));
      last = e.t;
      if (e.kind === 'ami-sent') {
        if (!ami) {
          const sock = net.createConnection(s.amiPort, '127.0.0.1');
          sock.setEncoding('utf8');
          sock.on('data', (d: string) => (amiText += d));
          sock.on('error', () => undefined);
          await new Promise((r) => sock.once('connect', r));
          ami = sock;
        }
        ami.write(e.text);
      } else if (e.kind === 'note') {
        if (/closing the ARI websocket/i.test(e.text)) {
          ws?.close();
          await s.waitFor(() => !s.model.apps.get('kontakt')?.active, 2000, 'app inactive');
        } else if (/^socket 2 connected/i.test(e.text)) {
          // app-replaced: a second socket for the same application takes it over.
          const sock = new WebSocket(`ws://127.0.0.1:${s.ariPort}/ari/events?app=kontakt&api_key=kontakt:kontakt-secret`);
          sock.on('message', (d) => secondEvents.push(JSON.parse(String(d)) as Record<string, unknown>));
          await new Promise((r) => sock.once('open', r));
          second = sock;
        } else if (/^socket 2 closes/i.test(e.text)) {
          second?.close();
          await s.waitFor(() => !s.model.apps.has('kontakt'), 2000, 'application gone');
        }
      } else if (e.kind === 'ari-rest') {
        // The application reacted to what it had heard: on a loaded machine, wait (a while) for
        // the events it reacts to that the recording had delivered before this request (not the
        // PlaybackFinished a DELETE /playbacks itself caused, logged just before its answer).
        const before = lifecycleCounts(rec.log.filter((x): x is Entry & { kind: 'ari-event' } => x.kind === 'ari-event' && x.t < e.t - (e.path.startsWith('/playbacks') ? 50 : 0) && REACTED_TO.has(String(x.event.type))).map((x) => x.event));
        await s
          .waitFor(() => {
            const ours = lifecycleCounts(ariEvents);
            return [...before].every(([type, n]) => (ours.get(type) ?? 0) >= n);
          }, 3000, 'the events before this request')
          .catch(() => undefined);
        // ws-reconnect-adopt: the app reconnects, then looks for its calls.
        if (rec.scenario === 'ws-reconnect-adopt' && e.t > 4500 && (!ws || ws.readyState !== WebSocket.OPEN)) await openWs();
        let p = e.path;
        for (const [i, rid] of recIntro.entries()) {
          if (!p.includes(rid)) continue;
          const ours = await s.waitFor(() => {
            track();
            return ourIntro[i];
          }, 5000, `channel for ${rid}`);
          p = p.split(rid).join(ours);
        }
        const res = await fetch(`${s.ariUrl}/ari${p}`, { method: e.method, headers: { authorization: `Basic ${Buffer.from('kontakt:kontakt-secret').toString('base64')}` } });
        const text = await res.text();
        restResults.push({ rec: e, status: res.status, body: text ? JSON.parse(text) : null });
        if (e.method === 'POST' && /^\/channels\?/.test(e.path) && res.ok) ourIntro.push((JSON.parse(text) as { id: string }).id);
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    // On a loaded machine the simulated calls may end a little later than the replay: wait (up
    // to 5 s) until the queue events and hangups the recording saw have come, then compare.
    const recText = rec.log.filter((e) => e.kind === 'ami-bytes').map((e) => (e as { text: string }).text).join('');
    const recStory = queueStory(parseAmi(recText));
    const recHung = [...channelStory(parseAmi(recText)).values()].reduce((n, e) => n + e.hung, 0);
    await s
      .waitFor(() => {
        const ours = parseAmi(amiText);
        const st = queueStory(ours);
        const hung = [...channelStory(ours).values()].reduce((n, e) => n + e.hung, 0);
        return st.members.length >= recStory.members.length && st.calls.length >= recStory.calls.length && hung >= recHung;
      }, 5000, 'the recorded story')
      .catch(() => undefined);

    // REST: same status codes, same JSON shapes (ids and times aside), same error messages.
    for (const r of restResults) {
      expect({ call: `${r.rec.method} ${r.rec.path}`, status: r.status }).toEqual({ call: `${r.rec.method} ${r.rec.path}`, status: r.rec.status });
      expect(shape(r.body)).toEqual(shape(r.rec.response));
      const msg = (r.rec.response as { message?: string } | null)?.message;
      if (msg) expect(r.body).toEqual({ message: msg });
    }
    // ARI events: per channel, the same event types in the same order.
    const recEvents = rec.log.filter((e): e is Entry & { kind: 'ari-event' } => e.kind === 'ari-event').map((e) => e.event);
    // Events outside the channel lifecycle (ApplicationReplaced): the same types, per socket.
    const recOther = (socket: number): string[] =>
      rec.log.filter((e): e is Entry & { kind: 'ari-event' } => e.kind === 'ari-event' && (e.socket ?? 1) === socket && !ARI_TYPES.has(String(e.event.type)) && !String(e.event.type).startsWith('Channel') && !String(e.event.type).startsWith('Playback')).map((e) => String(e.event.type));
    const ourOther = (events: Array<Record<string, unknown>>): string[] => events.map((e) => String(e.type)).filter((t) => !ARI_TYPES.has(t) && !t.startsWith('Channel') && !t.startsWith('Playback'));
    expect(ourOther(ariEvents)).toEqual(recOther(1));
    if (second) expect(ourOther(secondEvents)).toEqual(recOther(2));
    for (const ev of ariEvents.filter((e) => e.type === 'ApplicationReplaced')) {
      expect(shape(ev)).toEqual(shape(recEvents.find((r) => r.type === 'ApplicationReplaced')));
    }
    const want = ariSummary(recEvents);
    const got = ariSummary(ariEvents);
    expect(got.lifecycle).toEqual(want.lifecycle);
    expect(got.dials).toEqual(want.dials);
    // Same fields and value types for each ARI event type seen.
    for (const ev of ariEvents) {
      if (!ARI_TYPES.has(String(ev.type))) continue;
      const shapes = recEvents.filter((r) => r.type === ev.type).map((r) => JSON.stringify(shape(r)));
      if (shapes.length) expect({ type: ev.type, shape: JSON.stringify(shape(ev)) }).toEqual({ type: ev.type, shape: shapes.includes(JSON.stringify(shape(ev))) ? JSON.stringify(shape(ev)) : shapes[0] });
    }
    // AMI: responses to each action, and the header names of each event type the project uses.
    const recAmi = parseAmi(rec.log.filter((e) => e.kind === 'ami-bytes').map((e) => (e as { text: string }).text).join(''));
    const ourAmi = parseAmi(amiText);
    expect(amiResponses(ourAmi)).toEqual(amiResponses(recAmi));
    // The queue as AMI tells it: member events (with InCall / Paused / Status) in order, and the
    // caller and agent events in order; and the channels that came and went.
    expect(queueStory(ourAmi)).toEqual(queueStory(recAmi));
    // The same channels appear; those the recording saw hang up hang up here too (a recording
    // may end before the PBX hung up the rest).
    const ourChannels = channelStory(ourAmi);
    const recChannels = channelStory(recAmi);
    expect([...ourChannels.keys()].sort()).toEqual([...recChannels.keys()].sort());
    for (const [ch, e] of recChannels) expect({ ch, ...ourChannels.get(ch), ...(e.hung ? {} : { hung: 0 }) }).toEqual({ ch, ...e });
    const wantKeys = amiEventKeys(recAmi);
    const gotKeys = amiEventKeys(ourAmi);
    for (const [name, keys] of wantKeys) expect({ name, keys: gotKeys.get(name) }).toEqual({ name, keys });
  } finally {
    ws?.close();
    second?.close();
    ami?.destroy();
    await s.stop();
  }
}

describe('conformance with the Asterisk 22.7.0 recordings', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
  it('has all recordings', () => {
    expect(files.length).toBe(16);
    for (const f of ['member-leaves-mid-call', 'member-paused-mid-call', 'member-device-state', 'unrelated-call', 'app-replaced', 'continue-behind-playback']) expect(files).toContain(`${f}.json`);
  });
  for (const f of files) {
    it(`replays ${f}`, async () => {
      await replay(JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Recording);
    });
  }
});
