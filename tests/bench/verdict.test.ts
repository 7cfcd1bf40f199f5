/**
 * The verdict `npm run bench -- --quick` exits on (CI runs it): the CI step only ever sees a
 * correct run, so here each kind of mishandled call must fail it, and a correct run must not.
 */
import { correctnessFailures } from '../../bench/verdict';
import type { BenchReport, PhaseResult } from '../../bench/report';
import { phase, summary } from './phase-fixture';

const records = (change: Partial<BenchReport['callRecords']> = {}): BenchReport['callRecords'] => ({ placed: 54, rows: 54, missing: 0, unfinished: 0, extra: 0, ...change });

test('a correct run passes whatever its timings (slow pops, a console cut off) and names nothing', () => {
  expect(correctnessFailures({ phases: [phase({ popLatency: { n: 50, p50: 900, p99: 5000, max: 9000 }, disconnects: 1, sustained: false })], callRecords: records() })).toEqual([]);
});

test.each([
  ['a lost pop', { lost: 1 }, /втрачених попів 1/],
  ['a doubled pop', { doubled: 2 }, /подвоєних попів 2/],
  ['a pop with a reason other than the one driven', { wrongReason: 3 }, /причиною/],
  ['a call that never rang a dispatcher (so no AgentCalled to lose)', { notRung: 50, pops: 0, popLatency: summary(0) }, /не дійшли до диспетчера 50/],
  ['a call that never ended', { notEnded: 1 }, /не завершились 1/],
] as Array<[string, Partial<PhaseResult>, RegExp]>)('%s fails the run, named with its rate', (_what, change, named) => {
  const failures = correctnessFailures({ phases: [phase(), phase({ rate: 7, ...change })], callRecords: records() });
  expect(failures).toHaveLength(change.notRung ? 2 : 1);
  expect(failures[0]).toMatch(/^7 дзв\/с: /);
  expect(failures[0]).toMatch(named);
});

test.each([
  ['missing', { missing: 1, rows: 53 }, /бракує: 1/],
  ['unfinished', { unfinished: 2 }, /незавершених записів дзвінків: 2/],
  ['extra', { extra: 1 }, /зайвих записів дзвінків: 1/],
] as Array<[string, Partial<BenchReport['callRecords']>, RegExp]>)('a call record %s fails the run', (_what, change, named) => {
  expect(correctnessFailures({ phases: [phase()], callRecords: records(change) })).toEqual([expect.stringMatching(named)]);
});

test('a run that measured nothing fails', () => {
  expect(correctnessFailures({ phases: [], callRecords: records({ placed: 0, rows: 0 }) })).toEqual(['жодної фази не виміряно']);
});
