import type { JobDefinition } from './job';
import type { ReportService } from '../reports/report-service';
import { yesterdayIn } from '../reports/period';
import { DateTime } from 'luxon';

export interface DailyReportOptions {
  reports: ReportService;
  /** DAILY_REPORT_TIME, "HH:MM" city time. */
  time: string;
  timeZone: string;
}

/** A morning missed (a deploy or a restart at report time) is made up on the next run, this far back. */
export const CATCH_UP_DAYS = 7;

/** "08:00" → "0 8 * * *"; the scheduler reads it in the city's zone, so it stays 08:00 across DST. */
export function dailyCron(time: string): string {
  const [h, m] = time.split(':').map(Number);
  return `${m} ${h} * * *`;
}

/**
 * Every morning, yesterday's report (city-local day) is computed and stored; days of the last week
 * with no report (a missed morning) are stored too, oldest first. One instance runs it (a lease),
 * and the unique index on the report's day keeps a second run or a racing instance from storing
 * a day twice.
 */
export function dailyReportJob(o: DailyReportOptions): JobDefinition {
  return {
    name: 'daily-report',
    schedule: dailyCron(o.time),
    exclusive: true,
    async run(ctx) {
      const date = yesterdayIn(ctx.now, o.timeZone);
      const last = DateTime.fromISO(date, { zone: o.timeZone });
      let caughtUp = 0;
      for (let back = CATCH_UP_DAYS - 1; back >= 1 && !ctx.signal.aborted; back--) {
        if ((await o.reports.storeDaily(last.minus({ days: back }).toISODate()!, ctx.now)).stored) caughtUp++;
      }
      const result = await o.reports.storeDaily(date, ctx.now);
      return { date, stored: result.stored, caughtUp };
    },
  };
}
