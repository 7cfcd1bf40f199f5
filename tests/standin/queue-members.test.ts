/**
 * Queue members as app_queue keeps them, through the real asterisk-manager: state interfaces
 * (hint:, PJSIP/, Custom:) and device states, FreePBX-style Local members, members removed or
 * paused during a conversation (member-leaves-mid-call / member-paused-mid-call /
 * member-device-state recordings).
 */
import type AsteriskManager from 'asterisk-manager';
import { standin, amiClient, amiAction, collectAmi, sleep } from './helpers';
import type { Standin } from '../../standin/scenario';

type Msg = AsteriskManager.ManagerMessage;

const DIALPLAN = `
[enter-q]
exten => s,1,Answer()
 same => n,Queue(hotq,,,,60)
 same => n,Hangup()
`;

const statuses = (events: Msg[], iface: string): string[] => events.filter((e) => e.event === 'QueueMemberStatus' && e.interface === iface).map((e) => String(e.status));

async function queueStatus(ami: AsteriskManager.Manager, events: Msg[], queue: string): Promise<Msg[]> {
  const res = await amiAction(ami, { action: 'QueueStatus', queue });
  await sleep(50);
  return events.filter((e) => e.event === 'QueueMember' && e.actionid === res.actionid);
}

describe('queue members, state interfaces and device states', () => {
  let s: Standin;
  let ami: AsteriskManager.Manager;
  let events: Msg[];
  beforeEach(async () => {
    s = await standin({
      dialplan: DIALPLAN,
      queues: [{ name: 'hotq', strategy: 'ringall', timeout: 15, retry: 1, members: [] }],
      hints: { '101@ext-local': 'PJSIP/101' },
      phones: {
        // By the state interface's device (the hint's PJSIP/101) ...
        'PJSIP/101': { kind: 'answer', afterMs: 1000, talkMs: 20000 },
        // ... or by the member interface itself.
        'Local/102@from-queue/n': { kind: 'answer', afterMs: 1000, talkMs: 20000 },
      },
    });
    ami = await amiClient(s);
    events = collectAmi(ami);
  });
  afterEach(async () => {
    ami.disconnect();
    await s.stop();
  });

  it('QueueAdd with StateInterface: a FreePBX Local member rings and talks through its hint; Status follows the phone', async () => {
    // Rings long enough (10 s, scaled) to be seen: Asterisk, and the stand-in, work out a device's
    // state when they get to it, so a ring shorter than a stall of the loop is never reported.
    s.setPhone('PJSIP/101', { kind: 'answer', afterMs: 10000, talkMs: 20000 });
    const added = await amiAction(ami, { action: 'QueueAdd', queue: 'hotq', interface: 'Local/101@from-queue/n', membername: 'Dispatcher 101', stateinterface: 'hint:101@ext-local', paused: 'false' });
    expect(added.message).toBe('Added interface to queue');
    await sleep(30);
    expect(events.find((e) => e.event === 'QueueMemberAdded')).toMatchObject({ queue: 'hotq', interface: 'Local/101@from-queue/n', stateinterface: 'hint:101@ext-local', membername: 'Dispatcher 101', status: '1', incall: '0', paused: '0' });
    const listed = await queueStatus(ami, events, 'hotq');
    expect(listed).toEqual([expect.objectContaining({ location: 'Local/101@from-queue/n', stateinterface: 'hint:101@ext-local', name: 'Dispatcher 101', status: '1' })]);

    const call = s.placeCall({ from: '0501234567', context: 'enter-q', to: 's' });
    const called = await s.waitForAmi('AgentCalled', (f) => f.Uniqueid === call.id);
    // AgentCalled names the ;1 half; both halves are on AMI.
    expect(called.Interface).toBe('Local/101@from-queue/n');
    expect(called.DestChannel).toMatch(/^Local\/101@from-queue-[0-9a-f]{8};1$/);
    const base = called.DestChannel.slice(0, -2);
    expect(s.sent.ami.filter((e) => e.name === 'Newchannel').map((e) => Object.fromEntries(e.fields).Channel)).toEqual(expect.arrayContaining([`${base};1`, `${base};2`]));
    await s.waitForAmi('AgentConnect', (f) => f.Uniqueid === call.id);
    await s.waitForAmi('QueueMemberStatus', (f) => f.Interface === 'Local/101@from-queue/n' && f.Status === '2');
    expect(s.queueMembers('hotq')[0]).toMatchObject({ status: 2, inCall: true });
    await s.waitForAmi('AgentComplete', (f) => f.Uniqueid === call.id, 5000);
    await s.waitForAmi('QueueMemberStatus', (f) => f.Interface === 'Local/101@from-queue/n' && f.Status === '1');
    await sleep(30);
    // Ringing (6), in use (2), free again (1): the phone as the PBX sees it.
    expect(statuses(events, 'Local/101@from-queue/n')).toEqual(['6', '2', '1']);
    call.hangup();
  });

  it('a Local member whose phone is keyed by the member interface: its PJSIP state interface follows that phone', async () => {
    s.addQueueMember('hotq', { interface: 'Local/102@from-queue/n', name: 'Dispatcher 102', stateInterface: 'PJSIP/102' });
    expect(s.queueMembers('hotq')).toEqual([expect.objectContaining({ interface: 'Local/102@from-queue/n', stateInterface: 'PJSIP/102', status: 1 })]);
    const call = s.placeCall({ from: '0501234567', context: 'enter-q', to: 's' });
    await s.waitForAmi('AgentConnect', (f) => f.Uniqueid === call.id && f.Interface === 'Local/102@from-queue/n');
    await s.waitFor(() => s.queueMembers('hotq')[0].status === 2, 2000, 'in use');
    call.hangup();
    await s.waitForAmi('AgentComplete', (f) => f.Uniqueid === call.id);
    await s.waitFor(() => s.queueMembers('hotq')[0].status === 1, 2000, 'free');
    await sleep(30);
    expect(statuses(events, 'Local/102@from-queue/n')).toEqual(['6', '2', '1']);
  });

  it('Custom device states from Setvar DEVICE_STATE() and setDeviceState: QueueMemberStatus 2, 6, 5, 1; an unavailable member is not rung', async () => {
    s.setPhone('Local/101@from-queue/n', { kind: 'answer', afterMs: 500 });
    await amiAction(ami, { action: 'QueueAdd', queue: 'hotq', interface: 'Local/101@from-queue/n', membername: 'D 101', stateinterface: 'Custom:101' });
    await sleep(20);
    // A custom device nobody has set is UNKNOWN (0), and app_queue rings UNKNOWN members.
    expect(events.find((e) => e.event === 'QueueMemberAdded')).toMatchObject({ stateinterface: 'Custom:101', status: '0' });
    for (const state of ['INUSE', 'RINGING']) {
      expect((await amiAction(ami, { action: 'Setvar', variable: 'DEVICE_STATE(Custom:101)', value: state })).message).toBe('Variable Set');
    }
    s.setDeviceState('Custom:101', 'UNAVAILABLE');
    await sleep(30);
    expect(statuses(events, 'Local/101@from-queue/n')).toEqual(['2', '6', '5']);
    expect((await amiAction(ami, { action: 'Getvar', variable: 'DEVICE_STATE(Custom:101)' })).value).toBe('UNAVAILABLE');

    const call = s.placeCall({ from: '0501234567', context: 'enter-q', to: 's' });
    await s.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id);
    await sleep(100);
    expect(s.sent.ami.some((e) => e.name === 'AgentCalled')).toBe(false);
    await amiAction(ami, { action: 'Setvar', variable: 'DEVICE_STATE(Custom:101)', value: 'NOT_INUSE' });
    await s.waitForAmi('AgentCalled', (f) => f.Uniqueid === call.id);
    expect(statuses(events, 'Local/101@from-queue/n')).toEqual(['2', '6', '5', '1']);
    // The custom device is not the phone: the call does not move it.
    await s.waitForAmi('AgentConnect', (f) => f.Uniqueid === call.id);
    expect(s.queueMembers('hotq')[0]).toMatchObject({ status: 1, inCall: true });
    call.hangup();
  });

  it('removed during a conversation (AMI QueueRemove): QueueMemberRemoved with InCall 1 at once, the call goes on, AgentComplete, nothing adds it back', async () => {
    await amiAction(ami, { action: 'QueueAdd', queue: 'hotq', interface: 'Local/101@from-queue/n', membername: 'D 101', stateinterface: 'hint:101@ext-local' });
    const call = s.placeCall({ from: '0501234567', context: 'enter-q', to: 's' });
    const connect = await s.waitForAmi('AgentConnect', (f) => f.Uniqueid === call.id);
    const removed = await amiAction(ami, { action: 'QueueRemove', queue: 'hotq', interface: 'Local/101@from-queue/n' });
    expect(removed.message).toBe('Removed interface from queue');
    await sleep(20);
    expect(events.find((e) => e.event === 'QueueMemberRemoved')).toMatchObject({ interface: 'Local/101@from-queue/n', stateinterface: 'hint:101@ext-local', incall: '1' });
    expect(s.channel(call.id)?.state).toBe('Up');
    expect(s.channel(connect.DestUniqueid)).toBeDefined();
    const n = events.length;
    // The dispatcher hangs up at the end of the conversation.
    s.hangupChannel(connect.DestUniqueid);
    const complete = await s.waitForAmi('AgentComplete', (f) => f.Uniqueid === call.id);
    expect(complete).toMatchObject({ Interface: 'Local/101@from-queue/n', Reason: 'agent' });
    await sleep(50);
    const after = events.slice(n).filter((e) => /^QueueMember/.test(String(e.event)));
    expect(after).toEqual([]);
    expect(await queueStatus(ami, events, 'hotq')).toEqual([]);
    expect(s.queueMembers('hotq')).toEqual([]);
  });

  it('removed by the scenario mid-call: the same, and the queue runner reports nothing for the member afterwards', async () => {
    s.addQueueMember('hotq', { interface: 'PJSIP/101', name: 'D 101' });
    const call = s.placeCall({ from: '0501234567', context: 'enter-q', to: 's' });
    await s.waitForAmi('AgentConnect', (f) => f.Uniqueid === call.id);
    expect(s.removeQueueMember('hotq', 'PJSIP/101')).toBe(true);
    expect(s.removeQueueMember('hotq', 'PJSIP/101')).toBe(false);
    await sleep(20);
    expect(events.find((e) => e.event === 'QueueMemberRemoved')).toMatchObject({ interface: 'PJSIP/101', incall: '1' });
    const n = events.length;
    call.hangup();
    await s.waitForAmi('AgentComplete', (f) => f.Uniqueid === call.id);
    await sleep(80);
    expect(events.slice(n).filter((e) => /^QueueMember/.test(String(e.event)))).toEqual([]);
  });

  it('paused during a conversation: QueueMemberPause with InCall 1; still paused after the call and not rung', async () => {
    await amiAction(ami, { action: 'QueueAdd', queue: 'hotq', interface: 'Local/101@from-queue/n', membername: 'D 101', stateinterface: 'hint:101@ext-local' });
    const call = s.placeCall({ from: '0501234567', context: 'enter-q', to: 's' });
    const connect = await s.waitForAmi('AgentConnect', (f) => f.Uniqueid === call.id);
    expect((await amiAction(ami, { action: 'QueuePause', queue: 'hotq', interface: 'Local/101@from-queue/n', paused: 'true', reason: 'after-call' })).message).toBe('Interface paused successfully');
    await sleep(20);
    expect(events.find((e) => e.event === 'QueueMemberPause')).toMatchObject({ incall: '1', paused: '1', pausedreason: 'after-call' });
    s.hangupChannel(connect.DestUniqueid);
    await s.waitForAmi('AgentComplete', (f) => f.Uniqueid === call.id);
    await sleep(50);
    expect(await queueStatus(ami, events, 'hotq')).toEqual([expect.objectContaining({ location: 'Local/101@from-queue/n', paused: '1', pausedreason: 'after-call', incall: '0' })]);
    const next = s.placeCall({ from: '0671112233', context: 'enter-q', to: 's' });
    await s.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === next.id);
    await sleep(100);
    expect(s.sent.ami.some((e) => e.name === 'AgentCalled' && Object.fromEntries(e.fields).Uniqueid === next.id)).toBe(false);
    expect(s.pauseQueueMember('hotq', 'Local/101@from-queue/n', false)).toBe(true);
    await s.waitForAmi('AgentCalled', (f) => f.Uniqueid === next.id);
    next.hangup();
    call.hangup();
  });

  it('hints may come from the dialplan (exten => 105,hint,PJSIP/105)', async () => {
    const h = await standin({ dialplan: '[ext-local]\nexten => 105,hint,PJSIP/105\nexten => 105,1,Dial(PJSIP/105)\n', phones: { 'PJSIP/105': { kind: 'unavailable' } }, queues: [{ name: 'q', members: [] }] });
    try {
      h.addQueueMember('q', { interface: 'Local/105@from-queue/n', stateInterface: 'hint:105@ext-local' });
      expect(h.queueMembers('q')[0].status).toBe(5);
      h.setPhone('PJSIP/105', { kind: 'answer' });
      expect(h.queueMembers('q')[0].status).toBe(1);
    } finally {
      await h.stop();
    }
  });

  it('queues.conf members take a state interface as their fourth field', async () => {
    const { parseQueuesConf } = await import('../../standin/model/queue');
    expect(parseQueuesConf('[q]\nmember => Local/101@from-queue/n,0,Dispatcher 101,hint:101@ext-local\n')[0].members).toEqual([{ interface: 'Local/101@from-queue/n', penalty: 0, name: 'Dispatcher 101', stateInterface: 'hint:101@ext-local' }]);
  });
});
