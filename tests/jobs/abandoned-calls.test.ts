import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { openConsole, connected } from '../realtime/helpers';
import { Applicant, AuditLog, Call, CallbackTask } from '../../models';
import type { CallDisposition } from '../../models/call';

const MIN = 60_000;

describe.each(testDatabases())('abandoned calls → callback tasks on $name', (db) => {
  let server: TestServer;
  let staff: Staff;
  let seq = 0;

  beforeAll(async () => {
    server = await startTestServer(db, { INSTANCE_ID: 'abandoned-a' });
    staff = await signInStaff(server);
  });
  afterAll(() => server.close());

  const run = async () => {
    const outcome = await server.kontakt.jobs.scheduler.runNow('abandoned-calls');
    if (!outcome.ran) throw new Error(JSON.stringify(outcome));
    return outcome.summary;
  };
  /** A call record as the recorder writes it, `minutesAgo` before the test clock. */
  const call = (phone: string | null, disposition: CallDisposition, minutesAgo: number, extra: Partial<Call> = {}) => {
    const startedAt = new Date(server.clock.now().getTime() - minutesAgo * MIN);
    return Call.create({
      uniqueid: `abandoned-${++seq}`, linkedid: null, direction: 'inbound', callerNumber: phone, calledNumber: '1580',
      startedAt, endedAt: new Date(startedAt.getTime() + 90_000), disposition, queue: 'dispatchers', waitSeconds: 60, ...extra,
    } as never);
  };
  const tasksOf = (phone: string) => CallbackTask.findAll({ where: { phone }, order: [['id', 'ASC']] });

  test('a caller who hung up in the queue gets one task, however often the job runs; the dispatchers\' consoles hear of it', async () => {
    const disp = openConsole(server.baseUrl, staff.dispatcher);
    const exec = openConsole(server.baseUrl, staff.executor);
    try {
      await Promise.all([connected(disp), connected(exec)]);
      const applicant = await Applicant.create({ phone: '+380501110001', fullName: 'Петренко Олена', address: null } as never);
      const missed = await call('+380501110001', 'abandoned', 10);
      const first = await run();
      expect(first).toMatchObject({ created: 1 });
      await run();
      await run();
      const tasks = await tasksOf('+380501110001');
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ callId: missed.id, reason: 'abandoned', status: 'open', applicantId: applicant.id, attempts: 0, claimedBy: null });
      const pushed = await disp.next('callback:created', (t) => t.id === tasks[0]!.id);
      expect(pushed.phoneMasked).not.toContain('1110001');
      expect(pushed.phoneMasked).toMatch(/^\+380\*+01$/);
      await exec.ask('wallboard:get');
      expect(exec.of('callback:created')).toEqual([]);
    } finally {
      disp.close();
      exec.close();
    }
  });

  test('no task for a hidden number, for an answered call, or for an abandon older than a day', async () => {
    await call(null, 'abandoned', 5);
    await call('anonymous', 'abandoned', 5);
    await call('+380501110002', 'answered', 5);
    await call('+380501110003', 'abandoned', 25 * 60);
    const before = await CallbackTask.count();
    await run();
    expect(await CallbackTask.count()).toBe(before);
  });

  test('no task for a caller who called again and got through to a dispatcher', async () => {
    await call('+380501110004', 'abandoned', 20);
    await call('+380501110004', 'answered', 10);
    await run();
    expect(await tasksOf('+380501110004')).toHaveLength(0);
  });

  test('a repeat abandon while the task is open makes no second task, not even after the task is closed', async () => {
    await call('+380501110005', 'abandoned', 30);
    await run();
    await call('+380501110005', 'abandoned', 15);
    await run();
    const [task] = await tasksOf('+380501110005');
    expect(await tasksOf('+380501110005')).toHaveLength(1);
    const closed = await http(server.baseUrl, staff.dispatcher).post(`/api/callback-tasks/${task!.id}/close`, { outcome: 'done', note: 'Передзвонили, зареєстровано звернення' });
    expect(closed.status).toBe(200);
    await run();
    expect(await tasksOf('+380501110005')).toHaveLength(1);
    // A new abandon after the call back is a new task.
    server.clock.advance(5 * MIN);
    await call('+380501110005', 'abandoned', 3);
    await run();
    expect((await tasksOf('+380501110005')).map((t) => t.status)).toEqual(['done', 'open']);
  });

  test('an open task closes by itself when the caller gets through later', async () => {
    await call('+380501110006', 'abandoned', 40);
    await run();
    const [open] = await tasksOf('+380501110006');
    expect(open!.status).toBe('open');
    // An earlier answered call, or a later one that did not reach a dispatcher, does not close it.
    await call('+380501110006', 'answered', 60);
    await call('+380501110006', 'ivr_only', 20);
    await run();
    expect((await CallbackTask.findByPk(open!.id))!.status).toBe('open');
    await call('+380501110006', 'answered', 10);
    expect(await run()).toMatchObject({ closed: 1, created: 0 });
    const done = (await CallbackTask.findByPk(open!.id))!;
    expect(done).toMatchObject({ status: 'done', note: 'Абонент додзвонився сам', closedByUserId: null });
    expect(done.closedAt!.toISOString()).toBe(server.clock.now().toISOString());
  });

  describe('the API', () => {
    let taskId: number;

    beforeAll(async () => {
      await call('+380501110007', 'abandoned', 3);
      await call('+380501110008', 'abandoned', 2);
      await run();
      taskId = (await tasksOf('+380501110007'))[0]!.id;
    });

    test('dispatchers and the head list open tasks with the numbers, oldest first; the read is audited', async () => {
      const auditBefore = await AuditLog.count({ where: { action: 'read_personal_data' } });
      for (const token of [staff.dispatcher, staff.head]) {
        const res = await http(server.baseUrl, token).get('/api/callback-tasks');
        expect(res.status).toBe(200);
        const phones = res.body.items.map((i: { phone: string }) => i.phone);
        expect(phones).toEqual(expect.arrayContaining(['+380501110007', '+380501110008']));
        expect(res.body.items.every((i: { status: string }) => i.status === 'open')).toBe(true);
        const created = res.body.items.map((i: { createdAt: string }) => i.createdAt);
        expect([...created].sort()).toEqual(created);
        expect(res.body.items.find((i: { id: number }) => i.id === taskId)).toMatchObject({ reason: 'abandoned', waitSeconds: 60, calledAt: expect.any(String), applicant: null });
      }
      const audited = await AuditLog.findAll({ where: { action: 'read_personal_data', subjectType: 'callback_task', subjectId: taskId } });
      expect(audited).toHaveLength(2);
      expect(await AuditLog.count({ where: { action: 'read_personal_data' } })).toBeGreaterThan(auditBefore);
      expect((await http(server.baseUrl, staff.executor).get('/api/callback-tasks')).status).toBe(403);
      expect((await http(server.baseUrl, staff.admin).get('/api/callback-tasks')).status).toBe(403);
      const done = await http(server.baseUrl, staff.head).get('/api/callback-tasks?status=done');
      expect(done.body.items.every((i: { status: string }) => i.status === 'done')).toBe(true);
    });

    test('bad input is refused in Ukrainian and changes nothing; a closed task cannot be closed again', async () => {
      const api = http(server.baseUrl, staff.dispatcher);
      const unknown = await api.post('/api/callback-tasks/999999/close', { outcome: 'done' });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: 'callback_task_not_found', detail: 'Завдання передзвонити не знайдено' });
      expect((await api.post('/api/callback-tasks/abc/close', { outcome: 'done' })).status).toBe(400);
      const badOutcome = await api.post(`/api/callback-tasks/${taskId}/close`, { outcome: 'maybe' });
      expect(badOutcome.status).toBe(400);
      expect(badOutcome.body.detail).toBe('Перевірте введені дані');
      expect((await api.post(`/api/callback-tasks/${taskId}/close`, { outcome: 'done', extra: 1 })).status).toBe(400);
      const noReason = await api.post(`/api/callback-tasks/${taskId}/close`, { outcome: 'cancelled', note: '  ' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.code).toBe('reason_required');
      expect((await api.post(`/api/callback-tasks/${taskId}/close`, { outcome: 'done', note: 'x'.repeat(1001) })).status).toBe(400);
      expect((await api.get('/api/callback-tasks?status=lost')).status).toBe(400);
      expect((await CallbackTask.findByPk(taskId))!.status).toBe('open');

      const ok = await api.post(`/api/callback-tasks/${taskId}/close`, { outcome: 'cancelled', note: 'Номер не обслуговується' });
      expect(ok.status).toBe(200);
      const me = (await api.get('/api/auth/me')).body.id;
      expect(ok.body).toMatchObject({ id: taskId, status: 'cancelled', note: 'Номер не обслуговується', closedByUserId: me, closedAt: server.clock.now().toISOString() });
      const again = await http(server.baseUrl, staff.head).post(`/api/callback-tasks/${taskId}/close`, { outcome: 'done' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('callback_task_closed');
      expect((await CallbackTask.findByPk(taskId))!.note).toBe('Номер не обслуговується');
    });
  });
});
