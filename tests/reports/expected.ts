/**
 * The right answers for a period, worked out from the seed arrays alone (each time's local day
 * is the first ten characters of its wall-time string), never by calling the code under test.
 */
import type { Seed, SeedAppeal } from './seed';

export interface SeedNames {
  category: Record<SeedAppeal['category'], string>;
  org: Record<'water' | 'other', string>;
  dispatcher: Record<'olena' | 'ivan', string>;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const countBy = <T>(xs: T[], key: (x: T) => string) => xs.reduce<Record<string, number>>((m, x) => ((m[key(x)] = (m[key(x)] ?? 0) + 1), m), {});
const t = (s: string) => Date.parse(s);

export function expectedFigures(seed: Seed, from: string, to: string, now: Date, names: SeedNames) {
  const inPeriod = (s: string) => s.slice(0, 10) >= from && s.slice(0, 10) <= to;
  const received = seed.appeals.filter((a) => inPeriod(a.registered));
  const due = seed.appeals.filter((a) => inPeriod(a.deadline) && a.status !== 'rejected' && a.status !== 'duplicate');
  const finished = (a: SeedAppeal) => a.done ?? a.closed;
  const inTime = (a: SeedAppeal) => finished(a) != null && t(finished(a)!) <= t(a.deadline);
  const overdue = (a: SeedAppeal) => (finished(a) != null ? t(finished(a)!) > t(a.deadline) : t(a.deadline) < now.getTime());
  const returnedEver = (a: SeedAppeal) => seed.events.some((e) => e.number === a.number && e.toStatus === 'returned');
  const outcomes = seed.events.filter((e) => inPeriod(e.at));
  const confirmed = outcomes.filter((e) => e.toStatus === 'confirmed').length;
  const returned = outcomes.filter((e) => e.toStatus === 'returned').length;

  const calls = seed.calls.filter((c) => inPeriod(c.started) && c.direction === 'inbound' && c.queued);
  const answered = calls.filter((c) => c.disposition === 'answered');
  const within = answered.filter((c) => c.wait! <= 20).length;
  const dispatcherName = (d: 'olena' | 'ivan' | null) => (d ? names.dispatcher[d] : 'Диспетчер не визначений');
  const byDispatcher: Record<string, { answered: number; averageTalkSeconds: number }> = {};
  for (const d of new Set(answered.map((c) => c.dispatcher))) {
    const mine = answered.filter((c) => c.dispatcher === d);
    byDispatcher[dispatcherName(d)] = { answered: mine.length, averageTalkSeconds: r1(mine.reduce((s, c) => s + c.talk!, 0) / mine.length) };
  }

  const executors: Record<string, { due: number; inTime: number; confirmed: number; returned: number; overdue: number; rating: number }> = {};
  for (const org of ['water', 'other'] as const) {
    const mine = due.filter((a) => a.executor === org);
    if (!mine.length) continue;
    const x = {
      due: mine.length, inTime: mine.filter(inTime).length, confirmed: mine.filter((a) => a.status === 'confirmed').length,
      returned: mine.filter(returnedEver).length, overdue: mine.filter(overdue).length,
    };
    executors[names.org[org]] = { ...x, rating: r1(100 * (x.inTime / x.due) * (x.confirmed / x.due) * (1 - x.returned / x.due)) };
  }

  return {
    appeals: {
      received: received.length,
      repeated: received.filter((a) => a.repeated).length,
      byChannel: countBy(received, (a) => a.channel),
      byCategory: countBy(received, (a) => names.category[a.category]),
      byExecutor: countBy(received, (a) => (a.executor ? names.org[a.executor] : 'Без виконавця')),
      due: due.length,
      closedInTime: due.filter(inTime).length,
      overdue: due.filter(overdue).length,
      returned,
      confirmed,
      confirmationRatePercent: confirmed + returned ? r1((100 * confirmed) / (confirmed + returned)) : null,
    },
    calls: {
      offered: calls.length,
      answered: answered.length,
      abandoned: calls.filter((c) => c.disposition === 'abandoned').length,
      answeredWithin20s: within,
      serviceLevelPercent: calls.length ? r1((100 * within) / calls.length) : null,
      averageWaitSeconds: answered.length ? r1(answered.reduce((s, c) => s + c.wait!, 0) / answered.length) : null,
      byDispatcher,
    },
    executors,
  };
}

/** The API's figures in the same shape (lists as maps), so one toEqual compares everything. */
export function comparable(body: any) {
  const map = (xs: Array<{ label: string; count: number }>, keyed = false) =>
    Object.fromEntries(xs.filter((x) => x.count > 0).map((x: any) => [keyed ? x.key : x.label, x.count]));
  const { byChannel, byCategory, byExecutor, ...appeals } = body.appeals;
  const { byDispatcher, ...calls } = body.calls;
  return {
    appeals: { ...appeals, byChannel: map(byChannel, true), byCategory: map(byCategory), byExecutor: map(byExecutor) },
    calls: { ...calls, byDispatcher: Object.fromEntries(byDispatcher.map((d: any) => [d.name, { answered: d.answered, averageTalkSeconds: d.averageTalkSeconds }])) },
    executors: Object.fromEntries(body.executors.map((e: any) => [e.name, { due: e.due, inTime: e.inTime, confirmed: e.confirmed, returned: e.returned, overdue: e.overdue, rating: e.rating }])),
  };
}
