import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { Organization, Outage } from '../../models';

// The test clock starts at 2026-03-10T09:00:00Z (11:00 in Kyiv).
const HOUR = 3600_000;
const at = (h: number) => new Date(Date.parse('2026-03-10T09:00:00Z') + h * HOUR).toISOString();

describe.each(testDatabases())('outages on $name', (db) => {
  let server: TestServer;
  let staff: Staff;

  beforeAll(async () => {
    server = await startTestServer(db);
    staff = await signInStaff(server);
  });
  afterAll(() => server.close());
  beforeEach(() => server.clock.set('2026-03-10T09:00:00Z'));

  const as = (token: string) => http(server.baseUrl, token);
  const planned = (body: Record<string, unknown> = {}) => ({
    utility: 'cold_water', kind: 'planned', area: { streets: [{ name: 'вулиця Шевченка', buildings: '1-15' }] },
    startsAt: at(2), endsAt: at(10), reason: 'Заміна засувки', contact: '+380457821034', ...body,
  });

  test('the water utility\'s executor serves cold water (seeded with the organizations)', async () => {
    const org = (await Organization.findByPk(staff.waterOrgId))!;
    expect(org.utilities).toEqual(['cold_water']);
  });

  test('an executor announces a cut-off and the IVR reads it', async () => {
    const services = server.kontakt.telephony.services;
    // The announcement is cached: read it first, so a stale cache would show.
    const before = await services.outageAnnouncement();
    const res = await as(staff.executor).post('/api/outages', planned({ kind: 'emergency', startsAt: at(0), area: { streets: [{ name: 'бульвар миру', buildings: ['3', '5а'] }] } }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual(expect.objectContaining({
      area: 'бульвар Миру, будинки 3, 5а', state: 'active', utility: 'cold_water',
      executor: expect.objectContaining({ id: staff.waterOrgId }),
    }));
    const after = await services.outageAnnouncement();
    expect(after).not.toBe(before);
    expect(after).toContain('бульвар Миру, будинки 3, 5а');
    expect(after).toContain('Аварійне відключення холодного водопостачання');
  });

  test('the area text is built from the structure; the whole city is "усе місто"', async () => {
    const streets = await as(staff.dispatcher).post('/api/outages', planned({ area: { streets: [{ name: 'вулиця Шевченка', buildings: '1—15' }, { name: 'площа Соборна' }] } }));
    expect(streets.status).toBe(201);
    expect(streets.body.area).toBe('вулиця Шевченка, будинки 1–15; площа Соборна');
    expect(streets.body.areaSpec).toEqual({ streets: [{ name: 'вулиця Шевченка', buildings: '1–15' }, { name: 'площа Соборна' }] });
    const city = await as(staff.head).post('/api/outages', planned({ utility: 'gas', area: { wholeCity: true } }));
    expect(city.status).toBe(201);
    expect(city.body.area).toBe('усе місто');
  });

  test.each([
    ['the end before the start', planned({ endsAt: at(1), startsAt: at(3) }), 'end_before_start'],
    ['an unknown street', planned({ area: { streets: [{ name: 'вулиця Неіснуюча' }] } }), 'unknown_street'],
    ['a building the street does not have', planned({ area: { streets: [{ name: 'площа Соборна', buildings: '1-60' }] } }), 'unknown_building'],
    ['a planned outage in the past', planned({ startsAt: at(-2) }), 'planned_in_past'],
    ['an unknown utility', planned({ utility: 'internet' }), 'unknown_utility'],
  ])('refuses %s with 400 and changes nothing', async (_name, body, code) => {
    const count = await Outage.count();
    const res = await as(staff.dispatcher).post('/api/outages', body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe(code);
    expect(await Outage.count()).toBe(count);
  });

  test('an emergency may have started already', async () => {
    const res = await as(staff.dispatcher).post('/api/outages', planned({ kind: 'emergency', startsAt: at(-2), endsAt: null }));
    expect(res.status).toBe(201);
    expect(res.body.state).toBe('active');
  });

  describe('executor isolation', () => {
    test('a utility the organization does not serve is 403; another organization is 403', async () => {
      const gas = await as(staff.executor).post('/api/outages', planned({ utility: 'gas' }));
      expect([gas.status, gas.body.code]).toEqual([403, 'utility_not_served']);
      const foreign = await as(staff.executor).post('/api/outages', planned({ executorId: staff.otherOrgId }));
      expect([foreign.status, foreign.body.code]).toEqual([403, 'not_your_organization']);
    });

    test('another organization\'s outage is "not found" for every change, and stays as it was', async () => {
      const other = await as(staff.dispatcher).post('/api/outages', planned({ utility: 'gas', executorId: staff.otherOrgId }));
      expect(other.status).toBe(201);
      const id = other.body.id;
      const exec = as(staff.executor);
      const answers = [
        await exec.patch(`/api/outages/${id}`, { reason: 'чуже' }),
        await exec.post(`/api/outages/${id}/extend`, { endsAt: at(20) }),
        await exec.post(`/api/outages/${id}/cancel`, { reason: 'чуже' }),
      ];
      for (const res of answers) expect([res.status, res.body.code]).toEqual([404, 'outage_not_found']);
      const stored = (await Outage.findByPk(id))!;
      expect(stored.cancelledAt).toBeNull();
      expect(stored.endsAt!.toISOString()).toBe(at(10));
      // Reading is open to every signed-in role: outages are public anyway.
      expect((await exec.get(`/api/outages/${id}`)).status).toBe(200);
    });
  });

  test('extend moves the end later only; cancel needs a reason and then nothing changes it', async () => {
    const exec = as(staff.executor);
    const { body: o } = await exec.post('/api/outages', planned());
    const earlier = await exec.post(`/api/outages/${o.id}/extend`, { endsAt: at(9) });
    expect([earlier.status, earlier.body.code]).toEqual([400, 'extension_not_later']);
    const later = await exec.post(`/api/outages/${o.id}/extend`, { endsAt: at(14) });
    expect(later.status).toBe(200);
    expect(later.body.endsAt).toBe(at(14));

    expect((await exec.post(`/api/outages/${o.id}/cancel`, {})).status).toBe(400);
    const cancelled = await exec.post(`/api/outages/${o.id}/cancel`, { reason: 'Роботи перенесено' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual(expect.objectContaining({ state: 'cancelled', cancelReason: 'Роботи перенесено', cancelledAt: at(0) }));
    const again = await exec.patch(`/api/outages/${o.id}`, { reason: 'ще раз' });
    expect([again.status, again.body.code]).toEqual([409, 'outage_cancelled']);
  });

  test('an update is validated like a creation', async () => {
    const { body: o } = await as(staff.dispatcher).post('/api/outages', planned());
    const bad = await as(staff.dispatcher).patch(`/api/outages/${o.id}`, { endsAt: at(1) });
    expect([bad.status, bad.body.code]).toEqual([400, 'end_before_start']);
    const ok = await as(staff.dispatcher).patch(`/api/outages/${o.id}`, { area: { streets: [{ name: 'вулиця Шевченка', buildings: ['7'] }] } });
    expect(ok.status).toBe(200);
    expect(ok.body.area).toBe('вулиця Шевченка, будинок 7');
  });

  test('active and upcoming are derived from time', async () => {
    const { body: o } = await as(staff.dispatcher).post('/api/outages', planned({ utility: 'heating', startsAt: at(30), endsAt: at(40) }));
    const ids = async (query: string) => (await as(staff.head).get(`/api/outages?${query}`)).body.map((x: { id: number }) => x.id);
    expect(await ids('upcoming=true&utility=heating')).toEqual([o.id]);
    expect(await ids('active=true&utility=heating')).toEqual([]);

    server.clock.set(at(31));
    expect(await ids('active=true&utility=heating')).toEqual([o.id]);
    expect(await ids('upcoming=true&utility=heating')).toEqual([]);

    server.clock.set(at(41));
    expect(await ids('utility=heating')).toEqual([]);
    const past = (await as(staff.head).get('/api/outages?utility=heating&includePast=true')).body;
    expect(past.map((x: { id: number; state: string }) => [x.id, x.state])).toEqual([[o.id, 'ended']]);
  });

  describe('public feed', () => {
    let cancelledId: number;
    let liveId: number;

    beforeAll(async () => {
      server.clock.set('2026-03-10T09:00:00Z');
      liveId = (await as(staff.dispatcher).post('/api/outages', planned({ utility: 'electricity', reason: 'Ремонт <лінії> & "опори"' }))).body.id;
      cancelledId = (await as(staff.dispatcher).post('/api/outages', planned({ utility: 'electricity', contact: 'Іван Петренко, +380671112233' }))).body.id;
      expect((await as(staff.dispatcher).post(`/api/outages/${cancelledId}/cancel`, { reason: 'Сусід домовився' })).status).toBe(200);
    });

    test('JSON: no personal data, no cancelled outages, no sign-in needed', async () => {
      const res = await http(server.baseUrl).get('/api/public/outages');
      expect(res.status).toBe(200);
      const ids = res.body.items.map((x: { id: number }) => x.id);
      expect(ids).toContain(liveId);
      expect(ids).not.toContain(cancelledId);
      for (const item of res.body.items) {
        expect(Object.keys(item).sort()).toEqual(['area', 'endsAt', 'executor', 'id', 'kind', 'reason', 'startsAt', 'state', 'updatedAt', 'utility']);
      }
      const text = JSON.stringify(res.body);
      expect(text).not.toContain('Петренко');
      expect(text).not.toContain('+380671112233');
      expect(text).not.toContain('Сусід');
    });

    test('Atom: well-formed Atom 1.0 with Ukrainian titles, escaped text, the right entries', async () => {
      const res = await fetch(`${server.baseUrl}/api/public/outages.atom`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/atom+xml');
      const xml = await res.text();
      expect(XMLValidator.validate(xml)).toBe(true);
      const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' }).parse(xml).feed;
      expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
      expect(feed.id).toBe('urn:kontakt:outages');
      expect(feed.title).toContain('Відключення');
      expect(Number.isNaN(Date.parse(feed.updated))).toBe(false);
      const entries = feed.entry as { id: string; title: string; updated: string; summary: string }[];
      const ids = entries.map((e) => e.id);
      expect(ids).toContain(`urn:kontakt:outage:${liveId}`);
      expect(ids).not.toContain(`urn:kontakt:outage:${cancelledId}`);
      const live = entries.find((e) => e.id === `urn:kontakt:outage:${liveId}`)!;
      expect(live.title).toBe('Планове відключення електропостачання: вулиця Шевченка, будинки 1–15');
      expect(live.summary).toContain('Причина: Ремонт <лінії> & "опори"');
      expect(xml).toContain('&lt;лінії&gt; &amp; &quot;опори&quot;');
      for (const e of entries) expect(e.updated).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    });
  });
});
