/**
 * The normaliser on what a real Asterisk 22.7.0 wrote: the recorded AMI bytes are replayed, chunk
 * by chunk as received, by a tiny TCP server to a real AmiConnection (so asterisk-manager's own
 * parser makes the raw events, with its lower-cased keys).
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import type { CallEvent } from '../../telephony/call-events';
import { AmiConnection } from '../../telephony/ami-connection';
import { silentLogger, nextEvent, sleep } from './helpers';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'asterisk');

function recordedChunks(file: string): string[] {
  const rec = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as { log: Array<{ kind: string; text?: string }> };
  return rec.log.filter((e) => e.kind === 'ami-bytes').map((e) => e.text ?? '').filter((t) => !t.startsWith('Asterisk Call Manager'));
}

/** Accepts one login, then writes the recording's bytes. */
async function replayServer(chunks: string[]): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('error', () => undefined);
    sock.write('Asterisk Call Manager/11.0.0\r\n');
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      const m = /ActionID: ([^\r\n]+)[\s\S]*?\r\n\r\n/i.exec(buf);
      if (!m) return;
      buf = '';
      sock.write(`Response: Success\r\nActionID: ${m[1]}\r\nMessage: Authentication accepted\r\n\r\n`);
      for (const c of chunks) sock.write(c);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function replay(file: string): Promise<CallEvent[]> {
  const server = await replayServer(recordedChunks(file));
  const ami = new AmiConnection({ host: '127.0.0.1', port: server.port, username: 'kontakt', secret: 'kontakt-secret', backoff: { initialMs: 50, maxMs: 100 }, pingIntervalMs: 0, logger: silentLogger(), now: () => new Date('2026-11-29T04:01:00Z') });
  const events: CallEvent[] = [];
  ami.on('callEvent', (e) => events.push(e));
  try {
    const ready = nextEvent(ami, 'ready');
    ami.start();
    await ready;
    await sleep(200);
    return events;
  } finally {
    ami.stop();
    await server.close();
  }
}

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
    expect(status).toEqual({ type: 'member.status', queue: 'dispatchers', agentInterface: 'Local/101@agents/n', memberName: 'Dispatcher 101', paused: false, pausedReason: null, status: 2, inCall: false, at });
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
    expect(member[0]).toEqual({ type: 'member.added', queue: 'dispatchers', agentInterface: 'Local/103@agents/n', memberName: 'Dispatcher 103', paused: false, at });
    expect(member[1]).toMatchObject({ paused: true, reason: 'break' });
    expect(member[2]).toMatchObject({ paused: false, reason: null });
    expect(member[3]).toEqual({ type: 'member.removed', queue: 'dispatchers', agentInterface: 'Local/103@agents/n', at });
  });
});
