/** The run's figures as a table on stdout and as JSON. */
import fs from 'node:fs';
import path from 'node:path';
import type { Summary } from './measures';
import type { DatabaseSettings } from './database-settings';

export interface PhaseResult {
  rate: number;
  /** The warm-up before the measured phases: printed, checked for correctness, never judged for speed. */
  warmUp?: boolean;
  placed: number;
  ended: number;
  pops: number;
  popLatency: Summary;
  ivrReaction: Summary;
  /** AgentCalled written, no pop arrived. */
  lost: number;
  doubled: number;
  /** Calls placed that never rang a dispatcher (left in the IVR or the queue). */
  notRung: number;
  /** Calls still up when the phase gave up waiting for them. */
  notEnded: number;
  /** Dispatchers' consoles cut off during the phase (they reconnect and ask what is ringing). */
  disconnects: number;
  /** Pops whose IVR reason was not 'emergency' (the path was not the one driven). */
  wrongReason: number;
  loopP99Ms: number;
  loopMaxMs: number;
  rssMaxMB: number;
  /** RSS when the live calls first reached the target's 1,000 (read every 500 ms), if they did. */
  rssAtLiveMark?: { live: number; rssMB: number };
  /** The server's V8 heap in use at most (MB): what of the RSS is JavaScript objects. */
  heapMaxMB: number;
  ivrLiveMax: number;
  liveCallsMax: number;
  /** Share of one core used by the server, the stand-in, the bench and the database during the phase. */
  cpuPercent: Record<string, number>;
  /** The machine's 1-minute load average at the end of the phase (other work on it skews every figure). */
  loadAvg: number;
  sustained: boolean;
  /** When the phase ran, CLOCK_MONOTONIC in µs (a V8 CPU profile's clock): `npm run bench:profile -- --phase`. */
  windowUs: [number, number];
  /** The server's CPU time over the phase divided by the calls placed in it. */
  serverCpuMsPerCall: number;
  /**
   * What that CPU is made of: the server's main thread (its JavaScript) went to sleep `wakesPerCall`
   * times a call, each a wake-up for a message or a timer, and used `cpuUsPerWake` µs of CPU per
   * wake-up; `mainShare` is its part of the server's CPU (the rest: V8's compiler and collector
   * threads, libuv's pool). Per call, CPU ≈ wakesPerCall × cpuUsPerWake / mainShare.
   */
  serverMainThread: { wakesPerCall: number; cpuUsPerWake: number; mainShare: number };
  /** With several instances: pops that reached a console on another instance than the one that ran the call's IVR (through Redis). */
  crossedPops?: number;
}

export interface Target {
  what: string;
  target: string;
  value: string;
  met: boolean;
}

export interface BenchReport {
  when: string;
  machine: { cpus: number; cpuModel: string; memoryGB: number; node: string; database: string };
  /** The database server's settings the figures were taken with. */
  database: DatabaseSettings;
  options: Record<string, unknown>;
  seed: { appeals: number; applicants: number; seconds: number | null };
  clock: { checks: number; ordered: boolean };
  floors: { socketRoundTrip: Summary; socketRoundTripWithQuery: Summary; bareQuery: Summary };
  popQuery: Summary;
  explain: unknown[];
  idleRssMB: number;
  /** The server's CPU at rest (% of a core), over the idle wait. */
  idleCpuPercent: number;
  phases: PhaseResult[];
  sustainedRate: number | null;
  callRecords: { placed: number; rows: number; missing: number; unfinished: number; extra: number };
  /** Calls whose IVR each ARI application ran (StasisStart), the whole run: how the instances shared them. */
  ivrByApp: Record<string, number>;
  targets: Target[];
  /** Mishandled calls (`bench/verdict.ts`): --quick exits non-zero unless this is empty. */
  failures: string[];
}

const f = (v: number) => (Number.isFinite(v) ? v.toFixed(v >= 100 ? 0 : 2) : '—');
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(1)}×` : '—');

export function formatTable(r: BenchReport): string {
  const fixed = r.phases.find((p) => p.rate === r.options.rate && !p.warmUp) ?? r.phases[0];
  const lines: string[] = [];
  const instances = Number(r.options.instances ?? 1);
  if (instances > 1) lines.push(`екземплярів Контакту: ${instances}; ЦП, RSS і купа сервера — їхні суми, цикл подій — найгірший з них`, '');
  const row = (cols: string[], widths: number[]) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const w = [44, 8, 8, 8, 12, 7];
  lines.push(row(['показник, мс', 'p50', 'p99', 'max', 'межа p99', 'разом'], w));
  const fig = (name: string, s: Summary, floor?: Summary) => lines.push(row([name, f(s.p50), f(s.p99), f(s.max), floor ? f(floor.p99) : '', floor ? ratio(s.p99, floor.p99) : ''], w));
  if (fixed) {
    fig(`поп (AgentCalled → консоль), ${fixed.rate}/с`, fixed.popLatency, r.floors.socketRoundTripWithQuery);
    fig(`реакція IVR (StasisStart → ARI), ${fixed.rate}/с`, fixed.ivrReaction, r.floors.socketRoundTrip);
  }
  fig('запит попу (buildPop, Sequelize)', r.popQuery, r.floors.bareQuery);
  fig('межа: голий запит історії (драйвер)', r.floors.bareQuery);
  fig('межа: Socket.IO туди-назад (інший процес)', r.floors.socketRoundTrip);
  fig('межа: Socket.IO + голий запит', r.floors.socketRoundTripWithQuery);
  lines.push('');
  const pw = [12, 7, 6, 6, 6, 7, 8, 8, 8, 8, 8, 8, 8, 6, 7, 8, 6, 4];
  lines.push(row(['дзв/с', 'попів', 'втр.', 'подв.', 'прич.', 'без дз.', 'поп p50', 'поп p99', 'поп max', 'IVR p99', 'цикл99', 'RSS МБ', 'живих', 'в IVR', 'ЦП срв', 'мс ЦП/дз', 'наван.', 'ок'], pw));
  for (const p of r.phases) {
    lines.push(row([p.warmUp ? `${p.rate} розігрів` : String(p.rate), String(p.pops), String(p.lost), String(p.doubled), String(p.wrongReason), String(p.notRung + p.notEnded), f(p.popLatency.p50), f(p.popLatency.p99), f(p.popLatency.max), f(p.ivrReaction.p99), f(p.loopP99Ms), String(p.rssMaxMB), String(p.liveCallsMax), String(p.ivrLiveMax), `${p.cpuPercent.server ?? '—'}%`, f(p.serverCpuMsPerCall), p.loadAvg.toFixed(1), p.sustained ? 'так' : 'ні'], pw));
  }
  lines.push('');
  const measured = r.phases.filter((p) => !p.warmUp);
  lines.push(`головний потік сервера (пробуджень на дзвінок; мкс ЦП на пробудження; частка ЦП сервера): ${measured.map((p) => `${p.rate}/с ${f(p.serverMainThread.wakesPerCall)}; ${f(p.serverMainThread.cpuUsPerWake)}; ${Number.isFinite(p.serverMainThread.mainShare) ? Math.round(p.serverMainThread.mainShare * 100) : '—'} %`).join(' · ')}`);
  lines.push(`RSS сервера без дзвінків: ${r.idleRssMB} МБ, ЦП без дзвінків: ${r.idleCpuPercent} % ядра; найвищий стійкий темп: ${r.sustainedRate ?? '—'} дзв/с`);
  const c = r.callRecords;
  if (instances > 1) {
    lines.push(`дзвінків в IVR за застосунками ARI: ${Object.entries(r.ivrByApp).map(([app, n]) => `${app} ${n}`).join(', ')}`);
    lines.push(`попи до консолі на іншому екземплярі, ніж IVR дзвінка (через Redis): ${r.phases.map((p) => `${p.warmUp ? `${p.rate} розігрів` : `${p.rate}/с`} ${p.crossedPops ?? 0} з ${p.pops}`).join(', ')}`);
  }
  lines.push(`записи дзвінків: розміщено ${c.placed}, рядків ${c.rows}, бракує ${c.missing}, незавершених ${c.unfinished}, зайвих ${c.extra}`);
  lines.push('');
  // --quick's small database and low rate say nothing about the speed targets, and the targets
  // are set for one instance: shown, not marked.
  const unjudged = Boolean(r.options.quick) || instances > 1;
  if (unjudged) lines.push(`цілі повного прогону одного екземпляра (${r.options.quick ? 'у --quick' : `для ${instances} екземплярів`} не оцінюються):`);
  for (const t of r.targets) lines.push(`${unjudged ? ' · ' : t.met ? 'так' : 'НІ '}  ${t.what}: ${t.value} (ціль ${t.target})`);
  return lines.join('\n');
}

export function writeJson(file: string, r: BenchReport): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
}
