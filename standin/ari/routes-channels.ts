import { Router, type Request } from 'express';
import type { StandinContext } from '../context';
import type { Channel, CallerId } from '../model/channel';
import { AriError, channelNotFound, notInStasis } from './errors';
import { params, one, many, bodyVariables } from './params';
import { REASON_CAUSE, CAUSE } from '../model/causes';

const TECHS = new Set(['local', 'pjsip', 'sip', 'iax2', 'dahdi']);

/** `"Name" <number>`, `Name <number>` or a bare number. */
export function parseCallerId(s: string | undefined): CallerId {
  if (!s) return { name: '', number: '' };
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(s);
  return m ? { name: m[1].trim(), number: m[2].trim() } : { name: '', number: s.trim() };
}

export function channelsRouter(ctx: StandinContext): Router {
  const r = Router();
  const { model } = ctx;

  const channel = (req: Request): Channel => {
    const ch = model.channels.get(String(req.params.channelId));
    if (!ch || ch.hungUp) throw channelNotFound();
    return ch;
  };
  const stasisChannel = (req: Request): Channel => {
    const ch = channel(req);
    if (!ch.stasisApp) throw notInStasis();
    return ch;
  };

  const originate = (req: Request, channelId?: string): Channel => {
    const p = params(req);
    const endpoint = one(p, 'endpoint');
    if (!endpoint) throw new AriError(400, 'Endpoint must be specified');
    const slash = endpoint.indexOf('/');
    if (slash <= 0 || !TECHS.has(endpoint.slice(0, slash).toLowerCase())) throw new AriError(400, 'Invalid endpoint specified');
    const app = one(p, 'app');
    const extension = one(p, 'extension');
    if (!app && !extension) throw new AriError(400, 'Application or extension must be specified');
    if (app && !model.apps.has(app)) throw new AriError(400, `Stasis application '${app}' does not exist`);
    if (channelId && model.channels.has(channelId)) throw new AriError(409, 'Channel with given unique ID already exists');
    const appArgs = one(p, 'appArgs');
    const timeoutSec = Number(one(p, 'timeout') ?? 30);
    const attempt = model.dial({
      iface: endpoint,
      caller: parseCallerId(one(p, 'callerId')),
      timeoutMs: (timeoutSec > 0 ? timeoutSec : 30) * 1000,
      subscribeApp: app,
      vars: bodyVariables(req),
      channelId: channelId ?? one(p, 'channelId'),
      otherChannelId: one(p, 'otherChannelId'),
    });
    const ch = attempt.channel;
    void attempt.result.then((status) => {
      if (status !== 'ANSWER') {
        if (!ch.hungUp) model.hangup(ch, CAUSE.UNKNOWN, { noRequest: true });
        return;
      }
      if (app) void ctx.runner.stasisThenDialplan(ch, app, appArgs ? appArgs.split(',') : []);
      else {
        ch.context = one(p, 'context') || 'default';
        ch.exten = extension!;
        ch.priority = Number(one(p, 'priority') ?? 1);
        void ctx.runner.run(ch);
      }
    });
    return ch;
  };

  r.get('/channels', (_req, res) => {
    res.json([...model.channels.values()].filter((c) => !c.hungUp).map((c) => c.toAri()));
  });
  r.post('/channels', (req, res) => {
    res.json(originate(req).toAri());
  });
  r.get('/channels/:channelId', (req, res) => {
    res.json(channel(req).toAri());
  });
  r.post('/channels/:channelId', (req, res) => {
    res.json(originate(req, String(req.params.channelId)).toAri());
  });
  r.delete('/channels/:channelId', (req, res) => {
    const ch = channel(req);
    const p = params(req);
    const code = one(p, 'reason_code');
    const reason = one(p, 'reason');
    let cause: number = CAUSE.NORMAL_CLEARING;
    if (code !== undefined) {
      cause = Number(code);
      if (!Number.isInteger(cause)) throw new AriError(400, 'Invalid reason for hangup provided');
    } else if (reason !== undefined) {
      if (!(reason in REASON_CAUSE)) throw new AriError(400, 'Invalid reason for hangup provided');
      cause = REASON_CAUSE[reason];
    }
    // Asterisk reports an app-requested hangup as a soft hangup request with cause 32.
    model.hangup(ch, cause, { ariCause: 32, soft: true });
    res.status(204).end();
  });
  r.post('/channels/:channelId/answer', (req, res) => {
    model.answer(stasisChannel(req));
    res.status(204).end();
  });
  r.post('/channels/:channelId/ring', (req, res) => {
    const ch = stasisChannel(req);
    if (ch.state !== 'Up') model.setState(ch, 'Ringing');
    res.status(204).end();
  });
  r.delete('/channels/:channelId/ring', (req, res) => {
    stasisChannel(req);
    res.status(204).end();
  });
  r.post('/channels/:channelId/continue', (req, res) => {
    const ch = stasisChannel(req);
    const p = params(req);
    const priority = one(p, 'priority');
    const target = { context: one(p, 'context'), extension: one(p, 'extension'), priority: priority ? Number(priority) : undefined };
    // Answered at once, done in turn: a playing prompt runs to its end first.
    ctx.playbacks.inTurn(ch, () => {
      if (!ch.hungUp && ch.stasisApp) model.continueInDialplan(ch, target);
    });
    res.status(204).end();
  });
  const play = (req: Request, playbackId: string | undefined): unknown => {
    const ch = stasisChannel(req);
    const p = params(req);
    const pb = ctx.playbacks.play(ch, many(p, 'media'), { playbackId, lang: one(p, 'lang') });
    if (!pb) throw new AriError(500, 'Failed to queue media for playback');
    return pb.toJson();
  };
  r.post('/channels/:channelId/play', (req, res) => {
    res.status(201).json(play(req, one(params(req), 'playbackId')));
  });
  r.post('/channels/:channelId/play/:playbackId', (req, res) => {
    res.status(201).json(play(req, String(req.params.playbackId)));
  });
  r.get('/channels/:channelId/variable', (req, res) => {
    // Asterisk's own words for this request (tests/fixtures/ws-rest-requests.json).
    const ch = model.channels.get(String(req.params.channelId));
    if (!ch || ch.hungUp) throw new AriError(404, 'Provided channel was not found', 'Channel Not Found');
    const name = one(params(req), 'variable');
    if (!name) throw new AriError(400, 'Variable name is required');
    const value = model.getVar(ch, name);
    if (value === undefined) throw new AriError(404, 'Provided variable was not found', 'Variable Not Found');
    res.json({ value });
  });
  r.post('/channels/:channelId/variable', (req, res) => {
    const ch = channel(req);
    const p = params(req);
    const name = one(p, 'variable');
    if (!name) throw new AriError(400, 'Variable name is required');
    const value = one(p, 'value') ?? '';
    // Answered at once, set in turn (after the playbacks queued before it).
    ctx.playbacks.inTurn(ch, () => {
      if (!ch.hungUp) model.setVar(ch, name, value);
    });
    res.status(204).end();
  });
  r.post('/channels/:channelId/dtmf', (req, res) => {
    const ch = stasisChannel(req);
    const p = params(req);
    const dtmf = one(p, 'dtmf');
    if (!dtmf) throw new AriError(400, 'DTMF is required');
    const between = Number(one(p, 'between') ?? 100);
    const duration = Number(one(p, 'duration') ?? 100);
    let at = Number(one(p, 'before') ?? 0);
    for (const d of dtmf) {
      model.clock.after(at, () => {
        if (ch.hungUp) return;
        model.ami('DTMFBegin', 'dtmf,all', [...ch.amiFields(), ['Digit', d], ['Direction', 'Sent']]);
        model.sendDtmfFrom(ch, d, duration);
        model.clock.after(duration, () => !ch.hungUp && model.ami('DTMFEnd', 'dtmf,all', [...ch.amiFields(), ['Digit', d], ['DurationMs', String(duration)], ['Direction', 'Sent']]));
      });
      at += duration + between;
    }
    res.status(204).end();
  });
  return r;
}
