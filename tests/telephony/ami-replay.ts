/**
 * Replays a recording's AMI bytes, chunk by chunk as received, from a tiny TCP server to a real
 * AmiConnection, so asterisk-manager's own parser makes the raw events; answers the CallEvents.
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
      const login = /Action: login/i.test(buf);
      buf = '';
      // The recording follows the login; later actions (the event filter) are only acknowledged.
      sock.write(`Response: Success\r\nActionID: ${m[1]}\r\nMessage: ${login ? 'Authentication accepted' : 'OK'}\r\n\r\n`);
      if (login) for (const c of chunks) sock.write(c);
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

export async function replay(file: string): Promise<CallEvent[]> {
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

