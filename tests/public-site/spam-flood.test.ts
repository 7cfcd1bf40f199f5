import { testDatabases } from '../support/databases';
import { startTestServer, TestServer } from '../support/test-server';
import { Appeal, PublicFormNonce } from '../../models';
import { leadingZeroBits, sha256 } from '../../public-site/spam-guard';
import { siteClient, hidden, GOOD_FILING } from './site-client';

/**
 * Scripted floods against the filing form: each fence (honeypot, proof of work, per-address rate
 * limit) refuses on its own with a message a person can read, and nothing is filed. Behind a
 * trusted proxy, so each test's script comes from its own address.
 */
describe.each(testDatabases())('a scripted flood on $name', (db) => {
  let server: TestServer;
  const LIMIT = 5;
  beforeAll(async () => {
    server = await startTestServer(db, { PUBLIC_SITE_RATE_LIMIT_PER_HOUR: String(LIMIT), TRUST_PROXY: 'true', PUBLIC_SITE_NOJS_DELAY_SECONDS: '20' });
  }, 60000);
  afterAll(() => server?.close());
  const from = (address: string) => siteClient(server.baseUrl, { 'x-forwarded-for': address });
  const phone = (i: number) => `050 300 ${String(10 + Math.floor(i / 100)).padStart(2, '0')} ${String(i % 100).padStart(2, '0')}`;

  test('the honeypot: forms with the hidden field filled are refused, even with a valid proof of work', async () => {
    const bot = from('10.0.0.1');
    const before = await Appeal.count();
    for (let i = 0; i < 3; i++) {
      const res = await bot.file({ ...GOOD_FILING, phone: phone(i) }, { pow: true, honeypot: 'https://spam.example' });
      expect(res.status).toBe(400);
      expect(res.html).toContain('заповнено приховане поле');
    }
    expect(await Appeal.count()).toBe(before);
  });

  test('the proof of work: forms sent at once without it, with a wrong one, or without the challenge are refused', async () => {
    const bot = from('10.0.0.2');
    const before = await Appeal.count();
    for (let i = 0; i < 2; i++) {
      const res = await bot.file({ ...GOOD_FILING, phone: phone(10 + i) });
      expect(res.status).toBe(400);
      expect(res.html).toContain('Форму надіслано надто швидко');
    }
    const form = await bot.get('/misto/zvernennia');
    const challenge = hidden(form.html, 'challenge');
    let wrong = 0;
    while (leadingZeroBits(sha256(`${challenge}:${wrong}`)) >= 16) wrong++;
    const bad = await bot.file({ ...GOOD_FILING, phone: phone(12) }, { challenge, pow: String(wrong) });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Перевірка браузера не пройдена');
    const forged = await bot.file({ ...GOOD_FILING, phone: phone(13) }, { challenge: `${Date.now()}.abcdef.0.forged`, pow: '0' });
    expect(forged.status).toBe(400);
    expect(forged.html).toContain('без перевірочного коду');
    // A script asking for JSON gets the same refusal as problem+json.
    const json = await fetch(`${server.baseUrl}/misto/zvernennia`, { method: 'POST', headers: { accept: 'application/json', 'x-forwarded-for': '10.0.0.2' }, body: new FormData() });
    expect([json.status, (await json.json()).code]).toEqual([403, 'csrf_cookie_missing']);
    expect(await Appeal.count()).toBe(before);
    // Nothing was spent for the refused forms.
    expect(await PublicFormNonce.count()).toBe(0);
  });

  test('the rate limit: a script that solves every proof of work files only the hourly limit from one address', async () => {
    const bot = from('10.0.0.3');
    const before = await Appeal.count();
    const statuses: number[] = [];
    let refusal = '';
    for (let i = 0; i < LIMIT + 3; i++) {
      const res = await bot.file({ ...GOOD_FILING, phone: phone(20 + i) }, { pow: true });
      statuses.push(res.status);
      if (res.status === 429) refusal = res.html;
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(201), 429, 429, 429]);
    expect(refusal).toContain('Забагато звернень і доповнень з вашої адреси');
    expect(await Appeal.count()).toBe(before + LIMIT);
    // A neighbour behind another address still files.
    expect((await from('10.0.0.4').file({ ...GOOD_FILING, phone: phone(40) }, { pow: true })).status).toBe(201);
  });
});
