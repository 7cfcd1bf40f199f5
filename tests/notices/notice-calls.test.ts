import { testDatabases } from '../support/databases';
import { startTestServerWithStandin, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { webhookReceiver } from '../support/webhook-receiver';
import { startStandin, Standin } from '../../standin/scenario';
import { Call, Notice, NoticeCall, NoticeSubscription, Organization, WebhookDelivery } from '../../models';
import { signBody } from '../../webhooks/signature';
import { openConsole, connected, until, Console } from '../realtime/helpers';
import { completedAppeal, verificationOf, settled, clearWaiting } from '../jobs/verification-helpers';
import { NOON_KYIV, NIGHT_KYIV, subscribe, approvedNotice, dialNotices, callsOf, stopAllNotices, originatesTo } from './notice-helpers';

const MINUTE = 60_000;
const SHEVCHENKA = 'вулиця Шевченка';

/**
 * Notices end to end through the real ari-client against the Asterisk stand-in: composed (also
 * from an outage), approved by the head, called out to the subscribed phones of the area with
 * retries, keys 1 and 9, calling hours, stop and resume, live progress and the report.
 */
describe.each(testDatabases().map((d) => [d.name, d] as const))('notices called out on %s', (_name, db) => {
  let standin: Standin;
  let server: TestServer;
  let staff: Staff;
  let head: Console;
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;

  beforeAll(async () => {
    standin = await startStandin({ timeScale: 0.05, defaultResident: { kind: 'answer', afterMs: 300 } });
    receiver = await webhookReceiver([200]);
    server = await startTestServerWithStandin(db, standin, { OUTBOUND_CALLER_ID: '1551', OUTBOUND_MAX_CALLS: '3' });
    server.clock.set(NOON_KYIV);
    staff = await signInStaff(server);
    head = openConsole(server.baseUrl, staff.head);
    await connected(head);
  }, 60000);
  afterAll(async () => {
    head?.close();
    await server?.close();
    await standin?.stop();
    await receiver?.close();
  });
  beforeEach(() => server.clock.set(NOON_KYIV));
  afterEach(() => stopAllNotices());

  test('composed from an outage in one step, checked by the TTS, approved only by the head; the area\'s phones once each, organizations there signed', async () => {
    // An organization on the street gets the notice; one elsewhere does not.
    const [inArea, elsewhere] = await Organization.findAll({ order: [['id', 'ASC']], limit: 2 });
    await inArea.update({ address: `${SHEVCHENKA}, 12, м. Зорянськ`, webhookUrl: receiver.url, webhookSecret: 'notice-secret-0123456789' });
    await elsewhere.update({ address: 'вулиця Зарічна, 2, м. Зорянськ', webhookUrl: receiver.url, webhookSecret: 'other-secret-0123456789' });
    // In the area: building 5 and the whole street; the same phone twice; the whole city. Outside: building 40.
    await subscribe(server, staff.dispatcher, '0501000001', { streetName: SHEVCHENKA, building: '5' });
    await subscribe(server, staff.dispatcher, '0501000001', { streetName: SHEVCHENKA });
    await subscribe(server, staff.dispatcher, '0501000002');
    await subscribe(server, staff.dispatcher, '0501000003', { streetName: SHEVCHENKA, building: '40' });

    const outage = await http(server.baseUrl, staff.dispatcher).post('/api/outages', {
      utility: 'cold_water', kind: 'emergency', area: { streets: [{ name: SHEVCHENKA, buildings: '1–15' }] },
      startsAt: '2026-03-10T09:30:00Z', endsAt: '2026-03-10T16:00:00Z', reason: 'пошкодження водогону',
    });
    expect(outage.status).toBe(201);
    const made = await http(server.baseUrl, staff.dispatcher).post(`/api/outages/${outage.body.id}/notice`);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'pending_approval', urgent: true, outageId: outage.body.id, area: `${SHEVCHENKA}, будинки 1–15` });
    expect(made.body.text).toContain('Аварійне відключення холодного водопостачання');
    expect(made.body.text).toContain('до 10.03 о 18:00');
    expect(made.body.speechSeconds).toBeGreaterThan(3);

    // The TTS check says how the times are read.
    const check = await http(server.baseUrl, staff.dispatcher).post('/api/notices/speech-check', { text: made.body.text });
    expect(check.status).toBe(200);
    expect(check.body.seconds).toBeGreaterThan(3);
    expect(check.body.readings).toEqual(expect.arrayContaining([
      { written: '10.03', spoken: 'десятого березня' },
      { written: 'о 18:00', spoken: 'о вісімнадцятій годині' },
      { written: '1–15', spoken: 'з першого по п\'ятнадцятий' },
    ]));
    expect(check.body.spoken).not.toMatch(/\d/);

    // Nothing is called before the head approves; a dispatcher may not approve.
    expect((await dialNotices(server)).claimed).toBe(0);
    const byDispatcher = await http(server.baseUrl, staff.dispatcher).post(`/api/notices/${made.body.id}/approve`, {});
    expect(byDispatcher.status).toBe(403);
    const approved = await http(server.baseUrl, staff.head).post(`/api/notices/${made.body.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('calling');
    expect(approved.body.progress).toMatchObject({ total: 2, queued: 2 });
    const again = await http(server.baseUrl, staff.head).post(`/api/notices/${made.body.id}/approve`, {});
    expect(again.status).toBe(409);
    expect(Object.keys(await callsOf(made.body.id)).sort()).toEqual(['+380501000001', '+380501000002']);

    const hook = await until(() => receiver.received.find((r) => r.body.includes('"notice.published"')), 'the notice webhook');
    expect(hook.headers['x-kontakt-signature']).toBe(signBody(hook.body, 'notice-secret-0123456789'));
    expect(JSON.parse(hook.body)).toMatchObject({ event: 'notice.published', notice: { id: made.body.id, urgent: true, area: `${SHEVCHENKA}, будинки 1–15` } });
    expect(await WebhookDelivery.count({ where: { event: 'notice.published', organizationId: elsewhere.id } })).toBe(0);

    await dialNotices(server);
    const calls = await callsOf(made.body.id);
    expect(Object.values(calls).map((c) => c.status)).toEqual(['listened', 'listened']);
    expect(originatesTo(standin, '0501000001')).toBe(1);
    const done = await Notice.findByPk(made.body.id);
    expect(done!.status).toBe('done');
    await server.kontakt.telephony.recorder.flush();
    const record = await Call.findOne({ where: { uniqueid: calls['+380501000001'].channelId! } });
    expect(record).toMatchObject({ direction: 'outbound', purpose: 'notice', callerNumber: '1551', calledNumber: '+380501000001' });
    // Live progress reached the head's console, ending with every phone listened.
    const last = await head.next('notice:progress', (e) => e.noticeId === made.body.id && e.status === 'done');
    expect(last.progress).toMatchObject({ total: 2, listened: 2, queued: 0, calling: 0 });
  }, 60000);

  test('keys 1 and 9, retries of unanswered and early hang-ups, and the report', async () => {
    const street = 'вулиця Івана Франка';
    const phones = { listens: '0502000001', repeats: '0502000002', unsubscribes: '0502000003', noAnswer: '0502000004', hangsUp: '0502000005', busy: '0502000006' };
    for (const p of Object.values(phones)) await subscribe(server, staff.dispatcher, p, { streetName: street });
    await subscribe(server, staff.dispatcher, phones.unsubscribes);
    standin.setResident(phones.repeats, { kind: 'answer', afterMs: 300, script: [{ afterAnswerMs: 30000, dtmf: '1' }] });
    standin.setResident(phones.unsubscribes, { kind: 'answer', afterMs: 300, script: [{ afterAnswerMs: 30000, dtmf: '9' }] });
    standin.setResident(phones.noAnswer, { kind: 'noanswer' });
    standin.setResident(phones.hangsUp, { kind: 'answer', afterMs: 300, script: [{ afterAnswerMs: 100, hangup: true }] });
    standin.setResident(phones.busy, { kind: 'busy' });
    const notice = await approvedNotice(server, staff, { text: 'Увага! Завтра з 9:00 до 17:00 не буде гарячої води.', area: { streets: [{ name: street }] } });
    expect(notice.progress.total).toBe(6);

    await dialNotices(server);
    let calls = await callsOf(notice.id);
    const e164 = (p: string) => `+38${p}`;
    expect(calls[e164(phones.listens)]).toMatchObject({ status: 'listened', attempts: 1, repeats: 0 });
    expect(calls[e164(phones.repeats)]).toMatchObject({ status: 'listened', attempts: 1, repeats: 1 });
    expect(calls[e164(phones.unsubscribes)]).toMatchObject({ status: 'unsubscribed', attempts: 1 });
    // Key 9 ends every subscription of that phone, recorded as done in this notice's call.
    const subs = await NoticeSubscription.findAll({ where: { phone: e164(phones.unsubscribes) } });
    expect(subs).toHaveLength(2);
    expect(subs.every((s) => s.unsubscribedAt && s.unsubscribedChannel === 'notice_call' && s.unsubscribedNoticeId === notice.id)).toBe(true);
    for (const p of [phones.noAnswer, phones.hangsUp, phones.busy]) {
      expect(calls[e164(p)]).toMatchObject({ status: 'queued', attempts: 1 });
      expect(calls[e164(p)].dueAt.getTime()).toBe(new Date(NOON_KYIV).getTime() + 15 * MINUTE);
    }
    expect(calls[e164(phones.noAnswer)].lastResult).toBe('no_answer');
    expect(calls[e164(phones.hangsUp)].lastResult).toBe('hung_up');
    expect(calls[e164(phones.busy)].lastResult).toBe('busy');

    // Not before the retry is due; then twice more, and they end.
    expect((await dialNotices(server)).claimed).toBe(0);
    for (let i = 0; i < 2; i++) {
      server.clock.advance(15 * MINUTE + 1000);
      await dialNotices(server);
    }
    calls = await callsOf(notice.id);
    expect(calls[e164(phones.noAnswer)]).toMatchObject({ status: 'unanswered', attempts: 3 });
    expect(calls[e164(phones.busy)]).toMatchObject({ status: 'unanswered', attempts: 3 });
    expect(calls[e164(phones.hangsUp)]).toMatchObject({ status: 'hung_up', attempts: 3 });
    expect(originatesTo(standin, phones.listens)).toBe(1);
    expect(originatesTo(standin, phones.noAnswer)).toBe(3);
    expect((await Notice.findByPk(notice.id))!.status).toBe('done');

    const json = await http(server.baseUrl, staff.head).get(`/api/notices/${notice.id}/report`);
    expect(json.body.progress).toMatchObject({ total: 6, listened: 2, unsubscribed: 1, unanswered: 2, hung_up: 1, queued: 0 });
    const csv = await http(server.baseUrl, staff.head).get(`/api/notices/${notice.id}/report?format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const raw = await fetch(`${server.baseUrl}/api/notices/${notice.id}/report?format=csv`, { headers: { authorization: `Bearer ${staff.head}` } });
    expect([...new Uint8Array(await raw.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.body).toContain('прослухали до кінця;2\r\n');
    expect(csv.body).toContain('не відповіли;2\r\n');
    expect(csv.body).toContain('+380*****04;не відповіли;3;0;не відповідає');
    expect(csv.body).not.toContain('0502000004');
    const html = await http(server.baseUrl, staff.head).get(`/api/notices/${notice.id}/report?format=html`);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.body).toContain('Звіт про оповіщення');
    expect(html.body).toContain('<svg');
    expect(html.body).not.toContain('0502000004');
  }, 90000);

  test('an urgent notice calls outside the calling hours only when the head allowed it', async () => {
    await subscribe(server, staff.dispatcher, '0503000001', { streetName: 'вулиця Лесі Українки' });
    server.clock.set(NIGHT_KYIV);
    const area = { streets: [{ name: 'вулиця Лесі Українки' }] };
    const normal = await approvedNotice(server, staff, { text: 'Планові роботи завтра.', area });
    const urgentNotAllowed = await approvedNotice(server, staff, { text: 'Аварія на водогоні.', area, urgent: true });
    expect((await dialNotices(server)).claimed).toBe(0);
    expect(originatesTo(standin, '0503000001')).toBe(0);
    // Allowing it for a notice that is not urgent is refused and changes nothing.
    const plain = await http(server.baseUrl, staff.dispatcher).post('/api/notices', { text: 'Звичайне.', area });
    const refused = await http(server.baseUrl, staff.head).post(`/api/notices/${plain.body.id}/approve`, { allowOutsideCallingHours: true });
    expect(refused.status).toBe(400);
    expect((await Notice.findByPk(plain.body.id))!.status).toBe('pending_approval');

    const urgent = await approvedNotice(server, staff, { text: 'Аварія! Води не буде до ранку.', area, urgent: true }, { allowOutsideCallingHours: true });
    expect(urgent.outsideHoursConfirmed).toBe(true);
    await dialNotices(server);
    expect((await callsOf(urgent.id))['+380503000001'].status).toBe('listened');
    expect(originatesTo(standin, '0503000001')).toBe(1);
    expect(Object.values(await callsOf(normal.id)).map((c) => c.status)).toEqual(['queued']);
    expect(Object.values(await callsOf(urgentNotAllowed.id)).map((c) => c.status)).toEqual(['queued']);
    // In the morning the others go out (one call per phone per notice).
    server.clock.set('2026-03-11T07:30:00Z');
    await dialNotices(server);
    expect(originatesTo(standin, '0503000001')).toBe(3);
  }, 60000);

  test('stopped, it calls nobody; resumed, it goes on where it stopped', async () => {
    const street = 'вулиця Гетьмана Мазепи';
    const phones = ['0504000001', '0504000002', '0504000003', '0504000004', '0504000005'];
    for (const p of phones) await subscribe(server, staff.dispatcher, p, { streetName: street });
    // Long calls, so the first three are still on the line when the notice is stopped.
    for (const p of phones) standin.setResident(p, { kind: 'answer', afterMs: 300, script: [{ afterAnswerMs: 40000, dtmf: '1' }] });
    const notice = await approvedNotice(server, staff, { text: 'Перевірка зупинки.', area: { streets: [{ name: street }] } });
    const first = await server.kontakt.jobs.scheduler.runNow('notice-dialer');
    expect(first.ran && first.summary.claimed).toBe(3);
    const stop = await http(server.baseUrl, staff.dispatcher).post(`/api/notices/${notice.id}/stop`);
    expect(stop.body.status).toBe('stopped');
    await server.kontakt.notices.dialer.idle();
    let calls = Object.values(await callsOf(notice.id));
    expect(calls.filter((c) => c.status === 'listened')).toHaveLength(3);
    expect(calls.filter((c) => c.status === 'queued')).toHaveLength(2);
    expect((await dialNotices(server)).claimed).toBe(0);
    expect(phones.reduce((n, p) => n + originatesTo(standin, p), 0)).toBe(3);

    const resumed = await http(server.baseUrl, staff.dispatcher).post(`/api/notices/${notice.id}/resume`);
    expect(resumed.body.status).toBe('calling');
    await dialNotices(server);
    calls = Object.values(await callsOf(notice.id));
    expect(calls.every((c) => c.status === 'listened')).toBe(true);
    for (const p of phones) expect([p, originatesTo(standin, p)]).toEqual([p, 1]);
    expect((await Notice.findByPk(notice.id))!.status).toBe('done');
    expect(await NoticeCall.count({ where: { noticeId: notice.id } })).toBe(5);
  }, 60000);

  test('verifications are never starved: a notice leaves the slots due verifications need', async () => {
    const street = 'вулиця Михайла Грушевського';
    const phones = ['0505000001', '0505000002', '0505000003', '0505000004'];
    for (const p of phones) await subscribe(server, staff.dispatcher, p, { streetName: street });
    const appeal = await completedAppeal(server, staff, '0505000099');
    const v = await verificationOf(appeal.id);
    server.clock.advance(2 * 60 * MINUTE + MINUTE);
    const notice = await approvedNotice(server, staff, { text: 'Перевірка черги дзвінків.', area: { streets: [{ name: street }] } });
    // Three outbound slots, one verification due: the notice takes two, the verification the third.
    const first = await server.kontakt.jobs.scheduler.runNow('notice-dialer');
    expect(first.ran && first.summary.claimed).toBe(2);
    const verification = await server.kontakt.jobs.scheduler.runNow('verification-dialer');
    expect(verification.ran && verification.summary.claimed).toBe(1);
    await Promise.all([server.kontakt.notices.dialer.idle(), server.kontakt.verifications.dialer.idle()]);
    expect((await settled(v.id)).attempts).toBe(1);
    expect(Object.values(await callsOf(notice.id)).every((c) => c.status === 'listened')).toBe(true);
    await clearWaiting();
  }, 60000);
});
