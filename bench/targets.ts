/**
 * The speed, CPU and memory targets of a full run (issue 15), judged on one run's figures: each
 * against its floor measured in the same run where it has one.
 */
import type { BenchReport, PhaseResult, Target } from './report';

/** Pops and IVR answers may cost at most this many times their floor. */
export const FLOOR_FACTOR = 2;
export const TARGETS = {
  serverCpuMsPerCall: 5,
  popP99Ms: 10,
  ivrInIvr: 200,
  sustainedRate: 100,
  sustainedPopP99Ms: 50,
  liveCalls: 1000,
  liveRssMB: 300,
  idleRssMB: 150,
} as const;

export interface TargetInputs {
  phases: PhaseResult[];
  fixed: PhaseResult;
  low: PhaseResult | null;
  floors: BenchReport['floors'];
  sustainedRate: number | null;
  idleRssMB: number;
  callRecords: BenchReport['callRecords'];
}

const ms = (v: number) => `${v} мс`;

export function benchTargets(r: TargetInputs): Target[] {
  const { fixed, low, floors } = r;
  const popFloor = floors.socketRoundTripWithQuery.p99;
  const ivrFloor = floors.socketRoundTrip.p99;
  // The first measured phase to reach 1,000 live calls (not the warm-up: a server that has run
  // for a while), read at the moment it did; should the 500 ms reading have missed that moment,
  // the phase's highest RSS (with more calls up, so no kinder).
  const rssPhase = r.phases.find((p) => !p.warmUp && p.liveCallsMax >= TARGETS.liveCalls);
  const live = rssPhase?.rssAtLiveMark ?? (rssPhase ? { live: rssPhase.liveCallsMax, rssMB: rssPhase.rssMaxMB } : null);
  const sustained = r.sustainedRate ?? 0;
  const atSustained = r.phases.find((p) => !p.warmUp && p.rate === r.sustainedRate);
  return [
    { what: `ЦП сервера на дзвінок при ${fixed.rate} дзв/с`, target: `≤ ${TARGETS.serverCpuMsPerCall} мс`, value: ms(fixed.serverCpuMsPerCall), met: fixed.serverCpuMsPerCall <= TARGETS.serverCpuMsPerCall },
    { what: `поп p99 при ${fixed.rate} дзв/с`, target: `≤ ${TARGETS.popP99Ms} мс`, value: ms(fixed.popLatency.p99), met: fixed.popLatency.p99 <= TARGETS.popP99Ms },
    { what: 'поп p99 / межа (Socket.IO + голий запит) p99', target: `≤ ${FLOOR_FACTOR}×`, value: `${(fixed.popLatency.p99 / popFloor).toFixed(1)}× (межа ${popFloor} мс)`, met: fixed.popLatency.p99 <= FLOOR_FACTOR * popFloor },
    low
      ? { what: `поп p99 при ${low.rate} дзв/с не вищий, ніж при ${fixed.rate}`, target: `≤ ${fixed.popLatency.p99} мс`, value: ms(low.popLatency.p99), met: low.popLatency.p99 <= fixed.popLatency.p99 }
      : { what: 'поп p99 без навантаження (фазу вимкнено: --low-rate 0)', target: '—', value: '—', met: false },
    {
      what: `реакція IVR p99 / межа (Socket.IO туди-назад) при ${fixed.ivrLiveMax} в IVR`,
      target: `≤ ${FLOOR_FACTOR}× при ${TARGETS.ivrInIvr} в IVR`,
      value: `${(fixed.ivrReaction.p99 / ivrFloor).toFixed(1)}× (${ms(fixed.ivrReaction.p99)}, межа ${ivrFloor} мс)`,
      met: fixed.ivrReaction.p99 <= FLOOR_FACTOR * ivrFloor && fixed.ivrLiveMax >= TARGETS.ivrInIvr,
    },
    {
      what: `найвищий стійкий темп (поп p99 ≤ ${TARGETS.sustainedPopP99Ms} мс, без втрат)`,
      target: `≥ ${TARGETS.sustainedRate} дзв/с`,
      value: `${sustained} дзв/с${atSustained ? ` (поп p99 ${ms(atSustained.popLatency.p99)})` : ''}`,
      met: sustained >= TARGETS.sustainedRate,
    },
    {
      what: live ? `RSS сервера при ${live.live} живих дзвінках (${rssPhase!.rate} дзв/с)` : `RSS сервера (${TARGETS.liveCalls} живих дзвінків не досягнуто)`,
      target: `≤ ${TARGETS.liveRssMB} МБ`,
      value: live ? `${live.rssMB} МБ (найбільше у фазі ${rssPhase!.rssMaxMB} МБ при ${rssPhase!.liveCallsMax})` : '—',
      met: Boolean(live && live.rssMB <= TARGETS.liveRssMB),
    },
    { what: 'RSS сервера без дзвінків', target: `≤ ${TARGETS.idleRssMB} МБ`, value: `${r.idleRssMB} МБ`, met: r.idleRssMB <= TARGETS.idleRssMB },
    { what: 'втрачені або подвоєні попи (усі фази)', target: '0', value: `${sum(r.phases, (p) => p.lost)}, ${sum(r.phases, (p) => p.doubled)}`, met: r.phases.every((p) => p.lost + p.doubled === 0) },
    {
      what: 'записи дзвінків: бракує, незавершені, зайві',
      target: '0',
      value: `${r.callRecords.missing}, ${r.callRecords.unfinished}, ${r.callRecords.extra}`,
      met: r.callRecords.missing + r.callRecords.unfinished + r.callRecords.extra === 0,
    },
  ];
}

function sum(phases: PhaseResult[], f: (p: PhaseResult) => number): number {
  return phases.reduce((n, p) => n + f(p), 0);
}
