import { parseArgs } from 'node:util';
import { WORKER_IDLE_MS } from '../ivr/speech/espeak-emscripten-engine';

/** What one benchmark run does; every field has a flag (`npm run bench -- --help`). */
export interface BenchOptions {
  /** `mysql://...` (MariaDB/MySQL) or `sqlite:<file>`. */
  databaseUrl: string;
  appeals: number;
  applicants: number;
  /** Reuse a seeded bench database instead of making it again. */
  skipSeed: boolean;
  dispatchers: number;
  /** The fixed-rate phase (calls/s): the pop, IVR and CPU targets are read there. */
  rate: number;
  /** A quiet phase before it (calls/s; 0 = none): the pop must not be slower without load. */
  lowRate: number;
  /** Seconds each phase places calls for. */
  durationSec: number;
  /** The step-up search for the highest sustained rate: from `rate + rampStep` by `rampStep` up to `maxRate` (0 = no search). */
  rampStep: number;
  maxRate: number;
  /** Where the caller presses 1 (ms after the answer: greeting and outage announcement first). */
  ivrMs: number;
  /** A dispatcher's phone rings this long before they pick up, then they talk this long (ms). */
  ringMs: number;
  talkMs: number;
  /** The stand-in's simulated time factor (1 = real time; tests use less). */
  timeScale: number;
  /** Share of calls from residents with appeals (the rest are strangers). */
  knownCallers: number;
  /** Samples of the floors and of the pop's query alone. */
  floorSamples: number;
  json: string | null;
  /** Extra node flags for the server process (`--cpu-prof`, `--heap-prof`). */
  serverNodeArgs: string[];
  /** Run the compiled server (dist/), as production should, instead of the TypeScript sources. */
  compiled: boolean;
  /**
   * Kontakt instances sharing the hotline (1 or 2): each its own process and ARI application, the
   * sample dialplan's [hotline-two-instances], Socket.IO through Redis, dispatchers spread over them.
   */
  instances: number;
  /** Redis for several instances (`REDIS_URL`). */
  redisUrl: string;
  /** How often the server's /metrics is read during a phase (s). */
  scrapeSec: number;
  /** How long the server rests after the warm-up calls before its idle RSS is read (s). */
  idleWaitSec: number;
  /** Seconds of calls before the measured phases, so that V8 has compiled the hot code (0 = none). */
  warmUpSec: number;
  /** The warm-up's calls/s. */
  warmUpRate: number;
  /** Where profiles and the server's log go. */
  outDir: string;
  quiet: boolean;
  /** The short run CI makes (its own small database, one short phase); it exits non-zero when a call was mishandled. */
  quick: boolean;
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306/kontakt_bench';
/** --quick seeds its own database, so it never drops a city-sized one seeded before. */
export const QUICK_MYSQL_URL = 'mysql://root@127.0.0.1:3306/kontakt_bench_quick';

/** Defaults of the full run and of --quick; a flag given on the command line wins over either. */
const PRESETS = {
  full: {
    mysql: DEFAULT_MYSQL_URL, sqlite: 'sqlite:./data/bench.sqlite', appeals: '1000000', applicants: '300000', dispatchers: '50',
    rate: '20', 'low-rate': '2', duration: '30', 'max-rate': '400', 'idle-wait': String(WORKER_IDLE_MS / 1000 + 2), 'warm-up': '30', 'warm-up-rate': '100', 'floor-samples': '2000', out: './data/bench',
  },
  quick: {
    mysql: QUICK_MYSQL_URL, sqlite: 'sqlite:./data/bench-quick.sqlite', appeals: '20000', applicants: '6000', dispatchers: '5',
    rate: '5', 'low-rate': '0', duration: '10', 'max-rate': '0', 'idle-wait': '2', 'warm-up': '0', 'warm-up-rate': '5', 'floor-samples': '200', out: './data/bench-quick',
  },
} as const;
type Preset = (typeof PRESETS)['full' | 'quick'];

const HELP = `npm run bench -- [flags]
  --quick                   a short check of correctness (CI): its own database (${QUICK_MYSQL_URL}),
                            20,000 appeals, 6,000 applicants, 5 dispatchers, 5 calls/s for 10 s, no quiet phase and no rate
                            search, 200 floor samples, --out ./data/bench-quick; exits non-zero on a lost,
                            doubled or misrouted pop, a call that never rang or ended, or a missing,
                            unfinished or extra call record. Timings are printed, never judged.
                            Flags given with it change its settings.
  --db mysql|sqlite|<url>   database (default ${DEFAULT_MYSQL_URL}; sqlite = sqlite:./data/bench.sqlite)
  --appeals N               appeals to seed (1000000)
  --applicants N            applicants to seed (300000)
  --skip-seed               reuse the seeded bench database
  --dispatchers N           dispatchers signed in and ready (50)
  --rate R                  calls/s of the fixed phase (20)
  --low-rate R              calls/s of a quiet phase before it, 200 calls at least (2 → 100 s; 0 = none)
  --duration S              seconds each phase places calls (30)
  --ramp-step R             step of the rate search after the fixed phase: whole steps above it (50 → 50, 100, 150, …)
  --max-rate R              highest rate tried (400; 0 = no search)
  --ivr-ms MS               the caller presses 1 this long after the answer (10000: 200 callers in the IVR at 20/s)
  --ring-ms MS, --talk-ms MS   dispatcher phones (100, 100)
  --known-callers F         share of callers with appeals (0.9)
  --time-scale F            the stand-in's time factor (1 = real time)
  --floor-samples N         samples for the floors and the pop query (2000)
  --json PATH               write the figures as JSON
  --compiled                build the server (npm run build) and run dist/server/main.js, as in production
  --server-node-args=".."  node flags for the server (e.g. --server-node-args=--cpu-prof)
  --instances N             Kontakt instances sharing the hotline, 1 or 2 (1): each its own process and ARI
                            application (kontakt-a, kontakt-b), calls spread by the sample dialplan's
                            [hotline-two-instances], Socket.IO through Redis, dispatchers' consoles on
                            alternate instances; CPU, RSS and heap are their sums, the event loop the worst
  --redis URL               Redis for two instances (${DEFAULT_REDIS_URL})
  --idle-wait S             rest after the warm-up calls before reading idle RSS (${WORKER_IDLE_MS / 1000 + 2}: the speech
                            worker stops after ${WORKER_IDLE_MS / 1000} s without work; --quick: 2)
  --warm-up S               after the idle reading, S seconds of calls before the measured phases (30; --quick: 0):
                            a server that has run for days has its hot code compiled; the warm-up's own figures
                            are printed (the row «розігрів»), never judged
  --warm-up-rate R          calls/s of the warm-up (100: 3,000 calls; V8 compiles code run once per call only after
                            thousands of calls, so 600 at 20/s left it compiling in the measured phases)
  --scrape-every S          read the server's /metrics (event-loop delay, heap, calls in the IVR) every S seconds (2)
  --out DIR                 profiles and the server log (./data/bench)
  --quiet                   no progress lines`;

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      db: { type: 'string' },
      appeals: { type: 'string' },
      applicants: { type: 'string' },
      'skip-seed': { type: 'boolean', default: false },
      dispatchers: { type: 'string' },
      rate: { type: 'string' },
      'low-rate': { type: 'string' },
      duration: { type: 'string' },
      'ramp-step': { type: 'string', default: '50' },
      'max-rate': { type: 'string' },
      'ivr-ms': { type: 'string', default: '10000' },
      'ring-ms': { type: 'string', default: '100' },
      'talk-ms': { type: 'string', default: '100' },
      'known-callers': { type: 'string', default: '0.9' },
      'time-scale': { type: 'string', default: '1' },
      'floor-samples': { type: 'string' },
      json: { type: 'string' },
      'server-node-args': { type: 'string', default: '' },
      instances: { type: 'string', default: '1' },
      redis: { type: 'string', default: DEFAULT_REDIS_URL },
      'scrape-every': { type: 'string', default: '2' },
      'idle-wait': { type: 'string' },
      'warm-up': { type: 'string' },
      'warm-up-rate': { type: 'string' },
      compiled: { type: 'boolean', default: false },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const preset: Preset = values.quick ? PRESETS.quick : PRESETS.full;
  const given = <K extends keyof Preset>(name: K, v: string | undefined): string => v ?? preset[name];
  const num = (name: string, v: string, min: number): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name}: очікується число ≥ ${min}, отримано «${v}»`);
    return n;
  };
  const db = values.db ?? 'mysql';
  const databaseUrl = db === 'mysql' || db === 'mariadb' ? preset.mysql : db === 'sqlite' ? preset.sqlite : db;
  if (!/^(sqlite:|mysql:|mariadb:)/.test(databaseUrl)) throw new Error(`--db: mysql, sqlite або адреса бази (mysql://… чи sqlite:…), отримано «${db}»`);
  const known = num('known-callers', values['known-callers'], 0);
  const instances = num('instances', values.instances, 1);
  // The sample dialplan spreads calls over two applications; more would need more labels there.
  if (instances !== 1 && instances !== 2) throw new Error(`--instances: 1 або 2, отримано «${values.instances}»`);
  if (known > 1) throw new Error('--known-callers: частка від 0 до 1');
  return {
    databaseUrl,
    appeals: num('appeals', given('appeals', values.appeals), 0),
    applicants: num('applicants', given('applicants', values.applicants), 1),
    skipSeed: values['skip-seed'],
    dispatchers: num('dispatchers', given('dispatchers', values.dispatchers), 1),
    rate: num('rate', given('rate', values.rate), 0.1),
    lowRate: num('low-rate', given('low-rate', values['low-rate']), 0),
    durationSec: num('duration', given('duration', values.duration), 1),
    rampStep: num('ramp-step', values['ramp-step'], 1),
    maxRate: num('max-rate', given('max-rate', values['max-rate']), 0),
    ivrMs: num('ivr-ms', values['ivr-ms'], 0),
    ringMs: num('ring-ms', values['ring-ms'], 0),
    talkMs: num('talk-ms', values['talk-ms'], 0),
    timeScale: num('time-scale', values['time-scale'], 0.001),
    knownCallers: known,
    floorSamples: num('floor-samples', given('floor-samples', values['floor-samples']), 10),
    json: values.json ?? null,
    serverNodeArgs: values['server-node-args'].split(/\s+/).filter(Boolean),
    scrapeSec: num('scrape-every', values['scrape-every'], 0.5),
    idleWaitSec: num('idle-wait', given('idle-wait', values['idle-wait']), 0),
    warmUpSec: num('warm-up', given('warm-up', values['warm-up']), 0),
    warmUpRate: num('warm-up-rate', given('warm-up-rate', values['warm-up-rate']), 0.1),
    compiled: values.compiled,
    instances,
    redisUrl: values.redis,
    outDir: given('out', values.out),
    quiet: values.quiet,
    quick: values.quick,
  };
}

export { HELP };
