/**
 * The normaliser on what a real Asterisk 22.7.0 wrote: the recorded AMI bytes are replayed, chunk
 * by chunk as received, by a tiny TCP server to a real AmiConnection (so asterisk-manager's own
 * parser makes the raw events, with its lower-cased keys).
 */
import { replay } from './ami-replay';

const at = new Date('2026-11-29T04:01:00Z');

describe('AMI normalisation of recorded Asterisk 22 events', () => {
  it('inbound-queue: join, two members rung, one connects and completes, caller leaves, hangups', async () => {
    const events = await replay('inbound-queue.json');
    const caller = events.filter((e) => 'uniqueid' in e && e.uniqueid === '1795924867.1');
    expect(caller.map((e) => e.type)).toEqual(expect.arrayContaining(['queue.joined', 'agent.called', 'agent.connected', 'queue.left', 'agent.completed', 'channel.hangup']));
    expect(caller.find((e) => e.type === 'queue.joined')).toEqual({ type: 'queue.joined', uniqueid: '1795924867.1', linkedid: '1795924867.0', queue: 'dispatchers', position: 1, callerNumber: '0501234567', callerName: 'Mykola Petrenko', at });
    expect(caller.filter((e) => e.type === 'agent.called').map((e) => (e as { agentInterface: string }).agentInterface)).toEqual(['Local/101@agents/n', 'Local/102@agents/n']);
    expect(caller.find((e) => e.type === 'agent.called')).toEqual({ type: 'agent.called', uniqueid: '1795924867.1', queue: 'dispatchers', agentInterface: 'Local/101@agents/n', memberName: 'Dispatcher 101', callerNumber: '0501234567', at });
    expect(caller.find((e) => e.type === 'agent.connected')).toEqual({ type: 'agent.connected', uniqueid: '1795924867.1', queue: 'dispatchers', agentInterface: 'Local/101@agents/n', holdSeconds: 0, at });
    expect(caller.find((e) => e.type === 'agent.completed')).toEqual({ type: 'agent.completed', uniqueid: '1795924867.1', queue: 'dispatchers', agentInterface: 'Local/101@agents/n', holdSeconds: 0, talkSeconds: 5, reason: 'agent', at });
    expect(caller.find((e) => e.type === 'channel.hangup')).toEqual({ type: 'channel.hangup', uniqueid: '1795924867.1', linkedid: '1795924867.0', cause: 16, causeText: 'Normal Clearing', at });
    const status = events.find((e) => e.type === 'member.status');
    expect(status).toEqual({ type: 'member.status', queue: 'dispatchers', agentInterface: 'Local/101@agents/n', stateInterface: 'Local/101@agents/n', memberName: 'Dispatcher 101', paused: false, pausedReason: null, status: 2, inCall: false, at });
  });

  it('queue-abandon: abandoned with hold time, then left', async () => {
    const events = await replay('queue-abandon.json');
    const abandoned = events.find((e) => e.type === 'queue.abandoned');
    expect(abandoned).toEqual({ type: 'queue.abandoned', uniqueid: '1795924940.21', queue: 'dispatchers-busy', position: 2, holdSeconds: 5, at });
    const types = events.filter((e) => 'uniqueid' in e && e.uniqueid === '1795924940.21').map((e) => e.type);
    expect(types.indexOf('queue.abandoned')).toBeLessThan(types.indexOf('queue.left'));
  });

  it('ami-actions: member added, paused with a reason, unpaused, removed', async () => {
    const events = await replay('ami-actions.json');
    const member = events.filter((e) => e.type.startsWith('member.') && e.type !== 'member.status');
    expect(member.map((e) => e.type)).toEqual(['member.added', 'member.paused', 'member.paused', 'member.removed']);
    expect(member[0]).toEqual({ type: 'member.added', queue: 'dispatchers', agentInterface: 'Local/103@agents/n', stateInterface: 'Local/103@agents/n', memberName: 'Dispatcher 103', paused: false, pausedReason: null, status: 4, inCall: false, at });
    expect(member[1]).toMatchObject({ paused: true, reason: 'break' });
    expect(member[2]).toMatchObject({ paused: false, reason: null });
    expect(member[3]).toEqual({ type: 'member.removed', queue: 'dispatchers', agentInterface: 'Local/103@agents/n', at });
  });
});
