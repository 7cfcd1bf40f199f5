/** The pure parts of telephony/: backoff, AMI normaliser edge cases, de-duplication, ARI event translation, prompt ids. */
import { Backoff } from '../../core/backoff';
import { normalizeAmiEvent } from '../../telephony/ami-event-normalizer';
import { EventDeduplicator } from '../../telephony/event-deduplicator';
import { AriEventTranslator } from '../../telephony/ari-events';
import type { CallEvent } from '../../telephony/call-events';
import { promptId } from '../../telephony/ari-call-channel';

describe('Backoff', () => {
  it('grows by the factor up to the cap, and starts over after reset', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(b.failures).toBe(6);
    b.reset();
    expect(b.next()).toBe(100);
  });

  it('jitter takes up to its share off each delay, never above the cap; a long outage stays finite', () => {
    const low = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0.5, random: () => 0.999 });
    const high = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0.5, random: () => 0 });
    expect(low.next()).toBe(50);
    expect(high.next()).toBe(100);
    for (let i = 0; i < 5000; i++) high.next();
    expect(high.next()).toBe(1000);
  });

  it('refuses nonsense settings', () => {
    expect(() => new Backoff({ initialMs: 0, maxMs: 10 })).toThrow(RangeError);
    expect(() => new Backoff({ initialMs: 100, maxMs: 10 })).toThrow(RangeError);
  });
});

describe('normalizeAmiEvent', () => {
  const at = new Date('2026-01-01T00:00:00Z');

  it('gives null for events that are not ours or lack what we need, and for junk', () => {
    expect(normalizeAmiEvent({ event: 'Newstate', uniqueid: '1.1' }, at)).toBeNull();
    expect(normalizeAmiEvent({ event: 'QueueCallerJoin', queue: 'q' }, at)).toBeNull();
    expect(normalizeAmiEvent({ event: 'Broken', 'thislinehasnocolon': '' }, at)).toBeNull();
    expect(normalizeAmiEvent({ '': 'empty key' }, at)).toBeNull();
    expect(normalizeAmiEvent({ event: ['AgentCalled'], uniqueid: ['1.1', '1.2'], queue: 'q', interface: 'PJSIP/1' }, at)).toMatchObject({ type: 'agent.called', uniqueid: '1.1' });
  });

  it('maps AgentRingNoAnswer (not in the recordings; Asterisk 22 fields) to ringing_stopped noanswer', () => {
    expect(normalizeAmiEvent({ event: 'AgentRingNoAnswer', uniqueid: '1.1', queue: 'dispatchers', interface: 'PJSIP/102', membername: 'D 102', ringtime: '15000' }, at)).toEqual({ type: 'agent.ringing_stopped', uniqueid: '1.1', queue: 'dispatchers', agentInterface: 'PJSIP/102', reason: 'noanswer', at });
  });

  it('treats <unknown> caller ids as none', () => {
    expect(normalizeAmiEvent({ event: 'QueueCallerJoin', uniqueid: '1.1', queue: 'q', position: '3', calleridnum: '<unknown>', calleridname: '<unknown>' }, at)).toMatchObject({ callerNumber: null, callerName: null, position: 3, linkedid: null });
  });
});

describe('EventDeduplicator', () => {
  const ev = (over: Partial<CallEvent> & { type: CallEvent['type'] }, ms: number): CallEvent => ({ uniqueid: '1.1', queue: 'q', agentInterface: 'PJSIP/101', at: new Date(ms), ...over }) as unknown as CallEvent;

  it('a field that differs only in its kind of value (null or the text "null", 1 or "1") is a different event', () => {
    const d = new EventDeduplicator();
    expect(d.accept(ev({ type: 'agent.called', memberName: null } as never, 0))).toBe(true);
    expect(d.accept(ev({ type: 'agent.called', memberName: 'null' } as never, 1))).toBe(true);
    expect(d.accept(ev({ type: 'agent.called', memberName: 'null' } as never, 2))).toBe(false);
    expect(d.accept(ev({ type: 'channel.hangup', cause: 1 } as never, 3))).toBe(true);
    expect(d.accept(ev({ type: 'channel.hangup', cause: '1' } as never, 4))).toBe(true);
  });

  it('an event with a field more or less, even one left undefined, is a different event', () => {
    const d = new EventDeduplicator();
    expect(d.accept(ev({ type: 'queue.left' }, 0))).toBe(true);
    expect(d.accept(ev({ type: 'queue.left', reason: undefined } as never, 1))).toBe(true);
    expect(d.accept(ev({ type: 'queue.left' }, 2))).toBe(true);
    expect(d.accept(ev({ type: 'queue.left' }, 3))).toBe(false);
  });

  it('drops a repeat within the window, keeps it after the window', () => {
    const d = new EventDeduplicator({ windowMs: 5000 });
    const join = (ms: number) => ev({ type: 'queue.joined', position: 1 } as never, ms);
    expect(d.accept(join(0))).toBe(true);
    expect(d.accept(join(10))).toBe(false);
    expect(d.accept(join(6000))).toBe(true);
    expect(d.droppedCount).toBe(1);
  });

  it('keeps A, B, A of one subject (a member rung again after no answer)', () => {
    const d = new EventDeduplicator();
    expect(d.accept(ev({ type: 'agent.called' }, 0))).toBe(true);
    expect(d.accept(ev({ type: 'agent.ringing_stopped', reason: 'noanswer' } as never, 10))).toBe(true);
    expect(d.accept(ev({ type: 'agent.called' }, 20))).toBe(true);
    expect(d.accept(ev({ type: 'agent.called', agentInterface: 'PJSIP/102' } as never, 20))).toBe(true);
  });

  it('drops events that would re-open a call after its hangup, keeps closing ones', () => {
    const d = new EventDeduplicator();
    expect(d.accept(ev({ type: 'channel.hangup', cause: 16 } as never, 0))).toBe(true);
    expect(d.accept(ev({ type: 'agent.connected', holdSeconds: 1 } as never, 5))).toBe(false);
    expect(d.accept(ev({ type: 'queue.joined', position: 1 } as never, 5))).toBe(false);
    expect(d.accept(ev({ type: 'agent.completed', holdSeconds: 1, talkSeconds: 2, reason: 'caller' } as never, 5))).toBe(true);
    expect(d.accept(ev({ type: 'queue.left' }, 5))).toBe(true);
  });

  it('remembers a bounded number of subjects', () => {
    const d = new EventDeduplicator({ maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) expect(d.accept(ev({ type: 'queue.left', uniqueid: id } as never, 0))).toBe(true);
    expect(d.accept(ev({ type: 'queue.left', uniqueid: 'a' } as never, 1))).toBe(true); // forgotten: passes again
    expect(d.accept(ev({ type: 'queue.left', uniqueid: 'c' } as never, 1))).toBe(false);
  });

  it('forgets a subject once its window has passed', () => {
    const d = new EventDeduplicator({ windowMs: 100 });
    for (const id of ['a', 'b', 'c']) expect(d.accept(ev({ type: 'queue.left', uniqueid: id } as never, 0))).toBe(true);
    expect(d.accept(ev({ type: 'queue.abandoned', uniqueid: 'b' } as never, 60))).toBe(true);
    expect(d.subjectCount).toBe(3);
    // At 150 a and c are past their window; b, seen again at 60, is not.
    expect(d.accept(ev({ type: 'queue.left', uniqueid: 'd' } as never, 150))).toBe(true);
    expect(d.subjectCount).toBe(2);
    expect(d.accept(ev({ type: 'queue.abandoned', uniqueid: 'b' } as never, 151))).toBe(false);
  });
});

describe('AriEventTranslator', () => {
  const channel = { id: 'c1', state: 'Up', caller: { name: '', number: '0501234567' }, dialplan: { exten: '1551' } };

  it('reports one hangup per channel (request, then destroyed) and a destroyed-only one', () => {
    const t = new AriEventTranslator();
    expect(t.translate({ type: 'ChannelHangupRequest', cause: 32, soft: true, channel })).toEqual({ name: 'channelHangup', payload: { channelId: 'c1', cause: 32, causeText: null } });
    expect(t.translate({ type: 'ChannelHangupRequest', cause: 16, channel })).toBeNull();
    expect(t.translate({ type: 'ChannelDestroyed', cause: 16, cause_txt: 'Normal Clearing', channel })).toBeNull();
    expect(t.translate({ type: 'ChannelDestroyed', cause: 16, cause_txt: 'Normal Clearing', channel })).toBeNull(); // sent twice
    expect(t.translate({ type: 'ChannelDestroyed', cause: 17, cause_txt: 'User busy', channel: { ...channel, id: 'c2' } })).toEqual({ name: 'channelHangup', payload: { channelId: 'c2', cause: 17, causeText: 'User busy' } });
  });

  it('one StasisStart / StasisEnd per stay in Stasis, even when repeated; a new stay counts again', () => {
    const t = new AriEventTranslator();
    const start = { type: 'StasisStart', args: ['inbound'], channel };
    expect(t.translate(start)).toMatchObject({ name: 'stasisStart', payload: { channelId: 'c1', callerNumber: '0501234567', callerName: null, args: ['inbound'] } });
    expect(t.translate(start)).toBeNull();
    expect(t.translate({ type: 'StasisEnd', channel })).toEqual({ name: 'stasisEnd', payload: { channelId: 'c1' } });
    expect(t.translate({ type: 'StasisEnd', channel })).toBeNull();
    expect(t.translate(start)).toMatchObject({ name: 'stasisStart' });
    expect(t.translate({ type: 'StasisEnd', channel: { ...channel, id: 'adopted' } })).toMatchObject({ name: 'stasisEnd' });
  });

  it('maps playbacks to their channel and ignores junk', () => {
    const t = new AriEventTranslator();
    expect(t.translate({ type: 'PlaybackFinished', playback: { id: 'pb', target_uri: 'channel:c1', state: 'failed' } })).toEqual({ name: 'playbackFinished', payload: { playbackId: 'pb', channelId: 'c1', state: 'failed' } });
    expect(t.translate({ type: 'PlaybackFinished', playback: { id: 'pb', target_uri: 'bridge:b1', state: 'done' } })).toMatchObject({ payload: { channelId: null } });
    expect(t.translate(null)).toBeNull();
    expect(t.translate({ type: 'StasisStart' })).toBeNull();
    expect(t.translate({ type: 'ChannelVarset', channel })).toBeNull();
  });
});

describe('promptId', () => {
  it('is the channel\'s own, and a new prompt never takes the id of the three before it', () => {
    const ids = Array.from({ length: 9 }, (_, n) => promptId('1796702653.1', n));
    expect(ids.every((id) => id.startsWith('1796702653.1.'))).toBe(true);
    for (let n = 3; n < ids.length; n++) expect(ids.slice(n - 3, n)).not.toContain(ids[n]);
    // Few enough that another instance can stop them all by name.
    expect(new Set(ids).size).toBe(4);
    expect(promptId('other', 0)).not.toBe(ids[0]);
  });
});
