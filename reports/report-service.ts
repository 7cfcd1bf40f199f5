import { Sequelize, UniqueConstraintError } from 'sequelize';
import { Report, ReportKind } from '../models/report';
import { dayPeriod, periodOf, ReportPeriod } from './period';
import { appealFigures, callFigures, executorFigures, ReportFigures } from './figures';
import { outcomeRows, receivedRows } from './appeal-queries';
import { dueRows } from './executor-queries';
import { callRows } from './call-queries';
import { loadNames } from './names';

export interface StoredReportSummary {
  id: number;
  kind: ReportKind;
  periodFrom: string;
  periodTo: string;
  generatedAt: string;
}

export interface DailyReport {
  figures: ReportFigures;
  /** True when this is the report stored that morning; false when computed just now. */
  stored: boolean;
}

/** Computes reports from aggregate queries and keeps the daily ones. */
export class ReportService {
  constructor(private readonly o: { db: Sequelize; timeZone: string }) {}

  period(from: string | undefined, to: string | undefined): ReportPeriod {
    return periodOf(from, to, this.o.timeZone);
  }

  async compute(period: ReportPeriod, now: Date): Promise<ReportFigures> {
    const { db } = this.o;
    const [received, due, outcomes, calls] = await Promise.all([
      receivedRows(db, period), dueRows(db, period, now), outcomeRows(db, period), callRows(db, period),
    ]);
    const names = await loadNames({
      categories: received.map((r) => r.categoryId),
      organizations: [...received, ...due].flatMap((r) => (r.executorId == null ? [] : [r.executorId])),
      users: calls.flatMap((r) => (r.dispatcherUserId == null ? [] : [r.dispatcherUserId])),
    });
    return {
      period: { from: period.from, to: period.to, timeZone: period.timeZone },
      generatedAt: now.toISOString(),
      appeals: appealFigures(received, due, outcomes, names),
      calls: callFigures(calls, names),
      executors: executorFigures(due, names),
    };
  }

  /** The stored report of a day when there is one, otherwise that day computed now (not stored). */
  async daily(date: string, now: Date): Promise<DailyReport> {
    const period = dayPeriod(date, this.o.timeZone);
    const row = await Report.findOne({ where: { kind: 'daily', periodFrom: period.from, periodTo: period.to } });
    if (row) return { figures: row.figures as ReportFigures, stored: true };
    return { figures: await this.compute(period, now), stored: false };
  }

  /**
   * Computes and stores a day's report once. A second run, or another instance at the same
   * moment, finds it or loses the race on the unique index; either way one report stays.
   */
  async storeDaily(date: string, now: Date): Promise<{ stored: boolean; id: number | null }> {
    const period = dayPeriod(date, this.o.timeZone);
    const where = { kind: 'daily' as const, periodFrom: period.from, periodTo: period.to };
    if (await Report.findOne({ where, attributes: ['id'] })) return { stored: false, id: null };
    const figures = await this.compute(period, now);
    try {
      const row = await Report.create({ ...where, generatedAt: now, figures });
      return { stored: true, id: row.id };
    } catch (err) {
      if (err instanceof UniqueConstraintError) return { stored: false, id: null };
      throw err;
    }
  }

  async list(page: number, pageSize: number): Promise<{ items: StoredReportSummary[]; total: number }> {
    const { rows, count } = await Report.findAndCountAll({
      attributes: ['id', 'kind', 'periodFrom', 'periodTo', 'generatedAt'],
      order: [['periodFrom', 'DESC'], ['id', 'DESC']], limit: pageSize, offset: (page - 1) * pageSize,
    });
    return {
      items: rows.map((r) => ({ id: r.id, kind: r.kind, periodFrom: r.periodFrom, periodTo: r.periodTo, generatedAt: r.generatedAt.toISOString() })),
      total: count,
    };
  }
}
