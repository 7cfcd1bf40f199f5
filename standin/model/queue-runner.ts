import type { Channel } from './channel';
import type { CallModel, DialAttempt } from './call-model';
import type { Queue, QueueMember } from './queue';
import { CAUSE } from './causes';

export type QueueOutcome = 'COMPLETED' | 'TIMEOUT' | 'ABANDONED' | 'JOINEMPTY' | 'LEAVEEMPTY';

interface Waiting {
  ch: Channel;
  joinedAt: number;
  ringing: Array<{ member: QueueMember; attempt: DialAttempt }>;
  retryAt: number;
  connected: boolean;
  resolve?: (o: QueueOutcome) => void;
}

/**
 * app_queue for the stand-in: callers wait in order, free members are rung by strategy, the
 * first to answer is bridged to the caller, the rest are cancelled; AMI events as app_queue.
 */
export class QueueRunner {
  private readonly waiting = new Map<string, Waiting[]>();

  constructor(private readonly model: CallModel) {
    model.on('queueChanged', () => this.kickAll());
  }

  callers(queue: string): Channel[] {
    return (this.waiting.get(queue) ?? []).map((w) => w.ch);
  }

  /** Queue(): returns when the caller was served (after the talk), gave up, or timed out. */
  async join(q: Queue, ch: Channel, timeoutMs: number): Promise<QueueOutcome> {
    // join_queue: with joinempty conditions and no usable member the caller never joins.
    if (q.joinEmpty && !q.hasUsableMember(q.joinEmpty)) {
      this.model.setVar(ch, 'QUEUESTATUS', 'JOINEMPTY');
      return 'JOINEMPTY';
    }
    const list = this.waiting.get(q.name) ?? [];
    this.waiting.set(q.name, list);
    const w: Waiting = { ch, joinedAt: Date.now(), ringing: [], retryAt: 0, connected: false };
    list.push(w);
    const m = this.model;
    m.ami('QueueCallerJoin', 'agent,all', [...ch.amiFields(), ['Queue', q.name], ['Position', String(list.length)], ['Count', String(list.length)]]);
    m.changed();

    const outcome = await new Promise<QueueOutcome>((resolve) => {
      const stopTimeout = timeoutMs > 0 ? m.clock.after(timeoutMs, () => !w.connected && this.leave(q, w, 'TIMEOUT', resolve)) : () => undefined;
      const onDead = (): void => {
        if (!w.connected) this.leave(q, w, 'ABANDONED', resolve);
      };
      ch.life.signal.addEventListener('abort', onDead, { once: true });
      // wait_our_turn re-checks leavewhenempty about once a second while the caller waits.
      let stopEmptyCheck: () => void = () => undefined;
      const emptyCheck = (): void => {
        if (w.connected || ch.hungUp || !(this.waiting.get(q.name) ?? []).includes(w)) return;
        if (w.ringing.length === 0 && !q.hasUsableMember(q.leaveWhenEmpty)) {
          this.leave(q, w, 'LEAVEEMPTY', resolve);
          return;
        }
        stopEmptyCheck = m.clock.after(1000, emptyCheck);
      };
      if (q.leaveWhenEmpty) stopEmptyCheck = m.clock.after(1000, emptyCheck);
      w.resolve = (o) => {
        stopEmptyCheck();
        stopTimeout();
        ch.life.signal.removeEventListener('abort', onDead);
        resolve(o);
      };
      this.kick(q);
    });
    return outcome;
  }

  private leave(q: Queue, w: Waiting, why: 'TIMEOUT' | 'ABANDONED' | 'LEAVEEMPTY', resolve: (o: QueueOutcome) => void): void {
    const list = this.waiting.get(q.name) ?? [];
    const pos = list.indexOf(w) + 1;
    if (pos === 0) return;
    for (const r of w.ringing) {
      r.member.ringing = false;
      r.attempt.cancel(CAUSE.UNKNOWN);
    }
    w.ringing = [];
    list.splice(pos - 1, 1);
    const ch = w.ch;
    const hold = Math.round((Date.now() - w.joinedAt) / 1000 / this.model.clock.timeScale);
    // record_abandoned: a caller who hangs up, and one leavewhenempty sends back to the dialplan.
    if (why === 'ABANDONED' || why === 'LEAVEEMPTY') {
      if (why === 'LEAVEEMPTY') this.model.setVar(ch, 'ABANDONED', 'TRUE');
      q.abandoned++;
      this.model.ami('QueueCallerAbandon', 'agent,all', [...ch.amiFields(), ['Queue', q.name], ['Position', String(pos)], ['OriginalPosition', String(pos)], ['HoldTime', String(hold)]]);
    }
    this.model.ami('QueueCallerLeave', 'agent,all', [...ch.amiFields(), ['Queue', q.name], ['Position', String(pos)], ['Count', String(list.length)]]);
    if (!ch.hungUp) {
      this.model.setVar(ch, 'QUEUESTATUS', why === 'TIMEOUT' ? 'TIMEOUT' : 'LEAVEEMPTY');
    }
    resolve(why);
    this.kick(q);
  }

  kickAll(): void {
    for (const q of this.model.queues.values()) this.kick(q);
  }

  /** Rings free members for callers in order. */
  kick(q: Queue): void {
    const list = this.waiting.get(q.name);
    if (!list) return;
    for (const w of list) {
      if (w.connected || w.ringing.length > 0 || w.ch.hungUp) continue;
      if (Date.now() < w.retryAt) continue;
      const members = q.pick();
      if (members.length === 0) break;
      this.ring(q, w, members);
    }
  }

  private ring(q: Queue, w: Waiting, members: QueueMember[]): void {
    const m = this.model;
    const ringStart = Date.now();
    for (const member of members) {
      member.ringing = true;
      const attempt = m.dial({ iface: member.iface, caller: w.ch.caller, timeoutMs: q.timeoutSec * 1000, from: w.ch, stateInterface: member.stateInterface });
      w.ringing.push({ member, attempt });
      m.ami('AgentCalled', 'agent,all', [...w.ch.amiFields(), ...attempt.channel.amiFields('Dest'), ['Queue', q.name], ['Interface', member.iface], ['MemberName', member.name]]);
      void attempt.result.then((status) => {
        member.ringing = false;
        w.ringing = w.ringing.filter((r) => r.attempt !== attempt);
        if (status === 'ANSWER' && !w.connected && !w.ch.hungUp) {
          void this.connect(q, w, member, attempt, ringStart);
        } else if (status === 'ANSWER') {
          m.hangup(attempt.channel, CAUSE.NORMAL_CLEARING);
        } else if (status !== 'CANCEL') {
          const ringTime = Math.round((Date.now() - ringStart) / 1000 / m.clock.timeScale);
          m.ami('AgentRingNoAnswer', 'agent,all', [...w.ch.amiFields(), ...attempt.channel.amiFields('Dest'), ['Queue', q.name], ['Interface', member.iface], ['MemberName', member.name], ['RingTime', String(ringTime * 1000)]]);
          if (!attempt.channel.hungUp) m.hangup(attempt.channel, CAUSE.UNKNOWN);
        }
        if (w.ringing.length === 0 && !w.connected && !w.ch.hungUp) {
          // Nobody took it this round: wait `retry` seconds, then ring again.
          w.retryAt = Date.now() + m.clock.scale(q.retrySec * 1000);
          m.clock.after(q.retrySec * 1000, () => this.kick(q));
        }
        this.kick(q);
      });
    }
  }

  private async connect(q: Queue, w: Waiting, member: QueueMember, attempt: DialAttempt, ringStart: number): Promise<void> {
    const m = this.model;
    w.connected = true;
    for (const r of w.ringing) {
      r.member.ringing = false;
      r.attempt.cancel(CAUSE.ANSWERED_ELSEWHERE);
    }
    w.ringing = [];
    const list = this.waiting.get(q.name) ?? [];
    const pos = list.indexOf(w) + 1;
    list.splice(pos - 1, 1);
    const caller = w.ch;
    const agent = attempt.channel;
    m.ami('QueueCallerLeave', 'agent,all', [...caller.amiFields(), ['Queue', q.name], ['Position', String(pos)], ['Count', String(list.length)]]);
    m.setVar(caller, 'QUEUEPOSITION', String(pos));
    if (caller.state !== 'Up') m.answer(caller);
    // Status is the state interface's device (model.refreshMembers reports its changes); a
    // member removed meanwhile gets no more member events, only AgentComplete.
    member.inCall = true;
    const scale = (ms: number): number => Math.round(ms / 1000 / m.clock.timeScale);
    const hold = scale(Date.now() - w.joinedAt);
    const ringTime = scale(Date.now() - ringStart);
    q.totalHold += hold;
    m.ami('AgentConnect', 'agent,all', [...caller.amiFields(), ...agent.amiFields('Dest'), ['Queue', q.name], ['Interface', member.iface], ['MemberName', member.name], ['HoldTime', String(hold)], ['RingTime', String(ringTime)]]);
    const talkStart = Date.now();
    const first = await bridgeUntilEnd(m, caller, agent);
    const talk = scale(Date.now() - talkStart);
    q.totalTalk += talk;
    q.completed++;
    member.inCall = false;
    member.callsTaken++;
    member.lastCall = Math.floor(Date.now() / 1000);
    m.ami('AgentComplete', 'agent,all', [...caller.amiFields(), ...agent.amiFields('Dest'), ['Queue', q.name], ['Interface', member.iface], ['MemberName', member.name], ['HoldTime', String(hold)], ['TalkTime', String(talk)], ['Reason', first === agent ? 'agent' : 'caller']]);
    if (!agent.hungUp) m.hangup(agent);
    w.resolve?.('COMPLETED');
    m.emit('queueChanged');
  }
}

/** Joins two channels until one of them hangs up; returns the one that hung up first. */
export async function bridgeUntilEnd(m: CallModel, a: Channel, b: Channel): Promise<Channel> {
  const id = m.newBridgeId();
  a.bridgedTo = b;
  b.bridgedTo = a;
  a.bridgeId = b.bridgeId = id;
  m.setVar(b, 'BRIDGEPEER', a.name);
  m.setVar(a, 'BRIDGEPEER', b.name);
  const first = await new Promise<Channel>((resolve) => {
    if (a.hungUp) return resolve(a);
    if (b.hungUp) return resolve(b);
    a.life.signal.addEventListener('abort', () => resolve(a), { once: true });
    b.life.signal.addEventListener('abort', () => resolve(b), { once: true });
  });
  a.bridgedTo = b.bridgedTo = undefined;
  a.bridgeId = b.bridgeId = undefined;
  return first;
}
