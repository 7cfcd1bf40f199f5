import { testDatabases } from '../support/databases';
import { startTestServer, TestServer } from '../support/test-server';
import { Notice, NoticeCall, NoticeSubscription } from '../../models';

const DAY = 86_400_000;

/** Personal data of notices is kept no longer than RETENTION_CALL_DAYS, and the counts survive it. */
describe.each(testDatabases().map((d) => [d.name, d] as const))('retention of notice data on %s', (_name, db) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(db, { RETENTION_CALL_DAYS: '30' });
  });
  afterAll(() => server?.close());

  test('old notice calls lose their phone, old ended subscriptions go, the rest stays', async () => {
    const now = new Date('2026-06-01T01:00:00Z');
    server.clock.set(now);
    const old = new Date(now.getTime() - 40 * DAY);
    const recent = new Date(now.getTime() - 5 * DAY);
    const notice = await Notice.create({ text: 'Старе оповіщення', area: 'усе місто', areaSpec: { wholeCity: true }, urgent: false, status: 'done' });
    const [a, b, c] = await NoticeCall.bulkCreate([
      { noticeId: notice.id, phone: '+380501110001', status: 'listened', dueAt: old, endedAt: old },
      { noticeId: notice.id, phone: '+380501110002', status: 'unanswered', dueAt: old, endedAt: old },
      { noticeId: notice.id, phone: '+380501110003', status: 'listened', dueAt: recent, endedAt: recent },
    ]);
    const gone = await NoticeSubscription.create({ phone: '+380501110001', streetId: null, consentChannel: 'ivr', consentAt: old, unsubscribedAt: old, unsubscribedChannel: 'notice_call' });
    const kept = await NoticeSubscription.create({ phone: '+380501110002', streetId: null, consentChannel: 'ivr', consentAt: old });

    const outcome = await server.kontakt.jobs.scheduler.runNow('retention');
    expect(outcome.ran && outcome.summary).toMatchObject({ noticeCallsAnonymised: 2, subscriptionsDeleted: 1 });
    expect((await NoticeCall.findByPk(a.id))!.phone).toBe(`x${a.id}`);
    expect((await NoticeCall.findByPk(b.id))).toMatchObject({ phone: `x${b.id}`, status: 'unanswered' });
    expect((await NoticeCall.findByPk(c.id))!.phone).toBe('+380501110003');
    expect(await NoticeSubscription.findByPk(gone.id)).toBeNull();
    expect(await NoticeSubscription.findByPk(kept.id)).not.toBeNull();
    const progress = await server.kontakt.notices.service.progress(notice.id);
    expect(progress).toMatchObject({ total: 3, listened: 2, unanswered: 1 });
  });
});
