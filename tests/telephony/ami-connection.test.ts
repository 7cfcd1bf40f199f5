/** AmiConnection against the stand-in through the real asterisk-manager, over real sockets. */
import { AMI_EVENTS_READ } from '../../telephony/ami-event-normalizer';
import type { CallEvent } from '../../telephony/call-events';
import { AmiConnection } from '../../telephony/ami-connection';
import { AmiActionError, NotConnectedError } from '../../telephony/telephony-errors';
import type { Standin } from '../../standin/scenario';
import { standin, amiConnection, capturingLogger, nextEvent, record, sleep } from './helpers';

const QUEUE = { name: 'dispatchers', strategy: 'ringall' as const, timeout: 15, retry: 2, members: [{ interface: 'PJSIP/101', name: 'Dispatcher 101' }, { interface: 'PJSIP/102', name: 'Dispatcher 102' }] };

describe('AmiConnection', () => {
  let s: Standin;
  let ami: AmiConnection;

  beforeEach(async () => {
    s = await standin({
      queues: [QUEUE],
      phones: { 'PJSIP/101': { kind: 'answer', afterMs: 2000, talkMs: 3000 }, 'PJSIP/102': { kind: 'noanswer' } },
    });
    ami = amiConnection(s);
  });
  afterEach(async () => {
    ami.stop();
    await s.stop();
  });

  async function connected(conn = ami): Promise<void> {
    const ready = nextEvent(conn, 'ready');
    conn.start();
    await ready;
  }

  it('logs in and answers actions; an Error response is AmiActionError with the message', async () => {
    await connected();
    expect(ami.ready).toBe(true);
    expect(ami.status()).toMatchObject({ ready: true, reconnects: 0, lastError: null });
    expect((await ami.action({ action: 'Ping' })).ping).toBe('Pong');
    const err = await ami.action({ action: 'QueueRemove', queue: 'dispatchers', interface: 'PJSIP/999' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmiActionError);
    expect((err as AmiActionError).amiMessage).toMatch(/not|Unable/i);
    await expect(ami.action({ action: 'NoSuchAction' })).rejects.toThrow(/Invalid\/unknown command/);
  });

  it('collects a QueueStatus list up to its Complete event', async () => {
    await connected();
    const { response, events } = await ami.actionList({ action: 'QueueStatus', queue: 'dispatchers' });
    expect(response.eventlist).toBe('start');
    expect(events.map((e) => e.event)).toEqual(['QueueParams', 'QueueMember', 'QueueMember']);
    expect(events.filter((e) => e.event === 'QueueMember').map((e) => e.location ?? e.stateinterface)).toEqual(['PJSIP/101', 'PJSIP/102']);
  });

  it('a wrong secret: down with auth failed, retried with backoff, logged at error level once', async () => {
    const { logger, lines } = capturingLogger();
    const bad = amiConnection(s, { secret: 'wrong', logger, backoff: { initialMs: 10, maxMs: 30 } });
    try {
      const down = nextEvent<{ reason: string; authFailed: boolean }>(bad, 'down');
      bad.start();
      expect(await down).toEqual({ reason: 'auth failed: Authentication failed', authFailed: true });
      // The stand-in answers a bad login after 1 s (scaled): wait for several attempts.
      await s.waitFor(() => s.appRequests.amiActions.filter((a) => a.action.toLowerCase() === 'login').length >= 4, 5000, 'login retries');
      expect(bad.ready).toBe(false);
      expect(bad.status().lastError).toMatch(/auth failed/);
      expect(lines.filter((l) => l.level >= 50)).toHaveLength(1);
      await expect(bad.action({ action: 'Ping' })).rejects.toBeInstanceOf(NotConnectedError);
    } finally {
      bad.stop();
    }
  });

  it('connection dropped: down, then logs in again by itself', async () => {
    await connected();
    const down = nextEvent<{ reason: string }>(ami, 'down');
    const again = nextEvent(ami, 'ready');
    s.faults.dropAmi();
    expect((await down).reason).toBe('connection closed');
    expect(await again).toEqual({ reconnect: true });
    expect(ami.status().reconnects).toBe(1);
    expect((await ami.action({ action: 'Ping' })).ping).toBe('Pong');
  });

  it('PBX restart and a PBX that is away for a while: reconnects when it is back', async () => {
    await connected();
    const again = nextEvent(ami, 'ready');
    await s.faults.restart(200);
    await again;
    const port = s.amiPort;
    const down = nextEvent(ami, 'down');
    await s.ami.stop();
    await down;
    await sleep(300); // many failed attempts at 20..100 ms
    expect(ami.ready).toBe(false);
    const back = nextEvent(ami, 'ready');
    await s.ami.start(port);
    await back;
    expect(ami.status().reconnects).toBe(2);
  });

  it('survives a malformed frame', async () => {
    await connected();
    const raw = record<Record<string, unknown>>(ami, 'amiEvent');
    s.faults.malformedAmiFrame();
    await s.waitFor(() => raw.some((e) => e.payload.event === 'Broken'), 2000, 'broken frame parsed');
    expect((await ami.action({ action: 'Ping' })).ping).toBe('Pong');
    expect(ami.ready).toBe(true);
  });

  it('an inbound call that falls through to the queue gives normalised call events, a duplicate dropped', async () => {
    await connected();
    const events: CallEvent[] = [];
    const raw: string[] = [];
    ami.on('callEvent', (e) => events.push(e));
    ami.on('amiEvent', (e) => raw.push(String(e.event)));
    await s.waitFor(() => s.appRequests.amiActions.some((a) => a.action.toLowerCase() === 'filter'), 5000, 'event filter asked for');
    s.faults.duplicateAmiEvent('QueueCallerJoin');
    s.faults.duplicateAmiEvent('AgentCalled', 2);
    // No ARI app connected: Stasis() fails and the dialplan goes on to Queue(dispatchers).
    const call = s.placeCall({ from: '0501234567', name: 'Mykola Petrenko', script: [{ afterAnswerMs: 1000, hangup: true }] });
    await s.waitFor(() => events.some((e) => e.type === 'channel.hangup' && e.uniqueid === call.id), 5000, 'caller hangup');
    await s.waitFor(() => events.some((e) => e.type === 'agent.completed'), 5000, 'agent.completed');
    const mine = events.filter((e) => 'uniqueid' in e && e.uniqueid === call.id);
    const types = mine.map((e) => e.type);
    expect(types.filter((t) => t === 'queue.joined')).toHaveLength(1); // sent twice, passed once
    expect(s.sent.ami.filter((e) => e.name === 'QueueCallerJoin')).toHaveLength(1); // (the log records it once; the wire had it twice)
    expect(mine.find((e) => e.type === 'queue.joined')).toMatchObject({ queue: 'dispatchers', position: 1, callerNumber: '0501234567', callerName: 'Mykola Petrenko' });
    const called = mine.filter((e) => e.type === 'agent.called');
    expect(called.map((e) => (e as { agentInterface: string }).agentInterface).sort()).toEqual(['PJSIP/101', 'PJSIP/102']);
    expect(mine.find((e) => e.type === 'agent.connected')).toMatchObject({ agentInterface: 'PJSIP/101', queue: 'dispatchers' });
    expect(types).toContain('queue.left');
    expect(mine.find((e) => e.type === 'agent.completed')).toMatchObject({ agentInterface: 'PJSIP/101', reason: 'caller' });
    expect(mine.find((e) => e.type === 'channel.hangup')).toMatchObject({ cause: 16, causeText: 'Normal Clearing' });
    expect(types.indexOf('queue.joined')).toBeLessThan(types.indexOf('agent.connected'));
    expect(mine.every((e) => e.at instanceof Date)).toBe(true);
    expect(ami.droppedEvents).toBeGreaterThanOrEqual(3);
    // Only what Kontakt reads crossed the wire (the PBX sent Newchannel, Newexten, VarSet, … to nobody).
    expect([...new Set(raw)].sort()).toEqual(expect.arrayContaining(['AgentCalled', 'Hangup', 'QueueCallerJoin']));
    expect(raw.filter((name) => !(AMI_EVENTS_READ as readonly string[]).includes(name))).toEqual([]);
    expect(s.sent.ami.map((e) => e.name)).toEqual(expect.arrayContaining(['Newchannel', 'Newexten', 'VarSet']));
  });

  it('an action while down is refused at once; one waiting during a drop fails', async () => {
    await expect(ami.action({ action: 'Ping' })).rejects.toBeInstanceOf(NotConnectedError);
    await connected();
    const p = ami.action({ action: 'Ping' }, 2000);
    s.faults.dropAmi();
    // Either it was answered before the drop, or it fails with a typed error: never hangs.
    const r = await p.then((x) => x.ping, (e: unknown) => (e as Error).name);
    expect(['Pong', 'AmiConnectionLostError']).toContain(r);
  });
});
