/**
 * Correctness under load, as `npm run bench -- --quick` (CI) judges it: every call of every phase
 * rang a dispatcher, met exactly one pop for the path driven, and ended; every placed call has
 * exactly one finished record and no other appeared. Timings are never judged here.
 */
import type { BenchReport } from './report';

/** What went wrong, one Ukrainian line each; empty when the run was correct. */
export function correctnessFailures(r: Pick<BenchReport, 'phases' | 'callRecords'>): string[] {
  const out: string[] = [];
  if (!r.phases.length) out.push('жодної фази не виміряно');
  for (const p of r.phases) {
    const at = `${p.rate} дзв/с`;
    const count = (n: number, what: string) => {
      if (n > 0) out.push(`${at}: ${what} ${n}`);
    };
    count(p.lost, 'втрачених попів');
    count(p.doubled, 'подвоєних попів');
    count(p.wrongReason, 'попів з іншою причиною, ніж аварія');
    // A call that never reached a phone has no AgentCalled, so it would not count as a lost pop.
    count(p.notRung, 'дзвінків не дійшли до диспетчера');
    count(p.notEnded, 'дзвінків не завершились');
    if (p.placed > 0 && p.popLatency.n === 0) out.push(`${at}: жодного попу`);
  }
  const c = r.callRecords;
  if (c.missing) out.push(`записів дзвінків бракує: ${c.missing}`);
  if (c.unfinished) out.push(`незавершених записів дзвінків: ${c.unfinished}`);
  if (c.extra) out.push(`зайвих записів дзвінків: ${c.extra}`);
  return out;
}
