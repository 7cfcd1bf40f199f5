/**
 * `npm run bench:profile -- <file.cpuprofile>`: where a server's CPU went, from a V8 profile
 * (`npm run bench -- --server-node-args=--cpu-prof`). Self time is summed by owner — a package
 * under node_modules, a folder of Kontakt, Node's internals, the garbage collector — and the
 * busiest functions are listed; idle time is left out of the shares. `--phase bench.json:RATE`
 * keeps only the samples taken while that phase of the bench ran (its JSON has each phase's
 * window on CLOCK_MONOTONIC, the clock of V8's profiles), leaving out start-up and rest.
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** µs, CLOCK_MONOTONIC. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  owner: string;
  ms: number;
  share: number;
}

/** The package or project folder a script belongs to. */
export function ownerOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node (internals)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = /\/(?:dist\/)?([a-z-]+)\/[^/]+\.[jt]s$/.exec(url);
  return m ? `kontakt ${m[1]}/` : url;
}

/** Node's internals and native code work for whoever called them: the nearest caller in a package or in Kontakt. */
function callerOwner(id: number, byId: Map<number, ProfileNode>, parent: Map<number, number>): string {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const f = byId.get(at)!.callFrame;
    const owner = ownerOf(f.url, f.functionName);
    if (owner !== 'node (internals)' && owner !== '(native)') return owner;
  }
  return ownerOf(byId.get(id)!.callFrame.url, byId.get(id)!.callFrame.functionName);
}

/** Self time by owner (the code's own, and with Node's internals charged to their caller) and by function (ms), busy time only. */
export function summarizeProfile(profile: CpuProfile, windowUs?: [number, number]): { busyMs: number; owners: ProfileShare[]; callers: ProfileShare[]; functions: ProfileShare[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (windowUs && (at < windowUs[0] || at > windowUs[1])) return;
    self.set(id, (self.get(id) ?? 0) + delta / 1000);
  });
  const owners = new Map<string, number>();
  const callers = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, ms] of self) {
    const { callFrame: f } = byId.get(id)!;
    if (f.functionName === '(idle)') continue;
    busy += ms;
    const owner = ownerOf(f.url, f.functionName);
    owners.set(owner, (owners.get(owner) ?? 0) + ms);
    const caller = callerOwner(id, byId, parent);
    callers.set(caller, (callers.get(caller) ?? 0) + ms);
    const fn = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^.*\/(node_modules\/)?/, '')}:${f.lineNumber + 1}` : ''}`.trim();
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
  }
  const shares = (m: Map<string, number>) =>
    [...m].map(([owner, ms]) => ({ owner, ms: Math.round(ms), share: busy ? ms / busy : 0 })).sort((a, b) => b.ms - a.ms);
  return { busyMs: Math.round(busy), owners: shares(owners), callers: shares(callers), functions: shares(functions) };
}

/** The window of the phase at `rate` in a bench's JSON (`bench.json:20`). */
function phaseWindow(spec: string): [number, number] {
  const m = /^(.+):(\d+(?:\.\d+)?)$/.exec(spec);
  if (!m) throw new Error(`--phase: очікую файл.json:темп, отримано «${spec}»`);
  const phase = (JSON.parse(fs.readFileSync(m[1], 'utf8')) as { phases: { rate: number; warmUp?: boolean; windowUs?: [number, number] }[] }).phases.find((p) => p.rate === Number(m[2]) && !p.warmUp);
  if (!phase?.windowUs) throw new Error(`--phase: у ${m[1]} немає фази ${m[2]} дзв/с з її часом`);
  return phase.windowUs;
}

function main(): void {
  const args = process.argv.slice(2);
  const at = args.indexOf('--phase');
  const window = at >= 0 ? phaseWindow(args.splice(at, 2)[1] ?? '') : undefined;
  const files = args;
  if (!files.length) {
    process.stderr.write('npm run bench:profile -- <file.cpuprofile> [...] [--phase bench.json:RATE]\n');
    process.exitCode = 2;
    return;
  }
  for (const file of files) {
    const s = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, window);
    const pct = (x: ProfileShare) => `${(x.share * 100).toFixed(1).padStart(5)} %  ${String(x.ms).padStart(7)} мс  ${x.owner}`;
    process.stdout.write(`${file}${window ? ` (фаза ${((window[1] - window[0]) / 1e6).toFixed(1)} с)` : ''}: зайнятий ${s.busyMs} мс\nЗа власниками коду (власний час):\n${s.owners.slice(0, 20).map(pct).join('\n')}\nЗа власниками, з внутрішнім кодом Node на рахунку того, хто його викликав:\n${s.callers.slice(0, 20).map(pct).join('\n')}\nНайзайнятіші функції:\n${s.functions.slice(0, 30).map(pct).join('\n')}\n\n`);
  }
}

if (require.main === module) main();
