import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, TestServer, Staff } from '../support/test-server';
import { Appeal, Verification } from '../../models';
import { launchBrowser, signIn, Browser } from '../console/browser';
import { completedAppeal, appealStatus } from './verification-helpers';

/** The console's panel of residents the verification call could not reach, in a real browser. */
const [sqlite] = testDatabases();

describe('the not-reached verifications panel in the console', () => {
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

  test('a dispatcher sees who was not reached and records that the work was done', async () => {
    const appeal = await completedAppeal(server, staff, '0505550001', { fullName: 'Ганна Коваль' });
    const v = await Verification.findOne({ where: { appealId: appeal.id } });
    await v!.update({ status: 'not_reached', reason: 'max_attempts', attempts: 3, lastResult: 'busy' });
    const page = await browser.page();
    await signIn(page, server.baseUrl, 'disp1', 'disp1-password');
    await page.goto(`${server.baseUrl}/#/calls`);
    const panel = page.getByRole('region', { name: 'Контроль виконання: не вдалося додзвонитися' });
    const row = panel.locator('tbody tr', { hasText: appeal.number });
    await row.waitFor();
    expect(await row.textContent()).toContain('Ганна Коваль');
    expect(await row.textContent()).toContain('вичерпано спроби дзвінка');
    expect(await row.textContent()).toContain('зайнято');
    await row.getByRole('textbox').fill('Заявник підтвердив: вода є');
    await row.getByRole('button', { name: 'Виконано', exact: true }).click();
    await panel.getByText('Усіх заявників опитано.').waitFor();
    expect(await appealStatus(appeal.id)).toBe('confirmed');
    expect((await Verification.findByPk(v!.id))!.status).toBe('resolved_by_hand');
    expect((await Appeal.findByPk(appeal.id))!.closedAt).not.toBeNull();
    await page.close();
  });
});
