import fs from 'node:fs';
import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { Category } from '../../models';
import { launchBrowser, screenshot, signIn, Browser } from './browser';

/**
 * The console in a real browser (Debian's headless Chromium through playwright-core) against a
 * whole Kontakt: sign-in, the appeal form, the list, residents' text as text, executors' scope.
 */
const [sqlite] = testDatabases();
const HTML_TEXT = '<img src=x onerror=alert(1)><b>bold</b>';

describe('the console in a browser', () => {
  let server: TestServer;
  let staff: Staff;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer(sqlite);
    staff = await signInStaff(server);
    browser = await launchBrowser();
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    expect(browser.dialogs).toEqual([]);
  });

  test('the server serves the console at / with a content security policy', async () => {
    const res = await fetch(`${server.baseUrl}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    const bundle = /src="(\/assets\/app-[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(bundle).toBeDefined();
    const script = await fetch(`${server.baseUrl}${bundle}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    // Sources and node_modules are not served as files.
    expect((await fetch(`${server.baseUrl}/js/api.js`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/assets/package.json`)).status).toBe(404);
    // The API keeps answering problem+json for unknown routes.
    const missing = await fetch(`${server.baseUrl}/api/nothing-here`);
    expect(missing.status).toBe(404);
  });

  test('a wrong password is refused with a readable message', async () => {
    const page = await browser.page();
    await page.goto(`${server.baseUrl}/`);
    await page.getByLabel('Логін').fill('disp1');
    await page.getByLabel('Пароль').fill('wrong-password');
    await page.getByRole('button', { name: 'Увійти' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Невірний логін або пароль' }).textContent()).resolves.toContain('Невірний логін');
    await page.close();
  });

  test('a dispatcher signs in, registers an appeal from the form and finds it in the list', async () => {
    const page = await browser.page();
    await signIn(page, server.baseUrl, 'disp1', 'disp1-password');
    expect(await page.locator('header.top .user-role').textContent()).toBe('диспетчер');
    await page.getByRole('link', { name: 'Нове звернення' }).first().click();
    const water = await Category.findOne({ where: { code: 'cold-water-none' } });

    // Sent empty: the form says what is missing, next to the fields.
    await page.getByRole('button', { name: 'Зареєструвати' }).click();
    await page.locator('.field[data-field="address"] .field-error:not([hidden])').waitFor();

    await page.getByLabel('Телефон заявника').fill('050 123 45 67');
    await page.getByLabel('Ім’я заявника').fill('Оксана Коваль');
    await page.getByLabel('Категорія').selectOption(String(water!.id));
    await page.getByLabel('Адреса проблеми').fill('вулиця Шевченка, 12, кв. 5');
    await page.getByLabel('Опис').fill('Третю добу немає холодної води у під’їзді');
    await screenshot(page, 'console-appeal-form');
    await page.getByRole('button', { name: 'Зареєструвати' }).click();

    const number = (await page.locator('.result-number').textContent())!;
    expect(number).toMatch(/^\d{4}-\d{6}$/);
    expect(await page.locator('.result-executor').textContent()).not.toBe('');
    expect(await page.locator('.result-deadline').textContent()).toMatch(/\d{2}\.\d{2}\.\d{4}/);
    await screenshot(page, 'console-appeal-registered');

    await page.getByRole('link', { name: 'До переліку' }).click();
    const row = page.locator('table.appeals tbody tr', { hasText: number });
    await row.waitFor();
    expect(await row.textContent()).toContain('вулиця Шевченка, 12');

    // Free-text search narrows the list.
    await page.getByLabel('Пошук').fill('Шевченка, 12');
    await page.getByRole('button', { name: 'Знайти' }).click();
    await page.getByText('Знайдено: 1').waitFor();
    await screenshot(page, 'console-appeals-list');

    // The appeal's page: history and the moves a dispatcher has.
    await row.getByRole('link', { name: number }).click();
    await page.getByRole('heading', { name: `Звернення ${number}` }).waitFor();
    expect(await page.locator('ol.history li').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.moves button[data-move="reject"]').count()).toBe(1);
    await page.close();
  });

  test('an appeal whose text is HTML shows that HTML as text', async () => {
    const res = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
      phone: '0671234567', applicantName: '<b>Іван</b>', categoryCode: 'cold-water-none', address: 'вул. <i>Лесі</i> Українки, 3', description: HTML_TEXT,
    });
    expect(res.status).toBe(201);
    const page = await browser.page();
    await signIn(page, server.baseUrl, 'disp1', 'disp1-password');
    const row = page.locator('table.appeals tbody tr', { hasText: res.body.number });
    await row.waitFor();
    expect(await row.locator('.description').textContent()).toBe(HTML_TEXT);
    expect(await row.locator('.address-text').textContent()).toBe('вул. <i>Лесі</i> Українки, 3');
    expect(await page.locator('#app img, #app b, #app i').count()).toBe(0);

    await row.getByRole('link', { name: res.body.number }).click();
    const description = page.locator('.appeal-page dd.description');
    await description.waitFor();
    expect(await description.textContent()).toBe(HTML_TEXT);
    expect(await page.getByText('<b>Іван</b>').count()).toBe(1);
    expect(await page.locator('#app img, #app b, #app i').count()).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(browser.dialogs).toEqual([]);
    await page.close();
  });

  test('an executor sees only their organization\'s appeals and reports the result', async () => {
    const api = http(server.baseUrl, staff.dispatcher);
    const other = (await Category.findAll({ where: { active: true } })).find((c) => c.defaultExecutorId && c.defaultExecutorId !== staff.waterOrgId)!;
    const mine = await api.post('/api/appeals', { phone: '0501112233', categoryCode: 'cold-water-none', address: 'вул. Водопровідна, 1', description: 'Немає води, executor test' });
    const theirs = await api.post('/api/appeals', { phone: '0501112233', categoryId: other.id, address: 'вул. Інша, 2', description: 'Чуже звернення, executor test' });
    expect([mine.status, theirs.status]).toEqual([201, 201]);

    const page = await browser.page();
    await signIn(page, server.baseUrl, 'water1', 'water1-password');
    expect(await page.locator('header.top .user-role').textContent()).toBe('виконавець');
    await page.getByRole('heading', { name: 'Звернення вашої організації' }).waitFor();
    await page.locator('table.appeals tbody tr', { hasText: mine.body.number }).waitFor();
    const numbers = await page.locator('table.appeals tbody tr td.number a').allTextContents();
    expect(numbers).toContain(mine.body.number);
    expect(numbers).not.toContain(theirs.body.number);
    const executors = new Set(await page.locator('table.appeals tbody tr .executor').allTextContents());
    expect(executors.size).toBe(1);
    // Executors register nothing and take no calls.
    expect(await page.getByRole('link', { name: 'Нове звернення' }).count()).toBe(0);
    expect(await page.locator('.presence').count()).toBe(0);

    // Another organization's appeal is not found, even by its address.
    await page.goto(`${server.baseUrl}/#/appeals/${theirs.body.id}`);
    await page.locator('.appeal-page .form-error').waitFor();

    // Their own: take it into work, then report it done with the result.
    await page.goto(`${server.baseUrl}/#/appeals/${mine.body.id}`);
    await page.locator('.moves button[data-move="start"]').click();
    await page.locator('form.move-form[data-move="start"] button[type="submit"]').click();
    await page.locator('.appeal-page .badge.status-in_progress').waitFor();
    await page.locator('.moves button[data-move="complete"]').click();
    await page.locator('form.move-form[data-move="complete"] button[type="submit"]').click();
    await page.locator('.field[data-field="result"] .field-error:not([hidden])').waitFor();
    await page.getByLabel('Що зроблено (результат)').fill('Замінено засувку, тиск відновлено');
    await page.locator('form.move-form[data-move="complete"] button[type="submit"]').click();
    await page.locator('.appeal-page .badge.status-done').waitFor();
    expect(await page.locator('.appeal-page').textContent()).toContain('Замінено засувку');
    expect(await page.locator('.moves button[data-move="confirm"]').count()).toBe(0);
    await screenshot(page, 'console-executor-appeal');
    await page.close();
  });

  test('the dark theme for the night shift is one click and is remembered', async () => {
    const page = await browser.page();
    await signIn(page, server.baseUrl, 'disp1', 'disp1-password');
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const before = await theme();
    await page.getByRole('button', { name: 'Змінити тему (світла/темна)' }).click();
    const after = await theme();
    expect(after).not.toBe(before);
    await page.locator('table.appeals tbody tr').first().waitFor();
    if (after === 'dark') await screenshot(page, 'console-appeals-list-dark');
    await page.reload();
    await page.locator('header.top .user-name').waitFor();
    expect(await theme()).toBe(after);
    await page.close();
  });

  test('the cut-offs screen says where the list comes from', async () => {
    const page = await browser.page();
    await signIn(page, server.baseUrl, 'disp1', 'disp1-password');
    await page.getByRole('link', { name: 'Відключення' }).click();
    await page.getByRole('heading', { name: 'Відключення' }).waitFor();
    await page.locator('.outages-page table, .outages-page .notice, .outages-page p.muted:not(:has-text("Завантаження"))').first().waitFor();
    await page.close();
  });

  test('no page threw an error', () => {
    const real = browser.errors.filter((e) => !/401|404|Failed to load resource/.test(e));
    expect(real).toEqual([]);
    expect(fs.existsSync(require('node:path').join(__dirname, '..', '..', 'test-artifacts', 'console-appeals-list.png'))).toBe(true);
  });
});
