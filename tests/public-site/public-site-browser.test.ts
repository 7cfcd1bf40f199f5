import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { ARTIFACTS, CHROMIUM, signIn } from '../console/browser';
import { Appeal, AppealEvent, AppealPhoto, AuditLog, Verification } from '../../models';
import { phonePhoto } from './site-client';

/**
 * The residents' site in Debian's Chromium at a phone's size (390×844) and a desktop's
 * (1366×768): filing with a photo, following by the private link and by number and digits, a
 * comment, the verification answered online, a cut-off found by street; the same filing with
 * JavaScript turned off; axe-core on every page; the first load's weight.
 */
const [sqlite] = testDatabases();
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// The README's pictures (docs/screenshots/) are copies of these.
const SCREENSHOTS = ARTIFACTS;
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1366, height: 768 },
] as const;

describe('the residents’ site in Chromium', () => {
  let server: TestServer;
  let staff: Staff;
  let browser: Browser;
  const errors: string[] = [];
  /** Every page axe looked at, with what it found (serious and critical only). */
  const checked: Array<{ url: string; violations: string[] }> = [];
  let photo: Buffer;

  beforeAll(async () => {
    server = await startTestServer(sqlite!, { PUBLIC_SITE_POW_BITS: '12', PUBLIC_SITE_NOJS_DELAY_SECONDS: '5', PUBLIC_SITE_RATE_LIMIT_PER_HOUR: '100' });
    staff = await signInStaff(server);
    const now = server.clock.now().getTime();
    const outage = await http(server.baseUrl, staff.dispatcher).post('/api/outages', {
      utility: 'hot_water', kind: 'planned', area: { streets: [{ name: 'вулиця Шевченка', buildings: '1–30' }] },
      startsAt: new Date(now + 3600_000).toISOString(), endsAt: new Date(now + 8 * 3600_000).toISOString(), reason: 'Заміна засувок на тепломережі', executorId: staff.waterOrgId,
    });
    expect(outage.status).toBe(201);
    photo = await phonePhoto(1200, 900);
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 90000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const context = async (viewport: { width: number; height: number }, javaScriptEnabled = true): Promise<BrowserContext> => {
    const ctx = await browser.newContext({ viewport, javaScriptEnabled, locale: 'uk-UA', timezoneId: 'Europe/Kyiv' });
    ctx.on('page', (p) => {
      p.on('pageerror', (e) => errors.push(e.message));
      p.on('console', (m) => {
        if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
      });
    });
    return ctx;
  };

  /** axe-core in the page itself; only serious and critical violations fail. */
  const axe = async (page: Page) => {
    await page.evaluate(AXE);
    const result = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<{ passes: unknown[]; violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      });
      return { passed: r.passes.length, serious: r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`) };
    });
    checked.push({ url: page.url(), violations: result.serious });
    // The rules really ran on the page (labels, contrast, landmarks…), and none serious failed.
    expect(result.passed).toBeGreaterThan(10);
    expect([page.url(), result.serious]).toEqual([page.url(), []]);
  };

  const site = (p: string) => `${server.baseUrl}/misto${p}`;

  describe.each(VIEWPORTS)('at $width×$height', (viewport) => {
    let ctx: BrowserContext;
    let page: Page;
    let number = '';
    let link = '';
    const phone = viewport.width === 390 ? '050 390 84 40' : '050 136 67 68';

    beforeAll(async () => {
      ctx = await context(viewport);
      page = await ctx.newPage();
    });
    afterAll(() => ctx?.close());

    test('the home page tells what to do in danger, and the first load is small', async () => {
      await page.goto(site('/'));
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Контакт-центр міста');
      await expect(page.locator('.emergency').textContent()).resolves.toMatch(/101[\s\S]*102[\s\S]*103[\s\S]*104/);
      // No horizontal scrolling on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await axe(page);
      // The heaviest page, first visit in a fresh context: everything it transfers, compressed.
      const fresh = await context(viewport);
      const p = await fresh.newPage();
      await p.goto(site('/zvernennia'), { waitUntil: 'load' });
      const bytes = await p.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        // Files the page's markup asks for. The browser's own favicon request ('other') and what the
        // script fetches afterwards may or may not have come by 'load': they count in the bytes only.
        const files = res.filter((r) => r.initiatorType === 'link' || r.initiatorType === 'script' || r.initiatorType === 'img' || r.initiatorType === 'css').length + 1;
        return { total: nav.transferSize + res.reduce((s, r) => s + r.transferSize, 0), files };
      });
      expect(bytes.files).toBe(3);
      expect(bytes.total).toBeGreaterThan(3000);
      expect(bytes.total).toBeLessThan(60 * 1024);
      await fresh.close();
    });

    test('files an appeal with a photo, choosing the problem by plain words', async () => {
      await page.goto(site('/zvernennia'));
      await axe(page);
      await page.getByLabel(/Опишіть кількома словами/).fill('немає води');
      await page.locator('#search-results').getByRole('button', { name: 'Відсутнє холодне водопостачання' }).click();
      await expect(page.getByLabel('Категорія').inputValue()).resolves.toBe('cold-water-none');
      await page.getByLabel('Опис').fill('Немає холодної води з учорашнього вечора');
      await page.getByLabel('Вулиця').fill('вулиця Шевченка');
      await page.getByLabel('Будинок').fill('12');
      await page.getByLabel('Квартира').fill('7');
      await page.getByLabel(/До 3 фото/).setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo });
      await page.getByLabel('Ім’я').fill('Марія Бондар');
      await page.getByRole('textbox', { name: /^Телефон/ }).fill(phone);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      if (viewport.width === 390) {
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, 'public-site-filing-390.png'), fullPage: true });
      }
      await page.getByRole('button', { name: 'Надіслати звернення' }).click();
      await page.getByRole('heading', { name: 'Звернення прийнято' }).waitFor();
      await axe(page);
      number = (await page.locator('dd.number').textContent())!;
      link = (await page.locator('a.private-link').getAttribute('href'))!;
      const appeal = (await Appeal.findOne({ where: { number } }))!;
      expect([appeal.channel, appeal.status, appeal.executorId]).toEqual(['web', 'assigned', staff.waterOrgId]);
      expect(await AppealPhoto.count({ where: { appealId: appeal.id } })).toBe(1);
      await expect(page.locator('dd.executor').textContent()).resolves.not.toBe('');
    });

    test('a dispatcher sees the resident’s photo in the console’s appeal page, and the read is audited', async () => {
      const appeal = (await Appeal.findOne({ where: { number } }))!;
      const before = await AuditLog.count({ where: { action: 'read_photo' } });
      const staffCtx = await context(viewport);
      const console = await staffCtx.newPage();
      await signIn(console, server.baseUrl, 'disp1', 'disp1-password');
      await console.goto(`${server.baseUrl}/#/appeals/${appeal.id}`);
      const img = console.locator('.appeal-photos img');
      await img.waitFor();
      expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1200);
      await expect(console.locator('.appeal-photos').textContent()).resolves.toContain('Від заявника');
      expect(await AuditLog.count({ where: { action: 'read_photo' } })).toBe(before + 1);
      await staffCtx.close();
    });

    test('follows it by the private link and adds a comment', async () => {
      await page.goto(link);
      await expect(page.locator('dd.status').textContent()).resolves.toBe('передано виконавцю');
      const img = page.locator('ul.photos img');
      await img.waitFor();
      expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1200);
      await axe(page);
      await page.getByLabel('Коментар').fill('Вода пішла іржава на кілька хвилин і знову зникла');
      await page.getByRole('button', { name: 'Надіслати' }).click();
      await page.getByText('Дякуємо, доповнення додано до звернення.').waitFor();
      await expect(page.locator('ol.history').textContent()).resolves.toContain('Вода пішла іржава');
      const appeal = (await Appeal.findOne({ where: { number } }))!;
      expect(await AppealEvent.count({ where: { appealId: appeal.id, type: 'applicant_comment' } })).toBe(1);
    });

    test('follows it by number and the last four digits', async () => {
      await page.goto(site('/stezhyty'));
      await axe(page);
      await page.getByLabel('Номер звернення').fill(number);
      await page.getByLabel('Чотири останні цифри телефону').fill(phone.replace(/\D/g, '').slice(-4));
      await page.getByRole('button', { name: 'Дізнатися стан' }).click();
      await page.getByRole('heading', { name: `Звернення ${number}` }).waitFor();
      await expect(page.locator('dd.status').textContent()).resolves.toBe('передано виконавцю');
      await expect(page.locator('main').textContent()).resolves.not.toContain('Марія Бондар');
      await axe(page);
      // Wrong digits: told plainly, next to nothing.
      await page.goto(site('/stezhyty'));
      await page.getByLabel('Номер звернення').fill(number);
      await page.getByLabel('Чотири останні цифри телефону').fill('0000');
      await page.getByRole('button', { name: 'Дізнатися стан' }).click();
      await page.getByRole('alert').filter({ hasText: 'не знайдено' }).waitFor();
      await axe(page);
    });

    test('answers the verification online: «Виконано»', async () => {
      const appeal = (await Appeal.findOne({ where: { number } }))!;
      expect((await http(server.baseUrl, staff.executor).post(`/api/appeals/${appeal.id}/complete`, { result: 'Засувку замінено' })).status).toBe(200);
      for (let i = 0; i < 100 && !(await Verification.count({ where: { appealId: appeal.id } })); i++) await new Promise((r) => setTimeout(r, 20));
      await page.goto(link);
      await page.getByRole('heading', { name: /Виконавець повідомив, що проблему вирішено/ }).waitFor();
      await axe(page);
      if (viewport.width === 1366) await page.screenshot({ path: path.join(SCREENSHOTS, 'public-site-appeal-1366.png'), fullPage: true });
      await page.getByRole('button', { name: 'Виконано', exact: true }).click();
      await page.getByText('Виконання підтверджено, звернення закрито').waitFor();
      expect((await Appeal.findByPk(appeal.id))!.status).toBe('confirmed');
      expect((await Verification.findOne({ where: { appealId: appeal.id } }))!.status).toBe('confirmed');
    });

    test('finds a cut-off by street and building', async () => {
      await page.goto(site('/vidkliuchennia'));
      await axe(page);
      await page.getByLabel('Вулиця').fill('вулиця Шевченка');
      await page.getByLabel(/Будинок/).fill('12');
      await page.getByRole('button', { name: 'Перевірити' }).click();
      const found = page.locator('#at-address');
      await found.waitFor();
      await expect(found.textContent()).resolves.toContain('Планове відключення гарячого водопостачання');
      await expect(found.textContent()).resolves.toContain('Заміна засувок на тепломережі');
      await axe(page);
      await expect(page.getByRole('link', { name: 'Atom' }).getAttribute('href')).resolves.toBe('/api/public/outages.atom');
    });

    test('files the same appeal with JavaScript turned off', async () => {
      const noJs = await context(viewport, false);
      const p = await noJs.newPage();
      await p.goto(site('/zvernennia?q=немає води'));
      // The search works on the server too.
      await p.getByRole('link', { name: 'Відсутнє холодне водопостачання' }).click();
      await expect(p.getByLabel('Категорія').inputValue()).resolves.toBe('cold-water-none');
      const fill = async () => {
        await p.getByLabel('Опис').fill('Немає холодної води, пишу без JavaScript');
        await p.getByLabel('Вулиця').fill('вулиця Шевченка');
        await p.getByLabel('Будинок').fill('14');
        await p.getByLabel(/До 3 фото/).setInputFiles({ name: 'IMG_2042.jpg', mimeType: 'image/jpeg', buffer: photo });
        await p.getByRole('textbox', { name: /^Телефон/ }).fill(viewport.width === 390 ? '050 390 00 01' : '050 136 00 01');
      };
      await fill();
      // At once, with no proof of work: refused with the reason and how long to wait.
      await p.getByRole('button', { name: 'Надіслати звернення' }).click();
      await p.getByRole('alert').filter({ hasText: 'Форму надіслано надто швидко' }).waitFor();
      await expect(p.getByLabel('Опис').inputValue()).resolves.toContain('без JavaScript');
      // A person takes longer than the delay; the test moves the server's clock instead of waiting.
      server.clock.advance(6000);
      await fill();
      await p.getByRole('button', { name: 'Надіслати звернення' }).click();
      await p.getByRole('heading', { name: 'Звернення прийнято' }).waitFor();
      const filed = (await p.locator('dd.number').textContent())!;
      const appeal = (await Appeal.findOne({ where: { number: filed } }))!;
      expect(appeal.channel).toBe('web');
      expect(await AppealPhoto.count({ where: { appealId: appeal.id } })).toBe(1);
      // Following works without JavaScript as well.
      await p.locator('a.private-link').click();
      await expect(p.locator('dd.status').textContent()).resolves.toBe('передано виконавцю');
      await noJs.close();
    });
  });

  test('axe-core looked at every public page and found no serious or critical violation; no page threw', async () => {
    const kinds = new Set(checked.map((c) => new URL(c.url).pathname.replace(/\/z\/[^/]+/, '/z/:token').replace(/\d{4}-\d+/, ':n')));
    for (const p of ['/misto/', '/misto/zvernennia', '/misto/stezhyty', '/misto/z/:token', '/misto/vidkliuchennia']) expect(kinds).toContain(p);
    expect(checked.filter((c) => c.violations.length)).toEqual([]);
    // The error pages too: a missing page and an unknown link.
    const ctx = await context({ width: 390, height: 844 });
    const page = await ctx.newPage();
    await page.goto(site('/nemaie-takoi'));
    await axe(page);
    await page.goto(site(`/z/${'C'.repeat(43)}`));
    await axe(page);
    await ctx.close();
    expect(errors).toEqual([]);
  });
});
