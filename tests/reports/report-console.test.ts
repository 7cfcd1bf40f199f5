import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, ManualClock, TestServer } from '../support/test-server';
import { Appeal, Category } from '../../models';
import { launchBrowser, screenshot, signIn, Browser } from '../console/browser';

/**
 * The head's link in the console, in a real browser: yesterday's report opens in a new tab from a
 * blob: URL, under the console's Content-Security-Policy, with its charts and its stylesheet.
 */
const [sqlite] = testDatabases();
const XSS_NAME = 'Звіт <script>window.hacked=1</script> «Ї»';

describe('the report link in the console', () => {
  let server: TestServer;
  let browser: Browser;
  const messages: string[] = [];

  beforeAll(async () => {
    server = await startTestServer(sqlite, {}, new ManualClock(new Date('2026-03-04T08:00:00+02:00')));
    await signInStaff(server);
    const category = await Category.create({ code: 'rep-console', name: XSS_NAME, groupName: 'Звіти', deadlineClass: 'standard', emergency: false, defaultExecutorId: null });
    await Appeal.create({
      number: 'C-1', channel: 'phone', status: 'new', applicantId: null, categoryId: category.id, executorId: null,
      address: 'вул. Консольна, 1', description: 'Звіт', emergency: false, registeredAt: new Date('2026-03-03T10:00:00+02:00'),
      deadlineAt: new Date('2026-03-20T12:00:00Z'), originalDeadlineAt: new Date('2026-03-20T12:00:00Z'),
    });
    browser = await launchBrowser();
    browser.context.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the head opens yesterday\'s report with its charts; nothing is refused by the policy and nothing runs', async () => {
    const page = await browser.page();
    await signIn(page, server.baseUrl, 'head1', 'head1-password');
    const [tab] = await Promise.all([browser.context.waitForEvent('page'), page.getByRole('link', { name: 'Звіт за вчора' }).click()]);
    // A blob: page never reports its URL as "loaded" to playwright's waitForURL: ask the page itself.
    await tab.waitForFunction(() => location.protocol === 'blob:' && document.readyState === 'complete');
    await tab.locator('svg.chart rect').first().waitFor();
    expect(await tab.title()).toBe('Звіт контакт-центру за 03.03.2026');
    expect(await tab.locator('svg.chart').count()).toBeGreaterThanOrEqual(5);
    // The stylesheet came through (the console's policy allows its own origin's styles).
    expect(await tab.evaluate(() => getComputedStyle(document.querySelector('table')!).borderCollapse)).toBe('collapse');
    // The category name is shown as text and its script never ran.
    expect(await tab.locator('table td').filter({ hasText: XSS_NAME }).first().textContent()).toBe(XSS_NAME);
    expect(await tab.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    expect(messages.filter((m) => /Content Security Policy|Refused/i.test(m))).toEqual([]);
    // (The browser's own favicon request answers 404; the stylesheet is proven loaded above.)
    expect(browser.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    await screenshot(tab, 'report-yesterday');
    await tab.close();
    await page.close();
  });

  test('dispatchers have no such link', async () => {
    const page = await browser.page();
    await signIn(page, server.baseUrl, 'disp1', 'disp1-password');
    await page.getByRole('link', { name: 'Табло' }).waitFor();
    expect(await page.getByRole('link', { name: 'Звіт за вчора' }).count()).toBe(0);
    await page.close();
  });
});
