import sharp from 'sharp';
import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { openConsole, connected, Console } from '../realtime/helpers';
import { Appeal, AppealEvent, AppealPhoto, Applicant, AuditLog, Verification, WebAppeal } from '../../models';
import { readConfig } from '../../core/config';
import { computeDeadline } from '../../appeals/deadlines';
import nodeHttp from 'node:http';
import { siteClient, hidden, privateLink, appealNumber, phonePhoto, GOOD_FILING } from './site-client';

/**
 * The residents' site over real HTTP, as a browser without JavaScript (or a script) speaks to it:
 * filing an ordinary `web` appeal with photos, following it, additions, the online verification
 * answer, what is never shown, and the anti-spam fences.
 */
describe.each(testDatabases())('the residents’ site on $name', (db) => {
  let server: TestServer;
  let staff: Staff;

  beforeAll(async () => {
    server = await startTestServer(db, { PUBLIC_SITE_RATE_LIMIT_PER_HOUR: '200', PUBLIC_SITE_NOJS_DELAY_SECONDS: '15' });
    staff = await signInStaff(server);
  }, 60000);
  afterAll(() => server?.close());

  test('a filing with a photo becomes an ordinary web appeal: routed, deadlined, on the consoles at once, the photo resized and without metadata', async () => {
    const dispatcherConsole: Console = openConsole(server.baseUrl, staff.dispatcher);
    await connected(dispatcherConsole);
    const original = await phonePhoto();
    expect((await sharp(original).metadata()).exif).toBeDefined();

    const site = siteClient(server.baseUrl);
    const filed = await site.file(GOOD_FILING, { pow: true, photos: [{ name: 'IMG_0001.jpg', data: original }] });
    expect(filed.status).toBe(201);
    const number = appealNumber(filed.html);
    const appeal = (await Appeal.findOne({ where: { number } }))!;
    expect(appeal.channel).toBe('web');
    expect(appeal.status).toBe('assigned');
    expect(appeal.executorId).toBe(staff.waterOrgId);
    expect(appeal.address).toBe('вулиця Шевченка, 12, під’їзд 2, кв. 5');
    // The category's legal term, computed by the domain's own rule.
    expect(appeal.deadlineAt).toEqual(computeDeadline(appeal.registeredAt, 'short', { timeZone: 'Europe/Kyiv', emergencyHours: 24 }));
    expect(filed.html).toContain(appeal.deadlineAt.getUTCFullYear().toString());
    const event = await dispatcherConsole.next('appeal:changed', (e) => e.appealId === appeal.id);
    expect(event.number).toBe(number);
    dispatcherConsole.close();

    const history = await AppealEvent.findAll({ where: { appealId: appeal.id } });
    expect(history.find((e) => e.type === 'registered')!.actor).toBe('web');
    const applicant = (await Applicant.findByPk(appeal.applicantId!))!;
    expect(applicant.phone).toBe('+380501234567');
    expect(applicant.consentToCalls).toBe(true);
    expect((await WebAppeal.findByPk(appeal.id))!.email).toBe('oksana@example.com');

    const [photo] = await AppealPhoto.findAll({ where: { appealId: appeal.id } });
    const meta = await sharp(photo!.content).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1600, 1200]);
    expect(meta.exif).toBeUndefined();
    expect(photo!.content.includes('Oksana Secret-Author')).toBe(false);

    // The private link is shown once; only its hash is kept.
    const link = privateLink(filed.html);
    const token = link.split('/z/')[1]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await WebAppeal.findByPk(appeal.id))!.tokenHash).not.toContain(token);
  });

  test('the private link shows the appeal and its photos, lets the resident add a comment and a photo while it is open', async () => {
    const site = siteClient(server.baseUrl);
    const filed = await site.file({ ...GOOD_FILING, phone: '067 555 00 11', category: 'pothole', street: 'проспект Незалежності', building: '3', entrance: '', flat: '' }, { pow: true, photos: [{ name: 'a.jpg', data: await phonePhoto(800, 600) }] });
    const link = new URL(privateLink(filed.html));
    const page = await site.get(link.pathname);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.html).toContain('Вибоїни на дорозі');
    const photoPath = /<img src="([^"]+)"/.exec(page.html)![1]!;
    const photo = await fetch(server.baseUrl + photoPath);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');

    const added = await site.postMultipart(link.pathname, `${link.pathname}/dopovnennia`, { comment: 'Яма стала глибшою після дощу' }, [{ name: 'b.jpg', data: await phonePhoto(640, 480) }]);
    expect(added.status).toBe(303);
    const after = await site.get(added.headers.get('location')!);
    expect(after.html).toContain('Дякуємо, доповнення додано');
    expect(after.html).toContain('Яма стала глибшою після дощу');
    const appeal = (await Appeal.findOne({ where: { number: appealNumber(filed.html) } }))!;
    expect(await AppealPhoto.count({ where: { appealId: appeal.id } })).toBe(2);
    const line = await AppealEvent.findOne({ where: { appealId: appeal.id, type: 'applicant_comment' } });
    expect(line!.actor).toBe('web');
    expect(line!.comment).toContain('Яма стала глибшою');

    // Two more photos would make four: refused, nothing stored.
    const tooMany = await site.postMultipart(link.pathname, `${link.pathname}/dopovnennia`, { comment: '' }, [{ name: 'c.jpg', data: await phonePhoto(100, 100) }, { name: 'd.jpg', data: await phonePhoto(100, 100) }]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.html).toContain('Можна додати ще 1 фото');
    expect(await AppealPhoto.count({ where: { appealId: appeal.id } })).toBe(2);
    // Not a photo at all.
    const notPhoto = await site.postMultipart(link.pathname, `${link.pathname}/dopovnennia`, { comment: '' }, [{ name: 'x.jpg', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') }]);
    expect(notPhoto.status).toBe(400);
    expect(notPhoto.html).toContain('не схожий на фотографію');
  });

  test('following by number and the last four digits shows status, executor, deadline and public history, and nothing personal', async () => {
    const site = siteClient(server.baseUrl);
    const filed = await site.file({ ...GOOD_FILING, phone: '063 777 12 34', name: 'Петро Приватний', description: 'Опис, який бачать лише працівники' }, { pow: true });
    const number = appealNumber(filed.html);
    const appeal = (await Appeal.findOne({ where: { number } }))!;
    await http(server.baseUrl, staff.executor).post(`/api/appeals/${appeal.id}/progress`, { comment: 'Бригада Іваненка виїхала, тел. 0671112233' });

    const page = await site.post('/misto/stezhyty', '/misto/stezhyty', { number, phoneLast4: '1234' });
    expect(page.status).toBe(200);
    expect(page.html).toContain(number);
    expect(page.html).toContain('передано виконавцю');
    expect(page.html).toContain('Виконавець повідомив про хід робіт');
    for (const secret of ['Петро Приватний', '063', '777 12 34', 'Опис, який бачать', 'Шевченка', 'Іваненка', '0671112233']) expect(page.html).not.toContain(secret);

    // A wrong pair and an unknown number answer alike.
    const wrong = await site.post('/misto/stezhyty', '/misto/stezhyty', { number, phoneLast4: '0000' });
    const unknown = await site.post('/misto/stezhyty', '/misto/stezhyty', { number: '2026-999999', phoneLast4: '1234' });
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    const message = (html: string) => /<div class="error-summary"[\s\S]*?<p>([^<]+)<\/p>/.exec(html)![1];
    expect(message(wrong.html)).toBe(message(unknown.html));
    // Malformed input is a clear 400.
    const bad = await site.post('/misto/stezhyty', '/misto/stezhyty', { number: 'abc', phoneLast4: '12' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Номер звернення має вигляд 2026-000123');
  });

  test('the resident answers the verification online through the same moves as keys 1 and 2', async () => {
    const site = siteClient(server.baseUrl);
    const answer = async (choice: 'confirmed' | 'returned') => {
      const filed = await site.file({ ...GOOD_FILING, phone: choice === 'confirmed' ? '050 000 11 22' : '050 000 33 44' }, { pow: true });
      const link = new URL(privateLink(filed.html)).pathname;
      const appeal = (await Appeal.findOne({ where: { number: appealNumber(filed.html) } }))!;
      // Not done yet: no buttons, and a forced answer is refused (409), nothing moves.
      expect((await site.get(link)).html).not.toContain('value="confirmed"');
      const early = await site.post(link, `${link}/pidtverdzhennia`, { choice });
      expect(early.status).toBe(409);
      expect((await Appeal.findByPk(appeal.id))!.status).toBe('assigned');

      expect((await http(server.baseUrl, staff.executor).post(`/api/appeals/${appeal.id}/complete`, { result: 'Відновлено' })).status).toBe(200);
      await waitFor(async () => (await Verification.count({ where: { appealId: appeal.id } })) === 1);
      const page = await site.get(link);
      expect(page.html).toContain('Виконавець повідомив, що проблему вирішено');
      const res = await site.post(link, `${link}/pidtverdzhennia`, { choice });
      expect(res.status).toBe(303);
      const shown = await site.get(res.headers.get('location')!);
      return { appeal: (await Appeal.findByPk(appeal.id))!, v: (await Verification.findOne({ where: { appealId: appeal.id } }))!, shown, link };
    };
    const yes = await answer('confirmed');
    expect(yes.appeal.status).toBe('confirmed');
    expect([yes.v.status, yes.v.reason]).toEqual(['confirmed', 'web']);
    expect(yes.shown.html).toContain('Виконання підтверджено');
    const confirmLine = await AppealEvent.findOne({ where: { appealId: yes.appeal.id, toStatus: 'confirmed' } });
    expect(confirmLine!.actor).toBe('verification-web');
    // Answered once: a second answer is refused.
    expect((await site.post('/misto/stezhyty', `${yes.link}/pidtverdzhennia`, { choice: 'returned' })).status).toBe(409);

    const no = await answer('returned');
    expect(no.appeal.status).toBe('returned');
    expect([no.v.status, no.v.reason]).toEqual(['returned', 'web']);
    expect(no.shown.html).toContain('повернуто виконавцю');
  });

  test('photos reach staff who handle the appeal, audited; nobody else', async () => {
    const site = siteClient(server.baseUrl);
    const filed = await site.file({ ...GOOD_FILING, phone: '066 123 00 99' }, { pow: true, photos: [{ name: 'p.jpg', data: await phonePhoto(300, 200) }] });
    const appeal = (await Appeal.findOne({ where: { number: appealNumber(filed.html) } }))!;
    const list = await http(server.baseUrl, staff.dispatcher).get(`/api/appeals/${appeal.id}/photos`);
    expect(list.status).toBe(200);
    expect(list.body.email).toBe('oksana@example.com');
    expect(list.body.items).toHaveLength(1);
    const url = list.body.items[0].url;
    const before = await AuditLog.count({ where: { action: 'read_photo' } });
    const img = await fetch(server.baseUrl + url, { headers: { authorization: `Bearer ${staff.executor}` } });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    expect(await AuditLog.count({ where: { action: 'read_photo' } })).toBe(before + 1);
    expect((await fetch(server.baseUrl + url, { headers: { authorization: `Bearer ${staff.otherExecutor}` } })).status).toBe(404);
    expect((await fetch(server.baseUrl + url, { headers: { authorization: `Bearer ${staff.admin}` } })).status).toBe(403);
    expect((await fetch(server.baseUrl + url)).status).toBe(401);

    // Through the site: only with this appeal's own link.
    const other = await site.file({ ...GOOD_FILING, phone: '066 123 00 98' }, { pow: true });
    const otherLink = new URL(privateLink(other.html)).pathname;
    const photoId = list.body.items[0].id;
    expect((await fetch(`${server.baseUrl}${otherLink}/foto/${photoId}`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/misto/z/${'A'.repeat(43)}/foto/${photoId}`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/misto/z/${'A'.repeat(43)}`)).status).toBe(404);
  });

  test('no page of the site shows another resident’s personal data', async () => {
    const site = siteClient(server.baseUrl);
    await site.file({ ...GOOD_FILING, phone: '068 404 40 44', name: 'Ганна Таємна', email: 'hanna@example.com', description: 'Таємний опис Ганни' }, { pow: true });
    const stranger = siteClient(server.baseUrl);
    const pages = ['/misto/', '/misto/zvernennia', '/misto/zvernennia?q=вода', '/misto/stezhyty', '/misto/vidkliuchennia', '/misto/vidkliuchennia?vulytsia=вулиця Шевченка&budynok=12', '/misto/zvernennia/poshuk?q=вода', '/misto/static/site.js'];
    for (const p of pages) {
      const res = await stranger.get(encodeURI(p));
      expect([p, res.status]).toEqual([p, 200]);
      for (const secret of ['Ганна', 'hanna@', '068 404', '0684044044', '404 40 44', 'Таємний', 'Оксана', 'oksana@']) expect([p, res.html.includes(secret)]).toEqual([p, false]);
    }
  });

  test('the filing form refuses bad input with its reasons next to the fields, and changes nothing', async () => {
    const site = siteClient(server.baseUrl);
    const count = await Appeal.count();
    const res = await site.file({ ...GOOD_FILING, street: 'вулиця Неіснуюча', building: '9999', phone: 'дзвоніть мені', email: 'not-an-email', description: '' }, { pow: true });
    expect(res.status).toBe(400);
    for (const text of ['немає в переліку вулиць', 'не схоже на номер телефону', 'name@example.com', 'Опишіть проблему']) expect(res.html).toContain(text);
    expect(res.html).toContain('aria-invalid="true"');
    expect(res.html).toContain('role="alert"');
    // The resident's text comes back as text, in the fields.
    expect(res.html).toContain('value="вулиця Неіснуюча"');
    const tall = await site.file({ ...GOOD_FILING, building: '65' }, { pow: true });
    expect(tall.html).toContain('немає будинку № 65');
    expect(await Appeal.count()).toBe(count);
  });

  test('without JavaScript the form is taken once the no-JavaScript delay has passed', async () => {
    const site = siteClient(server.baseUrl);
    const form = await site.get('/misto/zvernennia');
    const challenge = hidden(form.html, 'challenge');
    const early = await site.file(GOOD_FILING, { challenge });
    expect(early.status).toBe(400);
    expect(early.html).toContain('Форму надіслано надто швидко');
    server.clock.advance(16_000);
    const late = await site.file({ ...GOOD_FILING, phone: '050 765 43 21' }, { challenge });
    expect(late.status).toBe(201);
    // The same challenge cannot be spent twice.
    const again = await site.file({ ...GOOD_FILING, phone: '050 765 43 22' }, { challenge, pow: true });
    expect(again.status).toBe(400);
    expect(again.html).toContain('Цю форму вже надіслано');
  });

  test('forms without the CSRF token, or from a browser without the cookie, are refused', async () => {
    const site = siteClient(server.baseUrl);
    const count = await Appeal.count();
    const forged = await site.file(GOOD_FILING, { pow: true, csrf: 'forged-token' });
    expect(forged.status).toBe(403);
    expect(forged.html).toContain('не з цього сайту');
    const form = await site.get('/misto/zvernennia');
    site.forgetCookie();
    const noCookie = await fetch(`${server.baseUrl}/misto/stezhyty`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: hidden(form.html, 'csrf'), number: '2026-000001', phoneLast4: '1234' }).toString(),
    });
    expect(noCookie.status).toBe(403);
    expect(await noCookie.text()).toContain('cookies');
    // A client asking for JSON gets problem+json.
    const json = await fetch(`${server.baseUrl}/misto/z/${'B'.repeat(43)}`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect(json.headers.get('content-type')).toContain('application/problem+json');
    expect(await Appeal.count()).toBe(count);
  });

  test('no input makes the site answer 500', async () => {
    const site = siteClient(server.baseUrl);
    const form = await site.get('/misto/zvernennia');
    const csrf = hidden(form.html, 'csrf');
    const cookie = `misto_csrf=${/misto_csrf=([^;]+)/.exec(form.headers.get('set-cookie')!)![1]}`;
    const broken = await fetch(`${server.baseUrl}/misto/zvernennia`, {
      method: 'POST', headers: { cookie, 'content-type': 'multipart/form-data; boundary=xyz' },
      body: `--xyz\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n--xyz\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\n\r\nunfinished`,
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('Форма завелика або пошкоджена');
    const longEmail = await site.file({ ...GOOD_FILING, email: `${'a'.repeat(60)}@${'b'.repeat(185)}.example.com` }, { pow: true });
    expect(longEmail.status).toBe(400);
    expect(longEmail.html).toContain('name@example.com');
    for (const path of ['/misto/static/nothing.css', '/misto/static/', '/misto/z/short', '/misto/z/x/foto/99999999999999999999', '/misto/nemaie']) {
      expect([path, (await site.get(path)).status]).toEqual([path, 404]);
    }
    for (const path of ['/misto/zvernennia?q=a&q=b&kategoriia=x&kategoriia=y', '/misto/vidkliuchennia?vulytsia=a&vulytsia=b', '/misto/zvernennia/poshuk?q[x]=1']) {
      expect([path, (await site.get(path)).status]).toEqual([path, 200]);
    }
    const huge = await fetch(`${server.baseUrl}/misto/stezhyty`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${csrf}&number=${'9'.repeat(100_000)}` });
    expect(huge.status).toBe(413);
  });

  test('cut-offs by street and building: the same outages the IVR and the feed read', async () => {
    const dispatcher = http(server.baseUrl, staff.dispatcher);
    const now = server.clock.now().getTime();
    const made = await dispatcher.post('/api/outages', {
      utility: 'cold_water', kind: 'emergency', area: { streets: [{ name: 'вулиця Шевченка', buildings: '10–20' }] },
      startsAt: new Date(now - 3600_000).toISOString(), endsAt: new Date(now + 5 * 3600_000).toISOString(), reason: 'Порив водогону', executorId: staff.waterOrgId,
    });
    expect(made.status).toBe(201);
    const site = siteClient(server.baseUrl);
    const at = await site.get(`/misto/vidkliuchennia?vulytsia=${encodeURIComponent('Шевченка')}&budynok=12`);
    expect(at.status).toBe(200);
    const block = /<div id="at-address"[\s\S]*?<\/div>/.exec(at.html)![0];
    expect(block).toContain('Аварійне відключення холодного водопостачання');
    expect(block).toContain('Порив водогону');
    const elsewhere = await site.get(`/misto/vidkliuchennia?vulytsia=${encodeURIComponent('вулиця Шевченка')}&budynok=40`);
    expect(/<div id="at-address"[\s\S]*?<\/div>/.exec(elsewhere.html)![0]).toContain('відключень немає');
    expect(at.html).toContain('href="/api/public/outages.atom"');
    const feed = await http(server.baseUrl).get('/api/public/outages');
    expect(feed.body.items.map((o: { id: number }) => o.id)).toContain(made.body.id);
    const unknown = await site.get(`/misto/vidkliuchennia?vulytsia=${encodeURIComponent('вулиця Марсіанська')}`);
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('немає в переліку вулиць');
  });

  test('every page says to call the hotline and 101–104 in danger, with no third-party resources', async () => {
    const site = siteClient(server.baseUrl);
    for (const p of ['/misto/', '/misto/zvernennia', '/misto/stezhyty', '/misto/vidkliuchennia']) {
      const res = await site.get(p);
      for (const n of ['tel:101', 'tel:102', 'tel:103', 'tel:104', 'tel:1580']) expect(res.html).toContain(n);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.html).not.toMatch(/(src|href)="https?:\/\//);
    }
  });
});

describe('the site on its own host name', () => {
  const [sqlite] = testDatabases();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(sqlite!, { PUBLIC_SITE_HOST: 'misto.example.ua' });
  }, 60000);
  afterAll(() => server?.close());

  test('answers at the root of its host, without the console; /misto/ stays on the staff address', async () => {
    const home = await onHost(server.baseUrl, '/');
    expect(home.status).toBe(200);
    const html = home.text;
    expect(html).toContain('href="/zvernennia"');
    expect(html).toContain('href="/static/site.css"');
    expect((await onHost(server.baseUrl, '/static/site.css')).status).toBe(200);
    expect((await onHost(server.baseUrl, '/js/main.js')).status).toBe(404);
    expect((await onHost(server.baseUrl, '/api/public/outages.atom')).status).toBe(200);
    const staffHome = await fetch(`${server.baseUrl}/`);
    expect(await staffHome.text()).toContain('консоль диспетчера');
    expect((await fetch(`${server.baseUrl}/misto/`)).status).toBe(200);
  });

  test('the host name is validated at start', () => {
    expect(() => readConfig({ PUBLIC_SITE_HOST: 'https://misto.example.ua' })).toThrow(/PUBLIC_SITE_HOST/);
    expect(() => readConfig({ PUBLIC_SITE_HOST: 'misto.example.ua:8080' })).toThrow(/PUBLIC_SITE_HOST/);
    expect(readConfig({ PUBLIC_SITE_HOST: 'Misto.Example.UA' }).PUBLIC_SITE_HOST).toBe('misto.example.ua');
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A request with another Host header (fetch does not let one set it). */
function onHost(baseUrl: string, path: string): Promise<{ status: number; text: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = nodeHttp.request({ host: url.hostname, port: url.port, path, headers: { host: 'misto.example.ua' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}
