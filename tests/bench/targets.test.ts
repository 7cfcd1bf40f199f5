/**
 * The targets a full bench run is judged by (issue 15): each is met or not on the run's own
 * figures, against the floor measured in the same run.
 */
import { benchTargets, type TargetInputs } from '../../bench/targets';
import { phase, summary } from './phase-fixture';

const floors = { socketRoundTrip: summary(100, 2), socketRoundTripWithQuery: summary(100, 6), bareQuery: summary(100, 3) };

function inputs(change: Partial<TargetInputs> = {}): TargetInputs {
  const low = phase({ rate: 2, popLatency: summary(60, 8) });
  const fixed = phase({ rate: 20, popLatency: summary(600, 9), ivrReaction: summary(600, 3.5), ivrLiveMax: 210, serverCpuMsPerCall: 4.2 });
  const ramp = phase({ rate: 100, popLatency: summary(3000, 30), liveCallsMax: 1040, rssMaxMB: 280 });
  return { phases: [low, fixed, ramp], fixed, low, floors, sustainedRate: 100, idleRssMB: 140, callRecords: { placed: 3660, rows: 3660, missing: 0, unfinished: 0, extra: 0 }, ...change };
}

const verdicts = (i: TargetInputs) => benchTargets(i).map((t) => t.met);

test('a run within every target meets all of them', () => {
  expect(verdicts(inputs())).toEqual(Array(10).fill(true));
});

test.each<[string, (i: TargetInputs) => TargetInputs, number]>([
  ['CPU per call over 5 ms', (i) => ({ ...i, fixed: { ...i.fixed, serverCpuMsPerCall: 5.1 } }), 0],
  ['pop p99 over 10 ms', (i) => ({ ...i, fixed: { ...i.fixed, popLatency: summary(600, 10.5) } }), 1],
  ['pop p99 over twice its floor', (i) => ({ ...i, floors: { ...i.floors, socketRoundTripWithQuery: summary(100, 4) } }), 2],
  ['the quiet phase slower than the busy one', (i) => ({ ...i, low: { ...i.low!, popLatency: summary(60, 9.5) } }), 3],
  ['the IVR over twice its floor', (i) => ({ ...i, fixed: { ...i.fixed, ivrReaction: summary(600, 4.5) } }), 4],
  ['fewer than 200 callers in the IVR', (i) => ({ ...i, fixed: { ...i.fixed, ivrLiveMax: 150 } }), 4],
  ['no sustained 100 calls/s', (i) => ({ ...i, sustainedRate: 50 }), 5],
  ['1000 live calls never reached', (i) => ({ ...i, phases: i.phases.slice(0, 2) }), 6],
  ['over 300 MB with 1000 live calls', (i) => ({ ...i, phases: [i.phases[0], i.phases[1], { ...i.phases[2], rssMaxMB: 310 }] }), 6],
  ['over 300 MB at the moment 1000 calls were live', (i) => ({ ...i, phases: [i.phases[0], i.phases[1], { ...i.phases[2], rssAtLiveMark: { live: 1003, rssMB: 301 } }] }), 6],
  ['idle over 150 MB', (i) => ({ ...i, idleRssMB: 151 }), 7],
  ['a lost pop in any phase', (i) => ({ ...i, phases: [i.phases[0], i.phases[1], { ...i.phases[2], lost: 1 }] }), 8],
  ['a missing call record', (i) => ({ ...i, callRecords: { ...i.callRecords, missing: 1 } }), 9],
])('%s fails that target alone', (_, change, index) => {
  const got = verdicts(change(inputs()));
  expect(got[index]).toBe(false);
  expect(got.filter((m) => !m)).toHaveLength(1);
});

test('RSS is judged when 1000 calls were first live, not at the phase\'s peak with more', () => {
  const i = inputs();
  const ramp = { ...i.phases[2], liveCallsMax: 1560, rssMaxMB: 320, rssAtLiveMark: { live: 1004, rssMB: 262 } };
  const [t] = benchTargets({ ...i, phases: [i.phases[0], i.phases[1], ramp] }).filter((x) => x.what.startsWith('RSS сервера при'));
  expect(t).toEqual(expect.objectContaining({ met: true, what: 'RSS сервера при 1004 живих дзвінках (100 дзв/с)', value: '262 МБ (найбільше у фазі 320 МБ при 1560)' }));
});

test('a warm-up at the same rate is not the measured phase: RSS and the sustained rate\'s p99 are read in the measured one', () => {
  const i = inputs();
  const warmUp = { ...i.phases[2], warmUp: true, liveCallsMax: 1500, rssAtLiveMark: { live: 1001, rssMB: 190 }, popLatency: summary(3000, 166) };
  const ramp = { ...i.phases[2], rssAtLiveMark: { live: 1002, rssMB: 305 } };
  const targets = benchTargets({ ...i, phases: [warmUp, i.phases[0], i.phases[1], ramp] });
  expect(targets.find((x) => x.what.startsWith('RSS сервера при'))).toEqual(expect.objectContaining({ met: false, what: 'RSS сервера при 1002 живих дзвінках (100 дзв/с)' }));
  expect(targets.find((x) => x.what.startsWith('найвищий стійкий темп'))!.value).toBe('100 дзв/с (поп p99 30 мс)');
});
