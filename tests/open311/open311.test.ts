import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { Appeal, Applicant, Category, Open311Client } from '../../models';
import { systemActor } from '../../appeals/actor';
import { createOpen311Client } from '../../open311/api-keys';
import { parseXml, childNames, child, textOf } from './xml-reader';
import {
  DISCOVERY_FIELDS, ENDPOINT_FIELDS, SERVICE_FIELDS, DEFINITION_FIELDS, POSTED_FIELDS, REQUEST_FIELDS, TOKEN_FIELDS, FORMATS,
  Format, Answer, errorsOf, itemsOf,
} from './georeport';

describe.each(testDatabases())('Open311 GeoReport v2 on $name', (db) => {
  let server: TestServer;
  let staff: Staff;
  let apiKey: string;
  let coldWater: Category;

  beforeAll(async () => {
    server = await startTestServer(db);
    staff = await signInStaff(server);
    apiKey = (await createOpen311Client('Мобільний застосунок міста')).apiKey;
    coldWater = (await Category.findOne({ where: { code: 'cold-water-none' } }))!;
  });
  afterAll(() => server.close());

  const get = async (path: string): Promise<Answer> => {
    const res = await fetch(`${server.baseUrl}/open311/v2${path}`);
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };
  /** Posts as the spec does (form-encoded), or as JSON. */
  const post = async (path: string, fields: Record<string, string>, as: 'form' | 'json' = 'form'): Promise<Answer> => {
    const res = await fetch(`${server.baseUrl}/open311/v2${path}`, {
      method: 'POST',
      headers: { 'content-type': as === 'form' ? 'application/x-www-form-urlencoded' : 'application/json' },
      body: as === 'form' ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };
  const valid = (extra: Record<string, string> = {}) => ({
    api_key: apiKey,
    service_code: 'cold-water-none',
    lat: '50.4501',
    long: '30.5234',
    address_string: 'вулиця Хрещатик, 22',
    description: 'Немає холодної води в усьому будинку',
    first_name: 'Оксана',
    last_name: 'Коваленко',
    phone: '050 765 43 21',
    email: 'oksana@example.com',
    ...extra,
  });
  const postOne = async (format: Format, extra: Record<string, string> = {}) => {
    const res = await post(`/requests.${format}`, valid(extra));
    const [posted] = itemsOf(format, res, 'service_requests', 'request', POSTED_FIELDS);
    return String(posted.service_request_id);
  };

  test.each(FORMATS)('discovery.%s lists the one production endpoint and both formats', async (format) => {
    const res = await get(`/discovery.${format}`);
    expect(res.status).toBe(200);
    if (format === 'json') {
      const body = JSON.parse(res.text);
      expect(Object.keys(body)).toEqual(DISCOVERY_FIELDS);
      expect(Object.keys(body.endpoints[0])).toEqual(ENDPOINT_FIELDS);
      expect(body.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${server.baseUrl}/open311/v2`, type: 'production', formats: ['text/xml', 'application/json'] });
    } else {
      const doc = parseXml(res.text);
      expect(doc.name).toBe('discovery');
      expect(childNames(doc)).toEqual(DISCOVERY_FIELDS);
      const endpoint = child(child(doc, 'endpoints')!, 'endpoint')!;
      expect(childNames(endpoint)).toEqual(ENDPOINT_FIELDS);
      expect(textOf(endpoint, 'url')).toBe(`${server.baseUrl}/open311/v2`);
      expect(childNames(child(endpoint, 'formats')!)).toEqual(['format', 'format']);
    }
  });

  test.each(FORMATS)('services.%s are the active categories with the spec fields', async (format) => {
    const services = itemsOf(format, await get(`/services.${format}`), 'services', 'service', SERVICE_FIELDS);
    expect(services).toHaveLength(await Category.count({ where: { active: true } }));
    const water = services.find((s) => s.service_code === 'cold-water-none')!;
    expect(water.service_name).toBe(coldWater.name);
    expect(water.group).toBe(coldWater.groupName);
    expect(String(water.metadata)).toBe('false');
    expect(water.type).toBe('realtime');
  });

  test.each(FORMATS)('services/{code}.%s gives the definition; an unknown code is 404', async (format) => {
    const res = await get(`/services/cold-water-none.${format}`);
    expect(res.status).toBe(200);
    if (format === 'json') {
      expect(JSON.parse(res.text)).toEqual({ service_code: 'cold-water-none', attributes: [] });
    } else {
      const doc = parseXml(res.text);
      expect(doc.name).toBe('service_definition');
      expect(childNames(doc)).toEqual(DEFINITION_FIELDS);
      expect(child(doc, 'attributes')!.children).toEqual([]);
    }
    const missing = await get(`/services/no-such-service.${format}`);
    expect(missing.status).toBe(404);
    expect(errorsOf(format, missing)[0].code).toBe(404);
  });

  test.each(FORMATS)('POST requests.%s registers an ordinary appeal with channel open311', async (format) => {
    const res = await post(`/requests.${format}`, valid());
    const [posted] = itemsOf(format, res, 'service_requests', 'request', POSTED_FIELDS);
    expect(String(posted.service_request_id)).toMatch(/^2026-\d{6}$/);
    expect(String(posted.service_notice)).toContain('зареєстровано');
    const appeal = (await Appeal.findOne({ where: { number: String(posted.service_request_id) } }))!;
    expect(appeal.channel).toBe('open311');
    expect(appeal.status).toBe('assigned');
    expect(appeal.categoryId).toBe(coldWater.id);
    expect(appeal.latitude).toBeCloseTo(50.4501, 6);
    expect(appeal.longitude).toBeCloseTo(30.5234, 6);
    expect(appeal.address).toBe('вулиця Хрещатик, 22');
    const applicant = (await Applicant.findByPk(appeal.applicantId!))!;
    expect(applicant.phone).toBe('+380507654321');
    expect(applicant.fullName).toBe('Коваленко Оксана');
  });

  test('POST accepts JSON too, and a bare point becomes a readable address', async () => {
    const { address_string: _omit, ...rest } = valid();
    const res = await post('/requests.json', rest, 'json');
    const [posted] = itemsOf('json', res, 'service_requests', 'request', POSTED_FIELDS);
    const appeal = (await Appeal.findOne({ where: { number: String(posted.service_request_id) } }))!;
    expect(appeal.address).toBe('Координати 50.450100, 30.523400');
  });

  const badPosts: [string, Record<string, string | undefined>, number, RegExp][] = [
    ['no api_key', { api_key: undefined }, 403, /api_key/],
    ['a wrong api_key', { api_key: 'o311_wrong' }, 403, /api_key/],
    ['an unknown service_code', { service_code: 'no-such-service' }, 404, /service_code/],
    ['no service_code', { service_code: undefined }, 400, /service_code/],
    ['no location', { lat: undefined, long: undefined, address_string: undefined }, 400, /location required/],
    ['lat without long', { long: undefined }, 400, /lat і long/],
    ['a lat that is not a number', { lat: 'abc' }, 400, /lat/],
    ['a lat out of range', { lat: '91' }, 400, /lat/],
    ['a long out of range', { long: '-180.5' }, 400, /long/],
    ['a description over 4,000 characters', { description: 'в'.repeat(4001) }, 400, /4000/],
    ['no one named: no phone, e-mail or name', { phone: undefined, email: undefined, first_name: undefined, last_name: undefined }, 400, /анонімне/],
    ['a phone that is not a number', { phone: '12' }, 400, /телефону/],
  ];
  describe.each(FORMATS)('POST requests.%s refuses bad input and changes nothing', (format) => {
    test.each(badPosts)('%s', async (_name, patch, status, description) => {
      const before = { appeals: await Appeal.count(), applicants: await Applicant.count() };
      const fields = Object.fromEntries(Object.entries({ ...valid(), ...patch }).filter(([, v]) => v !== undefined)) as Record<string, string>;
      const res = await post(`/requests.${format}`, fields);
      expect(res.status).toBe(status);
      const errors = errorsOf(format, res);
      expect(errors).toHaveLength(1);
      expect(errors[0].code).toBe(status);
      expect(errors[0].description).toMatch(description);
      expect({ appeals: await Appeal.count(), applicants: await Applicant.count() }).toEqual(before);
    });
  });

  test('a malformed JSON body answers the spec error shape', async () => {
    const res = await fetch(`${server.baseUrl}/open311/v2/requests.xml`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"api_key":' });
    const answer = { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
    expect(answer.status).toBe(400);
    expect(errorsOf('xml', answer)[0].code).toBe(400);
  });

  test('a disabled client may no longer file', async () => {
    const { client, apiKey: key } = await createOpen311Client('Старий портал');
    await client.update({ active: false });
    const res = await post('/requests.json', valid({ api_key: key }));
    expect(res.status).toBe(403);
    expect(await Open311Client.count({ where: { active: true } })).toBeGreaterThan(0);
  });

  test.each(FORMATS)('GET requests and requests/{id} in %s show the spec fields and no personal data', async (format) => {
    const id = await postOne(format);
    const list = await get(`/requests.${format}`);
    const item = itemsOf(format, list, 'service_requests', 'request', REQUEST_FIELDS).find((r) => r.service_request_id === id)!;
    expect(item).toMatchObject({ status: 'open', service_code: 'cold-water-none', service_name: coldWater.name, address: 'вулиця Хрещатик, 22' });
    expect(String(item.status_notes)).toBe('передано виконавцю');
    expect(item.agency_responsible).toBeTruthy();
    expect(String(item.lat)).toBe('50.4501');
    expect(Date.parse(String(item.expected_datetime))).toBeGreaterThan(Date.parse(String(item.requested_datetime)));

    const one = await get(`/requests/${id}.${format}`);
    const items = itemsOf(format, one, 'service_requests', 'request', REQUEST_FIELDS);
    expect(items).toHaveLength(1);
    expect(items[0]).toEqual(item);

    for (const text of [list.text, one.text]) {
      for (const secret of ['Коваленко', 'Оксана', '7654321', 'oksana@example.com']) expect(text).not.toContain(secret);
    }
    const missing = await get(`/requests/2026-999999.${format}`);
    expect(missing.status).toBe(404);
    expect(errorsOf(format, missing)[0].code).toBe(404);
  });

  test('GET requests filters by id list, service_code, status and dates; other channels are not published', async () => {
    const a = await postOne('json');
    const b = await postOne('json', { service_code: 'gas-smell' });
    const byPhone = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', { phone: '0671110000', categoryId: coldWater.id, address: 'вулиця Січових Стрільців, 1', description: 'Немає води' });
    expect(byPhone.status).toBe(201);
    const ids = async (query: string) => (JSON.parse((await get(`/requests.json${query}`)).text) as { service_request_id: string }[]).map((r) => r.service_request_id);

    expect((await ids(`?service_request_id=${a},${b},${byPhone.body.number}`)).sort()).toEqual([a, b].sort());
    expect(await ids('?service_code=gas-smell')).toContain(b);
    expect(await ids('?service_code=gas-smell')).not.toContain(a);
    expect(await ids('?status=open')).toEqual(expect.arrayContaining([a, b]));
    expect(await ids('?status=closed')).toEqual([]);
    expect(await ids('?start_date=2026-03-10T00:00:00Z&end_date=2026-03-11T00:00:00Z')).toEqual(expect.arrayContaining([a, b]));
    expect(await ids('?start_date=2026-03-11&end_date=2026-03-12')).toEqual([]);
    expect(await ids('?end_date=2026-03-09')).toEqual([]);
    expect(await ids('')).not.toContain(byPhone.body.number);
  });

  describe.each(FORMATS)('GET requests.%s refuses a bad filter', (format) => {
    test.each([
      ['start_date=yesterday', /start_date/],
      ['end_date=2026-13-45', /end_date/],
      ['start_date=2026-03-10&end_date=2026-03-01', /не пізніше/],
      ['start_date=2025-01-01&end_date=2026-03-01', /90/],
      ['status=pending', /pending/],
    ])('%s', async (query, description) => {
      const res = await get(`/requests.${format}?${query}`);
      expect(res.status).toBe(400);
      expect(errorsOf(format, res)[0].description).toMatch(description);
    });
  });

  test.each(FORMATS)('tokens/{token}.%s answers the request id, or 404 for an unknown token', async (format) => {
    const id = await postOne(format);
    const [token] = itemsOf(format, await get(`/tokens/${id}.${format}`), 'service_requests', 'request', TOKEN_FIELDS);
    expect(token).toEqual({ service_request_id: id, token: id });
    const missing = await get(`/tokens/abc123.${format}`);
    expect(missing.status).toBe(404);
    expect(errorsOf(format, missing)[0].code).toBe(404);
  });

  test('an unknown format or address under /open311 answers the spec error shape', async () => {
    const res = await get('/services.csv');
    expect(res.status).toBe(404);
    expect(errorsOf('json', res)[0].code).toBe(404);
    expect(errorsOf('xml', await get('/nothing-here.xml'))[0].code).toBe(404);
  });

  test('residents’ text is escaped in XML and control characters cannot break it', async () => {
    const text = 'Труба <b>тече</b> & "капає" \'сильно\'\u0007 ]]> кінець';
    const id = await postOne('json', { description: text });
    const [item] = itemsOf('xml', await get(`/requests/${id}.xml`), 'service_requests', 'request', REQUEST_FIELDS);
    expect(item.description).toBe(text.replace('\u0007', ''));
  });

  test('a client that follows the spec: discover, services, post, track until closed', async () => {
    const discovery = JSON.parse((await get('/discovery.json')).text);
    const endpoint = discovery.endpoints.find((e: { type: string }) => e.type === 'production');
    const base = endpoint.url as string;
    const services = (await (await fetch(`${base}/services.json`)).json()) as { service_code: string; metadata: boolean }[];
    const service = services.find((s) => s.service_code === 'cold-water-none')!;
    expect(service.metadata).toBe(false);

    const filed = await fetch(`${base}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(valid({ service_code: service.service_code, phone: '+380631234500' })).toString(),
    });
    const [{ service_request_id: id }] = (await filed.json()) as { service_request_id: string }[];
    const track = async () => ((await (await fetch(`${base}/requests/${id}.json`)).json()) as Record<string, string>[])[0];
    expect((await track()).status).toBe('open');

    const appeal = (await Appeal.findOne({ where: { number: id } }))!;
    const system = systemActor('test');
    await server.kontakt.appeals.move(system, appeal.id, 'start');
    await server.kontakt.appeals.move(system, appeal.id, 'complete', { result: 'Замінено засувку' });
    // Done but not yet confirmed by the resident: still open, as the work may come back.
    expect(await track()).toMatchObject({ status: 'open', status_notes: 'виконано, очікує підтвердження' });
    await server.kontakt.appeals.move(system, appeal.id, 'confirm');
    const closed = await track();
    expect(closed).toMatchObject({ status: 'closed', status_notes: 'виконано й підтверджено' });
    expect(Date.parse(closed.updated_datetime)).toBeGreaterThanOrEqual(Date.parse(closed.requested_datetime));
  });

  test('a rejected request is closed with the reason in status_notes', async () => {
    const id = await postOne('json');
    const appeal = (await Appeal.findOne({ where: { number: id } }))!;
    const rejected = await http(server.baseUrl, staff.dispatcher).post(`/api/appeals/${appeal.id}/reject`, { reason: 'Не належить до компетенції міста' });
    expect(rejected.status).toBe(200);
    const [item] = JSON.parse((await get(`/requests/${id}.json`)).text);
    expect(item).toMatchObject({ status: 'closed', status_notes: 'відхилено: Не належить до компетенції міста' });
  });

  test('an Open311 appeal is an ordinary appeal a dispatcher sees in the API', async () => {
    const id = await postOne('xml');
    const list = await http(server.baseUrl, staff.dispatcher).get('/api/appeals?channel=open311&pageSize=100');
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { number: string }) => a.number)).toContain(id);
    const one = await http(server.baseUrl, staff.dispatcher).get(`/api/appeals/${id}`);
    expect(one.body).toMatchObject({ channel: 'open311', status: 'assigned', applicant: { phone: '+380507654321', fullName: 'Коваленко Оксана' } });
  });
});
