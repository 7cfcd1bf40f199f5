/**
 * What drives a run: dispatchers' consoles (real Socket.IO clients, signed in through the API
 * and ready in the queue) and residents calling at a set rate through the stand-in.
 */
import { io as connect, type Socket } from 'socket.io-client';
import type { Ack, CallRinging, ClientToServerEvents, ServerToClientEvents } from '../realtime/contracts';
import type { InboundCall } from '../standin/scenario';
import type { StandinProcess } from './processes';
import { DISPATCHER_PASSWORD, dispatcherInterface, dispatcherLogin } from './seed';
import { residentNumber, strangerNumber, prng } from './seed-rows';

type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Dispatchers {
  sockets: ConsoleSocket[];
  /** Consoles cut off so far, with why (a starved server or client misses Socket.IO's pings). */
  disconnects: string[];
  close(): void;
}

async function signIn(baseUrl: string, login: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: DISPATCHER_PASSWORD }) });
  const body = (await res.json()) as { token?: string };
  if (res.status !== 200 || !body.token) throw new Error(`вхід ${login}: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

/**
 * Signs `count` dispatchers in, connects their consoles and puts them in the queue (ready);
 * every pop is handed to `onPop` with the moment it arrived (CLOCK_MONOTONIC, ns). With several
 * instances, dispatcher i uses `baseUrls[i % n]`, as a load balancer would spread them.
 */
export async function connectDispatchers(baseUrls: string[], count: number, onPop: (pop: CallRinging, atNs: bigint) => void): Promise<Dispatchers> {
  const sockets: ConsoleSocket[] = [];
  const disconnects: string[] = [];
  let closing = false;
  const close = () => {
    closing = true;
    sockets.forEach((s) => s.close());
  };
  try {
    for (let i = 0; i < count; i++) {
      const baseUrl = baseUrls[i % baseUrls.length];
      const token = await signIn(baseUrl, dispatcherLogin(i));
      // Like the console: reconnects, and then asks what is ringing for it (no pop is lost).
      const socket: ConsoleSocket = connect(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: true, reconnectionDelay: 100, forceNew: true });
      sockets.push(socket);
      // Stamped first thing, before anything else the handler does.
      socket.on('call:ringing', (pop) => onPop(pop, process.hrtime.bigint()));
      socket.on('disconnect', (reason) => closing || disconnects.push(`${dispatcherLogin(i)}: ${reason}`));
      socket.io.on('reconnect', () => {
        socket.emit('calls:ringing-now', (r) => {
          const at = process.hrtime.bigint();
          for (const pop of r.data ?? []) onPop(pop, at);
        });
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', (e) => reject(e));
      });
      const ack = await new Promise<Ack<unknown>>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`presence:ready ${dispatcherLogin(i)}: немає відповіді`)), 15_000);
        socket.emit('presence:ready', { agentInterface: dispatcherInterface(i) }, (r) => {
          clearTimeout(t);
          resolve(r);
        });
      });
      if (!ack.ok) throw new Error(`presence:ready ${dispatcherLogin(i)}: ${JSON.stringify(ack.error)}`);
    }
  } catch (e) {
    close();
    throw e;
  }
  return { sockets, disconnects, close };
}

export interface CallPlan {
  /** Keys at this many ms after the answer (the greeting and outage announcement play first). */
  ivrMs: number;
  knownCallers: number;
  applicants: number;
}

/** One caller: presses 1 (an accident: dispatchers, emergency priority), waits, talks; hangs up at the latest after 5 minutes. */
export function makeCall(plan: CallPlan, r: () => number, n: number): InboundCall {
  const from = r() < plan.knownCallers ? residentNumber(Math.floor(r() * plan.applicants)) : strangerNumber(n);
  return { from, script: [{ afterAnswerMs: plan.ivrMs, dtmf: '1' }, { afterAnswerMs: 300_000, hangup: true }] };
}

/**
 * Places calls at `rate` per second for `durationSec` through the stand-in, in small batches
 * every 20 ms (so arrivals are even); resolves with the ids of the calls placed.
 */
export async function driveCalls(standin: StandinProcess, plan: CallPlan, rate: number, durationSec: number, seed: number): Promise<string[]> {
  const r = prng(seed);
  const ids: string[] = [];
  const started = performance.now();
  const total = Math.round(rate * durationSec);
  let placed = 0;
  const pending: Promise<void>[] = [];
  while (placed < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    if (due > placed) {
      const calls = Array.from({ length: due - placed }, (_, k) => makeCall(plan, r, seed * 1_000_000 + placed + k));
      placed = due;
      pending.push(standin.placeCalls(calls).then((got) => void ids.push(...got)));
    }
    await new Promise((res) => setTimeout(res, 20));
  }
  await Promise.all(pending);
  return ids;
}
