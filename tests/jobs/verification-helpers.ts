import { Op } from 'sequelize';
import { Appeal, Category, Verification } from '../../models';
import { http, Staff, TestServer } from '../support/test-server';
import type { Standin } from '../../standin/scenario';
import { until } from '../realtime/helpers';

/** Waits (polling, never a fixed sleep) until a check gives a truthy value. */
export { until };

/** 2026-03-10 12:00 in Kyiv (10:00Z): inside calling hours. */
export const NOON_KYIV = '2026-03-10T10:00:00Z';

/** Registers an appeal of cold water for `phone` (dispatcher) and has the executor report it done. */
export async function completedAppeal(server: TestServer, staff: Staff, phone: string, extra: { fullName?: string } = {}): Promise<{ id: number; number: string }> {
  const water = await Category.findOne({ where: { code: 'cold-water-none' } });
  const created = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
    phone, categoryId: water!.id, address: 'вул. Шевченка, 5', description: 'Немає холодної води', ...(extra.fullName ? { applicantName: extra.fullName } : {}),
  });
  if (created.status !== 201) throw new Error(`register: ${created.status} ${JSON.stringify(created.body)}`);
  const done = await http(server.baseUrl, staff.executor).post(`/api/appeals/${created.body.id}/complete`, { result: 'Відновлено подачу води' });
  if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(done.body)}`);
  return { id: created.body.id, number: created.body.number };
}

/** The verification of an appeal's current completion (waits for the event handler to make it). */
export function verificationOf(appealId: number): Promise<Verification> {
  return until(() => Verification.findOne({ where: { appealId }, order: [['id', 'DESC']] }), `verification of appeal ${appealId}`);
}

/** Waits until the verification leaves 'scheduled'/'calling' (or reaches one of `statuses`). */
export function settled(id: number, statuses?: string[]): Promise<Verification> {
  return until(async () => {
    const v = await Verification.findByPk(id);
    if (!v) return null;
    if (statuses) return statuses.includes(v.status) ? v : null;
    return v.status !== 'calling' && v.claimedBy === null ? v : null;
  }, `verification ${id} settled${statuses ? ` as ${statuses.join('/')}` : ''}`);
}

/** Runs the dialer once and waits for the calls it placed to end and be written. */
export async function dial(server: TestServer): Promise<Record<string, unknown>> {
  const outcome = await server.kontakt.jobs.scheduler.runNow('verification-dialer');
  if (!outcome.ran) throw new Error(`dialer did not run: ${JSON.stringify(outcome)}`);
  await server.kontakt.verifications.dialer.idle();
  return outcome.summary;
}

/** Ends every verification still waiting, so one test's rows are not called in the next. */
export async function clearWaiting(): Promise<void> {
  await Verification.update({ status: 'dropped', reason: 'test_cleanup', claimedBy: null, claimedUntil: null }, { where: { status: { [Op.in]: ['scheduled', 'calling'] } } });
}

/** Originated channels the stand-in holds now. */
export function outboundChannels(standin: Standin): number {
  return [...standin.model.channels.values()].filter((c) => c.vars.has('__ORIGINATED_BY_APP') && !c.hungUp).length;
}

export async function appealStatus(id: number): Promise<string> {
  return (await Appeal.findByPk(id))!.status;
}
