import { testDatabases } from '../support/databases';
import { startTestServer, signInStaff, capturedLogger, TestServer } from '../support/test-server';
import crypto from 'node:crypto';
import { Camera, Category, User } from '../../models';
import { createOpen311Client } from '../../open311/api-keys';
import { createOrganizationApiKey } from '../../auth/api-keys';

/**
 * Every route of the OpenAPI document and every Open311 route, fed the inputs clients get wrong:
 * wrong types, huge and deeply nested bodies, `__proto__` keys, bad encodings and charsets,
 * unicode edge cases, NUL bytes, SQL and path traversal strings, out-of-range numbers and dates.
 * Whatever comes, the answer is never 5xx and nothing reaches the error log. The inputs come
 * from a seeded PRNG, so a failure repeats; the count is bounded so a run takes seconds.
 */

const CCTV_SECRET = 'fuzz-cctv-secret-0123456789';

/** mulberry32: small, fast, and the same sequence for the same seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

const nested = (depth: number): unknown => (depth === 0 ? 'дно' : { a: nested(depth - 1) });
const STRINGS = [
  '', ' ', 'a\u0000b', '\u0000', "' OR '1'='1' --", '1; DROP TABLE appeals; --', '" OR ""="', '../../../../etc/passwd', '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f', '\ud800', '\udfff\ud800', '\uffff', 'e\u0301\u0301\u0301', '\u202eгарний', '\u200b', 'Ґанна Їжакевич 🚰💧', '𝕳𝖊𝖑𝖑𝖔',
  'ﷺ'.repeat(300), 'я'.repeat(5000), 'x'.repeat(70_000), '<script>alert(1)</script>', '${7*7}{{7*7}}', '0501234567', '+380501234567\u0000',
  '2026-000001', 'NaN', 'Infinity', '-0', '1e309', '__proto__', 'constructor',
];
const NUMBERS = [0, -1, 1, 1.5, -0.0001, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, 9007199254740993];
const DATES = ['0000-00-00', '9999-12-31', '2026-02-30', '1970-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00Z', 'вчора', '2026-13-01', '2026-03-10T25:61:00+99:00'];
const OTHERS: unknown[] = [true, false, null, [], {}, [1, 'два', null], { a: { b: { c: 1 } } }, nested(40), { __proto__x: 1 }];

function fuzzValue(rng: Rng): unknown {
  const r = rng.next();
  if (r < 0.45) return rng.pick(STRINGS);
  if (r < 0.65) return rng.pick(NUMBERS);
  if (r < 0.8) return rng.pick(DATES);
  return rng.pick(OTHERS);
}

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  format?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  minimum?: number;
}

/** A plausible value for a schema, so that one fuzzed field is what the route trips on. */
function sample(s: Schema | undefined, rng: Rng): unknown {
  if (!s) return 'тест';
  if (s.enum?.length) return rng.pick(s.enum);
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return sample(alt.find((a) => a.type !== 'null') ?? alt[0], rng);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (s.format === 'date') return '2026-03-12';
  if (s.format === 'date-time') return '2026-03-12T10:00:00Z';
  if (s.format === 'email') return 'test@example.com';
  if (s.format === 'uri') return 'https://example.com/hook';
  switch (type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return rng.chance(0.5);
    case 'array':
      return [sample(s.items, rng)];
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, rng)]));
    default:
      return 'Тестовий текст';
  }
}

const PATH_VALUES = ['1', '2', '0', '-1', '999999999999999999999', '%ff', '%FF%FE', '%00', 'a%00b', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', "1'%20OR%20'1'%3D'1", '2026-000001', '%F0%9F%9A%B0', 'abc', '1e3', '%C0%AF', encodeURIComponent('я'.repeat(300)), 'yesterday'];

interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

const ENCODING_CASES: Array<{ headers: Record<string, string>; body: (json: string) => string | Buffer }> = [
  { headers: { 'content-encoding': 'gzip' }, body: (j) => j },
  { headers: { 'content-encoding': 'deflate' }, body: (j) => j },
  { headers: { 'content-encoding': 'br' }, body: (j) => j },
  { headers: { 'content-encoding': 'zstd' }, body: (j) => j },
  { headers: { 'content-encoding': 'x-unknown' }, body: (j) => j },
  { headers: { 'content-encoding': 'gzip, gzip' }, body: (j) => j },
  { headers: { 'content-type': 'application/json; charset=utf8' }, body: (j) => j },
  { headers: { 'content-type': 'application/json; charset=x-no-such' }, body: (j) => j },
  { headers: { 'content-type': 'application/json; charset=iso-8859-1' }, body: (j) => Buffer.from(j, 'latin1') },
  { headers: { 'content-type': 'application/json; charset=utf-16le' }, body: (j) => Buffer.from(j, 'utf16le') },
  { headers: {}, body: () => Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]) },
  { headers: {}, body: () => '{"__proto__": {"role": "admin"}, "constructor": {"prototype": {"x": 1}}}' },
  { headers: {}, body: () => '[' .repeat(5000) + ']'.repeat(5000) },
  { headers: {}, body: () => '{"a":' },
  { headers: {}, body: () => `"${'x'.repeat(100)}"` },
  { headers: { 'content-type': 'text/plain' }, body: () => 'просто текст' },
  { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: () => 'a=%ff&b=%00&c[d]=1' },
];

describe.each(testDatabases())('fuzz of every route on $name', (db) => {
  let server: TestServer;
  const log = capturedLogger();
  const tokens: Record<string, string[]> = {};
  let open311Key = '';
  let staffIds: { id: number; role: string; organizationId: number | null }[] = [];

  beforeAll(async () => {
    server = await startTestServer(db, { LOGIN_RATE_LIMIT_PER_MINUTE: '100000', PUBLIC_STATUS_RATE_LIMIT_PER_MINUTE: '100000', CCTV_WEBHOOK_SECRET: CCTV_SECRET }, undefined, log.logger);
    const staff = await signInStaff(server);
    staffIds = (await User.findAll()).map((u) => ({ id: u.id, role: u.role, organizationId: u.organizationId ?? null }));
    open311Key = (await createOpen311Client('Фаз-тест')).apiKey;
    tokens.executor = [staff.executor];
    tokens.orgKey = [(await createOrganizationApiKey(staff.waterOrgId, 'фаз', server.clock)).key];
  }, 60_000);
  afterAll(() => server.close());

  /** Fresh tokens for every role (a fuzzed request may have signed out, disabled or changed a user). */
  async function refreshIdentities(): Promise<void> {
    for (const u of staffIds) await User.update({ active: true, role: u.role as User['role'], organizationId: u.organizationId }, { where: { id: u.id } });
    const byRole = new Map<string, string[]>();
    for (const u of staffIds) {
      const { token } = await server.kontakt.tokens.issue(u.id, null);
      byRole.set(u.role, [...(byRole.get(u.role) ?? []), `Bearer ${token}`]);
    }
    for (const [role, list] of byRole) tokens[role] = list;
    const waterOrg = (await Category.findOne({ where: { code: 'cold-water-none' } }))!.defaultExecutorId!;
    tokens.apiKey = [`ApiKey ${(await createOrganizationApiKey(waterOrg, 'фаз', server.clock)).key}`];
  }

  const failures: string[] = [];
  let sent = 0;
  async function send(r: Request): Promise<void> {
    sent++;
    let status: number;
    let type = '';
    try {
      const res = await fetch(server.baseUrl + r.path, { method: r.method, headers: r.headers, body: typeof r.body === 'string' || r.body === undefined ? r.body : new Uint8Array(r.body), redirect: 'manual' });
      status = res.status;
      type = res.headers.get('content-type') ?? '';
      await res.arrayBuffer();
    } catch (err) {
      failures.push(`${r.method} ${r.path}: no answer (${(err as Error).message})`);
      return;
    }
    if (status >= 500) failures.push(`${r.method} ${r.path.slice(0, 120)} ${JSON.stringify(r.headers)} → ${status}`);
    // Refusals speak the route family's error format.
    if (status >= 400 && r.path.startsWith('/api/') && !/problem\+json/.test(type)) failures.push(`${r.method} ${r.path.slice(0, 120)} → ${status} as ${type}`);
    if (status >= 400 && r.path.startsWith('/open311/') && !/json|xml/.test(type)) failures.push(`${r.method} ${r.path.slice(0, 120)} → ${status} as ${type}`);
  }

  function authFor(roles: unknown, rng: Rng): Record<string, string> {
    if (roles === 'public') return rng.chance(0.2) ? { authorization: rng.pick(tokens.dispatcher ?? []) } : {};
    const allowed = (roles as string[]).flatMap((role) => [...(tokens[role] ?? []), ...(role === 'executor' ? (tokens.apiKey ?? []) : [])]);
    if (rng.chance(0.05)) return { authorization: rng.pick(['Bearer %ff', 'Bearer \u0000', 'ApiKey kk_x', 'Basic YWRtaW46YWRtaW4=']).replace(/[^\x20-\x7e]/g, '') };
    return allowed.length ? { authorization: rng.pick(allowed) } : {};
  }

  test('the OpenAPI routes and the Open311 routes answer every input without a 5xx or an error log line', async () => {
    // FUZZ_SEED explores other sequences by hand; the suite always runs the fixed one.
    const rng = prng(Number(process.env.FUZZ_SEED ?? 20261206));
    const doc = await (await fetch(`${server.baseUrl}/api/openapi.json`)).json();
    let routes = 0;
    for (const [template, methods] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(methods)) {
        // Signing out would only end the fuzz's own session; it has its own tests.
        if (template === '/api/auth/logout') continue;
        routes++;
        await refreshIdentities();
        const params = (op.parameters ?? []) as Array<{ name: string; in: string; schema: Schema }>;
        const query = params.filter((p) => p.in === 'query');
        const bodySchema = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
        const pathWith = (value: () => string) => template.replace(/\{(\w+)\}/g, () => value());
        const queryWith = (fuzz: boolean) => {
          const parts = query
            .filter(() => rng.chance(0.6))
            .map((p) => {
              const raw = fuzz && rng.chance(0.6) ? fuzzValue(rng) : sample(p.schema, rng);
              const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
              const encoded = rng.chance(0.15) ? rng.pick(['%ff', '%00', 'a%00', '%e0%80%80', '%']) : encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'));
              return `${p.name}=${encoded}`;
            });
          return parts.length ? `?${parts.join('&')}` : '';
        };
        const validPath = () => pathWith(() => rng.pick(['1', '2', '2026-000001', 'yesterday']));
        const requests: Request[] = [];
        // Path parameters, undecodable and hostile, before and after authentication.
        if (template.includes('{')) {
          for (const v of rng.chance(0.5) ? PATH_VALUES : PATH_VALUES.filter(() => rng.chance(0.5))) {
            requests.push({ method, path: pathWith(() => v), headers: rng.chance(0.3) ? {} : authFor(op['x-roles'], rng) });
          }
        }
        // Query strings.
        for (let i = 0; i < (query.length ? 8 : 1); i++) requests.push({ method, path: validPath() + queryWith(true), headers: authFor(op['x-roles'], rng) });
        // Bodies: a plausible body with fields fuzzed, wrong shapes, and wrong encodings.
        if (bodySchema || method !== 'get') {
          for (let i = 0; i < 10; i++) {
            let body: unknown;
            if (i === 0) body = sample(bodySchema, rng);
            else if (i < 8) {
              const sampled = sample(bodySchema, rng);
              const base = (sampled && typeof sampled === 'object' ? sampled : {}) as Record<string, unknown>;
              const keys = Object.keys(bodySchema?.properties ?? {});
              for (let k = 0; k < 1 + Math.floor(rng.next() * 2); k++) {
                const key = keys.length && rng.chance(0.85) ? rng.pick(keys) : rng.pick(['__proto__', 'extra', 'я']);
                // An own key, so that `__proto__` is sent as a key, not taken as the prototype.
                Object.defineProperty(base, key, { value: fuzzValue(rng), enumerable: true, writable: true, configurable: true });
              }
              body = base;
            } else body = fuzzValue(rng);
            let json = JSON.stringify(body) ?? 'null';
            if (rng.chance(0.1)) json = json.replace(/\{/, '{"__proto__":{"isAdmin":true},');
            requests.push({ method, path: validPath(), headers: { 'content-type': 'application/json', ...authFor(op['x-roles'], rng) }, body: json });
          }
          for (const c of ENCODING_CASES.filter(() => rng.chance(0.5))) {
            const json = JSON.stringify(sample(bodySchema, rng) ?? {});
            requests.push({ method, path: validPath(), headers: { 'content-type': 'application/json', ...authFor(op['x-roles'], rng), ...c.headers }, body: c.body(json) });
          }
        }
        for (const r of requests) {
          if (r.method === 'get' || r.method === 'delete') delete r.body;
          // Headers the API reads beyond authentication: versions and idempotency keys.
          if (rng.chance(0.15)) r.headers['if-match'] = rng.pick(['"1"', 'W/"2"', '*', '"x"', '"99999999999"', '1, 2', '%ff', '']);
          if (rng.chance(0.15)) r.headers['idempotency-key'] = rng.pick(['k-1', 'k-1', ' ', 'x'.repeat(300), 'ключ', '%00', "' OR 1=1 --"]).replace(/[^\x20-\x7e]/g, '?');
          r.method = r.method.toUpperCase();
          await send(r);
        }
      }
    }
    expect(routes).toBeGreaterThan(50);

    // Open311: paths, filters and form or JSON bodies, with and without a valid key.
    const formats = ['json', 'xml', 'html', '%ff', '%00'];
    const o311 = '/open311/v2';
    for (let i = 0; i < 30; i++) {
      const f = rng.pick(formats);
      const seg = rng.chance(0.5) ? rng.pick(PATH_VALUES) : encodeURIComponent(String(fuzzValue(rng)).replace(/[\ud800-\udfff]/g, '')).slice(0, 3000);
      await send({ method: 'GET', path: `${o311}/${rng.pick(['services', 'requests', 'tokens'])}/${seg}.${f}`, headers: {} });
      const filter = ['service_request_id', 'service_code', 'start_date', 'end_date', 'status']
        .filter(() => rng.chance(0.5))
        .map((k) => `${k}=${rng.chance(0.2) ? rng.pick(['%ff', '%00', 'x%00']) : encodeURIComponent(String(fuzzValue(rng)).replace(/[\ud800-\udfff]/g, '')).slice(0, 3000)}`);
      await send({ method: 'GET', path: `${o311}/${rng.pick(['requests', 'services', 'discovery'])}.${f}?${filter.join('&')}`, headers: {} });
    }
    const fields = ['service_code', 'lat', 'long', 'address_string', 'address_id', 'description', 'first_name', 'last_name', 'phone', 'email', 'device_id', 'account_id', 'media_url', 'attribute[floor]'];
    const validForm = (): Record<string, string> => ({
      api_key: open311Key, service_code: 'cold-water-none', lat: '50.45', long: '30.52', address_string: 'вулиця Хрещатик, 22',
      description: 'Немає води', first_name: 'Оксана', last_name: 'Коваленко', phone: '0507654321', email: 'o@example.com',
    });
    for (let i = 0; i < 60; i++) {
      const form = validForm();
      if (rng.chance(0.2)) delete (form as Partial<typeof form>).api_key;
      for (let k = 0; k < 1 + Math.floor(rng.next() * 3); k++) {
        const v = fuzzValue(rng);
        form[rng.pick(fields)] = (typeof v === 'string' ? v : JSON.stringify(v) ?? '').replace(/[\ud800-\udfff]/g, '\ufffd').slice(0, 20_000);
      }
      const f = rng.pick(['json', 'xml']);
      const asJson = rng.chance(0.3);
      const body = asJson ? JSON.stringify(form) : new URLSearchParams(form).toString();
      const enc = rng.chance(0.3) ? rng.pick(ENCODING_CASES) : null;
      const headers = { 'content-type': asJson ? 'application/json' : 'application/x-www-form-urlencoded', ...(enc?.headers ?? {}) };
      if (enc?.headers['content-type']) headers['content-type'] = enc.headers['content-type'].replace('application/json', asJson ? 'application/json' : 'application/x-www-form-urlencoded');
      await send({ method: 'POST', path: `${o311}/requests.${f}`, headers, body: enc ? enc.body(body) : body });
    }
    for (const raw of ['a=%ff', 'service_code=%00', 'api_key=x&api_key=y', 'service_code=a&service_code=b', `${'a=1&'.repeat(300)}`, 'x'.repeat(70_000)]) {
      await send({ method: 'POST', path: `${o311}/requests.json`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: raw });
    }

    // The analytics webhook past its signature: signed bodies with fuzzed fields.
    const camera = await Camera.create({ name: 'Фаз-камера', place: 'вул. Хрещатик, 1', streamUrl: null, active: true });
    for (let i = 0; i < 40; i++) {
      const incident: Record<string, unknown> = { cameraId: camera.id, type: 'cold-water-none', description: 'Тече вода', seenAt: '2026-03-10T08:00:00Z' };
      for (let k = 0; k < 1 + Math.floor(rng.next() * 2); k++) incident[rng.pick(['cameraId', 'type', 'description', 'seenAt', 'snapshotUrl'])] = fuzzValue(rng);
      const raw = JSON.stringify(incident);
      const signature = `sha256=${crypto.createHmac('sha256', CCTV_SECRET).update(raw).digest('hex')}`;
      await send({ method: 'POST', path: '/api/cctv/analytics-webhook', headers: { 'content-type': 'application/json', 'x-kontakt-signature': signature }, body: raw });
    }

    expect(sent).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
    expect(log.lines.filter((l) => l.level >= 50)).toEqual([]);
  }, 120_000);
});
