/**
 * Turns the rows of the aggregate queries into a report's figures. Pure (no database, no clock),
 * so every definition below can be unit-tested on hand-made rows.
 */
import { CHANNELS } from '../models/appeal';
import { CHANNEL_LABELS, NO_EXECUTOR, UNKNOWN, UNKNOWN_DISPATCHER } from './labels';

/** Appeals received, grouped by channel × category × executor. */
export interface ReceivedRow {
  channel: string;
  categoryId: number;
  executorId: number | null;
  count: number;
  repeated: number;
}

/** Appeals whose deadline falls in the period (not rejected, not duplicates), per executor. */
export interface DueRow {
  executorId: number | null;
  due: number;
  inTime: number;
  overdue: number;
  confirmed: number;
  returned: number;
}

/** Verification outcomes (confirm / return moves) made in the period. */
export interface OutcomeRow {
  toStatus: string;
  count: number;
}

/** Inbound calls that reached the queue, grouped by dispatcher × disposition. */
export interface CallRow {
  dispatcherUserId: number | null;
  disposition: string;
  count: number;
  /** Of these, answered with wait ≤ 20 s (only counted for answered calls). */
  within20: number;
  waitSum: number;
  waitCount: number;
  talkSum: number;
  talkCount: number;
}

export interface Names {
  categories: Map<number, string>;
  organizations: Map<number, string>;
  users: Map<number, string>;
}

export interface Counted {
  key: string;
  label: string;
  count: number;
}

export interface AppealFigures {
  received: number;
  repeated: number;
  byChannel: Counted[];
  byCategory: Counted[];
  byExecutor: Counted[];
  /** Deadline within the period (rejected and duplicates left out). */
  due: number;
  closedInTime: number;
  overdue: number;
  /** Return moves in the period. */
  returned: number;
  /** Confirm moves in the period. */
  confirmed: number;
  /** confirmed / (confirmed + returned) × 100, one decimal; null with no outcomes. */
  confirmationRatePercent: number | null;
}

export interface DispatcherFigures {
  userId: number | null;
  name: string;
  answered: number;
  averageTalkSeconds: number | null;
}

export interface CallFigures {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithin20s: number;
  /** answeredWithin20s / offered × 100, one decimal. */
  serviceLevelPercent: number | null;
  /** Average wait of answered calls, seconds, one decimal. */
  averageWaitSeconds: number | null;
  byDispatcher: DispatcherFigures[];
}

export interface ExecutorFigures {
  organizationId: number;
  name: string;
  due: number;
  inTime: number;
  confirmed: number;
  returned: number;
  overdue: number;
  /** See RATING_LEGEND: 100 × inTime/due × confirmed/due × (1 − returned/due), one decimal. */
  rating: number | null;
}

export interface ReportFigures {
  period: { from: string; to: string; timeZone: string };
  generatedAt: string;
  appeals: AppealFigures;
  calls: CallFigures;
  executors: ExecutorFigures[];
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;
const percent = (part: number, whole: number): number | null => (whole > 0 ? round1((100 * part) / whole) : null);
const average = (sum: number, n: number): number | null => (n > 0 ? round1(sum / n) : null);
const byCountThenLabel = (a: Counted, b: Counted) => b.count - a.count || a.label.localeCompare(b.label, 'uk');

function tally(rows: ReceivedRow[], keyOf: (r: ReceivedRow) => string, labelOf: (key: string) => string): Counted[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(keyOf(r), (counts.get(keyOf(r)) ?? 0) + r.count);
  return [...counts].map(([key, count]) => ({ key, label: labelOf(key), count })).sort(byCountThenLabel);
}

export function appealFigures(received: ReceivedRow[], due: DueRow[], outcomes: OutcomeRow[], names: Names): AppealFigures {
  const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);
  const confirmed = sum(outcomes.filter((o) => o.toStatus === 'confirmed'), (o) => o.count);
  const returned = sum(outcomes.filter((o) => o.toStatus === 'returned'), (o) => o.count);
  const channelCounts = tally(received, (r) => r.channel, (k) => CHANNEL_LABELS[k] ?? k);
  // Every known channel is listed, a quiet one with 0, so day-to-day reports line up.
  const byChannel = [
    ...CHANNELS.map((c) => channelCounts.find((x) => x.key === c) ?? { key: c, label: CHANNEL_LABELS[c] ?? c, count: 0 }),
    ...channelCounts.filter((x) => !(CHANNELS as readonly string[]).includes(x.key)),
  ];
  return {
    received: sum(received, (r) => r.count),
    repeated: sum(received, (r) => r.repeated),
    byChannel,
    byCategory: tally(received, (r) => String(r.categoryId), (k) => names.categories.get(Number(k)) ?? UNKNOWN),
    byExecutor: tally(received, (r) => (r.executorId == null ? 'none' : String(r.executorId)), (k) => (k === 'none' ? NO_EXECUTOR : names.organizations.get(Number(k)) ?? UNKNOWN)),
    due: sum(due, (r) => r.due),
    closedInTime: sum(due, (r) => r.inTime),
    overdue: sum(due, (r) => r.overdue),
    returned,
    confirmed,
    confirmationRatePercent: percent(confirmed, confirmed + returned),
  };
}

export function callFigures(rows: CallRow[], names: Names): CallFigures {
  const answeredRows = rows.filter((r) => r.disposition === 'answered');
  const sum = (list: CallRow[], f: (r: CallRow) => number) => list.reduce((s, r) => s + f(r), 0);
  const offered = sum(rows, (r) => r.count);
  const answered = sum(answeredRows, (r) => r.count);
  const within = sum(answeredRows, (r) => r.within20);
  const perDispatcher = new Map<number | null, CallRow[]>();
  for (const r of answeredRows) perDispatcher.set(r.dispatcherUserId, [...(perDispatcher.get(r.dispatcherUserId) ?? []), r]);
  const byDispatcher = [...perDispatcher].map(([userId, list]) => ({
    userId,
    name: userId == null ? UNKNOWN_DISPATCHER : names.users.get(userId) ?? UNKNOWN,
    answered: sum(list, (r) => r.count),
    averageTalkSeconds: average(sum(list, (r) => r.talkSum), sum(list, (r) => r.talkCount)),
  }));
  byDispatcher.sort((a, b) => b.answered - a.answered || a.name.localeCompare(b.name, 'uk'));
  return {
    offered,
    answered,
    abandoned: sum(rows.filter((r) => r.disposition === 'abandoned'), (r) => r.count),
    answeredWithin20s: within,
    serviceLevelPercent: percent(within, offered),
    averageWaitSeconds: average(sum(answeredRows, (r) => r.waitSum), sum(answeredRows, (r) => r.waitCount)),
    byDispatcher,
  };
}

/** The executors' rating, defined in RATING_LEGEND (labels.ts); best first, unrated last. */
export function rating(r: Pick<DueRow, 'due' | 'inTime' | 'confirmed' | 'returned'>): number | null {
  if (r.due <= 0) return null;
  return round1(100 * (r.inTime / r.due) * (r.confirmed / r.due) * (1 - r.returned / r.due));
}

export function executorFigures(due: DueRow[], names: Names): ExecutorFigures[] {
  return due
    .filter((r): r is DueRow & { executorId: number } => r.executorId != null)
    .map((r) => ({
      organizationId: r.executorId,
      name: names.organizations.get(r.executorId) ?? UNKNOWN,
      due: r.due, inTime: r.inTime, confirmed: r.confirmed, returned: r.returned, overdue: r.overdue,
      rating: rating(r),
    }))
    .sort((a, b) => (b.rating ?? -1) - (a.rating ?? -1) || b.due - a.due || a.name.localeCompare(b.name, 'uk'));
}
