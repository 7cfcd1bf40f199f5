/** The benchmark's pop accounting finds lost and doubled pops and pairs the rest in order. */
import { PopAccounting } from '../../bench/accounting';
import { summarize, parseMetrics } from '../../bench/measures';
import { parseOptions, DEFAULT_MYSQL_URL, QUICK_MYSQL_URL } from '../../bench/options';

const ms = (n: number) => BigInt(Math.round(n * 1e6));

describe('pop accounting', () => {
  test('every AgentCalled with its pop: latencies in order, nothing lost or doubled', () => {
    const a = new PopAccounting();
    a.called('c1', 'PJSIP/2001', ms(100));
    a.popped('c1', 'PJSIP/2001', ms(103));
    // A pop may arrive before the stand-in's stamp batch: the ledger pairs them all the same.
    a.popped('c2', 'PJSIP/2002', ms(210));
    a.called('c2', 'PJSIP/2002', ms(200));
    // A re-ring of the same phone: two writes, two pops, paired first with first.
    a.called('c3', 'PJSIP/2001', ms(300));
    a.called('c3', 'PJSIP/2001', ms(400));
    a.popped('c3', 'PJSIP/2001', ms(405));
    a.popped('c3', 'PJSIP/2001', ms(301));
    const r = a.settle();
    expect(r.lost).toEqual([]);
    expect(r.doubled).toEqual([]);
    expect(r.called).toBe(4);
    expect(r.popped).toBe(4);
    expect(r.latenciesMs.sort((x, y) => x - y)).toEqual([1, 3, 5, 10]);
    expect([...r.rungCalls].sort()).toEqual(['c1', 'c2', 'c3']);
  });

  test('a synthetic loss and a doubled pop are caught, by call and phone', () => {
    const a = new PopAccounting();
    a.called('lost-1', 'PJSIP/2003', ms(1));
    a.called('ok', 'PJSIP/2004', ms(1));
    a.popped('ok', 'PJSIP/2004', ms(2));
    a.popped('ok', 'PJSIP/2004', ms(3));
    // A pop at the wrong phone is no pop for the one rung: lost there, unexpected here.
    a.called('moved', 'PJSIP/2005', ms(1));
    a.popped('moved', 'PJSIP/2006', ms(2));
    const r = a.settle();
    expect(r.lost).toEqual(expect.arrayContaining([{ uniqueid: 'lost-1', iface: 'PJSIP/2003' }, { uniqueid: 'moved', iface: 'PJSIP/2005' }]));
    expect(r.lost).toHaveLength(2);
    expect(r.doubled).toEqual(expect.arrayContaining([{ uniqueid: 'ok', iface: 'PJSIP/2004' }, { uniqueid: 'moved', iface: 'PJSIP/2006' }]));
    expect(r.doubled).toHaveLength(2);
    // Settling clears the ledger for the next phase.
    expect(a.settle()).toEqual({ latenciesMs: [], lost: [], doubled: [], called: 0, popped: 0, rungCalls: new Set() });
  });
});

describe('figures and options', () => {
  test('p50, p99 and max by nearest rank', () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(s).toEqual({ n: 100, p50: 50, p99: 99, max: 100 });
    expect(summarize([]).n).toBe(0);
  });

  test('Prometheus text is read without labels', () => {
    const m = parseMetrics('# HELP x\nkontakt_nodejs_eventloop_lag_p99_seconds 0.0123\nkontakt_x{a="b"} 5\nkontakt_ivr_calls_live 17\n');
    expect(m.get('kontakt_nodejs_eventloop_lag_p99_seconds')).toBe(0.0123);
    expect(m.get('kontakt_ivr_calls_live')).toBe(17);
    expect(m.has('kontakt_x')).toBe(false);
  });

  test('flags: MariaDB by default, SQLite by name, bad values refused in Ukrainian', () => {
    const d = parseOptions([]);
    expect(d).toEqual(expect.objectContaining({ databaseUrl: DEFAULT_MYSQL_URL, appeals: 1_000_000, applicants: 300_000, dispatchers: 50, skipSeed: false, json: null }));
    expect(parseOptions(['--db', 'sqlite', '--skip-seed', '--json', 'x.json'])).toEqual(expect.objectContaining({ databaseUrl: 'sqlite:./data/bench.sqlite', skipSeed: true, json: 'x.json' }));
    expect(() => parseOptions(['--rate', 'швидко'])).toThrow(/--rate/);
    expect(() => parseOptions(['--db', 'postgres://x'])).toThrow(/--db/);
    expect(parseOptions(['--help'])).toBe('help');
  });

  test('--quick: its own small database (never the seeded city-sized one), one short phase; flags given win', () => {
    const q = parseOptions(['--quick']);
    expect(q).toEqual(expect.objectContaining({ quick: true, databaseUrl: QUICK_MYSQL_URL, appeals: 20_000, applicants: 6_000, dispatchers: 5, rate: 5, lowRate: 0, durationSec: 10, maxRate: 0, floorSamples: 200, idleWaitSec: 2, outDir: './data/bench-quick' }));
    expect(QUICK_MYSQL_URL).not.toBe(DEFAULT_MYSQL_URL);
    expect(parseOptions(['--quick', '--db', 'sqlite'])).toEqual(expect.objectContaining({ databaseUrl: 'sqlite:./data/bench-quick.sqlite' }));
    expect(parseOptions(['--quick', '--db', 'mysql', '--rate', '8', '--skip-seed'])).toEqual(expect.objectContaining({ databaseUrl: QUICK_MYSQL_URL, rate: 8, durationSec: 10, skipSeed: true }));
    // The full run: a quiet phase, 200 callers in the IVR at 20/s, idle once the speech worker has stopped.
    expect(parseOptions([])).toEqual(expect.objectContaining({ quick: false, rate: 20, lowRate: 2, ivrMs: 10_000, durationSec: 30, maxRate: 400, floorSamples: 2000, idleWaitSec: 32, outDir: './data/bench' }));
  });
});

test('pending: what still waits for its pop', () => {
  const a = new PopAccounting();
  a.called('x', 'PJSIP/2001', 1n);
  a.called('y', 'PJSIP/2002', 1n);
  a.popped('x', 'PJSIP/2001', 2n);
  expect(a.pending()).toEqual({ unmatched: 1, popped: 1 });
});
