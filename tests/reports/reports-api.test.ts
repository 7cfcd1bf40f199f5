import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { Appeal, Category, Organization, Report, User } from '../../models';
import { systemActor } from '../../appeals/actor';
import { buildSeed, insertSeed, Seed, SeedAppeal } from './seed';
import { comparable, expectedFigures, SeedNames } from './expected';
import { readCsv } from './csv-reader';

const XSS_NAME = 'Тест <script>alert("x")</script>; «Ї» & ґ';
const LATER = '2026-03-10T09:00:00+02:00';

describe.each(testDatabases().map((d) => [d.name, d]))('reports on %s', (_name, db) => {
  let server: TestServer;
  let staff: Staff;
  let seed: Seed;
  let names: SeedNames;

  const head = () => http(server.baseUrl, staff.head);
  const raw = (path: string, token = staff.head) => fetch(server.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    server = await startTestServer(db);
    staff = await signInStaff(server);
    const category = (code: string, name: string) =>
      Category.create({ code, name, groupName: 'Звіти', deadlineClass: 'standard', emergency: false, defaultExecutorId: staff.waterOrgId });
    const categories = { water: await category('rep-water', 'Немає холодної води'), heat: await category('rep-heat', 'Немає опалення'), xss: await category('rep-xss', XSS_NAME) };
    const dispatcher = (login: string, fullName: string) => User.create({ login, passwordHash: 'x', fullName, role: 'dispatcher', organizationId: null });
    const dispatchers = { olena: await dispatcher('olena', 'Олена Петренко'), ivan: await dispatcher('ivan', 'Іван Ковальчук') };
    const orgName = async (id: number) => (await Organization.findByPk(id))!.shortName;
    names = {
      category: { water: categories.water.name, heat: categories.heat.name, xss: XSS_NAME },
      org: { water: await orgName(staff.waterOrgId), other: await orgName(staff.otherOrgId) },
      dispatcher: { olena: 'Олена Петренко', ivan: 'Іван Ковальчук' },
    };

    seed = buildSeed();
    // Two appeals decided by the real moves, so the events are exactly what the service writes.
    const realBase = { channel: 'phone' as const, category: 'water' as const, executor: 'water' as const, registered: '2026-03-02T09:00:00+02:00', deadline: '2026-03-03T18:00:00+02:00', done: '2026-03-03T10:00:00+02:00', closed: null, status: 'done' as const, repeated: false };
    const toConfirm: SeedAppeal = { ...realBase, number: 'REAL-1' };
    const toReturn: SeedAppeal = { ...realBase, number: 'REAL-2' };
    seed.appeals.push(toConfirm, toReturn);
    await insertSeed(seed, { categories, orgs: { water: staff.waterOrgId, other: staff.otherOrgId }, dispatchers });

    const decided = '2026-03-03T15:00:00+02:00';
    server.clock.set(decided);
    await server.kontakt.appeals.move(systemActor('verification'), toConfirm.id!, 'confirm');
    await server.kontakt.appeals.move(systemActor('verification'), toReturn.id!, 'return', { reason: 'Мешканець каже, що води досі немає' });
    Object.assign(toConfirm, { status: 'confirmed', closed: decided });
    Object.assign(toReturn, { status: 'returned', done: null });
    seed.events.push({ number: 'REAL-1', toStatus: 'confirmed', at: decided }, { number: 'REAL-2', toStatus: 'returned', at: decided });
    server.clock.set(LATER);
  });
  afterAll(() => server.close());

  test('a period report has the figures worked out from the seeded rows', async () => {
    const res = await head().get('/api/reports/range?from=2026-03-02&to=2026-03-04');
    expect(res.status).toBe(200);
    expect(res.body.period).toEqual({ from: '2026-03-02', to: '2026-03-04', timeZone: 'Europe/Kyiv' });
    const expected = expectedFigures(seed, '2026-03-02', '2026-03-04', new Date(LATER), names);
    expect(comparable(res.body)).toEqual(expected);
    // The seed is rich enough for every figure to mean something.
    expect(expected.appeals.received).toBeGreaterThan(40);
    expect(expected.appeals.closedInTime).toBeGreaterThan(0);
    expect(expected.appeals.overdue).toBeGreaterThan(0);
    expect(expected.appeals.returned).toBeGreaterThan(0);
    expect(expected.appeals.confirmed).toBeGreaterThan(0);
    expect(Object.keys(expected.executors)).toHaveLength(2);
    expect(Object.keys(expected.calls.byDispatcher)).toHaveLength(3);
    // Every channel is listed, a quiet one with 0.
    expect(res.body.appeals.byChannel.map((c: { key: string }) => c.key).sort()).toEqual(['cctv', 'dispatcher', 'online', 'open311', 'phone', 'web']);
  });

  test('a day report counts its own day only: 23:30 on the last day counts, 00:10 the next day does not', async () => {
    for (const day of ['2026-03-02', '2026-03-03', '2026-03-04']) {
      const res = await head().get(`/api/reports/daily/${day}`);
      expect(res.status).toBe(200);
      expect(res.body.stored).toBe(false);
      expect(comparable(res.body)).toEqual(expectedFigures(seed, day, day, new Date(LATER), names));
    }
    const lastDay = await head().get('/api/reports/daily/2026-03-04');
    const edges = seed.appeals.filter((a) => a.registered.startsWith('2026-03-04') && a.channel === 'online' && a.category === 'heat' && a.executor === 'other').length;
    expect(edges).toBeGreaterThan(0);
    // The edge appeal at 23:30 is in, the one at 00:10 on 5 March is out.
    const fifth = await head().get('/api/reports/daily/2026-03-05');
    const on5th = seed.appeals.filter((a) => a.registered.startsWith('2026-03-05')).length;
    expect(fifth.body.appeals.received).toBe(on5th);
    expect(lastDay.body.appeals.received + fifth.body.appeals.received).toBe(seed.appeals.filter((a) => /^2026-03-0[45]/.test(a.registered)).length);
  });

  test('the 23-hour day of the DST change holds exactly its own appeals', async () => {
    const res = await head().get('/api/reports/daily/2026-03-29');
    expect(res.status).toBe(200);
    // 00:10 (UTC+2), 04:30 and 23:50 (UTC+3) of 29 March; not 23:50 on the 28th nor 00:10 on the 30th.
    expect(res.body.appeals.received).toBe(3);
    expect((await head().get('/api/reports/daily/2026-03-28')).body.appeals.received).toBe(1);
    expect((await head().get('/api/reports/daily/2026-03-30')).body.appeals.received).toBe(1);
  });

  test('an appeal whose deadline has not passed yet is not overdue', async () => {
    const now = '2026-03-03T12:00:00+02:00';
    server.clock.set(now);
    try {
      const res = await head().get('/api/reports/range?from=2026-03-02&to=2026-03-04');
      const expected = expectedFigures(seed, '2026-03-02', '2026-03-04', new Date(now), names);
      expect(comparable(res.body)).toEqual(expected);
      expect(expected.appeals.overdue).toBeLessThan(expectedFigures(seed, '2026-03-02', '2026-03-04', new Date(LATER), names).appeals.overdue);
    } finally {
      server.clock.set(LATER);
    }
  });

  test('CSV: UTF-8 with BOM, ";" and CRLF, a file name, and Cyrillic intact through a CSV parser', async () => {
    for (const path of ['/api/reports/daily/2026-03-03.csv', '/api/reports/daily/2026-03-03?format=csv']) {
      const res = await raw(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="kontakt-report-2026-03-03.csv"');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes).slice(1);
      expect(text).toContain('\r\n');
      const rows = readCsv(text);
      const expected = expectedFigures(seed, '2026-03-03', '2026-03-03', new Date(LATER), names);
      expect(rows[0]).toEqual(['Звіт контакт-центру за 03.03.2026']);
      expect(rows[1]).toEqual(['Сформовано', '10.03.2026 09:00', 'Часовий пояс: Europe/Kyiv']);
      expect(rows).toContainEqual(['Надійшло', String(expected.appeals.received)]);
      expect(rows).toContainEqual(['Прострочено', String(expected.appeals.overdue)]);
      // The category with quotes, a ";" and Cyrillic letters comes back as it was.
      expect(rows).toContainEqual([XSS_NAME, String(expected.appeals.byCategory[XSS_NAME])]);
      expect(rows).toContainEqual(['Олена Петренко', String(expected.calls.byDispatcher['Олена Петренко'].answered), String(expected.calls.byDispatcher['Олена Петренко'].averageTalkSeconds).replace('.', ',')]);
      expect(rows.some((r) => r[0].startsWith('Рейтинг = 100'))).toBe(true);
      expect(text).not.toContain('380671112233');
    }
    const range = await raw('/api/reports/range.csv?from=2026-03-02&to=2026-03-04');
    expect(range.headers.get('content-disposition')).toBe('attachment; filename="kontakt-report-2026-03-02_2026-03-04.csv"');
    const viaFormat = await raw('/api/reports/range?from=2026-03-02&to=2026-03-04&format=csv');
    expect(await viaFormat.text()).toBe(await range.text());
  });

  test('HTML: a Ukrainian page with inline SVG charts, the rating legend, escaped names, and no scripts', async () => {
    const res = await raw('/api/reports/daily/2026-03-03?format=html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    const html = await res.text();
    expect(html).toContain('<html lang="uk">');
    expect(html).toContain('<title>Звіт контакт-центру за 03.03.2026</title>');
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(5);
    expect(html).toContain('<rect ');
    expect(html).toContain('Як обчислено рейтинг');
    expect(html).toContain('Рейтинг = 100 × (вчасно / до строку)');
    // The category name is text, never markup; nothing would run, or be refused, under the console's policy.
    expect(html).toContain('Тест &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;; «Ї» &amp; ґ');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=|javascript:|<img|src=/i);
    // One stylesheet, from this server (an absolute address: the console opens the page from a blob: URL).
    expect([...html.matchAll(/<link [^>]*>/g)].map((m) => m[0])).toEqual([`<link rel="stylesheet" href="${server.baseUrl}/api/reports/report.css">`]);
    const css = await fetch(`${server.baseUrl}/api/reports/report.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('border-collapse');
    expect(html).not.toContain('380671112233');

    const suffixed = await raw('/api/reports/daily/2026-03-03.html');
    expect(await suffixed.text()).toBe(html);
  });

  test('bad dates and periods answer 400 in Ukrainian', async () => {
    const cases: Array<[string, string]> = [
      ['/api/reports/daily/2026-02-30', 'invalid_date'],
      ['/api/reports/daily/вчора', 'invalid_date'],
      ['/api/reports/daily/2026-3-1', 'invalid_date'],
      ['/api/reports/range?from=2026-03-05&to=2026-03-01', 'invalid_period'],
      ['/api/reports/range?from=2025-01-01&to=2026-01-02', 'period_too_long'],
      ['/api/reports/range?to=2026-03-01', 'invalid_date'],
      ['/api/reports/range?from=2026-03-01&to=2026-03-02&format=pdf', 'validation_failed'],
      ['/api/reports/daily/2026-03-01.csv?format=html', 'format_conflict'],
    ];
    for (const [path, code] of cases) {
      const res = await head().get(path);
      expect([path, res.status, res.body.code]).toEqual([path, 400, code]);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.detail).toMatch(/[а-яіїєґ]/i);
    }
    // 366 days (a leap year) is the longest period allowed.
    expect((await head().get('/api/reports/range?from=2024-01-01&to=2024-12-31')).status).toBe(200);
  });

  test('the head and the admin read reports; dispatchers and executors get 403, nobody signed in 401', async () => {
    const paths = ['/api/reports', '/api/reports/daily/2026-03-03', '/api/reports/daily/2026-03-03.csv', '/api/reports/daily/2026-03-03?format=html', '/api/reports/range?from=2026-03-02&to=2026-03-04&format=html'];
    for (const path of paths) {
      expect([path, (await http(server.baseUrl, staff.head).get(path)).status]).toEqual([path, 200]);
      expect([path, (await http(server.baseUrl, staff.admin).get(path)).status]).toEqual([path, 200]);
      for (const token of [staff.dispatcher, staff.executor, staff.otherExecutor]) {
        const res = await http(server.baseUrl, token).get(path);
        expect([path, res.status, res.body.code]).toEqual([path, 403, 'role_not_allowed']);
      }
      const anonymous = await http(server.baseUrl).get(path);
      expect([path, anonymous.status]).toEqual([path, 401]);
    }
  });

  test('a stored daily report is served as stored, listed, and not changed by later rows', async () => {
    server.clock.set('2026-03-04T08:00:00+02:00');
    const run = await server.kontakt.jobs.scheduler.runNow('daily-report');
    expect(run).toEqual({ ran: true, summary: { date: '2026-03-03', stored: true, caughtUp: 6 } });
    // "yesterday" is the city's yesterday: the link the console gives the head.
    const yesterday = await head().get('/api/reports/daily/yesterday');
    expect([yesterday.body.period.from, yesterday.body.stored]).toEqual(['2026-03-03', true]);
    const yesterdayCsv = await raw('/api/reports/daily/yesterday.csv');
    expect(yesterdayCsv.headers.get('content-disposition')).toBe('attachment; filename="kontakt-report-2026-03-03.csv"');
    server.clock.set(LATER);
    const stored = await head().get('/api/reports/daily/2026-03-03');
    expect(stored.body.stored).toBe(true);
    expect(stored.body.generatedAt).toBe(new Date('2026-03-04T08:00:00+02:00').toISOString());
    expect(comparable(stored.body)).toEqual(expectedFigures(seed, '2026-03-03', '2026-03-03', new Date('2026-03-04T08:00:00+02:00'), names));

    const before = stored.body.appeals.received;
    await Appeal.create({
      number: 'LATE-1', channel: 'phone', status: 'new', applicantId: null, categoryId: (await Category.findOne({ where: { code: 'rep-water' } }))!.id, executorId: null,
      address: 'вул. Пізня, 2', description: 'Внесене заднім числом', emergency: false, registeredAt: new Date('2026-03-03T12:00:00+02:00'),
      deadlineAt: new Date('2026-03-20T12:00:00+02:00'), originalDeadlineAt: new Date('2026-03-20T12:00:00+02:00'),
    });
    expect((await head().get('/api/reports/daily/2026-03-03')).body.appeals.received).toBe(before);
    expect((await head().get('/api/reports/range?from=2026-03-03&to=2026-03-03')).body.appeals.received).toBe(before + 1);

    const list = await head().get('/api/reports');
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toEqual({ id: expect.any(Number), kind: 'daily', periodFrom: '2026-03-03', periodTo: '2026-03-03', generatedAt: stored.body.generatedAt });
    expect(list.body.items.map((i: { periodFrom: string }) => i.periodFrom)).toEqual(['2026-03-03', '2026-03-02', '2026-03-01', '2026-02-28', '2026-02-27', '2026-02-26', '2026-02-25']);
    expect(list.body.total).toBe(7);
    expect(await Report.count()).toBe(7);
    // A made-up day holds its own figures too.
    const earlier = await head().get('/api/reports/daily/2026-03-02');
    expect(earlier.body.stored).toBe(true);
    expect(comparable(earlier.body)).toEqual(expectedFigures(seed, '2026-03-02', '2026-03-02', new Date('2026-03-04T08:00:00+02:00'), names));
  });
});
