/**
 * Figures of a run: distributions (p50/p99/max), the server's metrics and memory while it
 * works, and the floors: a bare Socket.IO round trip to another process, the same with the bare
 * history query on the way, and the bare query alone, beside the pop's query through Kontakt.
 */
import fs from 'node:fs';
import { io as connect } from 'socket.io-client';
import { buildPop } from '../realtime/pop-query';
import { SeatDirectory, readSeats } from '../realtime/seat-directory';
import { systemClock } from '../core/clock';
import { currentOutages } from '../outages/current-outages';
import type { Outage } from '../models';
import type { BareHistory } from './bare-history';
import { residentNumber, e164, prng } from './seed-rows';
import { TARGETS } from './targets';
import { EVENT_LOOP_RESOLUTION_MS } from '../observability/metrics';

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(values: number[]): Summary {
  if (!values.length) return { n: 0, p50: NaN, p99: NaN, max: NaN };
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  const round = (v: number) => Math.round(v * 100) / 100;
  return { n: s.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(s[s.length - 1]) };
}

/** Prometheus text → name → value (labels dropped; the metrics read here have none). */
export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m && !m[2]) out.set(m[1], Number(m[3]));
  }
  return out;
}

export async function scrape(baseUrl: string): Promise<Map<string, number>> {
  return parseMetrics(await (await fetch(`${baseUrl}/metrics`)).text());
}

/** Resident set size of a process, from the kernel (no cost to the process). */
export function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds in a `/proc` stat file (of a process or of one of its threads). */
function cpuSecondsIn(statFile: string): number {
  const fields = fs.readFileSync(statFile, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** CPU seconds a process has used (user + system), from the kernel. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    return cpuSecondsIn(`/proc/${pid}/stat`);
  } catch {
    return null;
  }
}

/**
 * A process's main thread (a Node process's JavaScript; V8's compiler and collector threads and
 * libuv's pool are the others): how often it went to sleep waiting for something (voluntary
 * context switches; each is a wake-up to come) and its CPU seconds. `/proc/<pid>/status` counts
 * the main thread alone.
 */
export function mainThreadOf(pid: number): { sleeps: number; cpuSeconds: number } | null {
  try {
    const m = /^voluntary_ctxt_switches:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? { sleeps: Number(m[1]), cpuSeconds: cpuSecondsIn(`/proc/${pid}/task/${pid}/stat`) } : null;
  } catch {
    return null;
  }
}

/** A phase's main-thread figures from its counts (NaN where there is nothing to divide by; JSON writes null). */
export function mainThreadFigures(main: { sleeps: number; cpuSeconds: number }, serverCpuSeconds: number, calls: number): { wakesPerCall: number; cpuUsPerWake: number; mainShare: number } {
  const r2 = (v: number) => Math.round(v * 100) / 100;
  return {
    wakesPerCall: calls > 0 ? r2(main.sleeps / calls) : NaN,
    cpuUsPerWake: main.sleeps > 0 ? Math.round((main.cpuSeconds * 1e6) / main.sleeps) : NaN,
    mainShare: serverCpuSeconds > 0 ? r2(main.cpuSeconds / serverCpuSeconds) : NaN,
  };
}

/** A Kontakt server the bench watches: where its /metrics are, and its process. */
export interface WatchedServer {
  baseUrl: string;
  pid: number;
}

/** Summed over processes (several instances of Kontakt count as one server). */
export function rssOfAll(pids: number[]): number {
  return pids.reduce((n, pid) => n + (rssOf(pid) ?? 0), 0);
}
export function cpuSecondsOfAll(pids: number[]): number {
  return pids.reduce((n, pid) => n + (cpuSecondsOf(pid) ?? 0), 0);
}

/**
 * Watches the server during a phase (with several instances, their sum; the event loop, the worst): RSS every 500 ms from /proc beside the stand-in's live calls, its /metrics every 2 s
 * (event-loop delay p99 and max per window — prom-client resets its histogram on every scrape —,
 * live IVR calls). The event-loop figures have the monitor's resolution (EVENT_LOOP_RESOLUTION_MS) taken off.
 */
export class ServerWatch {
  rssMax = 0;
  rssLast = 0;
  /** RSS at the first reading with at least `liveMark` calls up (the target's «with 1,000 live calls»). */
  atLiveMark: { live: number; rssBytes: number } | null = null;
  loopP99: number[] = [];
  loopMaxMs = 0;
  ivrLiveMax = 0;
  standinLiveMax = 0;
  heapMax = 0;
  private timers: NodeJS.Timeout[] = [];

  private cpuStart = new Map<number, number>();
  private mainStart = new Map<number, { sleeps: number; cpuSeconds: number }>();
  private wallStart = 0;

  constructor(
    private readonly servers: WatchedServer[],
    private readonly liveCalls: () => Promise<number>,
    private readonly others: Record<string, number> = {},
    /** How often /metrics is read: each scrape costs the server a few ms of its event loop, so not too often. */
    private readonly scrapeMs = 2000,
    private readonly liveMark: number = TARGETS.liveCalls,
  ) {}

  async start(): Promise<void> {
    this.wallStart = performance.now();
    for (const pid of [...this.pids, ...Object.values(this.others)]) this.cpuStart.set(pid, cpuSecondsOf(pid) ?? 0);
    for (const pid of this.pids) {
      const main = mainThreadOf(pid);
      if (main) this.mainStart.set(pid, main);
    }
    await Promise.all(this.servers.map((s) => scrape(s.baseUrl))); // resets the histograms: the phase starts clean
    this.timers.push(setInterval(() => {
      const rss = rssOfAll(this.pids);
      if (rss) {
        this.rssLast = rss;
        this.rssMax = Math.max(this.rssMax, rss);
      }
      // Live calls from the stand-in (no cost to the server), beside the RSS of the same moment.
      void this.readLive().catch(() => undefined);
    }, 500));
    this.timers.push(setInterval(() => void this.sample().catch(() => undefined), this.scrapeMs));
  }

  private async readLive(): Promise<void> {
    const live = await this.liveCalls();
    this.standinLiveMax = Math.max(this.standinLiveMax, live);
    const rss = rssOfAll(this.pids);
    if (live >= this.liveMark && rss && !this.atLiveMark) this.atLiveMark = { live, rssBytes: rss };
  }

  private get pids(): number[] {
    return this.servers.map((s) => s.pid);
  }
  private async sample(): Promise<void> {
    const all = await Promise.all(this.servers.map((s) => scrape(s.baseUrl)));
    const res = EVENT_LOOP_RESOLUTION_MS;
    let ivrLive = 0;
    let heap = 0;
    for (const m of all) {
      const p99 = m.get('kontakt_nodejs_eventloop_lag_p99_seconds');
      const max = m.get('kontakt_nodejs_eventloop_lag_max_seconds');
      if (p99 !== undefined) this.loopP99.push(Math.max(0, p99 * 1000 - res));
      if (max !== undefined) this.loopMaxMs = Math.max(this.loopMaxMs, max * 1000 - res);
      ivrLive += m.get('kontakt_ivr_calls_live') ?? 0;
      heap += m.get('kontakt_nodejs_heap_size_used_bytes') ?? 0;
    }
    this.ivrLiveMax = Math.max(this.ivrLiveMax, ivrLive);
    this.heapMax = Math.max(this.heapMax, heap);
  }

  async stop(): Promise<{ rssMaxBytes: number; atLiveMark: { live: number; rssBytes: number } | null; heapMaxBytes: number; loopP99Ms: number; loopMaxMs: number; ivrLiveMax: number; liveCallsMax: number; cpuPercent: Record<string, number>; serverCpuSeconds: number; serverMainThread: { sleeps: number; cpuSeconds: number } }> {
    await Promise.all([this.sample(), this.readLive()]).catch(() => undefined);
    this.timers.forEach(clearInterval);
    this.timers = [];
    const wall = (performance.now() - this.wallStart) / 1000;
    const used = (pid: number) => (cpuSecondsOf(pid) ?? 0) - (this.cpuStart.get(pid) ?? 0);
    const cpu = (pid: number) => Math.round((used(pid) / wall) * 100);
    const serverCpuSeconds = this.pids.reduce((n, pid) => n + used(pid), 0);
    const serverMainThread = { sleeps: 0, cpuSeconds: 0 };
    for (const pid of this.pids) {
      const now = mainThreadOf(pid);
      const then = this.mainStart.get(pid);
      if (!now || !then) continue;
      serverMainThread.sleeps += now.sleeps - then.sleeps;
      serverMainThread.cpuSeconds += now.cpuSeconds - then.cpuSeconds;
    }
    // Each instance's own share too, when there are several.
    const instances = this.pids.length > 1 ? this.pids.map((pid, i) => [`server-${String.fromCharCode(97 + i)}`, cpu(pid)]) : [];
    return {
      serverCpuSeconds,
      serverMainThread,
      // Share of one core each process used during the phase.
      cpuPercent: Object.fromEntries([['server', Math.round((serverCpuSeconds / wall) * 100)], ...instances, ...Object.entries(this.others).map(([k, pid]) => [k, cpu(pid)])]),
      rssMaxBytes: this.rssMax,
      atLiveMark: this.atLiveMark,
      heapMaxBytes: this.heapMax,
      // The worst 2-s window's p99: the phase's p99 is no better than that.
      loopP99Ms: Math.round(Math.max(0, ...this.loopP99) * 100) / 100,
      loopMaxMs: Math.round(this.loopMaxMs * 100) / 100,
      ivrLiveMax: this.ivrLiveMax,
      liveCallsMax: this.standinLiveMax,
    };
  }
}

/** A phone of a resident with appeals, at random. */
function residentPhone(r: () => number, applicants: number): string {
  return e164(residentNumber(Math.floor(r() * applicants)));
}

/** Round trips to the floor process: bare echo, and echo after the bare history query there. */
export async function floorRoundTrips(url: string, samples: number, applicants: number): Promise<{ echo: number[]; historyEcho: number[] }> {
  const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const r = prng(7);
  const echo: number[] = [];
  const historyEcho: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const t0 = process.hrtime.bigint();
      await new Promise<void>((resolve) => {
        socket.once('echo', () => resolve());
        socket.emit('echo', i);
      });
      echo.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const t1 = process.hrtime.bigint();
      await new Promise<void>((resolve) => {
        socket.once('history', () => resolve());
        socket.emit('history', i, residentPhone(r, applicants));
      });
      historyEcho.push(Number(process.hrtime.bigint() - t1) / 1e6);
    }
  } finally {
    socket.close();
  }
  return { echo, historyEcho };
}

/** The bare history query through the driver, in this process. */
export async function bareQueryTimes(bare: BareHistory, samples: number, applicants: number): Promise<number[]> {
  const r = prng(11);
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const phone = residentPhone(r, applicants);
    const t0 = process.hrtime.bigint();
    await bare.query(phone);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

/** The pop's own reads (realtime/pop-query.ts buildPop: the caller's card, appeals and calls in 24 h, as when no history was read ahead; who sits at the phone from memory), alone. */
export async function popQueryTimes(samples: number, applicants: number, dispatcherInterface: string): Promise<number[]> {
  const r = prng(13);
  let cached: Promise<Outage[]> | null = null;
  const sources = {
    record: () => null,
    outages: (now: Date) => (cached ??= currentOutages(now)),
    transferOf: () => null,
    phoneRegion: 'UA',
  };
  const seats = new SeatDirectory({ read: readSeats, clock: systemClock });
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const callerNumber = residentNumber(Math.floor(r() * applicants));
    const now = new Date();
    const t0 = process.hrtime.bigint();
    const built = await buildPop(sources, { uniqueid: `bench-query-${i}`, queue: 'dispatchers', agentInterface: dispatcherInterface, callerNumber, at: now }, now, (iface) => seats.at(iface));
    // A card from memory skipped the read being measured.
    if (built && 'historyError' in built) throw built.historyError;
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}
