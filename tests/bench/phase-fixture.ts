import type { PhaseResult } from '../../bench/report';

export const summary = (n: number, p99 = 40) => ({ n, p50: 5, p99, max: 60 });

/** One phase of a bench run with ordinary figures; a test changes what it is about. */
export function phase(change: Partial<PhaseResult> = {}): PhaseResult {
  return {
    rate: 5, placed: 50, ended: 50, pops: 50, popLatency: summary(50), ivrReaction: summary(50), lost: 0, doubled: 0, notRung: 0, notEnded: 0,
    disconnects: 0, wrongReason: 0, loopP99Ms: 20, loopMaxMs: 30, rssMaxMB: 250, heapMaxMB: 90, ivrLiveMax: 30, liveCallsMax: 31,
    cpuPercent: { server: 10 }, loadAvg: 2, sustained: true, windowUs: [0, 30_000_000], serverCpuMsPerCall: 4,
    serverMainThread: { wakesPerCall: 10, cpuUsPerWake: 400, mainShare: 0.9 }, ...change,
  };
}
