/** The real asterisk-manager against the stand-in: login, actions, queue events, framing. */
import net from 'node:net';
import type AsteriskManager from 'asterisk-manager';
import { standin, amiClient, amiAction as action, collectAmi as collect, sleep } from './helpers';
import type { Standin } from '../../standin/scenario';

describe('asterisk-manager against the stand-in', () => {
  let s: Standin;
  let ami: AsteriskManager.Manager;
  beforeEach(async () => {
    s = await standin({
      phones: { 'PJSIP/101': { kind: 'answer', afterMs: 500, talkMs: 2000 }, 'PJSIP/102': { kind: 'noanswer' }, 'PJSIP/103': { kind: 'answer', afterMs: 500, talkMs: 1000 } },
      queues: [
        { name: 'dispatchers', strategy: 'ringall', timeout: 15, members: [{ interface: 'PJSIP/101', name: 'Dispatcher 101' }, { interface: 'PJSIP/102', name: 'Dispatcher 102' }] },
        { name: 'rr', strategy: 'rrmemory', timeout: 15, members: [{ interface: 'PJSIP/101', name: 'A' }, { interface: 'PJSIP/103', name: 'B' }] },
        { name: 'empty', strategy: 'ringall', timeout: 15, members: [] },
      ],
    });
    ami = await amiClient(s);
  });
  afterEach(async () => {
    ami.disconnect();
    await s.stop();
  });

  it('refuses a wrong secret with "Authentication failed" and closes', async () => {
    await expect(amiClient(s, 'wrong')).rejects.toMatchObject({ response: 'Error', message: 'Authentication failed' });
  });

  it('answers Ping, unknown actions and Command; echoes ActionID', async () => {
    const pong = await action(ami, { action: 'Ping', actionid: 'p-1' });
    expect(pong).toMatchObject({ response: 'Success', ping: 'Pong', actionid: 'p-1' });
    await expect(action(ami, { action: 'NoSuchAction' })).rejects.toMatchObject({ message: 'Invalid/unknown command: NoSuchAction. Use Action: ListCommands to show available commands.' });
    const up = await action(ami, { action: 'Command', command: 'core show uptime' });
    expect(up.output).toEqual(expect.arrayContaining([expect.stringMatching(/^System uptime: /)]));
  });

  it('QueueAdd / QueuePause / QueueRemove with their events and errors', async () => {
    const events = collect(ami);
    expect(await action(ami, { action: 'QueueAdd', queue: 'dispatchers', interface: 'PJSIP/103', membername: 'Dispatcher 103', paused: 'false' })).toMatchObject({ message: 'Added interface to queue' });
    await expect(action(ami, { action: 'QueueAdd', queue: 'dispatchers', interface: 'PJSIP/103' })).rejects.toMatchObject({ message: 'Unable to add interface: Already there' });
    expect(await action(ami, { action: 'QueuePause', queue: 'dispatchers', interface: 'PJSIP/103', paused: 'true', reason: 'break' })).toMatchObject({ message: 'Interface paused successfully' });
    const status = await action(ami, { action: 'QueueStatus', queue: 'dispatchers' });
    expect(status.eventlist).toBe('start');
    await sleep(50);
    const member = events.find((e) => e.event === 'QueueMember' && e.location === 'PJSIP/103');
    expect(member).toMatchObject({ paused: '1', pausedreason: 'break', membership: 'dynamic', actionid: status.actionid });
    expect(events.find((e) => e.event === 'QueueStatusComplete')).toMatchObject({ listitems: '4' });
    expect(await action(ami, { action: 'QueueRemove', queue: 'dispatchers', interface: 'PJSIP/103' })).toMatchObject({ message: 'Removed interface from queue' });
    await expect(action(ami, { action: 'QueueRemove', queue: 'dispatchers', interface: 'PJSIP/999' })).rejects.toMatchObject({ message: 'Unable to remove interface: Not there' });
    await sleep(50);
    expect(events.map((e) => e.event).filter((n) => /^QueueMember(Added|Pause|Removed)$/.test(String(n)))).toEqual(['QueueMemberAdded', 'QueueMemberPause', 'QueueMemberRemoved']);
    const summary = await action(ami, { action: 'QueueSummary', queue: 'dispatchers' });
    expect(summary.message).toBe('Queue summary will follow');
    await sleep(30);
    expect(events.find((e) => e.event === 'QueueSummary')).toMatchObject({ queue: 'dispatchers', loggedin: '2', available: '2' });
  });

  it('ringall: both phones rung, the one that answers connects, the call completes', async () => {
    const events = collect(ami);
    const call = s.placeCall({ from: '0501234567', name: 'Mykola', context: 'dispatchers', to: 's' });
    await s.waitForAmi('AgentComplete', (f) => f.Uniqueid === call.id, 3000);
    await sleep(30);
    const mine = events.filter((e) => e.uniqueid === call.id);
    const names = mine.map((e) => e.event);
    expect(names.filter((n) => String(n).startsWith('Agent') || String(n).startsWith('QueueCaller'))).toEqual(['QueueCallerJoin', 'AgentCalled', 'AgentCalled', 'QueueCallerLeave', 'AgentConnect', 'AgentComplete']);
    expect(mine.find((e) => e.event === 'AgentConnect')).toMatchObject({ interface: 'PJSIP/101', membername: 'Dispatcher 101' });
    expect(mine.find((e) => e.event === 'AgentComplete')).toMatchObject({ reason: 'agent' });
    expect(events.some((e) => e.event === 'DialEnd' && e.dialstatus === 'CANCEL' && e.uniqueid === call.id)).toBe(true);
  });

  it('round robin alternates members; a paused member is skipped', async () => {
    s.model.dialplan.set('rr-test', new Map([['s', [{ app: 'Queue', data: 'rr,,,,60' }, { app: 'Hangup', data: '' }]]]));
    const a = s.placeCall({ from: '2', context: 'rr-test', to: 's' });
    const ca = await s.waitForAmi('AgentConnect', (f) => f.Uniqueid === a.id, 3000);
    await s.waitForAmi('AgentComplete', (f) => f.Uniqueid === a.id, 3000);
    const b = s.placeCall({ from: '3', context: 'rr-test', to: 's' });
    const cb = await s.waitForAmi('AgentConnect', (f) => f.Uniqueid === b.id, 3000);
    expect(cb.Interface).not.toBe(ca.Interface);
    await s.waitForAmi('AgentComplete', (f) => f.Uniqueid === b.id, 3000);
    await action(ami, { action: 'QueuePause', queue: 'rr', interface: 'PJSIP/103', paused: 'true' });
    for (const from of ['4', '5']) {
      const c = s.placeCall({ from, context: 'rr-test', to: 's' });
      const con = await s.waitForAmi('AgentConnect', (f) => f.Uniqueid === c.id, 3000);
      expect(con.Interface).toBe('PJSIP/101');
      await s.waitForAmi('AgentComplete', (f) => f.Uniqueid === c.id, 3000);
    }
  });

  it('a caller who hangs up while waiting: QueueCallerAbandon then QueueCallerLeave', async () => {
    const events = collect(ami);
    const call = s.placeCall({ from: '0442223344', name: 'Olena', context: 'busy-queue', to: 's', script: [{ atMs: 2000, hangup: true }] });
    s.model.dialplan.set('busy-queue', new Map([['s', [{ app: 'Queue', data: 'empty,,,,60' }, { app: 'Hangup', data: '' }]]]));
    expect(await call.ended).toBe(16);
    await sleep(30);
    const names = events.filter((e) => e.uniqueid === call.id).map((e) => e.event);
    expect(names.indexOf('QueueCallerAbandon')).toBeGreaterThan(names.indexOf('QueueCallerJoin'));
    expect(names.indexOf('QueueCallerLeave')).toBeGreaterThan(names.indexOf('QueueCallerAbandon'));
  });

  it('Originate runs the hotline with a Local channel and the call reaches the queue', async () => {
    const events = collect(ami);
    const res = await action(ami, { action: 'Originate', channel: 'Local/1551@hotline', context: 'caller-sim', exten: 'menu1', priority: 1, callerid: '"Mykola Petrenko" <0501234567>', async: 'true' });
    expect(res.message).toBe('Originate successfully queued');
    await s.waitFor(() => events.find((e) => e.event === 'QueueCallerJoin'), 5000);
    const join = events.find((e) => e.event === 'QueueCallerJoin')!;
    expect(join).toMatchObject({ queue: 'dispatchers', calleridnum: '0501234567', calleridname: 'Mykola Petrenko' });
    expect(events.filter((e) => e.event === 'Newchannel').length).toBeGreaterThanOrEqual(2);
  });

  it('Hangup action and CoreShowChannels', async () => {
    const call = s.placeCall({ from: '0501112233', context: 'busy-queue', to: 's' });
    s.model.dialplan.set('busy-queue', new Map([['s', [{ app: 'Queue', data: 'empty,,,,60' }]]]));
    await s.waitForAmi('QueueCallerJoin', (f) => f.Uniqueid === call.id);
    const events = collect(ami);
    await action(ami, { action: 'CoreShowChannels' });
    await sleep(30);
    expect(events.find((e) => e.event === 'CoreShowChannel')).toMatchObject({ uniqueid: call.id, application: 'Queue' });
    await expect(action(ami, { action: 'Hangup', channel: 'PJSIP/nope-1' })).rejects.toMatchObject({ message: 'No such channel' });
    await action(ami, { action: 'Hangup', channel: call.channel.name });
    expect(await call.ended).toBe(16);
  });

  it('frames with CRLF and survives output split into small chunks', async () => {
    s.faults.splitAmiWrites(true);
    const chunks: string[] = [];
    const sock = net.createConnection(s.amiPort, '127.0.0.1');
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => chunks.push(d));
    await new Promise((r) => sock.once('connect', r));
    sock.write('Action: Login\r\nUsername: kontakt\r\nSecret: kontakt-secret\r\nActionID: l1\r\n\r\nAction: Ping\r\nActionID: p1\r\n\r\n');
    await s.waitFor(() => chunks.join('').includes('Ping: Pong'), 2000);
    const text = chunks.join('');
    expect(text.startsWith('Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: l1\r\nMessage: Authentication accepted\r\n\r\n')).toBe(true);
    expect(chunks.length).toBeGreaterThan(3);
    sock.destroy();
    expect((await action(ami, { action: 'Ping' })).ping).toBe('Pong');
  });
});
