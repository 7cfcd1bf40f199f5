/**
 * The stand-in's control channel (standin/control.ts), as the benchmark drives a stand-in in
 * another process: requests answered, calls placed, AgentCalled and IVR-reaction stamps reported
 * on the shared monotonic clock. Here the port is an in-process double of Node's IPC channel.
 */
import { EventEmitter } from 'node:events';
import type Ari from 'ari-client';
import AsteriskManager from 'asterisk-manager';
import { attachControl, type ControlMessage } from '../../standin/control';
import type { Standin } from '../../standin/scenario';
import { standin as startStandin, ariClient, amiClient, stopAri } from './helpers';

class FakePort extends EventEmitter {
  readonly sent: ControlMessage[] = [];
  send(m: unknown): boolean {
    this.sent.push(m as ControlMessage);
    return true;
  }
  ask(m: object): void {
    this.emit('message', m);
  }
}

const until = async <T>(check: () => T | undefined, what: string, ms = 10_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('stand-in control channel', () => {
  let s: Standin;
  let client: Ari.Client;
  let ami: AsteriskManager.Manager;
  let port: FakePort;
  let control: { stop(): void };

  beforeAll(async () => {
    s = await startStandin({ queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 15, retry: 1, members: [] }] });
    client = await ariClient(s);
    ami = await amiClient(s);
    port = new FakePort();
    control = attachControl(s, port, 10);
  });
  afterAll(async () => {
    control?.stop();
    stopAri(client);
    ami?.disconnect();
    await s?.stop();
  });

  const reply = (req: number) => until(() => port.sent.find((m): m is Extract<ControlMessage, { op: 'reply' }> => m.op === 'reply' && m.req === req), `reply ${req}`);

  test('answers ping with its CLOCK_MONOTONIC reading, between two of ours', async () => {
    const before = process.hrtime.bigint();
    port.ask({ op: 'ping', req: 1 });
    const r = await reply(1);
    const after = process.hrtime.bigint();
    expect(r.ok).toBe(true);
    const t = BigInt((r as { t: string }).t);
    expect(t >= before && t <= after).toBe(true);
  });

  test('places calls, stamps StasisStart → the first ARI request on the channel, and AgentCalled', async () => {
    // The application answers and sends the call on to the queue, as Kontakt does.
    client.on('StasisStart', (_e, ch) => {
      void (async () => {
        await ch.answer();
        await ch.continueInDialplan({ context: 'dispatchers', extension: 's', priority: 1 });
      })().catch(() => undefined);
    });
    port.ask({ op: 'setPhones', req: 2, phones: { 'PJSIP/2001': { kind: 'noanswer' } } });
    port.ask({ op: 'addQueue', req: 3, queue: { name: 'dispatchers', strategy: 'ringall', timeout: 15, retry: 1, members: [{ interface: 'PJSIP/2001', name: 'Д 1' }] } });
    expect((await reply(2)).ok).toBe(true);
    expect((await reply(3)).ok).toBe(true);
    port.ask({ op: 'placeCalls', req: 4, calls: [{ from: '0501234567' }, { from: '0671112233' }] });
    const placed = await reply(4);
    const ids = (placed as { ids: string[] }).ids;
    expect(ids).toHaveLength(2);

    const stamps = () => port.sent.filter((m): m is Extract<ControlMessage, { op: 'stamps' }> => m.op === 'stamps');
    const ivr = await until(() => {
      const all = stamps().flatMap((m) => m.ivr);
      return ids.every((id) => all.some(([c]) => c === id)) ? all : undefined;
    }, 'IVR reactions of both calls');
    expect(ivr.filter(([c]) => ids.includes(c))).toHaveLength(2);
    for (const [, ms] of ivr) expect(ms).toBeGreaterThanOrEqual(0);

    const called = await until(() => {
      const all = stamps().flatMap((m) => m.agentCalled);
      return ids.every((id) => all.some(([u]) => u === id)) ? all : undefined;
    }, 'AgentCalled of both calls');
    const first = called.find(([u]) => u === ids[0])!;
    expect(first[1]).toBe('PJSIP/2001');
    expect(BigInt(first[2]) <= process.hrtime.bigint()).toBe(true);

    port.ask({ op: 'stats', req: 5 });
    expect((await reply(5)) as { stats: { placed: number; channels: number } }).toEqual(expect.objectContaining({ ok: true, stats: expect.objectContaining({ placed: 2 }) }));
    for (const id of ids) s.hangupChannel(id);
    await until(() => {
      port.ask({ op: 'stats', req: 7 });
      const r = port.sent.filter((m) => m.op === 'reply' && m.req === 7).pop() as { stats?: { ended: number } } | undefined;
      return r?.stats && r.stats.ended === 2 ? true : undefined;
    }, 'both calls ended');
    // The benchmark turns the logs off: a long run would fill them.
    expect(s.appRequests.rest.filter((r) => r.path.startsWith('/channels'))).toEqual([]);
  });

  test('a bad request is answered with an error, not a crash', async () => {
    port.ask({ op: 'addQueue', req: 8, queue: null });
    expect(await reply(8)).toEqual(expect.objectContaining({ ok: false, error: expect.any(String) }));
  });
});
