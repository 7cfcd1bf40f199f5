import type { Page } from 'playwright-core';
import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, TestServer, Staff, ADMIN_PASSWORD } from '../support/test-server';
import { Call, Category, Organization, User } from '../../models';
import { sendTo, popFor, presence } from '../../scripts/console-scenes';
import { launchBrowser, screenshot, signIn, Browser } from './browser';
import { until } from '../realtime/helpers';

/**
 * The dispatcher's screen as issue 13 found it, point by point, in Debian's Chromium at a
 * laptop's 1366×768 and a phone's 390×844. Calls and presence reach the page the way the server
 * sends them: through its Socket.IO, to the user's room.
 */
const [sqlite] = testDatabases();
const SIZES = [
  { name: 'laptop 1366×768', key: 'laptop', width: 1366, height: 768, callers: 0 },
  { name: 'phone 390×844', key: 'phone', width: 390, height: 844, callers: 10 },
];

describe('the dispatcher\'s screen', () => {
  let server: TestServer;
  let staff: Staff;
  let browser: Browser;
  let dispatcher: User;
  let head: User;
  let coldWater: Category;
  let waterName: string;
  let otherName: string;

  beforeAll(async () => {
    server = await startTestServer(sqlite);
    staff = await signInStaff(server);
    await User.update({ fullName: 'Оксана Коваль' }, { where: { login: 'disp1' } });
    await User.update({ fullName: 'Ганна Мельник' }, { where: { login: 'head1' } });
    dispatcher = (await User.findOne({ where: { login: 'disp1' } }))!;
    head = (await User.findOne({ where: { login: 'head1' } }))!;
    coldWater = (await Category.findOne({ where: { code: 'cold-water-none' } }))!;
    waterName = (await Organization.findByPk(staff.waterOrgId))!.shortName;
    otherName = (await Organization.findByPk(staff.otherOrgId))!.shortName;
    // More than a page of appeals (20), so paging and «at least eight rows» mean something.
    const api = http(server.baseUrl, staff.dispatcher);
    for (let i = 0; i < 24; i += 1) {
      const res = await api.post('/api/appeals', {
        phone: `+38050300${String(1000 + i)}`, applicantName: `Заявник ${i}`, categoryId: coldWater.id,
        address: `вулиця Героїв Маріуполя, ${i + 1}, під’їзд ${i % 4 + 1}, квартира ${100 + i}`,
        description: `Немає холодної води вже другу добу, у під’їзді ${i % 4 + 1} тиск слабкий; перевірка довгого опису ${i}`,
        emergency: i % 5 === 0,
      });
      expect(res.status).toBe(201);
    }
    browser = await launchBrowser();
  }, 90000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(browser.dialogs).toEqual([]);
  });

  describe.each(SIZES)('at $name', (size) => {
    let page: Page;
    let seq = 0;
    const uid = () => `${size.key}.${Date.now()}.${(seq += 1)}`;
    /** The k-th caller with one appeal from beforeAll, different for each size. */
    const caller = (k: number) => `+38050300${1000 + size.callers + k}`;
    const spelled = (k: number) => `+380 50 300 ${String(1000 + size.callers + k).slice(0, 2)} ${String(1000 + size.callers + k).slice(2)}`;

    const open = async (loginName = 'disp1') => {
      page = await browser.page();
      await page.setViewportSize({ width: size.width, height: size.height });
      await signIn(page, server.baseUrl, loginName, loginName === 'admin' ? ADMIN_PASSWORD : `${loginName}-password`);
      // The admin has no events to receive.
      if (loginName !== 'admin') await page.locator('.link-state[data-state="connected"]').waitFor({ timeout: 10000 });
      return page;
    };
    const pop = async (userId: number, phone: string, reason: string | null = 'dispatcher') => {
      const id = uid();
      sendTo(server.kontakt, userId, 'call:ringing', await popFor(phone, { uniqueid: id, reason }));
      const card = page.locator(`.pop-card[data-uniqueid="${id}"]`);
      await card.waitFor({ timeout: 10000 });
      return { id, card };
    };
    /** The page scrolls sideways by this many pixels (0 when it fits). */
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    afterEach(async () => {
      await page?.close();
    });

    test('1. a call\'s card survives reloads while it rings, during the conversation and after it', async () => {
      await open();
      const ringing = await pop(dispatcher.id, caller(0));
      const talk = await pop(dispatcher.id, caller(1));
      sendTo(server.kontakt, dispatcher.id, 'call:answered', { uniqueid: talk.id, agentInterface: 'PJSIP/101', at: new Date().toISOString() });
      await page.locator(`.pop-card[data-uniqueid="${talk.id}"][data-phase="answered"]`).waitFor();
      await page.reload();
      await page.locator('header.top .user-name').waitFor();
      // The conversation's card is back as it was, the ringing one too (the server says whether it still rings).
      await page.locator(`.pop-card[data-uniqueid="${talk.id}"][data-phase="answered"]`).waitFor();
      expect(await page.locator(`.pop-card[data-uniqueid="${talk.id}"] .pop-name`).textContent()).toBe(`Заявник ${size.callers + 1}`);
      await page.locator(`.pop-card[data-uniqueid="${ringing.id}"]`).waitFor();
      await page.locator('.link-state[data-state="connected"]').waitFor({ timeout: 10000 });
      sendTo(server.kontakt, dispatcher.id, 'call:ended', { uniqueid: talk.id, at: new Date().toISOString(), talkSeconds: 95 });
      await page.locator(`.pop-card[data-uniqueid="${talk.id}"][data-phase="ended"]`, { hasText: '1 хв 35 с' }).waitFor();
      await page.reload();
      await page.locator(`.pop-card[data-uniqueid="${talk.id}"][data-phase="ended"]`, { hasText: '1 хв 35 с' }).waitFor();
      await screenshot(page, `issue13-${size.key}-1-reloaded-cards`);

      // A conversation that ended while the page was reloading: the call log says so, and the card follows.
      const missedEnd = await pop(dispatcher.id, caller(9));
      sendTo(server.kontakt, dispatcher.id, 'call:answered', { uniqueid: missedEnd.id, agentInterface: 'PJSIP/101', at: new Date().toISOString() });
      await page.locator(`.pop-card[data-uniqueid="${missedEnd.id}"][data-phase="answered"]`).waitFor();
      await Call.create({
        uniqueid: missedEnd.id, direction: 'inbound', callerNumber: caller(9), startedAt: new Date(Date.now() - 60_000), answeredAt: new Date(Date.now() - 45_000),
        endedAt: new Date(), talkSeconds: 42, disposition: 'answered',
      });
      await page.reload();
      await page.locator(`.pop-card[data-uniqueid="${missedEnd.id}"][data-phase="ended"]`, { hasText: 'розмова 42 с' }).waitFor();
    });

    test('2. the caller\'s «accident» is shown, and the emergency box is the dispatcher\'s to tick', async () => {
      await open();
      const { card } = await pop(dispatcher.id, caller(2), 'emergency');
      expect(await card.locator('.pop-head .badge.danger').textContent()).toBe('натиснув «аварія»');
      await card.locator('.pop-register').click();
      await page.getByRole('heading', { name: 'Нове звернення' }).waitFor();
      expect(await page.getByLabel('Аварійна ситуація — передати виконавцю негайно').isChecked()).toBe(false);
      expect(await page.locator('.caller-choice').textContent()).toContain('обрав «аварія або проблема»');
    });

    test('3. an appeal registered from the card shows on it and leads to it, by keyboard', async () => {
      await open();
      const { card } = await pop(dispatcher.id, caller(3));
      expect(await card.locator('.pop-appeals-title').textContent()).toContain('відкритих 1');
      await page.keyboard.press('Alt+KeyN');
      await page.getByRole('heading', { name: 'Нове звернення' }).waitFor();
      // The number comes from the call; the work starts at the category.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('categoryId');
      await page.getByLabel('Категорія').selectOption(String(coldWater.id));
      await page.getByLabel('Адреса проблеми').fill('вулиця Героїв Маріуполя, 4, підвал');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('description');
      await page.keyboard.type('Слабкий тиск холодної води');
      await page.keyboard.press('Control+Enter');
      const number = (await page.locator('.result-number').textContent({ timeout: 10000 }))!;
      expect(number).toMatch(/^\d{4}-\d{6}$/);
      await card.locator('.pop-registered', { hasText: number }).waitFor();
      expect(await card.locator('.pop-appeals-title').textContent()).toContain('відкритих 2');
      expect(await card.locator('a.button.primary').textContent()).toBe(`Відкрити звернення ${number}`);
      expect(await card.getByText('Зареєструвати звернення', { exact: true }).count()).toBe(0);
      await screenshot(page, `issue13-${size.key}-3-registered-on-card`);
      await card.locator('a.button.primary').click();
      await page.getByRole('heading', { name: `Звернення ${number}` }).waitFor();
    });

    test('4. the list shows what matters without sideways scrolling, the calls and an appeal too', async () => {
      await open();
      await pop(dispatcher.id, caller(4));
      await page.locator('table.appeals tbody tr[data-id]').nth(19).waitFor();
      expect(await sideways()).toBeLessThanOrEqual(0);
      const table = await page.locator('table.appeals').boundingBox();
      const content = await page.locator('#content').boundingBox();
      expect(table!.x + table!.width).toBeLessThanOrEqual(content!.x + content!.width + 1);
      // Number, time, category, address, state, deadline and badges are all in the row.
      const row = page.locator('table.appeals tbody tr.emergency').first();
      for (const part of ['td.number a', '.when', 'td.category', '.address-text', 'td.status', 'td.deadline', '.badge.danger']) {
        const box = await row.locator(part).first().boundingBox();
        expect(box).not.toBeNull();
        expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
      }
      if (size.width > 1000) {
        // At least eight whole rows on a laptop's screen with the call's card open.
        const visible = await page.locator('table.appeals tbody tr[data-id]').evaluateAll((rows) => rows.filter((r) => r.getBoundingClientRect().bottom <= window.innerHeight).length);
        expect(visible).toBeGreaterThanOrEqual(8);
      } else {
        // Cards, not a table, and a header that scrolls away instead of covering the screen.
        expect(await page.locator('table.appeals thead').isVisible()).toBe(false);
        expect(await page.locator('header.top').evaluate((el) => getComputedStyle(el).position)).not.toBe('sticky');
      }
      await screenshot(page, `issue13-${size.key}-4-list`);
      await page.getByRole('link', { name: 'Дзвінки' }).click();
      await page.locator('.calls-page').waitFor();
      await page.locator('.calls-page table.calls, .calls-page p.muted:has-text("Дзвінків немає")').first().waitFor();
      expect(await sideways()).toBeLessThanOrEqual(0);
      await page.goto(`${server.baseUrl}/#/appeals/${(await http(server.baseUrl, staff.dispatcher).get('/api/appeals?pageSize=1')).body.items[0].id}`);
      await page.locator('.history-line').first().waitFor();
      expect(await sideways()).toBeLessThanOrEqual(0);
    });

    test('5. the history names people, both executors of a reassignment and the result', async () => {
      const made = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
        phone: '+380503002005', categoryId: coldWater.id, address: 'вулиця Садова, 5', description: 'Тече труба',
      });
      expect((await http(server.baseUrl, staff.head).post(`/api/appeals/${made.body.id}/assign`, { executorId: staff.otherOrgId })).status).toBe(200);
      expect((await http(server.baseUrl, staff.otherExecutor).post(`/api/appeals/${made.body.id}/complete`, { result: 'Замінено ділянку труби' })).status).toBe(200);
      await open();
      await page.goto(`${server.baseUrl}/#/appeals/${made.body.id}`);
      await page.locator('.history-line').nth(3).waitFor();
      const text = (await page.locator('ol.history').textContent())!;
      expect(text).toContain('Хто: Оксана Коваль');
      expect(text).toContain('Хто: Ганна Мельник');
      expect(text).toContain(`передано іншому виконавцю: ${waterName} → ${otherName}`);
      expect(text).toContain('Результат: Замінено ділянку труби');
      expect(text).not.toMatch(/user:\d|apikey:\d/);
      expect(await sideways()).toBeLessThanOrEqual(0);
      await screenshot(page, `issue13-${size.key}-5-history`);
    });

    test('6. nothing raw: the IVR path, the call on the form, a repeat\'s number, dates, the admin page, the report, the icon', async () => {
      await Call.create({
        uniqueid: `raw-${size.key}`, direction: 'inbound', callerNumber: caller(6), startedAt: new Date(Date.now() - 60_000), endedAt: new Date(),
        ivrPath: [{ step: 'greeting' }, { step: 'main', key: '1' }, { step: 'emergency', outcome: 'transferred' }], disposition: 'answered', waitSeconds: 12,
      });
      await open();
      await page.getByRole('link', { name: 'Дзвінки' }).click();
      const row = page.locator('table.calls tbody tr', { hasText: spelled(6) });
      await row.waitFor();
      const words = (await row.textContent())!;
      expect(words).toContain('натиснув 1 — аварія або проблема; з’єднано з диспетчером: аварія');
      expect(words).not.toMatch(/greeting|emergency|нічого не натиснув/);

      // The form names the call by its number and time, not by the PBX's uniqueid.
      const { id, card } = await pop(dispatcher.id, caller(6));
      await card.locator('.pop-register').click();
      await page.getByRole('heading', { name: 'Нове звернення' }).waitFor();
      expect(await page.locator('.call-link').textContent()).toContain(spelled(6));
      expect(await page.locator('#content').textContent()).not.toContain(id);

      // A repeat names the earlier appeal by its number.
      const api = http(server.baseUrl, staff.dispatcher);
      const first = await api.post('/api/appeals', { phone: caller(3000), categoryId: coldWater.id, address: 'вулиця Липова, 6', description: 'Немає води' });
      const again = await api.post('/api/appeals', { phone: caller(3000), categoryId: coldWater.id, address: 'вулиця Липова, 6', description: 'Досі немає води' });
      await page.goto(`${server.baseUrl}/#/appeals/${again.body.id}`);
      await page.locator('.facts dd a', { hasText: first.body.number }).waitFor();
      expect(await page.locator('.facts').textContent()).not.toContain(`№${first.body.id}`);

      // Dates are typed and shown dd.mm.yyyy, whatever the browser's locale.
      await page.goto(`${server.baseUrl}/#/appeals`);
      await page.locator('table.appeals tbody tr[data-id]').first().waitFor();
      expect(await page.locator('input[type="date"]').count()).toBe(0);
      await page.getByText('Більше фільтрів').click();
      await page.getByLabel('Зареєстровано з').fill('31.02.2026');
      await page.getByRole('button', { name: 'Знайти' }).click();
      await page.locator('.list-page .form-error:not([hidden])', { hasText: 'дд.мм.рррр' }).waitFor();
      await page.getByLabel('Зареєстровано з').fill('10.03.2026');
      await page.getByLabel('по', { exact: true }).fill('10.03.2026');
      await page.getByRole('button', { name: 'Знайти' }).click();
      await page.locator('.list-summary', { hasText: /Знайдено: [1-9]/ }).waitFor();
      expect(await page.locator('table.appeals tbody').textContent()).toMatch(/10\.03, \d{2}:\d{2}/);
      expect(await sideways()).toBeLessThanOrEqual(0);

      // An icon instead of a 404 on every load.
      const icon = await page.locator('link[rel="icon"]').getAttribute('href');
      expect((await fetch(`${server.baseUrl}${icon}`)).status).toBe(200);
      expect((await fetch(`${server.baseUrl}/favicon.ico`)).status).toBe(200);
      await page.close();

      // The admin's page lists no API paths; the report names no time zone and no protocol.
      await open('admin');
      await page.getByRole('heading', { name: 'Адміністратор' }).waitFor();
      expect(await page.locator('#content').textContent()).not.toContain('/api/');
      const report = await fetch(`${server.baseUrl}/api/reports/daily/yesterday?format=html`, { headers: { authorization: `Bearer ${staff.head}` } });
      const html = await report.text();
      expect(report.status).toBe(200);
      expect(html).not.toContain('Europe/Kyiv');
      expect(html).not.toContain('Open311');
    });

    test('7. signing out forgets filters, the page and the cards; phone numbers never wrap', async () => {
      await open();
      const { card } = await pop(dispatcher.id, caller(7));
      expect(await card.locator('.pop-number').evaluate((el) => el.getClientRects().length)).toBe(1);
      expect(await card.locator('.pop-number').evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap');
      await page.getByLabel('Стан', { exact: true }).selectOption({ label: 'відкриті' });
      await page.getByRole('button', { name: 'Знайти' }).click();
      await page.getByRole('button', { name: 'Наступна →' }).click();
      await page.locator('.pager', { hasText: 'сторінка 2' }).waitFor();
      await page.getByRole('link', { name: 'Дзвінки' }).click();
      await page.getByLabel('лише пропущені').check();
      await page.getByRole('link', { name: 'Звернення', exact: true }).click();
      await page.locator('.pager', { hasText: 'сторінка 2' }).waitFor();
      // Not in the queue: «Вийти» signs out at once.
      await page.locator('header.top button.sign-out').click();
      await page.getByLabel('Логін').waitFor();
      expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);

      await page.getByLabel('Логін').fill('head1');
      await page.getByLabel('Пароль').fill('head1-password');
      await page.getByRole('button', { name: 'Увійти' }).click();
      await page.locator('.pager', { hasText: 'сторінка 1' }).waitFor();
      expect(await page.getByLabel('Стан', { exact: true }).inputValue()).toBe('');
      expect(await page.locator('.pop-card').count()).toBe(0);
      await page.getByRole('link', { name: 'Дзвінки' }).click();
      expect(await page.getByLabel('лише пропущені').isChecked()).toBe(false);
      for (const cell of await page.locator('table.calls td.who .phone').all()) {
        expect(await cell.evaluate((el) => el.getClientRects().length)).toBe(1);
      }
    });

    test('8. the head has the presence controls and takes calls', async () => {
      await open('head1');
      await page.getByRole('button', { name: 'Готовий' }).waitFor();
      expect(await page.getByRole('button', { name: 'Перерва' }).count()).toBe(1);
      sendTo(server.kontakt, head.id, 'presence:changed', presence(head.id, head.fullName, 'paused', { pausedReason: 'training' }));
      await page.locator('.presence-state[data-state="paused"]', { hasText: 'перерва: навчання' }).waitFor();
      const { card } = await pop(head.id, caller(8));
      expect(await card.locator('.pop-register').textContent()).toBe('Зареєструвати звернення');
      expect(await sideways()).toBeLessThanOrEqual(0);
    });

    test('presence in words: leaving after the call, the PBX\'s refusal, the leaving notice; «Вийти» asks first', async () => {
      await open();
      sendTo(server.kontakt, dispatcher.id, 'presence:changed', presence(dispatcher.id, dispatcher.fullName, 'on_call', { pending: 'leave_after_call' }));
      const state = page.locator('.presence-state');
      await page.locator('.presence-state[data-state="on_call"][data-pending="leave_after_call"]').waitFor();
      expect(await state.textContent()).toBe('розмова');
      expect(await page.locator('.presence-pending').textContent()).toBe('виходжу після розмови');
      sendTo(server.kontakt, dispatcher.id, 'presence:leaving', { reason: 'session_expired', afterCall: true, at: new Date().toISOString() });
      await page.locator('.presence-notice', { hasText: 'Після цієї розмови вас буде виведено з черги' }).waitFor();

      sendTo(server.kontakt, dispatcher.id, 'presence:changed', presence(dispatcher.id, dispatcher.fullName, 'signed_out', {
        refusal: { action: 'ready', message: 'АТС не додала вас до черги', pbxReason: 'Unable to add interface: Already there', at: new Date().toISOString() },
      }));
      await page.locator('.presence-state[data-state="signed_out"][data-pending=""]', { hasText: 'поза чергою' }).waitFor();
      expect(await page.locator('.presence-error').textContent()).toBe('АТС не додала вас до черги (АТС: Unable to add interface: Already there)');
      expect(await page.locator('.presence-pending').isVisible()).toBe(false);

      // In the queue and on a call: «Вийти» says what will happen, in the page.
      sendTo(server.kontakt, dispatcher.id, 'presence:changed', presence(dispatcher.id, dispatcher.fullName, 'on_call'));
      await page.locator('.presence-state[data-state="on_call"]').waitFor();
      await page.locator('header.top button.sign-out').click();
      const dialog = page.locator('.modal[data-modal="sign-out"]');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('щойно завершиться розмова');
      await screenshot(page, `issue13-${size.key}-sign-out-asks`);
      await dialog.getByRole('button', { name: 'Залишитися' }).click();
      expect(await page.locator('header.top .user-name').isVisible()).toBe(true);
      const token = await page.evaluate(() => sessionStorage.getItem('kontakt.token'));
      await page.locator('header.top button.sign-out').click();
      const logout = page.waitForRequest((r) => r.url().endsWith('/api/auth/logout') && r.method() === 'POST');
      await page.locator('.modal[data-modal="sign-out"]').getByRole('button', { name: 'Вийти після розмови' }).click();
      await logout;
      await page.getByLabel('Логін').waitFor();
      expect((await http(server.baseUrl, token!).get('/api/auth/me')).status).toBe(401);
    });

    test('keys: ? lists the shortcuts, Alt+R and Alt+P ask the server, / goes to the search', async () => {
      await open();
      await page.locator('table.appeals tbody tr[data-id]').first().waitFor();
      const sent: string[] = [];
      page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));
      // The socket is already open: reconnect it so its frames are seen.
      await page.reload();
      await page.locator('.link-state[data-state="connected"]').waitFor({ timeout: 10000 });
      await page.locator('h2').first().click();
      await page.keyboard.press('?');
      const help = page.locator('.modal[data-modal="shortcuts"]');
      await help.waitFor();
      for (const key of ['Alt+R', 'Alt+P', 'Alt+N', 'Ctrl+Enter', 'Enter', '?']) expect(await help.locator('kbd', { hasText: key }).count()).toBeGreaterThan(0);
      await screenshot(page, `issue13-${size.key}-shortcuts`);
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'detached' });
      await page.keyboard.press('Alt+KeyR');
      // The buttons wait for the server's answer to one request before taking the next.
      await page.locator('.presence [data-action="pause"]:not([disabled])').waitFor();
      await page.keyboard.press('Alt+KeyP');
      await until(() => sent.some((f) => f.includes('"presence:ready"')), 'Alt+R sent presence:ready', 5000);
      await until(() => sent.some((f) => f.includes('"presence:pause"')), 'Alt+P sent presence:pause', 5000);
      await page.locator('h2').first().click();
      await page.keyboard.press('/');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');
    });

    test('9. the sign-in page takes four requests, compressed and cached by content hash', async () => {
      page = await browser.page();
      await page.setViewportSize({ width: size.width, height: size.height });
      const responses: Array<{ url: string; cache: string | null }> = [];
      page.on('response', async (r) => {
        const headers = await r.allHeaders();
        responses.push({ url: r.url(), cache: headers['cache-control'] ?? null });
      });
      await page.goto(`${server.baseUrl}/`);
      await page.getByLabel('Логін').waitFor();
      await page.waitForLoadState('networkidle');
      expect(responses.length).toBeLessThanOrEqual(4);
      expect(responses.filter((r) => r.url.endsWith('.js'))).toHaveLength(1);
      for (const r of responses.filter((x) => x.url.includes('/assets/'))) {
        expect(r.url).toMatch(/\/assets\/[a-z.]+-[A-Za-z0-9]{8}\.(js|css|svg)$/);
        expect(r.cache).toContain('immutable');
      }
      // Each is sent compressed: brotli to those who take it, else gzip; the page is revalidated by its ETag.
      for (const r of responses) {
        const br = await fetch(r.url, { headers: { 'accept-encoding': 'br' } });
        expect(br.headers.get('content-encoding')).toBe('br');
        const gzip = await fetch(r.url, { headers: { 'accept-encoding': 'gzip' } });
        expect(gzip.headers.get('content-encoding')).toBe('gzip');
        expect(Buffer.from(await gzip.arrayBuffer()).equals(Buffer.from(await br.arrayBuffer()))).toBe(true);
        const again = await fetch(r.url, { headers: { 'if-none-match': br.headers.get('etag')! } });
        expect(again.status).toBe(304);
      }
    });
  });

  test('no page threw an error', () => {
    const real = browser.errors.filter((e) => !/401|Failed to load resource/.test(e));
    expect(real).toEqual([]);
  });
});
