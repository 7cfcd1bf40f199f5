import type { Channel } from './channel';
import type { CallModel, DialplanRunner } from './call-model';
import { findExtension, substitute, resolvePriority, checkCondition } from './dialplan';
import { CAUSE } from './causes';
import { DEVICE_BY_NAME } from './queue';
import { QueueRunner, bridgeUntilEnd } from './queue-runner';

type StepResult = 'next' | 'jumped' | 'stop';

/**
 * Runs a channel through the dialplan one priority at a time, with the applications the
 * project's extensions.conf uses. Everything that waits listens to the channel's hangup.
 */
export class Runner implements DialplanRunner {
  readonly queues: QueueRunner;

  constructor(private readonly m: CallModel) {
    this.queues = new QueueRunner(m);
  }

  async run(ch: Channel): Promise<void> {
    while (!ch.hungUp) {
      const steps = findExtension(this.m.dialplan, ch.context, ch.exten);
      const step = steps?.[ch.priority - 1];
      if (!step) {
        // No such extension: the channel is torn down (cause 0 as seen for Local/999@nowhere).
        this.m.hangup(ch, steps ? CAUSE.NORMAL_CLEARING : CAUSE.UNKNOWN, { noRequest: !steps });
        return;
      }
      const r = await this.step(ch, step.app, step.data);
      if (r === 'stop') return;
      if (r === 'next') ch.priority++;
    }
  }

  /** Originate with Application/Data: run one application, then hang up. */
  async runApplication(ch: Channel, app: string, data: string, cause: number = CAUSE.NORMAL_CLEARING): Promise<void> {
    const r = await this.step(ch, app, data);
    if (r !== 'stop' && !ch.hungUp) this.m.hangup(ch, cause);
  }

  /** A channel originated into an application: Stasis first, then the dialplan on continue. */
  async stasisThenDialplan(ch: Channel, app: string, args: string[]): Promise<void> {
    const r = await this.stasis(ch, app, args);
    if (r === 'stop' || ch.hungUp) return;
    if (r === 'next') ch.priority++;
    await this.run(ch);
  }

  private async step(ch: Channel, app: string, rawData: string): Promise<StepResult> {
    const m = this.m;
    const data = substitute(rawData, (n) => m.getVar(ch, n));
    ch.appName = app;
    ch.appData = data;
    m.ami('Newexten', 'dialplan,all', [...ch.amiFields(), ['Extension', ch.exten], ['Application', app], ['AppData', data]]);
    m.ariForChannel(ch, { type: 'ChannelDialplan', dialplan_app: app, dialplan_app_data: data, channel: ch.toAri() });
    const args = data === '' ? [] : data.split(',');
    const signal = ch.life.signal;
    switch (app.toLowerCase()) {
      case 'noop':
      case 'progress':
      case 'verbose':
      case 'log':
        return 'next';
      case 'answer':
        m.answer(ch);
        return 'next';
      case 'ringing':
        m.setState(ch, 'Ringing');
        return 'next';
      case 'wait':
      case 'playback':
      case 'musiconhold': {
        const secs = app.toLowerCase() === 'wait' ? Number(args[0] || 0) : 2;
        await m.clock.sleep(secs * 1000, signal);
        return ch.hungUp ? 'stop' : 'next';
      }
      case 'hangup':
        m.hangup(ch, args[0] ? Number(args[0]) : CAUSE.NORMAL_CLEARING);
        return 'stop';
      case 'busy':
        m.setState(ch, 'Busy');
        await m.clock.sleep(Number(args[0] || 0) * 1000, signal);
        m.hangup(ch, CAUSE.USER_BUSY);
        return 'stop';
      case 'congestion':
        m.hangup(ch, CAUSE.CONGESTION);
        return 'stop';
      case 'set': {
        const eq = data.indexOf('=');
        const name = data.slice(0, eq).trim();
        const value = data.slice(eq + 1).trim();
        if (/^CALLERID\(all\)$/i.test(name)) {
          const cm = /^"?([^"<]*)"?\s*<([^>]*)>$/.exec(value);
          if (cm) ch.caller = { name: cm[1].trim(), number: cm[2].trim() };
        } else if (/^CALLERID\(num\)$/i.test(name)) ch.caller = { ...ch.caller, number: value };
        else if (/^CALLERID\(name\)$/i.test(name)) ch.caller = { ...ch.caller, name: value };
        else if (/^GLOBAL\((.*)\)$/i.test(name)) m.globals.set(/^GLOBAL\((.*)\)$/i.exec(name)![1], value);
        else if (/^DEVICE_STATE\(custom:.*\)$/i.test(name)) m.setCustomDevice(name.slice(13, -1), DEVICE_BY_NAME[value.toUpperCase()] ?? 0);
        else m.setVar(ch, name, value);
        return 'next';
      }
      case 'goto':
        return this.goto(ch, data);
      case 'gotoif': {
        // GotoIf(condition?[labeliftrue][:labeliffalse]); a missing branch goes on to the next priority.
        const q = data.indexOf('?');
        const cond = q < 0 ? data : data.slice(0, q);
        const branches = q < 0 ? '' : data.slice(q + 1);
        const colon = branches.indexOf(':');
        const [ifTrue, ifFalse] = colon < 0 ? [branches, ''] : [branches.slice(0, colon), branches.slice(colon + 1)];
        const target = (checkCondition(cond) ? ifTrue : ifFalse).trim();
        return target ? this.goto(ch, target) : 'next';
      }
      case 'senddtmf': {
        for (const d of args[0] ?? '') {
          if (!(await m.clock.sleep(100, signal))) return 'stop';
          m.sendDtmfFrom(ch, d, 100);
          if (!(await m.clock.sleep(250, signal))) return 'stop';
        }
        return 'next';
      }
      case 'stasis':
        return this.stasis(ch, args[0] ?? '', args.slice(1));
      case 'queue': {
        const q = m.queues.get(args[0] ?? '');
        if (!q) {
          m.setVar(ch, 'QUEUESTATUS', 'UNKNOWN');
          return 'next';
        }
        const timeoutSec = Number(args[4] || 0);
        const outcome = await this.queues.join(q, ch, timeoutSec * 1000);
        return ch.hungUp || outcome === 'ABANDONED' ? 'stop' : 'next';
      }
      case 'dial':
        return this.dialApp(ch, args);
      default:
        return 'next';
    }
  }

  /** Goto([[context,]extension,]priority-or-label); a place that does not exist hangs up, as pbx does. */
  private goto(ch: Channel, target: string): StepResult {
    const g = target.split(',').map((x) => x.trim());
    const [context, exten, prio] = g.length >= 3 ? [g[0], g[1], g[2]] : g.length === 2 ? [ch.context, g[0], g[1]] : [ch.context, ch.exten, g[0]];
    const priority = resolvePriority(findExtension(this.m.dialplan, context, exten), prio);
    if (priority === undefined) {
      this.m.hangup(ch, CAUSE.NORMAL_CLEARING);
      return 'stop';
    }
    [ch.context, ch.exten, ch.priority] = [context, exten, priority];
    return 'jumped';
  }

  private async stasis(ch: Channel, app: string, args: string[]): Promise<StepResult> {
    const m = this.m;
    ch.appName = 'Stasis';
    ch.appData = [app, ...args].join(',');
    if (!m.enterStasis(ch, app, args)) return 'next';
    await new Promise<void>((resolve) => {
      if (ch.hungUp) return resolve();
      ch.life.signal.addEventListener('abort', () => resolve(), { once: true });
      ch.interrupt.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    if (ch.hungUp) return 'stop';
    const target = ch.vars.get('__CONTINUE_TARGET');
    ch.vars.delete('__CONTINUE_TARGET');
    if (target) {
      const t = JSON.parse(target) as { context: string; exten: string; priority: number };
      ch.context = t.context;
      ch.exten = t.exten;
      ch.priority = t.priority;
      return 'jumped';
    }
    return 'next';
  }

  private async dialApp(ch: Channel, args: string[]): Promise<StepResult> {
    const m = this.m;
    const targets = (args[0] ?? '').split('&').filter(Boolean);
    const timeoutMs = Number(args[1] || 60) * 1000;
    for (const v of ['DIALSTATUS', 'DIALEDPEERNUMBER', 'DIALEDPEERNAME', 'ANSWEREDTIME', 'DIALEDTIME', 'RINGTIME']) m.setVar(ch, v, '');
    const attempts = targets.map((iface) => m.dial({ iface, caller: ch.caller, timeoutMs, from: ch }));
    const onDead = (): void => attempts.forEach((a) => a.cancel(CAUSE.UNKNOWN));
    ch.life.signal.addEventListener('abort', onDead, { once: true });
    const statuses = await Promise.all(
      attempts.map(async (a) => {
        const s = await a.result;
        if (s === 'ANSWER') attempts.filter((o) => o !== a).forEach((o) => o.cancel());
        return { a, s };
      }),
    );
    ch.life.signal.removeEventListener('abort', onDead);
    const answered = statuses.find((x) => x.s === 'ANSWER');
    if (ch.hungUp) {
      if (answered) m.hangup(answered.a.channel);
      return 'stop';
    }
    m.setVar(ch, 'DIALSTATUS', answered ? 'ANSWER' : (statuses[0]?.s ?? 'CHANUNAVAIL'));
    if (!answered) return 'next';
    m.answer(ch);
    await bridgeUntilEnd(m, ch, answered.a.channel);
    if (!answered.a.channel.hungUp) m.hangup(answered.a.channel);
    return ch.hungUp ? 'stop' : 'next';
  }
}
