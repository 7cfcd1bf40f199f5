/**
 * joinempty / leavewhenempty with app_queue's semantics (get_member_status, join_queue,
 * wait_our_turn): a caller refused at the door gets no QueueCallerJoin and the dialplan goes on
 * with QUEUESTATUS=JOINEMPTY; one waiting when the queue empties leaves with LEAVEEMPTY.
 */
import { standin, sleep } from './helpers';
import type { Standin } from '../../standin/scenario';
import { parseEmptyOptions, parseQueuesConf, EMPTY } from '../../standin/model/queue';

const DIALPLAN = `
[q]
exten => _X.,1,Queue(\${EXTEN},,,,60)
 same => n,Set(AFTER=\${QUEUESTATUS})
 same => n,Wait(60)
`;

const varOf = (s: Standin, id: string, name: string): string | undefined => s.model.channels.get(id)?.vars.get(name);
const amiOf = (s: Standin, id: string): string[] => s.sent.ami.filter((e) => Object.fromEntries(e.fields).Uniqueid === id).map((e) => e.name);

describe('joinempty / leavewhenempty options', () => {
  it('parses the options as parse_empty_options does', () => {
    expect(parseEmptyOptions(undefined, true)).toBe(0);
    expect(parseEmptyOptions('yes', true)).toBe(0);
    expect(parseEmptyOptions('no', true)).toBe(EMPTY.PENALTY | EMPTY.INVALID | EMPTY.PAUSED);
    expect(parseEmptyOptions('yes', false)).toBe(EMPTY.PENALTY | EMPTY.INVALID | EMPTY.PAUSED);
    expect(parseEmptyOptions('no', false)).toBe(0);
    expect(parseEmptyOptions('paused,unavailable', true)).toBe(EMPTY.PAUSED | EMPTY.UNAVAILABLE);
    expect(parseEmptyOptions('strict', true)).toBe(EMPTY.PENALTY | EMPTY.INVALID | EMPTY.PAUSED | EMPTY.UNAVAILABLE);
    expect(parseEmptyOptions('loose', false)).toBe(EMPTY.PENALTY | EMPTY.INVALID);
    expect(parseQueuesConf('[q]\njoinempty=paused,unavailable\nleavewhenempty=yes\n')[0]).toMatchObject({ joinempty: 'paused,unavailable', leavewhenempty: 'yes' });
  });
});

describe('joinempty / leavewhenempty', () => {
  let s: Standin;
  afterEach(async () => {
    await s.stop();
  });

  it('default (and joinempty=yes): a caller joins a queue with no members', async () => {
    s = await standin({ dialplan: DIALPLAN, queues: [{ name: '100', members: [] }, { name: '200', joinempty: 'yes', members: [] }] });
    for (const q of ['100', '200']) {
      const call = s.placeCall({ from: '0501234567', context: 'q', to: q });
      await s.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id && f.Queue === q);
      call.hangup();
    }
  });

  it('joinempty=paused,unavailable: refused while every member is paused or unavailable; QUEUESTATUS=JOINEMPTY and the dialplan goes on', async () => {
    s = await standin({
      dialplan: DIALPLAN,
      phones: { 'PJSIP/101': { kind: 'answer', afterMs: 500, talkMs: 1000 } },
      queues: [{ name: '100', joinempty: 'paused,unavailable', members: [{ interface: 'PJSIP/101', paused: true }, { interface: 'PJSIP/199' }] }],
    });
    const refused = s.placeCall({ from: '0501234567', context: 'q', to: '100' });
    await s.waitFor(() => varOf(s, refused.id, 'AFTER'), 2000, 'dialplan after Queue()');
    expect(varOf(s, refused.id, 'AFTER')).toBe('JOINEMPTY');
    expect(amiOf(s, refused.id)).not.toContain('QueueCallerJoin');
    refused.hangup();
    // An available member lets the next caller in.
    s.pauseQueueMember('100', 'PJSIP/101', false);
    const joined = s.placeCall({ from: '0671112233', context: 'q', to: '100' });
    await s.waitForAmi('AgentConnect', (f) => f.Uniqueid === joined.id);
    joined.hangup();
  });

  it('joinempty=no: a paused-only queue refuses, an in-use member does not', async () => {
    s = await standin({ dialplan: DIALPLAN, queues: [{ name: '100', joinempty: 'no', members: [{ interface: 'Custom:1' }] }] });
    s.pauseQueueMember('100', 'Custom:1', true);
    const refused = s.placeCall({ from: '1', context: 'q', to: '100' });
    await s.waitFor(() => varOf(s, refused.id, 'AFTER'), 2000, 'refused');
    expect(varOf(s, refused.id, 'AFTER')).toBe('JOINEMPTY');
    s.pauseQueueMember('100', 'Custom:1', false);
    s.setDeviceState('Custom:1', 'INUSE');
    const call = s.placeCall({ from: '2', context: 'q', to: '100' });
    await s.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id);
    refused.hangup();
    call.hangup();
  });

  it('leavewhenempty=unavailable: a waiting caller leaves when the last member becomes unavailable (QueueCallerAbandon, QueueCallerLeave, LEAVEEMPTY)', async () => {
    s = await standin({ dialplan: DIALPLAN, queues: [{ name: '100', leavewhenempty: 'unavailable', members: [{ interface: 'Local/101@from-queue/n', stateInterface: 'Custom:101' }] }] });
    s.setDeviceState('Custom:101', 'INUSE');
    const call = s.placeCall({ from: '0501234567', context: 'q', to: '100' });
    await s.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id);
    // In use is not empty for this list: the caller keeps waiting (checks run about once a second).
    await sleep(100);
    expect(varOf(s, call.id, 'AFTER')).toBeUndefined();
    s.setDeviceState('Custom:101', 'UNAVAILABLE');
    await s.waitFor(() => varOf(s, call.id, 'AFTER'), 2000, 'left the queue');
    expect(varOf(s, call.id, 'AFTER')).toBe('LEAVEEMPTY');
    expect(varOf(s, call.id, 'ABANDONED')).toBe('TRUE');
    const names = amiOf(s, call.id).filter((n) => n.startsWith('QueueCaller'));
    expect(names).toEqual(['QueueCallerJoin', 'QueueCallerAbandon', 'QueueCallerLeave']);
    call.hangup();
  });

  it('leavewhenempty=yes: a member removed leaves the queue empty and the caller goes back to the dialplan', async () => {
    s = await standin({ dialplan: DIALPLAN, phones: { 'PJSIP/101': { kind: 'noanswer' } }, queues: [{ name: '100', timeout: 1, retry: 5, leavewhenempty: 'yes', members: [{ interface: 'PJSIP/101' }] }] });
    const call = s.placeCall({ from: '0501234567', context: 'q', to: '100' });
    await s.waitForAmi('AgentRingNoAnswer', (f) => f.Uniqueid === call.id);
    expect(s.removeQueueMember('100', 'PJSIP/101')).toBe(true);
    await s.waitFor(() => varOf(s, call.id, 'AFTER'), 2000, 'left the queue');
    expect(varOf(s, call.id, 'AFTER')).toBe('LEAVEEMPTY');
    call.hangup();
  });
});
