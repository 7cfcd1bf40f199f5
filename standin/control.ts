/**
 * A control channel for a stand-in running in its own process (the benchmark starts it as a
 * child with an IPC channel: `npm run standin -- --control`). The parent places calls, sets
 * phones and queues, and receives time stamps of what the stand-in wrote, taken with
 * `process.hrtime.bigint()`: CLOCK_MONOTONIC, one clock for every process on the machine, so
 * the parent can subtract its own stamps from them.
 */
import type { Standin, InboundCall } from './scenario';
import type { EndpointBehaviour } from './model/behaviours';
import type { QueueConfig } from './model/queue';
import type { AmiEvent, AriEvent } from './model/call-model';

/** Messages the parent sends; those with `req` are answered with `{ op: 'reply', req, ... }`. */
export type ControlRequest =
  | { op: 'placeCalls'; req: number; calls: InboundCall[] }
  | { op: 'setPhones'; req: number; phones: Record<string, EndpointBehaviour> }
  | { op: 'addQueue'; req: number; queue: QueueConfig }
  | { op: 'ping'; req: number }
  | { op: 'stats'; req: number };

/** `[uniqueid, interface, hrtime ns]` of an AgentCalled written to AMI. */
export type AgentCalledStamp = [string, string, string];
/** `[channel id, ms, application]`: StasisStart written → the application's first ARI request on that channel. */
export type IvrReaction = [string, number, string];

export type ControlMessage =
  | { op: 'reply'; req: number; ok: true; ids?: string[]; t?: string; stats?: ControlStats }
  | { op: 'reply'; req: number; ok: false; error: string }
  | { op: 'stamps'; agentCalled: AgentCalledStamp[]; ivr: IvrReaction[] };

export interface ControlStats {
  channels: number;
  /** Inbound calls placed through this channel whose line is gone. */
  ended: number;
  placed: number;
  rssBytes: number;
  /** StasisStart sent, by application: which instance ran each call's IVR. */
  stasisStarts: Record<string, number>;
}

/** What the control needs of a process: Node's IPC channel (`process`) or a test double. */
export interface ControlPort {
  on(event: 'message', listener: (msg: unknown) => void): unknown;
  off?(event: 'message', listener: (msg: unknown) => void): unknown;
  send?(msg: unknown): unknown;
}

const CHANNEL_IN_PATH = /^\/channels\/([^/?]+)/;

/**
 * Serves control requests on `port` and reports stamps every `flushMs` (batched, so the
 * channel costs the simulated PBX little; the stamps are taken when the bytes are written).
 * Turns the stand-in's logs off: a benchmark places hundreds of thousands of calls.
 */
export function attachControl(standin: Standin, port: ControlPort, flushMs = 50): { stop(): void } {
  const send = (m: ControlMessage): void => void port.send?.(m);
  standin.setEventLog(false);
  let agentCalled: AgentCalledStamp[] = [];
  let ivr: IvrReaction[] = [];
  // StasisStart written (when, to which application), per channel, until the application's first request on it.
  const awaiting = new Map<string, [bigint, string]>();
  let placed = 0;
  let ended = 0;
  const stasisStarts: Record<string, number> = {};

  const onAmi = (ev: AmiEvent): void => {
    if (ev.name !== 'AgentCalled') return;
    const t = process.hrtime.bigint();
    const f = Object.fromEntries(ev.fields);
    agentCalled.push([f.Uniqueid ?? '', f.Interface ?? '', t.toString()]);
  };
  const onAri = (app: string, ev: AriEvent): void => {
    if (ev.type !== 'StasisStart') return;
    stasisStarts[app] = (stasisStarts[app] ?? 0) + 1;
    const id = (ev as { channel?: { id?: string } }).channel?.id;
    if (id) awaiting.set(id, [process.hrtime.bigint(), app]);
  };
  standin.model.on('ami', onAmi);
  standin.model.on('ari', onAri);
  standin.ctx.observe = {
    restRequest: (_method, path) => {
      const id = CHANNEL_IN_PATH.exec(path)?.[1];
      const started = id ? awaiting.get(id) : undefined;
      if (started === undefined) return;
      awaiting.delete(id!);
      ivr.push([id!, Number(process.hrtime.bigint() - started[0]) / 1e6, started[1]]);
    },
  };

  const flush = setInterval(() => {
    if (!agentCalled.length && !ivr.length) return;
    send({ op: 'stamps', agentCalled, ivr });
    agentCalled = [];
    ivr = [];
  }, flushMs);
  flush.unref();

  const answer = (req: ControlRequest): Extract<ControlMessage, { op: 'reply' }> => {
    switch (req.op) {
      case 'placeCalls': {
        const ids = req.calls.map((c) => {
          const h = standin.placeCall(c);
          placed++;
          void h.ended.then(() => {
            ended++;
            awaiting.delete(h.id);
          });
          return h.id;
        });
        return { op: 'reply', req: req.req, ok: true, ids };
      }
      case 'setPhones':
        for (const [iface, b] of Object.entries(req.phones)) standin.setPhone(iface, b);
        return { op: 'reply', req: req.req, ok: true };
      case 'addQueue':
        standin.addQueue(req.queue);
        return { op: 'reply', req: req.req, ok: true };
      case 'ping':
        return { op: 'reply', req: req.req, ok: true, t: process.hrtime.bigint().toString() };
      case 'stats':
        return { op: 'reply', req: req.req, ok: true, stats: { channels: standin.model.channels.size, ended, placed, rssBytes: process.memoryUsage.rss(), stasisStarts: { ...stasisStarts } } };
    }
  };

  const onMessage = (msg: unknown): void => {
    const req = msg as ControlRequest;
    if (!req || typeof req !== 'object' || typeof req.op !== 'string') return;
    try {
      send(answer(req));
    } catch (e) {
      send({ op: 'reply', req: req.req, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  };
  port.on('message', onMessage);

  return {
    stop: () => {
      clearInterval(flush);
      port.off?.('message', onMessage);
      standin.model.off('ami', onAmi);
      standin.model.off('ari', onAri);
      standin.ctx.observe = undefined;
    },
  };
}
