import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { Appeal, Applicant, AuditLog, Call, CallAppeal, CallbackTask, Category, IdempotencyKey, LoginThrottle, Session } from '../../models';
import { applyRetention } from '../../jobs/retention';
import { createLogger } from '../../core/logger';

const DAY = 86_400_000;

describe.each(testDatabases())('retention on $name', (db) => {
  let server: TestServer;
  let staff: Staff;
  let seq = 0;

  beforeAll(async () => {
    server = await startTestServer(db, { RETENTION_CALL_DAYS: '365', RETENTION_AUDIT_DAYS: '1095' });
    staff = await signInStaff(server);
  });
  afterAll(() => server.close());

  const ago = (days: number) => new Date(server.clock.now().getTime() - days * DAY);
  const call = (days: number, extra: Record<string, unknown> = {}) =>
    Call.create({
      uniqueid: `retention-${++seq}`, linkedid: null, direction: 'inbound', callerNumber: `+38050700${String(1000 + seq)}`, calledNumber: '1580',
      startedAt: ago(days), endedAt: ago(days), disposition: 'answered', ivrPath: [{ step: 'main', key: '1', at: ago(days).toISOString() }], ...extra,
    } as never);
  const task = async (days: number, status: 'open' | 'done') => {
    const c = await call(days, { disposition: 'abandoned' });
    return CallbackTask.create({
      callId: c.id, phone: c.callerNumber!, applicantId: null, reason: 'abandoned', status, createdAt: ago(days), updatedAt: ago(days), closedAt: status === 'open' ? null : ago(days),
    });
  };
  const ctx = (signal = new AbortController().signal) => ({ now: server.clock.now(), logger: createLogger('silent'), instanceId: 'test', signal });

  test('anonymises only old call records, keeps appeals and their applicants, deletes old audit rows, closed tasks and expired sign-ins', async () => {
    // An appeal filed by phone two years ago, its applicant and its call: the appeal's file is kept.
    const coldWater = (await Category.findOne({ where: { code: 'cold-water-none' } }))!;
    const filed = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
      phone: '+380507770001', applicantName: 'Давня Заявниця', categoryId: coldWater.id, address: 'вул. Архівна, 1', description: 'Немає води',
    });
    expect(filed.status).toBe(201);
    await Appeal.update({ registeredAt: ago(700) }, { where: { id: filed.body.id } });
    const applicantId: number = filed.body.applicant.id;
    const appealCall = await call(700, { applicantId });
    await CallAppeal.create({ callId: appealCall.id, appealId: filed.body.id, relation: 'registered' });
    const strayOld = await call(400, { applicantId });
    const recent = await call(30, { applicantId });

    const oldAudit = await AuditLog.create({ userId: null, action: 'read_personal_data', subjectType: 'applicant', subjectId: applicantId, ip: null, context: 'old' });
    await AuditLog.update({ createdAt: ago(1100) }, { where: { id: oldAudit.id } });
    const newAudit = await AuditLog.create({ userId: null, action: 'read_personal_data', subjectType: 'applicant', subjectId: applicantId, ip: null, context: 'new' });
    await AuditLog.update({ createdAt: ago(1000) }, { where: { id: newAudit.id } });

    const oldClosed = await task(400, 'done');
    const oldOpen = await task(400, 'open');
    const recentClosed = await task(20, 'done');

    const expired = await Session.create({ tokenHash: 'e'.repeat(64), userId: 1, expiresAt: ago(1), ip: null });
    const oldKey = await IdempotencyKey.create({ scope: 'user:1', idemKey: 'old', requestHash: 'a'.repeat(64), appealId: filed.body.id, createdAt: ago(8) });
    const newKey = await IdempotencyKey.create({ scope: 'user:1', idemKey: 'new', requestHash: 'a'.repeat(64), appealId: filed.body.id, createdAt: ago(6) });
    const quiet = await LoginThrottle.create({ login: 'quiet', address: '10.0.0.1', failures: 2, lastFailureAt: ago(2), lockedUntil: null });
    const stillLocked = await LoginThrottle.create({ login: 'locked', address: '*', failures: 40, lastFailureAt: ago(2), lockedUntil: ago(-1) });
    const fresh = await LoginThrottle.create({ login: 'fresh', address: '10.0.0.1', failures: 2, lastFailureAt: ago(0.5), lockedUntil: null });

    const outcome = await server.kontakt.jobs.scheduler.runNow('retention');
    expect(outcome).toEqual({ ran: true, summary: expect.objectContaining({ auditDeleted: 1, callbackTasksDeleted: 1, sessionsDeleted: 1, idempotencyKeysDeleted: 1, loginThrottlesDeleted: 1, stopped: false }) });
    expect(await IdempotencyKey.findByPk(oldKey.id)).toBeNull();
    expect(await IdempotencyKey.findByPk(newKey.id)).not.toBeNull();
    expect(await LoginThrottle.findByPk(quiet.id)).toBeNull();
    expect(await LoginThrottle.findByPk(stillLocked.id)).not.toBeNull();
    expect(await LoginThrottle.findByPk(fresh.id)).not.toBeNull();

    const [a, s, r] = await Promise.all([Call.findByPk(appealCall.id), Call.findByPk(strayOld.id), Call.findByPk(recent.id)]);
    expect(a).toMatchObject({ callerNumber: null, calledNumber: null, ivrPath: null, applicantId, disposition: 'answered' });
    expect(s).toMatchObject({ callerNumber: null, calledNumber: null, ivrPath: null, applicantId: null });
    expect(r).toMatchObject({ callerNumber: recent.callerNumber, calledNumber: '1580', applicantId });
    expect(r!.ivrPath).toHaveLength(1);
    // The statistics of old calls stay.
    expect(s!.startedAt.getTime()).toBe(strayOld.startedAt.getTime());

    expect((await Appeal.findByPk(filed.body.id))!.applicantId).toBe(applicantId);
    expect((await Applicant.findByPk(applicantId))!.phone).toBe('+380507770001');
    expect(await AuditLog.findByPk(oldAudit.id)).toBeNull();
    expect(await AuditLog.findByPk(newAudit.id)).not.toBeNull();
    expect(await CallbackTask.findByPk(oldClosed.id)).toBeNull();
    expect(await CallbackTask.findByPk(oldOpen.id)).not.toBeNull();
    expect(await CallbackTask.findByPk(recentClosed.id)).not.toBeNull();
    expect(await Session.findByPk(expired.id)).toBeNull();
    // Live sign-ins still work.
    expect((await http(server.baseUrl, staff.dispatcher).get('/api/auth/me')).status).toBe(200);

    // A second night finds nothing left to do.
    const again = await server.kontakt.jobs.scheduler.runNow('retention');
    expect(again).toEqual({ ran: true, summary: { callsAnonymised: 0, callsUnlinked: 0, callbackTasksDeleted: 0, noticeCallsAnonymised: 0, subscriptionsDeleted: 0, auditDeleted: 0, sessionsDeleted: 0, idempotencyKeysDeleted: 0, loginThrottlesDeleted: 0, stopped: false } });
  });

  test('works in batches until done, and stops at the next batch when asked to', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await call(500)).id);
    const stop = new AbortController();
    stop.abort();
    const stopped = await applyRetention(ctx(stop.signal), { callDays: 365, auditDays: 1095, batch: 2 });
    expect(stopped).toMatchObject({ callsAnonymised: 0, stopped: true });
    expect(await Call.count({ where: { id: ids, callerNumber: null } })).toBe(0);

    const done = await applyRetention(ctx(), { callDays: 365, auditDays: 1095, batch: 2 });
    expect(done).toMatchObject({ callsAnonymised: 5, stopped: false });
    expect(await Call.count({ where: { id: ids, callerNumber: null } })).toBe(5);
  });
});
