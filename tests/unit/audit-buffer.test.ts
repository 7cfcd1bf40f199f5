/**
 * Audit rows of screen-pops are written off the pop's path: together, with the moment of the
 * read, and none lost while the database is away or at a graceful stop.
 */
import sinon from 'sinon';
import { AuditLog } from '../../models';
import { AuditBuffer } from '../../appeals/audit-buffer';
import { capturingLogger } from '../telephony/helpers';

afterEach(() => sinon.restore());

test('rows wait while the database is away, are written together when it returns, once', async () => {
  const { logger, lines } = capturingLogger();
  const written: unknown[][] = [];
  const insert = sinon.stub(AuditLog, 'bulkCreate');
  insert.onFirstCall().rejects(new Error('connect ECONNREFUSED'));
  insert.onSecondCall().rejects(new Error('connect ECONNREFUSED'));
  insert.callsFake(async (rows) => {
    written.push([...(rows as unknown[])]);
    return [] as never;
  });
  const buffer = new AuditBuffer({ logger, maxRetryDelayMs: 1 });
  const at = new Date('2026-12-06T10:00:00Z');
  buffer.applicantsRead(7, [11, 11, 12], 'screen-pop c1', at);
  await buffer.flush();
  expect(buffer.pending()).toBe(2);
  buffer.applicantsRead(8, [11], 'screen-pop c2', new Date('2026-12-06T10:00:01Z'));
  await buffer.stop(2000);
  expect(buffer.pending()).toBe(0);
  expect(written).toHaveLength(1);
  expect(written[0]).toEqual([
    expect.objectContaining({ userId: 7, subjectId: 11, context: 'screen-pop c1', createdAt: at, action: 'read_personal_data', subjectType: 'applicant' }),
    expect.objectContaining({ userId: 7, subjectId: 12 }),
    expect.objectContaining({ userId: 8, subjectId: 11, context: 'screen-pop c2' }),
  ]);
  // One error for the outage, not one per retry.
  expect(lines.filter((l) => l.level >= 50)).toHaveLength(1);
});

test('an idle buffer sets no timer; a queued row is written within the interval, and retried while the database is away', async () => {
  const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'Date'] });
  const insert = sinon.stub(AuditLog, 'bulkCreate');
  insert.onFirstCall().rejects(new Error('connect ECONNREFUSED'));
  insert.resolves([] as never);
  const buffer = new AuditBuffer({ logger: capturingLogger().logger, intervalMs: 100, maxRetryDelayMs: 1000 });
  buffer.start();
  expect(clock.countTimers()).toBe(0);
  buffer.applicantsRead(7, [11], 'screen-pop c1', new Date());
  buffer.applicantsRead(7, [12], 'screen-pop c2', new Date());
  expect(clock.countTimers()).toBe(1);
  await clock.tickAsync(99);
  expect(insert.callCount).toBe(0);
  await clock.tickAsync(1);
  // The database refused: the rows wait for the retry, which comes by itself.
  expect(insert.callCount).toBe(1);
  expect(buffer.pending()).toBe(2);
  expect(clock.countTimers()).toBe(1);
  await clock.tickAsync(1000);
  expect(insert.callCount).toBe(2);
  expect(buffer.pending()).toBe(0);
  expect(clock.countTimers()).toBe(0);
  await buffer.stop();
});
