/**
 * Kontakt driven the way FixMyStreet's Open311 client module (perllib/Open311.pm) drives an
 * endpoint: XML everywhere, jurisdiction_id on every call, the service list and the definitions
 * of services with metadata, a form-encoded POST with an e-mail and a name but usually no phone,
 * its own extras and the category's answers as attribute[...], the photo as media_url, the id
 * (or a token) read from the answer, then the requests read back by id list and by dates.
 * Then what staff see of those requests.
 */
import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, http, TestServer, Staff } from '../support/test-server';
import { Appeal, Applicant, Category } from '../../models';
import { systemActor } from '../../appeals/actor';
import { createOpen311Client } from '../../open311/api-keys';
import { parseXml, child, textOf, XmlNode } from './xml-reader';
import { verificationOf } from '../jobs/verification-helpers';

const JURISDICTION = 'zoriansk.example';

/** XML::Simple's view of an element: its children's text by name (lists as arrays). */
function simple(node: XmlNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of node.children) {
    const value = c.children.length ? simple(c) : c.text;
    out[c.name] = c.name in out ? [...(Array.isArray(out[c.name]) ? (out[c.name] as unknown[]) : [out[c.name]]), value] : value;
  }
  return out;
}

/** The subset of FixMyStreet's Open311 client that talks to an endpoint, in TypeScript. */
class FixMyStreetOpen311 {
  constructor(private readonly endpoint: string, private readonly apiKey: string) {}

  private async getXml(path: string, params: Record<string, string> = {}): Promise<XmlNode> {
    const query = new URLSearchParams({ ...params, jurisdiction_id: JURISDICTION });
    const res = await fetch(`${this.endpoint}${path}?${query}`);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return parseXml(await res.text());
  }

  async getServiceList() {
    return (await this.getXml('services.xml')).children.map(simple);
  }

  async getServiceMetaInfo(code: string) {
    return this.getXml(`services/${code}.xml`);
  }

  /** As send_service_request: title, detail and the report's address in the description; no phone unless the user gave one. */
  async sendServiceRequest(problem: { title: string; detail: string; name: string; email: string; phone?: string; lat: number; long: number; imageUrl?: string; id: number; extra: Record<string, string> }, serviceCode: string): Promise<{ status: number; id: string | null; body: string }> {
    const description = `title: ${problem.title}\n\ndetail: ${problem.detail}\n\nurl: https://fms.example/report/${problem.id}\n\nSubmitted via FixMyStreet\n`;
    const [, firstName = '', lastName = ''] = /(\S+)\.?\s+(.+)/.exec(problem.name) ?? [];
    const params: [string, string][] = [
      ['jurisdiction_id', JURISDICTION], ['api_key', this.apiKey],
      ['email', problem.email], ['description', description], ['service_code', serviceCode],
      ['first_name', firstName], ['last_name', lastName], ['lat', String(problem.lat)], ['long', String(problem.long)],
    ];
    if (problem.phone) params.push(['phone', problem.phone]);
    if (problem.imageUrl) params.push(['media_url', problem.imageUrl]);
    // FixMyStreet's own extras, which a server may not know, and the category's answers.
    params.push(['attribute[fixmystreet_id]', String(problem.id)], ['attribute[title]', problem.title], ['attribute[report_url]', `https://fms.example/report/${problem.id}`]);
    for (const [k, v] of Object.entries(problem.extra)) params.push([`attribute[${k}]`, v]);
    const res = await fetch(`${this.endpoint}requests.xml`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    const body = await res.text();
    if (res.status !== 200) return { status: res.status, id: null, body };
    const request = simple(parseXml(body)).request as Record<string, string>;
    const id = request.service_request_id || (request.token ? await this.idFromToken(request.token) : null);
    return { status: res.status, id, body };
  }

  private async idFromToken(token: string): Promise<string | null> {
    return (simple(await this.getXml(`tokens/${token}.xml`)).request as Record<string, string>).service_request_id ?? null;
  }

  async getServiceRequests(params: Record<string, string>) {
    const doc = await this.getXml('requests.xml', params);
    return doc.children.map(simple) as Record<string, string>[];
  }
}

describe.each(testDatabases())('a FixMyStreet Open311 client on $name', (db) => {
  let server: TestServer;
  let staff: Staff;
  let fms: FixMyStreetOpen311;
  const problem = (extra: Partial<Parameters<FixMyStreetOpen311['sendServiceRequest']>[0]> = {}) => ({
    title: 'Не світять ліхтарі', detail: 'Уздовж усього кварталу темно з вечора', name: 'Ґанна Їжакевич', email: 'ganna@example.com',
    lat: 50.4501, long: 30.5234, imageUrl: 'https://fms.example/photo/1.full.jpeg', id: 101, extra: { light_kind: 'several' }, ...extra,
  });

  beforeAll(async () => {
    server = await startTestServer(db);
    staff = await signInStaff(server);
    const { apiKey } = await createOpen311Client('FixMyStreet');
    const discovery = await (await fetch(`${server.baseUrl}/open311/v2/discovery.json`)).json() as { endpoints: { specification: string; url: string }[] };
    fms = new FixMyStreetOpen311(`${discovery.endpoints.find((e) => e.specification === 'http://wiki.open311.org/GeoReport_v2')!.url}/`, apiKey);
  });
  afterAll(() => server.close());

  test('reads the services and the definitions of those with metadata', async () => {
    const services = await fms.getServiceList();
    const light = services.find((s) => s.service_code === 'street-light')!;
    expect(light.metadata).toBe('true');
    const meta = await fms.getServiceMetaInfo('street-light');
    const attributes = child(meta, 'attributes')!.children.map(simple);
    expect(attributes.map((a) => a.code)).toEqual(['light_kind', 'pole_number']);
    expect(attributes[0]).toMatchObject({ variable: 'true', datatype: 'singlevaluelist', required: 'true', order: '1' });
  });

  test('files a report with an e-mail and no phone; reads it back by id and by dates', async () => {
    const sent = await fms.sendServiceRequest(problem(), 'street-light');
    expect(sent.status).toBe(200);
    expect(sent.id).toMatch(/^2026-\d{6}$/);
    const appeal = (await Appeal.findOne({ where: { number: sent.id! } }))!;
    expect(appeal).toMatchObject({
      channel: 'open311', applicantId: null, applicantName: 'Їжакевич Ґанна', applicantEmail: 'ganna@example.com',
      mediaUrl: 'https://fms.example/photo/1.full.jpeg', attributes: { light_kind: 'several' },
    });
    expect(appeal.description).toContain('Submitted via FixMyStreet');
    expect(simple(parseXml(sent.body)).request).toMatchObject({ service_notice: expect.stringContaining(`стан звернення дивіться за номером ${sent.id}`) });

    const second = await fms.sendServiceRequest(problem({ id: 102, extra: { light_kind: 'one' }, imageUrl: undefined }), 'street-light');
    const byIds = await fms.getServiceRequests({ service_request_id: `${sent.id},${second.id}` });
    expect(byIds.map((r) => r.service_request_id).sort()).toEqual([sent.id, second.id].sort());
    const first = byIds.find((r) => r.service_request_id === sent.id)!;
    expect(first).toMatchObject({ status: 'open', service_code: 'street-light', media_url: 'https://fms.example/photo/1.full.jpeg', lat: '50.4501', long: '30.5234' });
    expect(byIds.find((r) => r.service_request_id === second.id)!.media_url).toBe('');
    for (const r of byIds) expect(JSON.stringify(r)).not.toMatch(/ganna@example\.com|Їжакевич/);

    const byDates = await fms.getServiceRequests({ start_date: '2026-03-10T00:00:00Z', end_date: '2026-03-11T00:00:00Z' });
    expect(byDates.map((r) => r.service_request_id)).toEqual(expect.arrayContaining([sent.id, second.id]));
  });

  test('a report missing the category’s required answer is refused with a readable error FixMyStreet logs', async () => {
    const sent = await fms.sendServiceRequest(problem({ id: 103, extra: {} }), 'street-light');
    expect(sent.status).toBe(400);
    const errors = parseXml(sent.body);
    expect(errors.name).toBe('errors');
    expect(textOf(errors.children[0]!, 'code')).toBe('400');
    expect(textOf(errors.children[0]!, 'description')).toMatch(/light_kind/);
  });

  test('a phone of a known applicant files under the name given now, keeps the card’s name, and asks no consent', async () => {
    const earlier = await http(server.baseUrl, staff.dispatcher).post('/api/appeals', {
      phone: '0501112233', applicantName: 'Олена Коваль', categoryId: (await Category.findOne({ where: { code: 'cold-water-none' } }))!.id,
      address: 'вулиця Шевченка, 5', description: 'Немає води',
    });
    expect(earlier.status).toBe(201);
    const sent = await fms.sendServiceRequest(problem({ id: 104, phone: '+380501112233' }), 'street-light');
    const appeal = (await Appeal.findOne({ where: { number: sent.id! } }))!;
    expect(appeal.applicantId).toBe((await Appeal.findByPk(earlier.body.id))!.applicantId);
    const card = (await Applicant.findByPk(appeal.applicantId!))!;
    expect(card.fullName).toBe('Олена Коваль');
    expect(appeal.applicantName).toBe('Їжакевич Ґанна');
    const seen = await http(server.baseUrl, staff.dispatcher).get(`/api/appeals/${appeal.id}`);
    expect(seen.body.contact).toEqual({ name: 'Їжакевич Ґанна', email: 'ganna@example.com', phone: '+380501112233', reachedOnline: false, nameOnCard: 'Олена Коваль' });

    const fresh = await fms.sendServiceRequest(problem({ id: 105, phone: '067 555 44 33' }), 'street-light');
    const newcomer = (await Applicant.findByPk((await Appeal.findOne({ where: { number: fresh.id! } }))!.applicantId!))!;
    expect(newcomer.consentToCalls).toBe(false);
    expect(newcomer.fullName).toBe('Їжакевич Ґанна');
  });

  test('once done, a resident with no phone is recorded as reached online, not put on the dispatchers’ list', async () => {
    const sent = await fms.sendServiceRequest(problem({ id: 106 }), 'street-light');
    const appeal = (await Appeal.findOne({ where: { number: sent.id! } }))!;
    const system = systemActor('test');
    await server.kontakt.appeals.move(system, appeal.id, 'start');
    await server.kontakt.appeals.move(system, appeal.id, 'complete', { result: 'Замінено лампи' });
    const v = await verificationOf(appeal.id);
    expect(v).toMatchObject({ status: 'online', reason: 'online', attempts: 0 });
    const list = await http(server.baseUrl, staff.dispatcher).get('/api/verifications?status=not_reached,disputed&pageSize=100');
    expect(list.body.items.map((i: { appeal: { id: number } }) => i.appeal.id)).not.toContain(appeal.id);
    const online = await http(server.baseUrl, staff.dispatcher).get(`/api/verifications?appealId=${appeal.id}`);
    expect(online.body.items[0]).toMatchObject({ status: 'online', statusName: 'без дзвінка: заявник стежить за станом онлайн' });
    // The resident reads the state online by the request id.
    const [state] = await fms.getServiceRequests({ service_request_id: sent.id! });
    expect(state!.status_notes).toBe('виконано, очікує підтвердження');
  });
});
