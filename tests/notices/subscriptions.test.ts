import { testDatabases } from '../support/databases';
import { startTestServerWithStandin, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { startStandin, Standin } from '../../standin/scenario';
import { AuditLog, NoticeSubscription, Street } from '../../models';
import { HOTLINE_TEXTS, SUBSCRIPTION_TEXTS } from '../../ivr/flow/hotline-flow';
import { systemActor } from '../../appeals/actor';
import { callRow } from '../support/call-rows';
import { until } from '../realtime/helpers';

/**
 * Subscribing to notices: by the caller in the IVR (key 4: the address of their latest appeal, or
 * the whole city), and by a dispatcher in the console (one click for the caller's address, or a
 * street and building), with the consent recorded; unsubscribing on request.
 */
describe.each(testDatabases().map((d) => [d.name, d] as const))('subscriptions to notices on %s', (_name, db) => {
  let standin: Standin;
  let server: TestServer;
  let staff: Staff;

  beforeAll(async () => {
    standin = await startStandin({ timeScale: 0.02 });
    server = await startTestServerWithStandin(db, standin);
    staff = await signInStaff(server);
  }, 60000);
  afterAll(async () => {
    await server?.close();
    await standin?.stop();
  });

  const playedHashes = (channelId: string) =>
    standin.appRequests.rest
      .filter((r) => r.method === 'POST' && r.path.includes(`/channels/${channelId}/play`))
      .map((r) => decodeURIComponent(r.path).match(/prompts\/([0-9a-f]{64})\.wav/)?.[1]);
  const heard = (channelId: string, text: string, times = 1) =>
    standin.waitFor(() => playedHashes(channelId).filter((h) => h === server.kontakt.telephony.prompts.hashFor(text)).length >= times, 15000, text);

  test('IVR key 4 offers the address of the latest appeal; 1 subscribes to it, with the call as the consent', async () => {
    await server.kontakt.appeals.register(systemActor('test'), {
      channel: 'phone', phone: '0505550001', categoryCode: 'cold-water-none', address: 'вул. Шевченка, 7', description: 'Немає води',
    });
    const call = standin.placeCall({ from: '0505550001' });
    await heard(call.id, HOTLINE_TEXTS.mainMenu);
    call.pressKeys('4');
    await heard(call.id, SUBSCRIPTION_TEXTS.offer('вулиця Шевченка, будинок 7'));
    await heard(call.id, SUBSCRIPTION_TEXTS.cityMenu);
    call.pressKeys('1');
    await heard(call.id, SUBSCRIPTION_TEXTS.done('за адресою: вулиця Шевченка, будинок 7'));
    await heard(call.id, HOTLINE_TEXTS.mainMenu, 2);
    call.hangup();
    const sub = await until(() => NoticeSubscription.findOne({ where: { phone: '+380505550001' } }), 'the subscription');
    const street = await Street.findOne({ where: { name: 'вулиця Шевченка' } });
    expect(sub).toMatchObject({ streetId: street!.id, building: '7', consentChannel: 'ivr', consentCallId: call.id, consentByUserId: null, unsubscribedAt: null });
    expect(sub.consentAt).toBeInstanceOf(Date);
    expect(sub.applicantId).not.toBeNull();
    const row = await callRow(call.id, (c) => c.endedAt !== null);
    expect(row.ivrPath?.map((e) => `${e.step}:${e.key ?? ''}`)).toEqual(expect.arrayContaining(['main:4', 'subscribe-menu:1']));
  });

  test('IVR key 4 from a caller with no known address offers the whole city; 2 subscribes to it', async () => {
    const call = standin.placeCall({ from: '0505550002' });
    await heard(call.id, HOTLINE_TEXTS.mainMenu);
    call.pressKeys('4');
    await heard(call.id, SUBSCRIPTION_TEXTS.cityMenu);
    call.pressKeys('2');
    await heard(call.id, SUBSCRIPTION_TEXTS.done('по всьому місту'));
    call.hangup();
    const sub = await until(() => NoticeSubscription.findOne({ where: { phone: '+380505550002' } }), 'the subscription');
    expect(sub).toMatchObject({ streetId: null, building: null, consentChannel: 'ivr', consentCallId: call.id });
    // Key 1 is not offered without an address: no subscription to one was made.
    expect(await NoticeSubscription.count({ where: { phone: '+380505550002' } })).toBe(1);
  });

  test('console: one click subscribes the caller to the address of their latest appeal; a street and building; unsubscribe on request', async () => {
    const api = http(server.baseUrl, staff.dispatcher);
    await server.kontakt.appeals.register(systemActor('test'), {
      channel: 'phone', phone: '0505550003', categoryCode: 'cold-water-none', address: 'вулиця Івана Франка, 12', description: 'Немає води',
    });
    const read = await api.get('/api/notice-subscriptions?phone=0505550003');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ phone: '+380505550003', items: [], latestAddress: { street: { name: 'вулиця Івана Франка' }, building: '12' } });
    // Reading a known applicant's subscriptions is an audited read of personal data.
    expect(await AuditLog.count({ where: { subjectId: read.body.applicantId, context: 'notice subscriptions' } })).toBe(1);

    const click = await api.post('/api/notice-subscriptions', { phone: '050 555 00 03', fromLatestAppeal: true });
    expect(click.status).toBe(201);
    expect(click.body).toMatchObject({ phone: '+380505550003', place: 'вулиця Івана Франка, будинок 12', consentChannel: 'console', created: true });
    const twice = await api.post('/api/notice-subscriptions', { phone: '+380505550003', fromLatestAppeal: true });
    expect(twice.body).toMatchObject({ id: click.body.id, created: false });
    const row = await NoticeSubscription.findByPk(click.body.id);
    expect(row!.consentByUserId).not.toBeNull();

    const city = await api.post('/api/notice-subscriptions', { phone: '0505550003' });
    expect(city.body.place).toBe('усе місто');
    const street = await api.post('/api/notice-subscriptions', { phone: '0505550003', streetName: 'вулиця Лесі Українки', building: '3а' });
    expect(street.body.place).toBe('вулиця Лесі Українки, будинок 3а');

    // Bad input is a 400 and changes nothing.
    const before = await NoticeSubscription.count();
    for (const body of [
      { phone: 'не номер' },
      { phone: '0505550003', streetName: 'вулиця Неіснуюча' },
      { phone: '0505550003', streetName: 'вулиця Лесі Українки', building: '999' },
      { phone: '0505550003', building: '5' },
      { phone: '0505550009', fromLatestAppeal: true },
    ]) {
      const res = await api.post('/api/notice-subscriptions', body);
      expect([JSON.stringify(body), res.status, res.headers.get('content-type')]).toEqual([JSON.stringify(body), 400, expect.stringContaining('problem+json')]);
    }
    expect(await NoticeSubscription.count()).toBe(before);

    const off = await api.post(`/api/notice-subscriptions/${city.body.id}/unsubscribe`);
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ unsubscribedChannel: 'console', unsubscribedAt: expect.any(String) });
    const left = await api.get('/api/notice-subscriptions?phone=0505550003');
    expect(left.body.items.map((s: { place: string }) => s.place).sort()).toEqual(['вулиця Івана Франка, будинок 12', 'вулиця Лесі Українки, будинок 3а']);
    expect((await api.post('/api/notice-subscriptions/999999/unsubscribe')).status).toBe(404);
  });
});
