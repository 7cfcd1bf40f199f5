import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, TestServer } from '../support/test-server';
import { Call, CallbackTask } from '../../models';
import { launchBrowser, screenshot, signIn, Browser } from '../console/browser';

/** The console's «Пропущені дзвінки — передзвонити» panel in a real browser (SQLite, like the console suite). */
const [sqlite] = testDatabases();

describe('the callback panel in the console', () => {
  let server: TestServer;
  let browser: Browser;
  let seq = 0;

  beforeAll(async () => {
    server = await startTestServer(sqlite!);
    await signInStaff(server);
    browser = await launchBrowser();
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const abandoned = async (phone: string) => {
    const startedAt = new Date(server.clock.now().getTime() - 5 * 60_000);
    await Call.create({
      uniqueid: `console-cb-${++seq}`, linkedid: null, direction: 'inbound', callerNumber: phone, calledNumber: null,
      startedAt, endedAt: new Date(startedAt.getTime() + 60_000), disposition: 'abandoned', waitSeconds: 45,
    } as never);
    const outcome = await server.kontakt.jobs.scheduler.runNow('abandoned-calls');
    expect(outcome.ran).toBe(true);
  };

  test('a dispatcher sees callers to call back, gets new ones live, and closes one', async () => {
    await abandoned('+380501110201');
    const page = await browser.page();
    await signIn(page, server.baseUrl, 'disp1', 'disp1-password');
    await page.goto(`${server.baseUrl}/#/calls`);
    const panel = page.locator('section.callback-tasks');
    await panel.getByText('+380 50 111 02 01').waitFor();
    // A new abandoned call arrives while the page is open: the socket push reloads the list.
    await abandoned('+380501110202');
    await panel.getByText('+380 50 111 02 02').waitFor();
    await screenshot(page, 'console-callback-tasks');

    const first = panel.locator('tr', { hasText: '+380 50 111 02 01' });
    await first.getByLabel(/Примітка/).fill('Передзвонила, зареєстровано звернення');
    await first.getByRole('button', { name: 'Передзвонили' }).click();
    await first.waitFor({ state: 'detached' });
    const task = await CallbackTask.findOne({ where: { phone: '+380501110201' } });
    expect(task).toMatchObject({ status: 'done', note: 'Передзвонила, зареєстровано звернення' });
    // Cancelling needs a note: the refusal is shown in the row, and the task stays open.
    const second = panel.locator('tr', { hasText: '+380 50 111 02 02' });
    await second.getByRole('button', { name: 'Не потрібно' }).click();
    await second.getByText('Вкажіть, чому передзвонювати не треба').waitFor();
    expect((await CallbackTask.findOne({ where: { phone: '+380501110202' } }))!.status).toBe('open');
    // Script errors only: the refused close is an expected 400 in the network log.
    expect(browser.errors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
    await page.close();
  });
});
