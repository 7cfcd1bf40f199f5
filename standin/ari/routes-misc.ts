import { Router } from 'express';
import { randomUUID } from 'node:crypto';
import type { StandinContext, BridgeRecord } from '../context';
import { AriError } from './errors';
import { params, one, many } from './params';
import { asteriskTime } from '../model/channel';
import { ASTERISK_ID } from '../model/call-model';

/** Playbacks, applications, the Asterisk resource, minimal bridges and empty lists. */
export function miscRouter(ctx: StandinContext): Router {
  const r = Router();
  const { model, playbacks } = ctx;

  r.get('/playbacks/:playbackId', (req, res) => {
    const pb = playbacks.get(String(req.params.playbackId));
    if (!pb) throw new AriError(404, 'Playback not found');
    res.json(pb.toJson());
  });
  r.delete('/playbacks/:playbackId', (req, res) => {
    const pb = playbacks.get(String(req.params.playbackId));
    if (!pb) throw new AriError(404, 'Playback not found');
    playbacks.stop(pb);
    res.status(204).end();
  });

  const appJson = (name: string): Record<string, unknown> => ({
    name,
    channel_ids: model.appChannelIds(name),
    bridge_ids: [],
    endpoint_ids: [],
    device_names: [],
    events_allowed: (model.apps.get(name)?.allowed ?? []).map((type) => ({ type })),
    events_disallowed: (model.apps.get(name)?.disallowed ?? []).map((type) => ({ type })),
  });
  r.get('/applications', (_req, res) => {
    res.json([...model.apps.keys()].map(appJson));
  });
  // As res/stasis/app.c sets it: an empty body clears both lists, a list not named is kept.
  r.put('/applications/:applicationName/eventFilter', (req, res) => {
    const name = String(req.params.applicationName);
    const reg = model.apps.get(name);
    if (!reg) throw new AriError(404, 'Application not found');
    const body: unknown = req.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AriError(400, 'Invalid format for filter');
    const lists = body as Record<string, unknown>;
    const read = (key: 'allowed' | 'disallowed'): string[] | undefined => {
      const v = lists[key];
      if (v === undefined) return Object.keys(lists).length ? reg[key] : [];
      if (!Array.isArray(v) || v.some((o) => typeof (o as { type?: unknown })?.type !== 'string' || !(o as { type: string }).type)) throw new AriError(400, 'Invalid format for filter');
      return v.map((o) => (o as { type: string }).type);
    };
    const allowed = read('allowed');
    const disallowed = read('disallowed');
    reg.allowed = allowed;
    reg.disallowed = disallowed;
    res.json(appJson(name));
  });
  r.get('/applications/:applicationName', (req, res) => {
    const name = String(req.params.applicationName);
    if (!model.apps.has(name)) throw new AriError(404, 'Application not found');
    res.json(appJson(name));
  });

  r.get('/asterisk/info', (_req, res) => {
    res.json({
      build: { os: 'Linux', kernel: '6.1.0', machine: 'x86_64', options: '', date: '2026-01-01 00:00:00 UTC', user: 'kontakt' },
      system: { version: '22.7.0', entity_id: ASTERISK_ID },
      config: { name: 'kontakt-standin', default_language: 'en', setid: { user: '', group: '' } },
      status: { startup_time: asteriskTime(new Date(model.startedAt)), last_reload_time: asteriskTime(new Date(model.startedAt)) },
    });
  });
  r.get('/asterisk/ping', (_req, res) => {
    res.json({ asterisk_id: ASTERISK_ID, ping: 'pong', timestamp: asteriskTime() });
  });

  const bridgeJson = (b: BridgeRecord): Record<string, unknown> => ({
    id: b.id,
    technology: 'simple_bridge',
    bridge_type: b.type,
    bridge_class: 'stasis',
    creator: 'Stasis',
    name: b.name,
    channels: [...b.channels],
    creationtime: asteriskTime(b.created),
    video_mode: 'none',
  });
  const bridge = (id: string): BridgeRecord => {
    const b = ctx.bridges.get(id);
    if (!b) throw new AriError(404, 'Bridge not found');
    return b;
  };
  r.get('/bridges', (_req, res) => {
    res.json([...ctx.bridges.values()].map(bridgeJson));
  });
  r.post('/bridges', (req, res) => {
    const p = params(req);
    const id = one(p, 'bridgeId') || randomUUID();
    const b: BridgeRecord = { id, name: one(p, 'name') ?? '', type: one(p, 'type') || 'mixing', channels: new Set(), created: new Date() };
    ctx.bridges.set(id, b);
    res.json(bridgeJson(b));
  });
  r.get('/bridges/:bridgeId', (req, res) => {
    res.json(bridgeJson(bridge(String(req.params.bridgeId))));
  });
  r.delete('/bridges/:bridgeId', (req, res) => {
    bridge(String(req.params.bridgeId));
    ctx.bridges.delete(String(req.params.bridgeId));
    res.status(204).end();
  });
  r.post('/bridges/:bridgeId/addChannel', (req, res) => {
    const b = bridge(String(req.params.bridgeId));
    const ids = many(params(req), 'channel');
    if (ids.length === 0) throw new AriError(400, 'Missing parameter channel');
    for (const id of ids) if (!model.channels.has(id)) throw new AriError(400, 'Channel not found');
    ids.forEach((id) => b.channels.add(id));
    res.status(204).end();
  });
  r.post('/bridges/:bridgeId/removeChannel', (req, res) => {
    const b = bridge(String(req.params.bridgeId));
    for (const id of many(params(req), 'channel')) {
      if (!b.channels.delete(id)) throw new AriError(422, 'Channel not in this bridge');
    }
    res.status(204).end();
  });

  for (const path of ['/endpoints', '/sounds', '/recordings/stored', '/deviceStates', '/mailboxes']) {
    r.get(path, (_req, res) => {
      res.json([]);
    });
  }
  return r;
}
