/**
 * Open311 GeoReport v2 conformance, written from the specification's text
 * (wiki.open311.org/GeoReport_v2): every method, every required and optional argument, every
 * error code, in JSON and XML. Kontakt's own choices (address_id values, the category questions)
 * are checked where the spec leaves them to the endpoint.
 */
import nodeHttp from 'node:http';
import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { Appeal, Applicant, Category, Street } from '../../models';
import { createOpen311Client } from '../../open311/api-keys';
import { parseXml, childNames, child, textOf } from './xml-reader';
import {
  DISCOVERY_FIELDS, ENDPOINT_FIELDS, SERVICE_FIELDS, DEFINITION_FIELDS, ATTRIBUTE_FIELDS, POSTED_FIELDS, REQUEST_FIELDS, FORMATS,
  Format, Answer, answer, errorsOf, itemsOf,
} from './georeport';

const PUBLIC_URL = 'https://311.zoriansk.example/kontakt';

describe.each(testDatabases())('GeoReport v2 conformance on $name', (db) => {
  let server: TestServer;
  let staff: Staff;
  let apiKey: string;
  let shevchenka: Street;

  beforeAll(async () => {
    server = await startTestServer(db, { PUBLIC_URL });
    staff = await signInStaff(server);
    apiKey = (await createOpen311Client('Конформність')).apiKey;
    shevchenka = (await Street.findOne({ where: { name: 'вулиця Шевченка' } }))!;
  });
  afterAll(() => server.close());

  const url = (path: string) => `${server.baseUrl}/open311/v2${path}`;
  const get = async (path: string) => answer(await fetch(url(path)));
  const postRaw = async (path: string, body: string | Buffer, contentType: string) =>
    answer(await fetch(url(path), { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : new Uint8Array(body) }));
  /** Form-encoded as the spec posts; a list value repeats the name. */
  const form = (fields: Record<string, string | string[]>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
    return p.toString();
  };
  const post = (format: Format, fields: Record<string, string | string[]>) => postRaw(`/requests.${format}`, form(fields), 'application/x-www-form-urlencoded');
  const minimal = (extra: Record<string, string | string[]> = {}) => ({
    api_key: apiKey, service_code: 'pothole', address_string: 'вулиця Шевченка, 12', email: 'resident@example.com', ...extra,
  });
  /** Files one request and returns the appeal behind it. */
  const file = async (format: Format, fields: Record<string, string | string[]>) => {
    const res = await post(format, fields);
    if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
    const [posted] = itemsOf(format, res, 'service_requests', 'request', POSTED_FIELDS);
    return (await Appeal.findOne({ where: { number: String(posted.service_request_id) } }))!;
  };
  const readBack = async (format: Format, number: string) =>
    itemsOf(format, await get(`/requests/${number}.${format}`), 'service_requests', 'request', REQUEST_FIELDS)[0]!;
  const expectError = (format: Format, res: Answer, status: number, description: RegExp) => {
    expect(res.status).toBe(status);
    const errors = errorsOf(format, res);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toEqual({ code: status, description: expect.stringMatching(description) });
  };

  describe('Service discovery', () => {
    test.each(FORMATS)('discovery.%s has the spec fields and the configured public address, whatever the Host header', async (format) => {
      const res = await new Promise<Answer>((resolve, reject) => {
        const req = nodeHttp.get(url(`/discovery.${format}`), { headers: { host: 'evil.example:666' } }, (r) => {
          let text = '';
          r.setEncoding('utf8').on('data', (c) => (text += c)).on('end', () => resolve({ status: r.statusCode!, type: String(r.headers['content-type']), text }));
        });
        req.on('error', reject);
      });
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('evil.example');
      if (format === 'json') {
        const body = JSON.parse(res.text);
        expect(Object.keys(body)).toEqual(DISCOVERY_FIELDS);
        for (const e of body.endpoints) expect(Object.keys(e)).toEqual(ENDPOINT_FIELDS);
        const georeport = body.endpoints.find((e: { specification: string }) => e.specification === 'http://wiki.open311.org/GeoReport_v2');
        expect(georeport).toMatchObject({ url: `${PUBLIC_URL}/open311/v2`, type: 'production', formats: ['text/xml', 'application/json'] });
        expect(body.endpoints.map((e: { specification: string }) => e.specification)).toContain('urn:kontakt:open311:addresses');
      } else {
        const doc = parseXml(res.text);
        expect(childNames(doc)).toEqual(DISCOVERY_FIELDS);
        const endpoint = child(doc, 'endpoints')!.children[0]!;
        expect(childNames(endpoint)).toEqual(ENDPOINT_FIELDS);
        expect(textOf(endpoint, 'url')).toBe(`${PUBLIC_URL}/open311/v2`);
      }
    });

    test('the changeset changes when a service is added and when one is retired', async () => {
      const changeset = async () => JSON.parse((await get('/discovery.json')).text).changeset as string;
      const codes = async () => (JSON.parse((await get('/services.json')).text) as { service_code: string }[]).map((s) => s.service_code);
      const before = await changeset();
      expect(Number.isNaN(Date.parse(before))).toBe(false);
      expect(await changeset()).toBe(before);
      const added = await Category.create({ code: 'graffiti', name: 'Графіті на фасаді', groupName: 'Інші питання', deadlineClass: 'standard', emergency: false, defaultExecutorId: null });
      const afterAdding = await changeset();
      expect(afterAdding).not.toBe(before);
      expect(await codes()).toContain('graffiti');
      await added.update({ active: false });
      const afterRetiring = await changeset();
      expect(afterRetiring).not.toBe(afterAdding);
      expect(await codes()).not.toContain('graffiti');
    });
  });

  describe('GET Service List', () => {
    test.each(FORMATS)('services.%s: every service with the spec fields; jurisdiction_id is accepted', async (format) => {
      const services = itemsOf(format, await get(`/services.${format}?jurisdiction_id=zoriansk`), 'services', 'service', SERVICE_FIELDS);
      expect(services).toHaveLength(await Category.count({ where: { active: true } }));
      const byCode = Object.fromEntries(services.map((s) => [s.service_code, s]));
      expect(String(byCode['elevator-stuck']!.metadata)).toBe('true');
      expect(String(byCode['street-light']!.metadata)).toBe('true');
      expect(String(byCode['cold-water-none']!.metadata)).toBe('false');
      for (const s of services) expect(['realtime', 'batch', 'blackbox']).toContain(s.type);
    });
  });

  describe('GET Service Definition', () => {
    test.each(FORMATS)('services/{code}.%s gives each attribute with the full definition', async (format) => {
      const res = await get(`/services/elevator-stuck.${format}`);
      expect(res.status).toBe(200);
      let attributes: Record<string, unknown>[];
      if (format === 'json') {
        const body = JSON.parse(res.text);
        expect(Object.keys(body)).toEqual(DEFINITION_FIELDS);
        attributes = body.attributes;
        for (const a of attributes) expect(Object.keys(a)).toEqual(ATTRIBUTE_FIELDS);
      } else {
        const doc = parseXml(res.text);
        expect(doc.name).toBe('service_definition');
        expect(childNames(doc)).toEqual(DEFINITION_FIELDS);
        attributes = child(doc, 'attributes')!.children.map((a) => {
          expect(a.name).toBe('attribute');
          expect(childNames(a)).toEqual(ATTRIBUTE_FIELDS);
          return {
            ...Object.fromEntries(a.children.map((c) => [c.name, c.text])),
            values: child(a, 'values')!.children.map((v) => {
              expect(v.name).toBe('value');
              expect(childNames(v)).toEqual(['key', 'name']);
              return { key: textOf(v, 'key'), name: textOf(v, 'name') };
            }),
          };
        });
      }
      expect(attributes.map((a) => a.code)).toEqual(['entrance', 'floor', 'people_inside']);
      expect(attributes.map((a) => String(a.order))).toEqual(['1', '2', '3']);
      const [entrance, floor, people] = attributes as Record<string, unknown>[];
      expect(entrance).toMatchObject({ datatype: 'number', description: "Номер під'їзду" });
      expect(String(entrance!.required)).toBe('true');
      expect(String(entrance!.variable)).toBe('true');
      expect(String(floor!.required)).toBe('false');
      expect(people).toMatchObject({ datatype: 'singlevaluelist' });
      expect((people!.values as { key: string }[]).map((v) => v.key)).toEqual(['adult', 'child', 'unwell']);
      expect(String(entrance!.datatype_description)).toMatch(/1 до 30/);
    });

    test.each(FORMATS)('services/{code}.%s of an unknown or retired service is 404', async (format) => {
      expectError(format, await get(`/services/no-such-service.${format}`), 404, /no-such-service/);
      await Category.findOrCreate({ where: { code: 'retired-service' }, defaults: { code: 'retired-service', name: 'Стара послуга', groupName: 'Інші питання', deadlineClass: 'standard', emergency: false, defaultExecutorId: null, active: false } });
      expectError(format, await get(`/services/retired-service.${format}`), 404, /retired-service/);
    });
  });

  describe('POST Service Request', () => {
    test.each(FORMATS)('%s: service_code and a location are enough with a contact; the answer has the spec fields', async (format) => {
      const appeal = await file(format, minimal());
      expect(appeal.channel).toBe('open311');
      expect(appeal.address).toBe('вулиця Шевченка, 12');
      expect(appeal.applicantId).toBeNull();
      expect(appeal.applicantEmail).toBe('resident@example.com');
      expect(appeal.description).toBe('');
      expect((await readBack(format, appeal.number)).description).toBe(format === 'json' ? null : '');
    });

    test.each(FORMATS)('%s: every optional argument is taken and read back where the spec returns it', async (format) => {
      const appeal = await file(format, {
        api_key: apiKey, jurisdiction_id: 'zoriansk', service_code: 'street-light', lat: '50.4501', long: '30.5234',
        address_string: 'вулиця Шевченка, 3', email: 'petro@example.com', device_id: 'device-42', account_id: 'acc-7',
        first_name: 'Петро', last_name: 'Сидоренко', phone: '+380 67 000 11 22', description: 'Темно біля школи',
        media_url: 'https://photos.example.com/p/1.jpg', 'attribute[light_kind]': 'several', 'attribute[pole_number]': 'О-17',
      });
      expect(appeal).toMatchObject({
        applicantName: 'Сидоренко Петро', applicantEmail: 'petro@example.com', description: 'Темно біля школи',
        mediaUrl: 'https://photos.example.com/p/1.jpg', attributes: { light_kind: 'several', pole_number: 'О-17' },
      });
      expect((await Applicant.findByPk(appeal.applicantId!))!.phone).toBe('+380670001122');
      const item = await readBack(format, appeal.number);
      expect(item).toMatchObject({ service_code: 'street-light', description: 'Темно біля школи', media_url: 'https://photos.example.com/p/1.jpg', address: 'вулиця Шевченка, 3' });
      expect(String(item.lat)).toBe('50.4501');
      expect(String(item.long)).toBe('30.5234');
    });

    test.each(FORMATS)('%s: address_id alone is a location, written the city’s way and read back', async (format) => {
      const appeal = await file(format, { api_key: apiKey, service_code: 'pothole', address_id: `${shevchenka.id}-7`, first_name: 'Ірина' });
      expect(appeal.address).toBe('вулиця Шевченка, 7');
      expect(appeal.addressId).toBe(`${shevchenka.id}-7`);
      expect(await readBack(format, appeal.number)).toMatchObject({ address_id: `${shevchenka.id}-7`, address: 'вулиця Шевченка, 7' });
    });

    test.each(FORMATS)('%s: a multi-value attribute may repeat its name', async (format) => {
      const appeal = await file(format, minimal({ service_code: 'tree-fallen', 'attribute[blocking]': ['road', 'wires'] }));
      expect(appeal.attributes).toEqual({ blocking: ['road', 'wires'] });
    });

    const refused: [string, Record<string, string | string[] | undefined>, number, RegExp][] = [
      ['no api_key', { api_key: undefined }, 403, /api_key/],
      ['an invalid api_key', { api_key: 'o311_nope' }, 403, /api_key/],
      ['no service_code', { service_code: undefined }, 400, /service_code/],
      ['an unknown service_code', { service_code: 'no-such-service' }, 404, /no-such-service/],
      ['a retired service_code', { service_code: 'retired-service' }, 404, /retired-service/],
      ['no location at all', { address_string: undefined }, 400, /address_id/],
      ['lat without long', { lat: '50.45' }, 400, /lat і long/],
      ['an address_id that is not the city’s', { address_string: undefined, address_id: '999999-1' }, 400, /address_id/],
      ['an address_id past the street’s last building', { address_string: undefined, address_id: 'STREET-999' }, 400, /address_id/],
      ['a required attribute missing', { service_code: 'street-light' }, 400, /light_kind.*обов'язковий/],
      ['a number attribute that is not a number', { service_code: 'elevator-broken', 'attribute[entrance]': 'третій' }, 400, /entrance.*цілим числом/],
      ['a number attribute out of range', { service_code: 'elevator-broken', 'attribute[entrance]': '99' }, 400, /entrance.*від 1 до 30/],
      ['a list attribute with a value not listed', { service_code: 'street-light', 'attribute[light_kind]': 'purple' }, 400, /light_kind.*one, several/],
      ['a single-value attribute given twice', { service_code: 'street-light', 'attribute[light_kind]': ['one', 'several'] }, 400, /light_kind.*кілька/],
      ['a datetime attribute that is not a date', { service_code: 'waste-not-collected', 'attribute[last_collection]': 'вчора' }, 400, /last_collection.*ISO 8601/],
      ['a media_url that is not http(s)', { media_url: 'javascript:alert(1)' }, 400, /media_url/],
      ['an e-mail that is not one', { email: 'not-an-email' }, 400, /e-mail/],
      ['a phone that is not one', { phone: '12' }, 400, /телефону/],
      ['nobody named (no phone, e-mail or name)', { email: undefined }, 400, /анонімне/],
      ['a field sent twice', { description: ['раз', 'два'] }, 400, /description/],
    ];
    describe.each(FORMATS)('%s refuses, with the spec’s error, and changes nothing:', (format) => {
      test.each(refused)('%s', async (_name, patch, status, description) => {
        const fields = Object.fromEntries(Object.entries({ ...minimal(), ...patch }).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
        if (fields.address_id === 'STREET-999') fields.address_id = `${shevchenka.id}-${shevchenka.buildings + 1}`;
        const before = { appeals: await Appeal.count(), applicants: await Applicant.count() };
        expectError(format, await post(format, fields), status, description);
        expect({ appeals: await Appeal.count(), applicants: await Applicant.count() }).toEqual(before);
      });
    });
  });

  describe('text is UTF-8 whatever the label says', () => {
    const text = 'Ґанна: «їжак» під’їзд №3 — ще є';
    test.each([
      'application/x-www-form-urlencoded; charset=ISO-8859-1',
      'application/x-www-form-urlencoded; charset=utf8',
      'application/x-www-form-urlencoded; charset=UTF-8',
      'application/x-www-form-urlencoded; charset=utf-8',
      'application/x-www-form-urlencoded',
    ])('a form labelled %s', async (contentType) => {
      const res = await postRaw('/requests.json', form(minimal({ description: text })), contentType);
      expect(res.status).toBe(200);
      const [posted] = itemsOf('json', res, 'service_requests', 'request', POSTED_FIELDS);
      expect((await readBack('json', String(posted.service_request_id))).description).toBe(text);
    });

    test.each(['application/json; charset=utf8', 'application/json; charset=ISO-8859-1', 'application/json; charset=UTF-8'])('JSON labelled %s', async (contentType) => {
      const res = await postRaw('/requests.xml', Buffer.from(JSON.stringify(minimal({ description: text })), 'utf8'), contentType);
      expect(res.status).toBe(200);
      const [posted] = itemsOf('xml', res, 'service_requests', 'request', POSTED_FIELDS);
      expect((await readBack('xml', String(posted.service_request_id))).description).toBe(text);
    });

    test('raw UTF-8 bytes in a form labelled ISO-8859-1 are read as UTF-8', async () => {
      const body = Buffer.concat([Buffer.from(form(minimal())), Buffer.from(`&description=${text.replace(/[&=+%]/g, '')}`, 'utf8')]);
      const res = await postRaw('/requests.json', body, 'application/x-www-form-urlencoded; charset=ISO-8859-1');
      expect(res.status).toBe(200);
      const [posted] = itemsOf('json', res, 'service_requests', 'request', POSTED_FIELDS);
      expect((await readBack('json', String(posted.service_request_id))).description).toBe(text.replace(/[&=+%]/g, ''));
    });

    test.each([
      ['a Latin-1 percent-escape', Buffer.from(`${form(minimal())}&description=caf%E9`)],
      ['a raw Latin-1 byte', Buffer.concat([Buffer.from(`${form(minimal())}&description=caf`), Buffer.from([0xe9])])],
    ])('%s that is not UTF-8 is a 400, never mojibake', async (_name, body) => {
      const before = await Appeal.count();
      expectError('json', await postRaw('/requests.json', body, 'application/x-www-form-urlencoded; charset=ISO-8859-1'), 400, /UTF-8/);
      expect(await Appeal.count()).toBe(before);
    });
  });

  describe('GET Service Requests', () => {
    let pothole: string;
    let light: string;
    beforeAll(async () => {
      pothole = (await file('json', minimal())).number;
      light = (await file('json', minimal({ service_code: 'street-light', 'attribute[light_kind]': 'one' }))).number;
    });
    const ids = async (format: Format, query: string) => itemsOf(format, await get(`/requests.${format}${query}`), 'service_requests', 'request', REQUEST_FIELDS).map((r) => String(r.service_request_id));

    test.each(FORMATS)('%s: service_code as a comma list or a repeated parameter gives the same answer', async (format) => {
      const comma = await ids(format, '?service_code=pothole,street-light');
      const repeated = await ids(format, '?service_code=pothole&service_code=street-light');
      expect(repeated).toEqual(comma);
      expect(comma).toEqual(expect.arrayContaining([pothole, light]));
      expect(await ids(format, '?service_code=street-light')).not.toContain(pothole);
    });

    test.each(FORMATS)('%s: service_request_id (comma or repeated) overrides every other filter', async (format) => {
      expect((await ids(format, `?service_request_id=${pothole},${light}&status=closed&service_code=gas-smell`)).sort()).toEqual([pothole, light].sort());
      expect((await ids(format, `?service_request_id=${pothole}&service_request_id=${light}`)).sort()).toEqual([pothole, light].sort());
    });

    test.each(FORMATS)('%s: status open/closed, repeated too; start_date and end_date', async (format) => {
      expect(await ids(format, '?status=open&status=closed')).toEqual(await ids(format, '?status=open,closed'));
      expect(await ids(format, '?status=closed')).not.toContain(pothole);
      expect(await ids(format, '?start_date=2026-03-10T00:00:00Z&end_date=2026-03-10T23:59:59Z')).toContain(pothole);
      expect(await ids(format, '?start_date=2026-03-11T00:00:00Z')).not.toContain(pothole);
    });

    test.each(FORMATS)('%s: a bad filter is a 400', async (format) => {
      expectError(format, await get(`/requests.${format}?status=pending`), 400, /pending/);
      expectError(format, await get(`/requests.${format}?start_date=2026-03-10&start_date=2026-03-11`), 400, /start_date/);
      expectError(format, await get(`/requests.${format}?start_date=2025-01-01&end_date=2026-03-01`), 400, /90/);
    });

    test.each(FORMATS)('%s: requests/{id} of an unknown request is 404', async (format) => {
      expectError(format, await get(`/requests/2026-999999.${format}`), 404, /2026-999999/);
    });
  });

  describe('address_id values (Kontakt’s extension)', () => {
    test.each(FORMATS)('addresses.%s?q= gives ids a client can post', async (format) => {
      const res = await get(`/addresses.${format}?q=${encodeURIComponent('Шевченка 5')}`);
      const fields = ['address_id', 'street', 'building', 'address_string'];
      const found = itemsOf(format, res, 'addresses', 'address', fields);
      expect(found).toEqual([{ address_id: `${shevchenka.id}-5`, street: 'вулиця Шевченка', building: format === 'json' ? 5 : '5', address_string: 'вулиця Шевченка, 5' }]);
      const street = itemsOf(format, await get(`/addresses.${format}?q=${encodeURIComponent('вул. Шевченка')}`), 'addresses', 'address', fields);
      expect(street).toHaveLength(shevchenka.buildings);
      const appeal = await file(format, { api_key: apiKey, service_code: 'pothole', address_id: String(street[9]!.address_id), email: 'a@example.com' });
      expect(appeal.address).toBe('вулиця Шевченка, 10');
    });

    test.each(FORMATS)('addresses.%s without a street is a 400', async (format) => {
      expectError(format, await get(`/addresses.${format}`), 400, /q/);
      expectError(format, await get(`/addresses.${format}?q=5`), 400, /q/);
    });
  });

  test('staff see what an Open311 resident gave: e-mail, no phone, the photo and the answers', async () => {
    const appeal = await file('json', {
      api_key: apiKey, service_code: 'elevator-stuck', address_id: `${shevchenka.id}-3`, email: 'lift@example.com', first_name: 'Марта', last_name: 'Гнатюк',
      'attribute[entrance]': '2', 'attribute[floor]': '5', 'attribute[people_inside]': 'child', media_url: 'https://photos.example.com/lift.jpg',
    });
    const seen = await http(server.baseUrl, staff.dispatcher).get(`/api/appeals/${appeal.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({
      mediaUrl: 'https://photos.example.com/lift.jpg',
      addressId: `${shevchenka.id}-3`,
      contact: { name: 'Гнатюк Марта', email: 'lift@example.com', phone: null, reachedOnline: true, nameOnCard: null },
      attributes: [
        { code: 'entrance', question: "Номер під'їзду", value: '2', text: '2' },
        { code: 'floor', value: '5' },
        { code: 'people_inside', value: 'child', text: 'Є діти' },
      ],
    });
    expect(seen.body.applicant).toBeUndefined();
    const audit = await http(server.baseUrl, staff.head).get(`/api/audit?subjectType=appeal&subjectId=${appeal.id}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'read_personal_data', subjectType: 'appeal', subjectId: appeal.id })]);
    // Lists carry no personal data.
    const list = await http(server.baseUrl, staff.dispatcher).get('/api/appeals?channel=open311&pageSize=100');
    expect(JSON.stringify(list.body)).not.toContain('lift@example.com');
  });

  test('an executor sees the name and that there is no phone, not the e-mail', async () => {
    const appeal = await file('json', minimal({ service_code: 'cold-water-none', email: 'water@example.com', first_name: 'Тарас' }));
    const seen = await http(server.baseUrl, staff.executor).get(`/api/appeals/${appeal.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.contact).toEqual({ name: 'Тарас', phone: null, reachedOnline: true, nameOnCard: null });
    expect(JSON.stringify(seen.body)).not.toContain('water@example.com');
  });
});
