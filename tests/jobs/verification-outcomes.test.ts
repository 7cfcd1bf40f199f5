import { testDatabases } from '../support/databases';
import { startTestServerWithStandin, signInStaff, login, http, TestServer, Staff } from '../support/test-server';
import { startStandin, Standin } from '../../standin/scenario';
import { AppealEvent, Applicant, AuditLog, Call, CallAppeal, Organization, User, Verification, WebhookDelivery } from '../../models';
import { hashPassword } from '../../auth/passwords';
import { openConsole, connected, Console } from '../realtime/helpers';
import { NOON_KYIV, completedAppeal, verificationOf, settled, dial, clearWaiting, appealStatus, until } from './verification-helpers';

const HOUR = 3600_000;
const MINUTE = 60_000;

/**
 * Verification callbacks end to end: Kontakt's dialer job calls residents through the real
 * ari-client against the Asterisk stand-in, which answers, presses keys, hangs up, is busy,
 * rejects or never answers, as residents do.
 */
describe.each(testDatabases().map((d) => [d.name, d] as const))('verification call outcomes on %s', (_name, db) => {
  let standin: Standin;
  let server: TestServer;
  let staff: Staff;
  let d101: Console;
  let head: Console;

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 0.05,
      queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 300, retry: 1, members: [] }],
      phones: { 'PJSIP/101': { kind: 'noanswer' } },
    });
    server = await startTestServerWithStandin(db, standin, { OUTBOUND_CALLER_ID: '1551' });
    server.clock.set(NOON_KYIV);
    staff = await signInStaff(server);
    const passwordHash = await hashPassword('pw-d101');
    (await User.create({ login: 'd101', passwordHash, fullName: 'Олена Диспетчер', role: 'dispatcher', organizationId: null, queueInterface: 'PJSIP/101' })).id;
    d101 = openConsole(server.baseUrl, await login(server.baseUrl, 'd101', 'pw-d101'));
    head = openConsole(server.baseUrl, staff.head);
    await Promise.all([connected(d101), connected(head)]);
  }, 60000);
  afterAll(async () => {
    d101?.close();
    head?.close();
    await server?.close();
    await standin?.stop();
  });
  beforeEach(() => server.clock.set(NOON_KYIV));
  afterEach(() => clearWaiting());

  /** Completes an appeal, lets the delay pass and calls the resident once. */
  async function callAbout(phone: string) {
    const appeal = await completedAppeal(server, staff, phone);
    const v = await verificationOf(appeal.id);
    expect(v.status).toBe('scheduled');
    expect(v.dueAt.getTime()).toBe(v.completedAt.getTime() + 120 * MINUTE);
    server.clock.advance(2 * HOUR + MINUTE);
    await dial(server);
    return { appeal, v: await settled(v.id) };
  }
  const originatesTo = (number: string) => standin.appRequests.rest.filter((r) => r.method === 'POST' && r.path.startsWith('/channels') && r.path.includes(encodeURIComponent(`PJSIP/${number}@trunk`))).length;

  test('1: the resident confirms; the appeal is confirmed by the verification call, the call is recorded', async () => {
    standin.setResident('0501110001', { kind: 'answer', afterMs: 500, script: [{ afterAnswerMs: 1500, dtmf: '1' }] });
    const { appeal, v } = await callAbout('0501110001');
    expect(v).toMatchObject({ status: 'confirmed', attempts: 1, lastResult: 'answered' });
    expect(await appealStatus(appeal.id)).toBe('confirmed');
    const history = await AppealEvent.findOne({ where: { appealId: appeal.id, toStatus: 'confirmed' } });
    expect(history!.actor).toBe('verification-call');
    expect(history!.comment).toContain('контролю виконання');
    await server.kontakt.telephony.recorder.flush();
    const call = await Call.findOne({ where: { uniqueid: v.channelId! } });
    expect(call).toMatchObject({ direction: 'outbound', purpose: 'verification', callerNumber: '1551', calledNumber: '+380501110001', disposition: 'ivr_only' });
    expect(call!.applicantId).toBe((await Applicant.findOne({ where: { phone: '+380501110001' } }))!.id);
    expect(call!.ivrPath).toEqual(expect.arrayContaining([expect.objectContaining({ step: 'question', key: '1' })]));
    const link = await CallAppeal.findOne({ where: { callId: call!.id, appealId: appeal.id } });
    expect(link!.relation).toBe('verification');
    // The national number through the trunk template, with our caller id and ring time.
    const originate = standin.appRequests.rest.find((r) => r.method === 'POST' && r.path.includes(encodeURIComponent('PJSIP/0501110001@trunk')));
    expect(originate!.path).toMatch(/appArgs=verification(%2C|,)\d+/);
    expect(originate!.path).toContain('timeout=30');
  });

  test('2: not solved; back to the executor with a history line of the call, the head alerted, the webhook queued', async () => {
    await Organization.update({ webhookUrl: 'http://127.0.0.1:9/hooks' }, { where: { id: staff.waterOrgId } });
    standin.setResident('0501110002', { kind: 'answer', afterMs: 500, script: [{ afterAnswerMs: 1500, dtmf: '2' }] });
    const { appeal, v } = await callAbout('0501110002');
    expect(v).toMatchObject({ status: 'returned', lastResult: 'answered' });
    expect(await appealStatus(appeal.id)).toBe('returned');
    const history = await AppealEvent.findOne({ where: { appealId: appeal.id, toStatus: 'returned' } });
    expect(history!.actor).toBe('verification-call');
    expect(history!.comment).toContain('проблему не вирішено');
    await head.next('appeal:changed', (a) => a.appealId === appeal.id && a.type === 'return' && a.status === 'returned');
    await settled(v.id);
    const delivery = await WebhookDelivery.findOne({ where: { appealId: appeal.id, event: 'appeal.returned' } });
    expect(delivery).not.toBeNull();
    await Organization.update({ webhookUrl: null }, { where: { id: staff.waterOrgId } });
  });

  test('0: a dispatcher; the call goes to the queue and the pop says it is a verification dispute about the appeal', async () => {
    expect((await d101.ask('presence:ready', {})).ok).toBe(true);
    standin.setResident('0501110003', { kind: 'answer', afterMs: 500, script: [{ afterAnswerMs: 1500, dtmf: '0' }] });
    const { appeal, v } = await callAbout('0501110003');
    expect(v.status).toBe('disputed');
    const pop = await d101.next('call:ringing', (p) => p.uniqueid === v.channelId);
    expect(pop.verificationOf).toEqual({ appealId: appeal.id, number: appeal.number });
    expect(pop.reason).toBe('verification_dispute');
    expect(pop.callerNumber).toBe('+380501110003');
    expect(pop.applicant).toEqual(expect.objectContaining({ id: expect.any(Number) }));
    expect(pop.appeals.map((a: { id: number }) => a.id)).toContain(appeal.id);
    // The appeal waits for the dispatcher: still done, the verification on the list.
    expect(await appealStatus(appeal.id)).toBe('done');
    const list = await http(server.baseUrl, staff.dispatcher).get('/api/verifications?status=disputed');
    expect(list.body.items.map((i: { id: number }) => i.id)).toContain(v.id);
    standin.hangupChannel(v.channelId!);
    expect((await d101.ask('presence:sign-out')).ok).toBe(true);
  });

  test('an unknown key: «Невірний вибір.» and the question again', async () => {
    standin.setResident('0501110004', { kind: 'answer', afterMs: 500, script: [{ afterAnswerMs: 1500, dtmf: '7' }, { afterAnswerMs: 12000, dtmf: '1' }] });
    const { v } = await callAbout('0501110004');
    expect(v.status).toBe('confirmed');
    await server.kontakt.telephony.recorder.flush();
    const call = await Call.findOne({ where: { uniqueid: v.channelId! } });
    const keys = (call!.ivrPath as Array<{ step: string; key?: string }>).filter((p) => p.step === 'question').map((p) => p.key);
    expect(keys).toEqual(['7', '1']);
    const invalid = (await server.kontakt.telephony.prompts.prompt('Невірний вибір.')).path;
    const plays = standin.appRequests.rest.filter((r) => r.path.startsWith(`/channels/${v.channelId}/play`)).map((r) => decodeURIComponent(r.path));
    expect(plays.some((p) => p.includes(invalid))).toBe(true);
  });

  test('no key: asked once more, then an attempt (no_key), due again after the retry time', async () => {
    standin.setResident('0501110005', { kind: 'answer', afterMs: 500 });
    const { v } = await callAbout('0501110005');
    expect(v).toMatchObject({ status: 'scheduled', attempts: 1, lastResult: 'no_key' });
    expect(v.dueAt.getTime()).toBe(server.clock.now().getTime() + 60 * MINUTE);
    await server.kontakt.telephony.recorder.flush();
    const call = await Call.findOne({ where: { uniqueid: v.channelId! } });
    const keys = (call!.ivrPath as Array<{ step: string; key?: string }>).filter((p) => p.step === 'question').map((p) => p.key);
    expect(keys).toEqual(['', '']);
  });

  test('hang up in the middle of the prompt: an attempt with result hung_up', async () => {
    standin.setResident('0501110006', { kind: 'answer', afterMs: 500, script: [{ afterAnswerMs: 1000, hangup: true }] });
    const { v } = await callAbout('0501110006');
    expect(v).toMatchObject({ status: 'scheduled', attempts: 1, lastResult: 'hung_up', lastCause: 16 });
  });

  test.each([
    ['no answer', { kind: 'noanswer' } as const, '0501110007', 'no_answer', 0],
    ['busy', { kind: 'busy' } as const, '0501110008', 'busy', 17],
    ['rejected', { kind: 'reject' } as const, '0501110009', 'rejected', 21],
    ['unavailable', { kind: 'unavailable' } as const, '0501110010', 'failed', 20],
  ])('%s: an attempt with its cause, due again', async (_what, behaviour, phone, result, cause) => {
    standin.setResident(phone, behaviour);
    const { v } = await callAbout(phone);
    expect(v).toMatchObject({ status: 'scheduled', attempts: 1, lastResult: result, lastCause: cause });
    await server.kontakt.telephony.recorder.flush();
    const call = await Call.findOne({ where: { uniqueid: v.channelId! } });
    expect(call).toMatchObject({ direction: 'outbound', purpose: 'verification', disposition: result === 'failed' ? 'failed' : 'not_reached' });
  });

  test('retries until the last attempt, then the dispatchers\' list; a dispatcher records the answer by hand', async () => {
    standin.setResident('0501110011', { kind: 'busy' });
    const { appeal, v } = await callAbout('0501110011');
    expect(v.attempts).toBe(1);
    for (const attempt of [2, 3]) {
      server.clock.advance(61 * MINUTE);
      await dial(server);
      const again = await settled(v.id);
      expect(again.attempts).toBe(attempt);
    }
    const last = await Verification.findByPk(v.id);
    expect(last).toMatchObject({ status: 'not_reached', reason: 'max_attempts', attempts: 3, lastResult: 'busy' });
    expect(originatesTo('0501110011')).toBe(3);
    // No fourth call.
    server.clock.advance(61 * MINUTE);
    await dial(server);
    expect(originatesTo('0501110011')).toBe(3);

    const audits = await AuditLog.count();
    const list = await http(server.baseUrl, staff.dispatcher).get('/api/verifications?status=not_reached');
    expect(list.status).toBe(200);
    const item = list.body.items.find((i: { id: number }) => i.id === v.id);
    expect(item).toMatchObject({
      status: 'not_reached', statusName: 'не вдалося додзвонитися', attempts: 3, lastResult: 'busy', lastResultName: 'зайнято', reasonName: 'вичерпано спроби дзвінка',
      appeal: expect.objectContaining({ id: appeal.id, number: appeal.number, category: expect.any(String) }),
      applicant: expect.objectContaining({ phone: '+380501110011' }),
    });
    expect(await AuditLog.count()).toBeGreaterThan(audits);
    expect((await http(server.baseUrl, staff.executor).get('/api/verifications')).status).toBe(403);

    const dispatcher = http(server.baseUrl, staff.dispatcher);
    const bad = await dispatcher.post(`/api/verifications/${v.id}/resolve`, { result: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toEqual(expect.any(String));
    expect((await dispatcher.post('/api/verifications/999999/resolve', { result: 'confirmed' })).status).toBe(404);
    expect((await Verification.findByPk(v.id))!.status).toBe('not_reached');

    const done = await dispatcher.post(`/api/verifications/${v.id}/resolve`, { result: 'returned', comment: 'Заявниця каже, що вода тече ледь-ледь' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'resolved_by_hand', appeal: expect.objectContaining({ status: 'returned' }) });
    const history = await AppealEvent.findOne({ where: { appealId: appeal.id, toStatus: 'returned' } });
    expect(history!.comment).toBe('Заявниця каже, що вода тече ледь-ледь');
    expect(history!.actor).toMatch(/^user:/);
    const twice = await dispatcher.post(`/api/verifications/${v.id}/resolve`, { result: 'confirmed' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('verification_not_open');
  });

  test('a resident who asked not to be called, and an appeal with no phone, go straight to the list', async () => {
    const quiet = await completedAppeal(server, staff, '0501110012');
    const v1 = await verificationOf(quiet.id);
    expect(v1.status).toBe('scheduled');
    // The flag is set after the verification was made: the dialer checks again before dialing.
    const applicant = await Applicant.findOne({ where: { phone: '+380501110012' } });
    await applicant!.update({ doNotCall: true });
    server.clock.advance(2 * HOUR + MINUTE);
    await dial(server);
    expect(await settled(v1.id)).toMatchObject({ status: 'not_reached', reason: 'do_not_call', attempts: 0 });
    expect(originatesTo('0501110012')).toBe(0);

    // Known before completion: made on the list at once.
    const again = await completedAppeal(server, staff, '0501110012');
    expect(await verificationOf(again.id)).toMatchObject({ status: 'not_reached', reason: 'do_not_call' });

    const { Appeal } = await import('../../models');
    const phoneless = await completedAppeal(server, staff, '0501110013');
    await verificationOf(phoneless.id);
    await Verification.destroy({ where: { appealId: phoneless.id } });
    await Appeal.update({ applicantId: null }, { where: { id: phoneless.id } });
    await dial(server); // the sweep makes it
    expect(await verificationOf(phoneless.id)).toMatchObject({ status: 'not_reached', reason: 'no_phone' });
    const list = await http(server.baseUrl, staff.head).get('/api/verifications?status=not_reached');
    const reasons = list.body.items.map((i: { appeal: { id: number }; reasonName: string }) => [i.appeal.id, i.reasonName]);
    expect(reasons).toEqual(expect.arrayContaining([[quiet.id, 'заявник просив не телефонувати'], [phoneless.id, 'немає телефону заявника']]));
  });

  test('an appeal that changed meanwhile is not called: the verification is dropped', async () => {
    const { Appeal } = await import('../../models');
    // Changed through the domain: the event ends the waiting verification at once.
    const byHand = await completedAppeal(server, staff, '0501110014');
    const v1 = await verificationOf(byHand.id);
    expect((await http(server.baseUrl, staff.dispatcher).post(`/api/appeals/${byHand.id}/confirm`, {})).status).toBe(200);
    expect(await settled(v1.id, ['dropped'])).toMatchObject({ reason: 'appeal_changed' });
    // Changed behind the domain's back: the dialer's check before dialing drops it.
    const quiet = await completedAppeal(server, staff, '0501110015');
    const v2 = await verificationOf(quiet.id);
    await Appeal.update({ status: 'returned', doneAt: null }, { where: { id: quiet.id } });
    server.clock.advance(2 * HOUR + MINUTE);
    await dial(server);
    expect(await settled(v2.id)).toMatchObject({ status: 'dropped', reason: 'appeal_changed', attempts: 0 });
    expect(originatesTo('0501110014') + originatesTo('0501110015')).toBe(0);
  });

  test('one verification per completion: a sweep or a second event makes no second one; a new completion replaces the waiting one', async () => {
    const { Appeal } = await import('../../models');
    const appeal = await completedAppeal(server, staff, '0501110016');
    const first = await verificationOf(appeal.id);
    await server.kontakt.verifications.service.scheduleFor(appeal.id);
    await dial(server);
    expect(await Verification.count({ where: { appealId: appeal.id } })).toBe(1);
    // Reopened and done again (as after a return): the old one is dropped, one new one waits.
    await Appeal.update({ status: 'in_progress', doneAt: null }, { where: { id: appeal.id } });
    server.clock.advance(MINUTE);
    expect((await http(server.baseUrl, staff.executor).post(`/api/appeals/${appeal.id}/complete`, { result: 'Ще раз' })).status).toBe(200);
    await until(async () => (await Verification.count({ where: { appealId: appeal.id } })) === 2, 'a second verification');
    expect((await Verification.findByPk(first.id))!.status).toBe('dropped');
    expect(await Verification.count({ where: { appealId: appeal.id, status: 'scheduled' } })).toBe(1);

    // Done with no event (a crash between the commit and the event): the dialer's sweep makes it.
    const lost = await completedAppeal(server, staff, '0501110021');
    await verificationOf(lost.id);
    await Verification.destroy({ where: { appealId: lost.id } });
    const summary = await dial(server);
    expect(summary.made).toBe(1);
    const swept = await verificationOf(lost.id);
    expect(swept.status).toBe('scheduled');
    expect(swept.dueAt.getTime()).toBe(swept.completedAt.getTime() + 120 * MINUTE);
    expect((await dial(server)).made).toBe(0);
  });

  test('outside calling hours nobody is called; a retry is pushed into the next morning', async () => {
    standin.setResident('0501110017', { kind: 'noanswer' });
    const appeal = await completedAppeal(server, staff, '0501110017');
    const v = await verificationOf(appeal.id);
    server.clock.set('2026-03-10T18:30:00Z'); // 20:30 in Kyiv
    const summary = await dial(server);
    expect(summary.skipped).toBe('outside_calling_hours');
    expect(originatesTo('0501110017')).toBe(0);
    server.clock.set('2026-03-11T17:30:00Z'); // 19:30 in Kyiv: called, no answer, retry at 20:30 → next day 09:00
    await dial(server);
    const after = await settled(v.id);
    expect(after).toMatchObject({ status: 'scheduled', attempts: 1, lastResult: 'no_answer' });
    expect(after.dueAt.toISOString()).toBe('2026-03-12T07:00:00.000Z');
    server.clock.set(NOON_KYIV);
  });

  test('ARI away when due: the verification waits (no attempt used) and is called once when ARI is back', async () => {
    standin.setResident('0501110018', { kind: 'answer', afterMs: 500, script: [{ afterAnswerMs: 1500, dtmf: '1' }] });
    const appeal = await completedAppeal(server, staff, '0501110018');
    const v = await verificationOf(appeal.id);
    server.clock.advance(2 * HOUR + MINUTE);
    const port = standin.ariPort;
    await standin.ari.stop();
    await until(() => !server.kontakt.telephony.ari!.ready, 'Kontakt to see ARI down');
    const summary = await dial(server);
    expect(summary.skipped).toBe('pbx_not_connected');
    expect(await Verification.findByPk(v.id)).toMatchObject({ status: 'scheduled', attempts: 0, claimedBy: null });
    await standin.ari.start(port);
    await until(() => server.kontakt.telephony.ari!.ready, 'Kontakt to reconnect to ARI', 30000);
    await dial(server);
    expect(await settled(v.id)).toMatchObject({ status: 'confirmed', attempts: 1 });
    expect(originatesTo('0501110018')).toBe(1);
  });

  test('a server that died mid-call: the lapsed claim counts as an attempt (unknown) and the resident is called again', async () => {
    standin.setResident('0501110019', { kind: 'answer', afterMs: 500, script: [{ afterAnswerMs: 1500, dtmf: '1' }] });
    const appeal = await completedAppeal(server, staff, '0501110019');
    const v = await verificationOf(appeal.id);
    const now = server.clock.now();
    await v.update({ status: 'calling', claimedBy: 'dead-instance:1', claimedUntil: new Date(now.getTime() - 1000), dueAt: new Date(now.getTime() - HOUR) });
    const summary = await dial(server);
    expect(summary.recovered).toBe(1);
    expect(await Verification.findByPk(v.id)).toMatchObject({ status: 'scheduled', attempts: 1, lastResult: 'unknown', claimedBy: null });
    server.clock.advance(61 * MINUTE);
    await dial(server);
    expect(await settled(v.id)).toMatchObject({ status: 'confirmed', attempts: 2 });
    // A live claim (another instance calling now) is left alone.
    const other = await completedAppeal(server, staff, '0501110020');
    const v2 = await verificationOf(other.id);
    await v2.update({ status: 'calling', claimedBy: 'busy-instance:2', claimedUntil: new Date(server.clock.now().getTime() + HOUR) });
    expect((await dial(server)).recovered).toBe(0);
    expect(await Verification.findByPk(v2.id)).toMatchObject({ status: 'calling', attempts: 0 });
    await v2.update({ status: 'dropped', claimedBy: null, claimedUntil: null });
  });

});
