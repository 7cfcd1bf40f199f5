import type { StandinContext } from '../context';
import type { AmiSession } from './session';
import { field, fieldAll, amiTrue, type AmiFields } from './framing';
import { parseCallerId } from '../ari/routes-channels';
import { CAUSE } from '../model/causes';
import type { Channel } from '../model/channel';
import { DEVICE, DEVICE_BY_NAME } from '../model/queue';
import { posixRegex } from './posix-regex';

type Handler = (s: AmiSession, a: AmiFields, id: AmiFields) => void | Promise<void>;

const ok = (id: AmiFields, message?: string, extra: AmiFields = []): AmiFields => [['Response', 'Success'], ...id, ...(message ? [['Message', message] as [string, string]] : []), ...extra];
const err = (id: AmiFields, message: string): AmiFields => [['Response', 'Error'], ...id, ['Message', message]];

function duration(since: Date): string {
  const s = Math.floor((Date.now() - since.getTime()) / 1000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}`;
}

function uptimeText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const min = Math.floor(s / 60);
  const sec = s % 60;
  const parts: string[] = [];
  if (min) parts.push(`${min} minute${min === 1 ? '' : 's'}`);
  parts.push(`${sec} second${sec === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** AMI actions the project uses, answered with Asterisk 22's wording. */
export function amiActions(ctx: StandinContext): Record<string, Handler> {
  const { model } = ctx;

  const findChannel = (name: string | undefined): Channel | undefined => {
    if (!name) return undefined;
    return model.findByName(name) ?? model.channels.get(name);
  };

  return {
    ping: (s, _a, id) => s.send(ok(id, undefined, [['Ping', 'Pong'], ['Timestamp', (Date.now() / 1000).toFixed(6)]])),

    events: (s, a, id) => {
      const mask = field(a, 'EventMask') ?? 'on';
      s.events = /^off$/i.test(mask) ? 'off' : new Set(mask.toLowerCase().split(',').map((x) => x.trim()));
      s.send(ok(id, undefined, [['Events', s.events === 'off' ? 'Off' : 'On']]));
    },

    // Asterisk: a POSIX extended regex over the event's text; '!' first makes it an exclude.
    filter: (s, a, id) => {
      const operation = field(a, 'Operation') ?? '';
      const filter = field(a, 'Filter');
      if (!/^add$/i.test(operation)) return s.send(err(id, 'Unknown operation'));
      if (!filter) return s.send(err(id, 'Filter Not Specified'));
      const exclude = filter.startsWith('!');
      let re: RegExp;
      try {
        re = posixRegex(exclude ? filter.slice(1) : filter);
      } catch {
        return s.send(err(id, 'Filter Failed'));
      }
      (exclude ? s.filters.exclude : s.filters.include).push(re);
      return s.send(ok(id, 'Success'));
    },

    originate: async (s, a, id) => {
      const iface = field(a, 'Channel');
      if (!iface) return s.send(err(id, 'Channel not specified'));
      const context = field(a, 'Context');
      const exten = field(a, 'Exten');
      const application = field(a, 'Application');
      if (!application && !exten) return s.send(err(id, 'Exten not specified'));
      const caller = parseCallerId(field(a, 'CallerID'));
      const vars: Record<string, string> = {};
      for (const v of fieldAll(a, 'Variable')) {
        for (const pair of v.split(',')) {
          const eq = pair.indexOf('=');
          if (eq > 0) vars[pair.slice(0, eq)] = pair.slice(eq + 1);
        }
      }
      const async = amiTrue(field(a, 'Async'));
      const timeoutMs = Number(field(a, 'Timeout') ?? 30000);
      if (async) s.send(ok(id, 'Originate successfully queued'));
      const attempt = model.dial({ iface, caller, timeoutMs, vars });
      const ch = attempt.channel;
      const status = await attempt.result;
      const reason = status === 'ANSWER' ? 4 : status === 'BUSY' ? 5 : status === 'NOANSWER' ? 3 : status === 'CONGESTION' ? 8 : 0;
      const response: AmiFields = [
        ...id,
        ['Response', status === 'ANSWER' ? 'Success' : 'Failure'],
        ['Channel', ch.name],
        ...((application ? [['Application', application], ['Data', field(a, 'Data') ?? '']] : [['Context', context ?? ''], ['Exten', exten ?? '']]) as AmiFields),
        ['Reason', String(reason)],
        ['Uniqueid', ch.id],
        ['CallerIDNum', caller.number || '<unknown>'],
        ['CallerIDName', caller.name || '<unknown>'],
      ];
      if (status === 'ANSWER') {
        model.ami('OriginateResponse', 'call,all', response);
        if (!async) s.send(ok(id, 'Originate successfully queued'));
        if (application) void ctx.runner.runApplication(ch, application, field(a, 'Data') ?? '');
        else {
          ch.context = context ?? 'default';
          ch.exten = exten!;
          ch.priority = Number(field(a, 'Priority') ?? 1);
          void ctx.runner.run(ch);
        }
      } else {
        if (!ch.hungUp) model.hangup(ch, CAUSE.UNKNOWN, { noRequest: true });
        model.ami('OriginateResponse', 'call,all', response);
        if (!async) s.send(err(id, 'Originate failed'));
      }
    },

    hangup: (s, a, id) => {
      const name = field(a, 'Channel');
      if (!name) return s.send(err(id, 'No channel specified'));
      const cause = Number(field(a, 'Cause') ?? CAUSE.NORMAL_CLEARING);
      let targets: Channel[];
      const re = /^\/(.*)\/$/.exec(name);
      if (re) {
        const rx = new RegExp(re[1]);
        targets = [...model.channels.values()].filter((c) => rx.test(c.name));
      } else {
        const c = findChannel(name);
        targets = c ? [c] : [];
      }
      if (!re && targets.length === 0) return s.send(err(id, 'No such channel'));
      for (const c of targets) model.hangup(c, cause);
      s.send(ok(id, re ? `${targets.length} channels hung up.` : 'Channel Hungup'));
    },

    getvar: (s, a, id) => {
      const name = field(a, 'Variable');
      if (!name) return s.send(err(id, 'No variable specified'));
      const chName = field(a, 'Channel');
      const ch = findChannel(chName);
      if (chName && !ch) return s.send(err(id, 'No such channel'));
      s.send(ok(id, undefined, [['Variable', name], ['Value', (ch ? model.getVar(ch, name) : model.getGlobal(name)) ?? '']]));
    },

    setvar: (s, a, id) => {
      const name = field(a, 'Variable');
      if (!name) return s.send(err(id, 'No variable specified'));
      const chName = field(a, 'Channel');
      const value = field(a, 'Value') ?? '';
      // DEVICE_STATE(Custom:x) needs no channel (func_devstate: only Custom devices are writable).
      const dev = /^DEVICE_STATE\((.*)\)$/i.exec(name);
      if (dev && !chName) {
        s.send(ok(id, 'Variable Set'));
        if (/^custom:/i.test(dev[1])) model.setCustomDevice(dev[1], DEVICE_BY_NAME[value.trim().toUpperCase()] ?? DEVICE.UNKNOWN);
        return;
      }
      if (!chName) {
        model.globals.set(name, value);
        return s.send(ok(id, 'Variable Set'));
      }
      const ch = findChannel(chName);
      if (!ch) return s.send(err(id, 'No such channel'));
      model.setVar(ch, name, value);
      s.send(ok(id, 'Variable Set'));
    },

    queuestatus: (s, a, id) => {
      const only = field(a, 'Queue');
      const memberFilter = field(a, 'Member');
      s.send(ok(id, 'Queue status will follow', [['EventList', 'start']]));
      let items = 0;
      const scale = model.clock.timeScale;
      for (const q of model.queues.values()) {
        if (only && q.name !== only) continue;
        const callers = ctx.runner.queues.callers(q.name);
        const avg = (total: number): string => String(q.completed ? Math.round(total / q.completed) : 0);
        s.send([['Event', 'QueueParams'], ['Queue', q.name], ['Max', '0'], ['Strategy', q.strategy], ['Calls', String(callers.length)], ['Holdtime', avg(q.totalHold)], ['TalkTime', avg(q.totalTalk)], ['Completed', String(q.completed)], ['Abandoned', String(q.abandoned)], ['ServiceLevel', '0'], ['ServicelevelPerf', '100.0'], ['ServicelevelPerf2', '100.0'], ['Weight', '0'], ...id]);
        items++;
        for (const m of q.members) {
          if (memberFilter && m.iface !== memberFilter && m.name !== memberFilter) continue;
          s.send([['Event', 'QueueMember'], ['Queue', q.name], ['Name', m.name], ['Location', m.iface], ['StateInterface', m.stateInterface], ['Membership', m.membership], ['Penalty', String(m.penalty)], ['CallsTaken', String(m.callsTaken)], ['LastCall', String(m.lastCall)], ['LastPause', String(m.lastPause)], ['LoginTime', String(m.loginTime)], ['InCall', m.inCall ? '1' : '0'], ['Status', String(m.status)], ['Paused', m.paused ? '1' : '0'], ['PausedReason', m.pausedReason], ['Wrapuptime', '0'], ...id]);
          items++;
        }
        callers.forEach((c, i) => {
          s.send([['Event', 'QueueEntry'], ['Queue', q.name], ['Position', String(i + 1)], ['Channel', c.name], ['Uniqueid', c.id], ['CallerIDNum', c.caller.number || '<unknown>'], ['CallerIDName', c.caller.name || '<unknown>'], ['ConnectedLineNum', c.connected.number || '<unknown>'], ['ConnectedLineName', c.connected.name || '<unknown>'], ['Wait', String(Math.round((Date.now() - c.created.getTime()) / 1000 / scale))], ['Priority', '0'], ...id]);
          items++;
        });
      }
      s.send([['Event', 'QueueStatusComplete'], ...id, ['EventList', 'Complete'], ['ListItems', String(items)]]);
    },

    queuesummary: (s, a, id) => {
      const only = field(a, 'Queue');
      s.send(ok(id, 'Queue summary will follow', [['EventList', 'start']]));
      let items = 0;
      for (const q of model.queues.values()) {
        if (only && q.name !== only) continue;
        const callers = ctx.runner.queues.callers(q.name);
        const loggedIn = q.members.filter((m) => m.deviceStatus !== DEVICE.UNAVAILABLE && m.deviceStatus !== DEVICE.INVALID).length;
        const available = q.members.filter((m) => !m.paused && !m.inCall && m.deviceStatus === DEVICE.NOT_INUSE).length;
        const longest = callers.reduce((mx, c) => Math.max(mx, Date.now() - c.created.getTime()), 0);
        const avg = (total: number): string => String(q.completed ? Math.round(total / q.completed) : 0);
        s.send([['Event', 'QueueSummary'], ['Queue', q.name], ['LoggedIn', String(loggedIn)], ['Available', String(available)], ['Callers', String(callers.length)], ['HoldTime', avg(q.totalHold)], ['TalkTime', avg(q.totalTalk)], ['LongestHoldTime', String(Math.round(longest / 1000 / model.clock.timeScale))], ...id]);
        items++;
      }
      s.send([['Event', 'QueueSummaryComplete'], ...id, ['EventList', 'Complete'], ['ListItems', String(items)]]);
    },

    queueadd: (s, a, id) => {
      const queue = field(a, 'Queue');
      const iface = field(a, 'Interface');
      if (!queue || !iface) return s.send(err(id, "'Queue' and 'Interface' parameters are required"));
      const r = model.addMember(queue, {
        interface: iface,
        name: field(a, 'MemberName') || undefined,
        penalty: Number(field(a, 'Penalty') ?? 0),
        paused: amiTrue(field(a, 'Paused')),
        pausedReason: field(a, 'Reason'),
        stateInterface: field(a, 'StateInterface') || undefined,
      });
      if (r === 'no-queue') return s.send(err(id, 'Unable to add interface to queue: No such queue'));
      if (r === 'exists') return s.send(err(id, 'Unable to add interface: Already there'));
      s.send(ok(id, 'Added interface to queue'));
    },

    queueremove: (s, a, id) => {
      const queue = field(a, 'Queue');
      const iface = field(a, 'Interface');
      if (!queue || !iface) return s.send(err(id, 'Need queue and interface to remove member.'));
      if (!model.queues.has(queue)) return s.send(err(id, 'Unable to remove interface from queue: No such queue'));
      if (!model.queues.get(queue)!.member(iface)) return s.send(err(id, 'Unable to remove interface: Not there'));
      // Asterisk answers first, then reports the removal (with InCall: 1 during a call).
      s.send(ok(id, 'Removed interface from queue'));
      model.removeMember(queue, iface);
    },

    queuepause: (s, a, id) => {
      const iface = field(a, 'Interface');
      const paused = field(a, 'Paused');
      if (!iface) return s.send(err(id, "Need 'Interface' parameter."));
      if (paused === undefined) return s.send(err(id, "Need 'Paused' parameter."));
      const on = amiTrue(paused);
      const queue = field(a, 'Queue');
      const found = [...model.queues.values()].some((q) => (!queue || q.name === queue) && q.member(iface));
      if (!found) return s.send(err(id, 'Interface not found'));
      s.send(ok(id, on ? 'Interface paused successfully' : 'Interface unpaused successfully'));
      model.pauseMember(queue, iface, on, field(a, 'Reason') ?? '');
    },

    coreshowchannels: (s, _a, id) => {
      s.send(ok(id, 'Channels will follow', [['EventList', 'start']]));
      let n = 0;
      for (const c of model.channels.values()) {
        if (c.hungUp) continue;
        s.send([['Event', 'CoreShowChannel'], ...id, ...c.amiFields(), ['Application', c.appName], ['ApplicationData', c.appData], ['Duration', duration(c.created)], ['BridgeId', c.bridgeId ?? '']]);
        n++;
      }
      s.send([['Event', 'CoreShowChannelsComplete'], ...id, ['EventList', 'Complete'], ['ListItems', String(n)]]);
    },

    command: (s, a, id) => {
      const cmd = (field(a, 'Command') ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
      const up = uptimeText(Date.now() - model.startedAt);
      let out: string[] | undefined;
      if (cmd === 'core show uptime') out = [`System uptime: ${up}`, `Last reload: ${up}`];
      else if (cmd === 'core show version') out = ['Asterisk 22.7.0 built by kontakt @ standin on a x86_64 running Linux'];
      else if (cmd === 'core show channels') {
        const active = [...model.channels.values()].filter((c) => !c.hungUp);
        out = ['Channel              Location             State   Application(Data)', ...active.map((c) => `${c.name} ${c.exten}@${c.context}:${c.priority} ${c.state} ${c.appName}(${c.appData})`), `${active.length} active channel${active.length === 1 ? '' : 's'}`];
      } else if (cmd.startsWith('queue show')) {
        const name = cmd.slice('queue show'.length).trim();
        out = [];
        for (const q of model.queues.values()) {
          if (name && q.name !== name) continue;
          out.push(`${q.name} has ${ctx.runner.queues.callers(q.name).length} calls (max unlimited) in '${q.strategy}' strategy (0s holdtime, 0s talktime), W:0, C:${q.completed}, A:${q.abandoned}, SL:0.0%, SL2:0.0% within 0s`);
          out.push('   Members: ');
          for (const m of q.members) out.push(`      ${m.name} (${m.iface}${m.stateInterface !== m.iface ? ` from ${m.stateInterface}` : ''}) (ringinuse enabled) (${m.membership}) ${m.paused ? '(paused) ' : ''}(${m.inCall ? 'In use' : 'Not in use'}) has taken ${m.callsTaken} calls`);
        }
      }
      if (!out) return s.send([['Response', 'Error'], ...id, ['Message', 'Command output follows'], ['Output', `No such command '${cmd}' (type 'core show help ${cmd}' for other possible commands)`]]);
      s.send([['Response', 'Success'], ...id, ['Message', 'Command output follows'], ...out.map((l): [string, string] => ['Output', l])]);
    },
  };
}
