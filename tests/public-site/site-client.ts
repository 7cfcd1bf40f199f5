import sharp from 'sharp';
import { solveChallenge } from '../../public-site/spam-guard';

export interface Page {
  status: number;
  html: string;
  headers: Headers;
}

/** A value of a hidden input in a served form. */
export function hidden(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no field ${name} in the page`);
  return m[1]!;
}

/** The private link on the "filed" page. */
export function privateLink(html: string): string {
  const m = /class="private-link" href="([^"]+)"/.exec(html);
  if (!m) throw new Error('no private link in the page');
  return m[1]!;
}

export function appealNumber(html: string): string {
  return /class="number">([^<]+)</.exec(html)![1]!;
}

/** A resident's photo with EXIF (author and a GPS position), as phones write them. */
export async function phonePhoto(width = 2400, height = 1800): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#6a9955' } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'Oksana Secret-Author' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '50/1 27/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '30/1 31/1 0/1' } })
    .toBuffer();
}

export interface FilingFields {
  category?: string;
  description?: string;
  street?: string;
  building?: string;
  entrance?: string;
  flat?: string;
  name?: string;
  phone?: string;
  email?: string;
  consent?: string;
}

export const GOOD_FILING: FilingFields = {
  category: 'cold-water-none', description: 'Третю добу немає холодної води в під’їзді', street: 'вулиця Шевченка', building: '12',
  entrance: '2', flat: '5', name: 'Оксана Коваль', phone: '050 123 45 67', email: 'oksana@example.com', consent: '1',
};

/** A resident's browser without JavaScript, or a script: real HTTP with the site's one cookie kept. */
export function siteClient(baseUrl: string, extraHeaders: Record<string, string> = {}) {
  let cookie = '';
  const keep = (res: Response) => {
    const set = res.headers.get('set-cookie');
    const m = set && /misto_csrf=([^;]+)/.exec(set);
    if (m) cookie = `misto_csrf=${m[1]}`;
  };
  const request = async (path: string, init: RequestInit = {}): Promise<Page> => {
    const res = await fetch(baseUrl + path, {
      ...init, redirect: 'manual',
      // A connection per request: suites restart servers, and a pooled socket must not outlive one.
      headers: { connection: 'close', ...(cookie ? { cookie } : {}), accept: 'text/html', ...extraHeaders, ...(init.headers as Record<string, string>) },
    });
    keep(res);
    return { status: res.status, html: await res.text(), headers: res.headers };
  };
  const multipart = (fields: Record<string, string>, photos: Array<{ name: string; data: Buffer; type?: string }> = []) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const p of photos) form.append('photos', new Blob([new Uint8Array(p.data)], { type: p.type ?? 'image/jpeg' }), p.name);
    return form;
  };
  return {
    get: (path: string) => request(path),
    forgetCookie: () => {
      cookie = '';
    },
    /** Opens the filing form and sends it; `pow: true` solves the challenge as the browser's script does. */
    async file(fields: FilingFields, o: { photos?: Array<{ name: string; data: Buffer; type?: string }>; pow?: boolean | string; honeypot?: string; csrf?: string; challenge?: string; base?: string } = {}): Promise<Page> {
      const base = o.base ?? '/misto';
      const form = await request(`${base}/zvernennia`);
      const challenge = o.challenge ?? hidden(form.html, 'challenge');
      const pow = o.pow === true ? solveChallenge(challenge) : typeof o.pow === 'string' ? o.pow : '';
      return request(`${base}/zvernennia`, {
        method: 'POST',
        body: multipart({ ...(fields as Record<string, string>), csrf: o.csrf ?? hidden(form.html, 'csrf'), challenge, pow, website: o.honeypot ?? '' }, o.photos),
      });
    },
    /** A form posted on a page (urlencoded, with the page's CSRF token). */
    async post(pagePath: string, action: string, fields: Record<string, string>): Promise<Page> {
      const page = await request(pagePath);
      return request(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf: hidden(page.html, 'csrf'), ...fields }).toString() });
    },
    async postMultipart(pagePath: string, action: string, fields: Record<string, string>, photos: Array<{ name: string; data: Buffer }> = []): Promise<Page> {
      const page = await request(pagePath);
      return request(action, { method: 'POST', body: multipart({ csrf: hidden(page.html, 'csrf'), ...fields }, photos) });
    },
  };
}
