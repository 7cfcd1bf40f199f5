/**
 * The queue membership projection and the call-ownership rule on what a real Asterisk 22.7.0
 * wrote (tests/fixtures/asterisk, recorded for issue 12): the recorded AMI bytes go through a
 * real AmiConnection and the normaliser, then into QueueMembers and the recorder's filter.
 */
import { replay } from '../telephony/ami-replay';
import { QueueMembers, stateOf } from '../../realtime/queue-members';
import { isHotlineCallEvent } from '../../calls/call-ownership';
import type { CallEvent } from '../../telephony/call-events';

function project(events: CallEvent[], queue: string): { members: QueueMembers; states: string[] } {
  const members = new QueueMembers(queue);
  const states: string[] = [];
  for (const e of events) {
    for (const [iface, m] of members.fold(e)) states.push(`${iface}:${stateOf(m)}`);
  }
  return { members, states };
}

describe('queue membership as the real PBX reports it', () => {
  it('member-leaves-mid-call: removed while talking, the call ends, and no event brings the member back', async () => {
    const events = await replay('member-leaves-mid-call.json');
    const { members, states } = project(events, 'dispatchers-live');
    const iface = 'Local/103@agents-talk/n';
    expect(events.find((e) => e.type === 'member.added')).toMatchObject({ agentInterface: iface, stateInterface: 'Custom:103' });
    expect(states).toEqual([`${iface}:ready`, `${iface}:ringing`, `${iface}:on_call`, `${iface}:signed_out`]);
    // AgentComplete still came for the removed member after the call.
    const completed = events.findIndex((e) => e.type === 'agent.completed');
    const removed = events.findIndex((e) => e.type === 'member.removed');
    expect(completed).toBeGreaterThan(removed);
    expect(members.get(iface)).toBeUndefined();
  });

  it('member-paused-mid-call: paused while talking stays paused after the call', async () => {
    const events = await replay('member-paused-mid-call.json');
    const { states } = project(events, 'dispatchers-live');
    const iface = 'Local/103@agents-talk/n';
    // The recording ends with the recorder's own clean-up (QueueRemove); before it, the member was paused.
    expect(states.slice(-2)).toEqual([`${iface}:paused`, `${iface}:signed_out`]);
    const beforeCleanup = events.slice(0, events.findIndex((e) => e.type === 'member.removed'));
    expect(project(beforeCleanup, 'dispatchers-live').members.get(iface)).toMatchObject({ paused: true, pausedReason: 'after-call', inCall: false });
  });

  it('member-device-state: the state interface drives the member through in use, ringing, unavailable, free', async () => {
    const events = await replay('member-device-state.json');
    const statuses = events.filter((e) => e.type === 'member.status').map((e) => (e as { status: number }).status);
    expect(statuses).toEqual([2, 6, 5, 1]);
    const { states } = project(events, 'dispatchers-live');
    expect(states.filter((s) => s.endsWith(':on_call') || s.endsWith(':ringing')).length).toBeGreaterThan(0);
    // Free again (then the recorder's clean-up removes the member).
    expect(states.slice(-2).map((x) => x.split(':').pop())).toEqual(['ready', 'signed_out']);
    expect(states).toContain('Local/103@agents-talk/n:unavailable');
  });

  it('a full QueueStatus replaces what was known, keyed by Location (the member interface), not StateInterface', () => {
    const members = new QueueMembers('dispatchers');
    members.fold({ type: 'member.added', queue: 'dispatchers', agentInterface: 'Local/101@from-queue/n', stateInterface: 'hint:101@ext-local', memberName: 'A', paused: false, pausedReason: null, status: 1, inCall: false, at: new Date() });
    members.fold({ type: 'member.added', queue: 'dispatchers', agentInterface: 'PJSIP/102', stateInterface: 'PJSIP/102', memberName: 'B', paused: false, pausedReason: null, status: 1, inCall: false, at: new Date() });
    const changes = members.replaceAll([
      { event: 'QueueParams', queue: 'dispatchers' },
      { event: 'QueueMember', queue: 'dispatchers', location: 'Local/101@from-queue/n', stateinterface: 'hint:101@ext-local', paused: '1', pausedreason: 'break', status: '1', incall: '0' },
      { event: 'QueueMember', queue: 'other', location: 'PJSIP/102', stateinterface: 'PJSIP/102', paused: '0', status: '1', incall: '0' },
    ]);
    expect(changes.map(([iface, m]) => `${iface}:${stateOf(m)}`).sort()).toEqual(['Local/101@from-queue/n:paused', 'PJSIP/102:signed_out']);
    expect([...members.all()].map((m) => m.iface)).toEqual(['Local/101@from-queue/n']);
    expect(members.get('hint:101@ext-local')).toBeUndefined();
  });

  it('a late pause for a member already removed adds nothing', () => {
    const members = new QueueMembers('dispatchers');
    expect(members.fold({ type: 'member.paused', queue: 'dispatchers', agentInterface: 'PJSIP/101', paused: false, reason: null, at: new Date() })).toEqual([]);
    expect(members.get('PJSIP/101')).toBeUndefined();
  });
});

describe('which calls are the hotline\'s', () => {
  const ours = new Set(['dispatchers', 'dispatchers-live']);

  it('unrelated-call: both Local halves of an office call are ignored', async () => {
    const events = await replay('unrelated-call.json');
    const hangups = events.filter((e) => e.type === 'channel.hangup');
    expect(hangups).toHaveLength(2);
    expect(events.filter((e) => isHotlineCallEvent(e, ours, () => false))).toEqual([]);
  });

  it('member-leaves-mid-call: the caller joining our queue is ours; the ;1 half and the dispatcher legs are not calls of their own', async () => {
    const events = await replay('member-leaves-mid-call.json');
    const known = new Set<string>();
    const admitted: CallEvent[] = [];
    for (const e of events) {
      if (!isHotlineCallEvent(e, ours, (id) => known.has(id))) continue;
      admitted.push(e);
      if ('uniqueid' in e) known.add(e.uniqueid);
    }
    // Only the caller's channel (the ;2 half that ran Queue()) becomes a call record.
    expect([...known]).toEqual(['1796536672.35']);
    expect(admitted.some((e) => e.type === 'channel.hangup' && e.uniqueid === '1796536672.35')).toBe(true);
    const otherQueue = events.filter((e) => isHotlineCallEvent(e, new Set(['dispatchers']), () => false));
    expect(otherQueue).toEqual([]);
  });

  it('a channel that entered the Stasis application or was originated is ours, whatever queue it reaches', () => {
    const hangup: CallEvent = { type: 'channel.hangup', uniqueid: 'x.1', linkedid: 'x.1', cause: 16, causeText: null, at: new Date() };
    expect(isHotlineCallEvent(hangup, ours, (id) => id === 'x.1')).toBe(true);
    expect(isHotlineCallEvent(hangup, ours, () => false)).toBe(false);
    const member: CallEvent = { type: 'member.removed', queue: 'dispatchers', agentInterface: 'PJSIP/101', at: new Date() };
    expect(isHotlineCallEvent(member, ours, () => true)).toBe(false);
  });
});
