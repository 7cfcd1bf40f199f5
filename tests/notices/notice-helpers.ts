import { Op } from 'sequelize';
import { Notice, NoticeCall, NoticeSubscription } from '../../models';
import { http, TestServer } from '../support/test-server';
import type { Standin } from '../../standin/scenario';

/** Calling hours in Kyiv: the same noon as the verification tests. */
export { NOON_KYIV } from '../jobs/verification-helpers';
/** 2026-03-10 23:30 in Kyiv: outside calling hours. */
export const NIGHT_KYIV = '2026-03-10T21:30:00Z';

/** Subscribes a phone through the console API (a dispatcher on the resident's request). */
export async function subscribe(server: TestServer, token: string, phone: string, where: { streetName?: string; building?: string } = {}) {
  const res = await http(server.baseUrl, token).post('/api/notice-subscriptions', { phone, ...where });
  if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Composes a notice (dispatcher) and has the head approve it; returns the approved notice. */
export async function approvedNotice(server: TestServer, tokens: { dispatcher: string; head: string }, body: Record<string, unknown>, approve: Record<string, unknown> = {}) {
  const made = await http(server.baseUrl, tokens.dispatcher).post('/api/notices', body);
  if (made.status !== 201) throw new Error(`compose: ${made.status} ${JSON.stringify(made.body)}`);
  const ok = await http(server.baseUrl, tokens.head).post(`/api/notices/${made.body.id}/approve`, approve);
  if (ok.status !== 200) throw new Error(`approve: ${ok.status} ${JSON.stringify(ok.body)}`);
  return ok.body;
}

/** Runs the notice dialer once and waits until every call it placed (and the refills) ended and were written. */
export async function dialNotices(server: TestServer): Promise<Record<string, unknown>> {
  const outcome = await server.kontakt.jobs.scheduler.runNow('notice-dialer');
  if (!outcome.ran) throw new Error(`notice dialer did not run: ${JSON.stringify(outcome)}`);
  await server.kontakt.notices.dialer.idle();
  return outcome.summary;
}

export async function callsOf(noticeId: number): Promise<Record<string, NoticeCall>> {
  const rows = await NoticeCall.findAll({ where: { noticeId } });
  return Object.fromEntries(rows.map((r) => [r.phone, r]));
}

/** Ends notices still calling and every subscription, so one test's phones are not called in the next. */
export async function stopAllNotices(): Promise<void> {
  await Notice.update({ status: 'done' }, { where: { status: { [Op.in]: ['calling', 'stopped', 'pending_approval'] } } });
  await NoticeSubscription.update({ unsubscribedAt: new Date(), unsubscribedChannel: 'console' }, { where: { unsubscribedAt: null } });
}

/** How many times the stand-in was asked to ring a national number. */
export function originatesTo(standin: Standin, number: string): number {
  return standin.appRequests.rest.filter((r) => r.method === 'POST' && r.path.startsWith('/channels') && r.path.includes(encodeURIComponent(`PJSIP/${number}@trunk`))).length;
}
