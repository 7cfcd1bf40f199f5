import { startStandin, Standin } from '../../standin/scenario';
import { testDatabases } from '../support/databases';
import { signInStaff, TestServer, Staff, startTestServerWithStandin } from '../support/test-server';
import { Notice, NoticeSubscription, Street, User } from '../../models';
import { http } from '../support/test-server';
import { launchBrowser, screenshot, signIn, Browser } from './browser';
import { subscribe, NOON_KYIV } from '../notices/notice-helpers';

/**
 * Notices in the console, in a real browser against a Kontakt wired to the Asterisk stand-in: a
 * dispatcher composes one and checks how it will be read, the head approves it, and both watch
 * the residents being called as the progress arrives over Socket.IO.
 */
const [sqlite] = testDatabases();
const STREET = 'вулиця Лесі Українки';
const IFACE = 'PJSIP/101';
const CALLER = '0508200001';

describe('notices in the console', () => {
  let standin: Standin;
  let server: TestServer;
  let staff: Staff;
  let browser: Browser;

  beforeAll(async () => {
    standin = await startStandin({
      timeScale: 0.05, defaultResident: { kind: 'answer', afterMs: 300 },
      // For the pop: nobody in the queue until the dispatcher says ready; the phone rings long.
      queues: [{ name: 'dispatchers', strategy: 'ringall', timeout: 600, retry: 1, members: [] }],
      phones: { [IFACE]: { kind: 'answer', afterMs: 400_000, talkMs: 5000 } },
    });
    server = await startTestServerWithStandin(sqlite, standin);
    server.clock.set(NOON_KYIV);
    staff = await signInStaff(server);
    browser = await launchBrowser();
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await standin?.stop();
  });

  test('a dispatcher composes and checks a notice, the head approves it and watches it called out', async () => {
    for (const phone of ['0508100001', '0508100002', '0508100003']) await subscribe(server, staff.dispatcher, phone, { streetName: STREET, building: '3' });

    const dispatcher = await browser.page();
    const missing: string[] = [];
    dispatcher.on('response', (r) => r.status() === 404 && missing.push(r.url()));
    await signIn(dispatcher, server.baseUrl, 'disp1', 'disp1-password');
    await dispatcher.getByRole('link', { name: 'Оповіщення' }).click();
    await dispatcher.getByLabel('Текст оповіщення').fill('Увага! 12.03 з 9:00 до 17:00 не буде холодної води.');
    await dispatcher.getByLabel('Вулиця', { exact: true }).fill(STREET);
    await dispatcher.getByLabel('Будинки').fill('1–5');
    await dispatcher.getByRole('button', { name: 'Перевірити озвучення' }).click();
    const check = dispatcher.locator('.speech-check');
    await check.getByText(/Тривалість: \d+(,\d)? с/).waitFor({ timeout: 15000 });
    await check.getByRole('cell', { name: 'дванадцятого березня' }).waitFor();
    await check.getByRole('cell', { name: 'з дев\'ятої години' }).waitFor();
    await dispatcher.getByRole('button', { name: 'Надіслати на затвердження' }).click();
    await dispatcher.getByText(/Оповіщення № \d+ очікує затвердження начальником/).waitFor();
    const notice = (await Notice.findOne({ order: [['id', 'DESC']] }))!;
    expect(notice).toMatchObject({ status: 'pending_approval', area: `${STREET}, будинки 1–5` });
    const dispatcherCard = dispatcher.locator(`.notice-card[data-id="${notice.id}"]`);
    await dispatcherCard.getByText('очікує затвердження').waitFor();
    // Only the head is offered approval.
    expect(await dispatcherCard.getByRole('button', { name: 'Затвердити' }).count()).toBe(0);
    await screenshot(dispatcher, 'notices-composed');

    const head = await browser.page();
    await signIn(head, server.baseUrl, 'head1', 'head1-password');
    await head.goto(`${server.baseUrl}/#/notices`);
    await head.locator('.link-state[data-state="connected"]').waitFor({ timeout: 10000 });
    const card = head.locator(`.notice-card[data-id="${notice.id}"]`);
    await card.getByRole('button', { name: 'Затвердити' }).click();
    await card.getByText('обдзвін триває').first().waitFor();
    await expectCount(card, 'queued', '3');

    // The dialer calls them; both consoles see the progress arrive without reloading.
    await server.kontakt.jobs.scheduler.runNow('notice-dialer');
    await server.kontakt.notices.dialer.idle();
    await expectCount(card, 'listened', '3');
    await head.locator(`.notice-card[data-id="${notice.id}"]`).getByText('завершено').waitFor();
    await expectCount(dispatcher.locator(`.notice-card[data-id="${notice.id}"]`), 'listened', '3');
    await head.locator(`.notice-card[data-id="${notice.id}"]`).getByRole('button', { name: 'Звіт' }).waitFor();
    await screenshot(head, 'notices-called');
    expect(missing.filter((u) => !u.endsWith('/favicon.ico'))).toEqual([]);
    // Script errors fail the test (a missing favicon does not).
    expect(browser.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  }, 90000);

  test('the pop subscribes the caller to notices for their latest appeal\'s address in one click', async () => {
    const appeal = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
      phone: CALLER, categoryCode: 'cold-water-none', address: 'вул. Івана Франка, 9', description: 'Немає холодної води',
    });
    expect(appeal.status).toBe(201);
    const page = await browser.page();
    await signIn(page, server.baseUrl, 'disp1', 'disp1-password');
    await page.locator('.link-state[data-state="connected"]').waitFor({ timeout: 10000 });
    await page.getByLabel('Телефон (інтерфейс черги)').fill(IFACE);
    await page.getByRole('button', { name: 'Готовий' }).click();
    await page.locator('.presence-state[data-state="ready"]').waitFor({ timeout: 10000 });
    await standin.waitFor(() => standin.model.queues.get('dispatchers')?.members.some((m) => m.iface === IFACE), 5000, 'the dispatcher in the queue');

    const call = standin.placeCall({ from: CALLER, script: [{ afterAnswerMs: 2000, dtmf: '0' }] });
    const card = page.locator(`.pop-card[data-uniqueid="${call.id}"]`);
    await card.waitFor({ timeout: 20000 });
    await card.getByRole('button', { name: 'Підписати на оповіщення' }).click();
    await card.getByText('Підписано: вулиця Івана Франка, будинок 9').waitFor();
    await screenshot(page, 'notices-pop-subscribe');
    const street = await Street.findOne({ where: { name: 'вулиця Івана Франка' } });
    const disp1 = await User.findOne({ where: { login: 'disp1' } });
    const sub = await NoticeSubscription.findOne({ where: { phone: '+380508200001' } });
    expect(sub).toMatchObject({ streetId: street!.id, building: '9', consentChannel: 'console', consentByUserId: disp1!.id, unsubscribedAt: null });
    call.hangup();
  }, 60000);

  async function expectCount(card: ReturnType<Awaited<ReturnType<Browser['page']>>['locator']>, key: string, value: string) {
    await card.locator(`.notice-progress li[data-key="${key}"] strong`).filter({ hasText: new RegExp(`^${value}$`) }).waitFor({ timeout: 20000 });
  }
});
