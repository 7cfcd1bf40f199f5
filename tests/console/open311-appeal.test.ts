import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { createOpen311Client } from '../../open311/api-keys';
import { launchBrowser, screenshot, signIn, Browser } from './browser';

/**
 * An appeal filed through Open311 in the console's appeal page: the e-mail, that there is no phone
 * (and so no verification call), the name given when the card knows another, the photo as a link
 * that opens no script, and the answers to the category's questions.
 */
const [sqlite] = testDatabases();

describe('an Open311 appeal in the console', () => {
  let server: TestServer;
  let browser: Browser;
  let apiKey: string;
  let staff: Staff;

  beforeAll(async () => {
    server = await startTestServer(sqlite);
    staff = await signInStaff(server);
    apiKey = (await createOpen311Client('Портал міста')).apiKey;
    browser = await launchBrowser();
  }, 60000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const file = async (fields: Record<string, string>) => {
    const res = await fetch(`${server.baseUrl}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: apiKey, address_string: 'вулиця Шевченка, 4', ...fields }).toString(),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { service_request_id: string }[])[0]!.service_request_id;
  };

  test('shows the e-mail, no phone, the photo link and the answers', async () => {
    const number = await file({
      service_code: 'street-light', email: 'olha@example.com', first_name: 'Ольга', last_name: 'Мельник',
      media_url: 'https://photos.example.com/light.jpg', 'attribute[light_kind]': 'street',
    });
    const page = await browser.page();
    await signIn(page, server.baseUrl, 'disp1', 'disp1-password');
    await page.goto(`${server.baseUrl}/#/appeals/${number}`);
    await page.locator('.appeal-page dd.email').waitFor();
    expect(await page.locator('.appeal-page dd.email').textContent()).toBe('olha@example.com');
    expect(await page.locator('.appeal-page dd.no-phone').textContent()).toMatch(/дзвінка контролю виконання не буде/);
    expect(await page.getByText('Мельник Ольга').count()).toBe(1);
    const link = page.locator('.appeal-page a.media-url');
    expect(await link.getAttribute('href')).toBe('https://photos.example.com/light.jpg');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await page.locator('.appeal-page dd.attribute').allTextContents()).toEqual(['Темна вся вулиця']);
    await screenshot(page, 'open311-appeal');
    // The browser's own request for /favicon.ico is a 404; no script error may appear.
    expect(browser.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    expect(browser.dialogs).toEqual([]);
    await page.close();
  });

  test('a known phone filed under a new name shows both names', async () => {
    const earlier = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
      phone: '0631112233', applicantName: 'Олена Коваль', categoryCode: 'cold-water-none', address: 'вулиця Шевченка, 8', description: 'Немає води',
    });
    expect(earlier.status).toBe(201);
    const number = await file({ service_code: 'pothole', phone: '+380631112233', first_name: 'Ґанна', last_name: 'Їжакевич' });
    const page = await browser.page();
    await signIn(page, server.baseUrl, 'disp1', 'disp1-password');
    await page.goto(`${server.baseUrl}/#/appeals/${number}`);
    await page.locator('.appeal-page dd.given-name').waitFor();
    expect(await page.locator('.appeal-page dd.given-name').textContent()).toBe('Їжакевич Ґанна (у картці заявника: Олена Коваль)');
    expect(await page.locator('.appeal-page dd.no-phone').count()).toBe(0);
    expect(browser.dialogs).toEqual([]);
    await page.close();
  });
});
