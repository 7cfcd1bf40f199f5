import sinon from 'sinon';
import { UniqueConstraintError } from 'sequelize';
import { testDatabases } from '../support/databases';
import { startTestServer, startTestServerOn, ManualClock, TestServer } from '../support/test-server';
import { Appeal, Category, Report } from '../../models';
import { dailyReportJob } from '../../jobs/daily-report';
import { ReportService } from '../../reports/report-service';
import { createLogger } from '../../core/logger';
import type { ReportFigures } from '../../reports/figures';

const MORNING = '2026-03-04T08:00:00+02:00';

describe.each(testDatabases().map((d) => [d.name, d]))('daily report job on %s', (_name, db) => {
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    a = await startTestServer(db, { INSTANCE_ID: 'instance-a' }, new ManualClock(new Date(MORNING)));
    const category = (await Category.findOne({ where: { code: 'cold-water-none' } }))!;
    // Two appeals of yesterday (3 March, Kyiv) and one of today, which the report must not count.
    for (const [n, at] of [['J-1', '2026-03-03T00:05:00+02:00'], ['J-2', '2026-03-03T23:55:00+02:00'], ['J-3', '2026-03-04T00:05:00+02:00']]) {
      await Appeal.create({
        number: n, channel: 'phone', status: 'new', applicantId: null, categoryId: category.id, executorId: category.defaultExecutorId,
        address: 'вул. Ранкова, 1', description: 'Звіт', emergency: false, registeredAt: new Date(at),
        deadlineAt: new Date('2026-03-20T12:00:00Z'), originalDeadlineAt: new Date('2026-03-20T12:00:00Z'),
      });
    }
    // A second instance on the same database, as in production behind a load balancer (each names
    // itself: in one test process both would otherwise be host:pid and share the lease).
    b = await startTestServerOn(a.kontakt.config.DATABASE_URL, { INSTANCE_ID: 'instance-b' }, new ManualClock(new Date(MORNING)));
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });
  afterEach(() => sinon.restore());

  test('registered with its cron time in the city zone', () => {
    const job = a.kontakt.jobs.scheduler.status().find((j) => j.name === 'daily-report');
    expect(job?.schedule).toBe('0 8 * * *');
  });

  test('run twice at once on each of two instances, it stores yesterday\'s report once (and makes up the week\'s missed days)', async () => {
    const outcomes = await Promise.all([
      a.kontakt.jobs.scheduler.runNow('daily-report'), a.kontakt.jobs.scheduler.runNow('daily-report'),
      b.kontakt.jobs.scheduler.runNow('daily-report'), b.kontakt.jobs.scheduler.runNow('daily-report'),
    ]);
    const stored = outcomes.filter((o) => o.ran && o.summary.stored === true);
    expect(stored).toEqual([{ ran: true, summary: { date: '2026-03-03', stored: true, caughtUp: 6 } }]);
    for (const o of outcomes) if (!o.ran) expect(['busy', 'leased']).toContain(o.reason);
    const rows = await Report.findAll({ where: { kind: 'daily' }, order: [['periodFrom', 'ASC']] });
    // One report a day: yesterday and the six days before it (no report had been made yet).
    expect(rows.map((r) => [r.periodFrom, r.periodTo])).toEqual(
      ['02-25', '02-26', '02-27', '02-28', '03-01', '03-02', '03-03'].map((d) => [`2026-${d}`, `2026-${d}`]),
    );
    expect((rows.at(-1)!.figures as ReportFigures).appeals.received).toBe(2);

    // Later runs the same day find them all and store nothing.
    expect(await a.kontakt.jobs.scheduler.runNow('daily-report')).toEqual({ ran: true, summary: { date: '2026-03-03', stored: false, caughtUp: 0 } });
    expect(await Report.count()).toBe(7);
  });

  test('two runs racing past the existence check still leave one report (the unique index decides)', async () => {
    const reports = new ReportService({ db: a.kontakt.db, timeZone: 'Europe/Kyiv' });
    const job = dailyReportJob({ reports, time: '08:00', timeZone: 'Europe/Kyiv' });
    // Both runs see "not stored yet", as two instances would at the same instant.
    sinon.stub(Report, 'findOne').resolves(null);
    const ctx = { now: new Date('2026-03-05T08:00:00+02:00'), logger: createLogger('silent'), instanceId: 'test', signal: new AbortController().signal };
    const results = await Promise.all([job.run(ctx), job.run(ctx)]);
    expect(results.map((r) => r && r.stored).sort()).toEqual([false, true]);
    expect(results.map((r) => r && r.caughtUp)).toEqual([0, 0]);
    expect(await Report.count({ where: { periodFrom: '2026-03-04' } })).toBe(1);
    sinon.restore();
    await expect(Report.create({ kind: 'daily', periodFrom: '2026-03-04', periodTo: '2026-03-04', generatedAt: new Date(), figures: {} })).rejects.toBeInstanceOf(UniqueConstraintError);
  });

  test('"yesterday" is the city\'s: at 01:30 Kyiv (23:30 UTC) it is the day before in Kyiv', async () => {
    const reports = new ReportService({ db: a.kontakt.db, timeZone: 'Europe/Kyiv' });
    const job = dailyReportJob({ reports, time: '08:00', timeZone: 'Europe/Kyiv' });
    const ctx = { now: new Date('2026-03-06T23:30:00Z'), logger: createLogger('silent'), instanceId: 'test', signal: new AbortController().signal };
    // 5 March had no report yet: made up on the way.
    expect(await job.run(ctx)).toEqual({ date: '2026-03-06', stored: true, caughtUp: 1 });
  });
});
