import crypto from 'node:crypto';
import { z } from 'zod';
import { UnauthorizedError, UnavailableError, ValidationError } from '../../core/errors';
import { systemActor } from '../../appeals/actor';
import { CctvService } from '../../cctv/cctv-service';
import type { ApiDeps } from '../deps';
import { route } from '../route-table';
import { assertDecodable } from '../request-decoding';
import { parseInput, q } from '../validation';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const url = (protocols: RegExp) => z.string().max(1000).url().refine((v) => protocols.test(v), 'Непідтримувана адреса');
const cameraFields = {
  name: z.string().trim().min(1).max(255),
  place: z.string().trim().min(1).max(500),
  streamUrl: url(/^(rtsps?|https?):\/\//i).nullish(),
  active: z.boolean().optional(),
};
const incident = z.strictObject({
  cameraId: z.number().int().positive(),
  type: z.string().min(1).max(64).describe('A category code of the classifier'),
  description: z.string().trim().min(1).max(3500),
  seenAt: z.iso.datetime({ offset: true }),
  snapshotUrl: url(/^https?:\/\//i).nullish(),
});
type IncidentBody = z.infer<typeof incident>;
const toInput = (b: IncidentBody) => ({ ...b, seenAt: new Date(b.seenAt) });

export const CCTV_WEBHOOK_PATH = '/api/cctv/analytics-webhook';
export const SIGNATURE_HEADER = 'x-kontakt-signature';

/** Cameras (admin keeps them; dispatchers, the head and the admin read them) and operators' incidents. */
export function cctvRoutes(deps: ApiDeps) {
  const cctv = new CctvService(deps.appeals);
  return [
    route({
      method: 'get', path: '/api/cctv/cameras', tag: 'cctv', roles: ['dispatcher', 'head', 'admin'],
      summary: 'The city\'s cameras',
      query: z.object({ active: q.bool().optional() }),
      handler: async ({ query }) => ({ items: await cctv.listCameras(query) }),
    }),
    route({
      method: 'get', path: '/api/cctv/cameras/:id', tag: 'cctv', roles: ['dispatcher', 'head', 'admin'],
      summary: 'One camera', params: idParams,
      handler: ({ params }) => cctv.getCamera(params.id),
    }),
    route({
      method: 'post', path: '/api/cctv/cameras', tag: 'cctv', roles: ['admin'], status: 201,
      summary: 'Add a camera', body: z.strictObject(cameraFields),
      handler: ({ body }) => cctv.createCamera(body),
    }),
    route({
      method: 'patch', path: '/api/cctv/cameras/:id', tag: 'cctv', roles: ['admin'],
      summary: 'Change or deactivate a camera', params: idParams, body: z.strictObject(cameraFields).partial(),
      handler: ({ params, body }) => cctv.updateCamera(params.id, body),
    }),
    route({
      method: 'post', path: '/api/cctv/incidents', tag: 'cctv', roles: ['dispatcher'], status: 201,
      summary: 'A CCTV operator registers an incident seen on a camera: it becomes an appeal with channel cctv',
      body: incident,
      handler: ({ actor, body }) => cctv.registerIncident(actor, 'operator', toInput(body)),
    }),
  ];
}

/** Constant-time check of `sha256=<hex>` against the HMAC-SHA256 of the raw body. */
export function validSignature(secret: string, raw: Buffer, header: string | undefined): boolean {
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!m) return false;
  const expected = crypto.createHmac('sha256', secret).update(raw).digest();
  return crypto.timingSafeEqual(expected, Buffer.from(m[1]!, 'hex'));
}

/**
 * The webhook of video analytics systems. Not a bearer route (it is proved by the signature), so
 * it is mounted beside the route table; api/app.ts gives it the raw body the signature covers.
 */
export function cctvWebhookRoutes(deps: ApiDeps) {
  const cctv = new CctvService(deps.appeals);
  return [
    route({
      method: 'post', path: CCTV_WEBHOOK_PATH, tag: 'cctv', roles: 'public', status: 201,
      summary: 'Video analytics posts an incident; JSON body signed in X-Kontakt-Signature: sha256=<HMAC-SHA256 hex of the raw body>',
      handler: async ({ req }) => {
        const secret = deps.config.CCTV_WEBHOOK_SECRET;
        if (!secret) throw new UnavailableError('cctv_webhook_not_configured', 'Прийом подій відеоаналітики не налаштовано');
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        if (!validSignature(secret, raw, req.get(SIGNATURE_HEADER))) {
          throw new UnauthorizedError('invalid_signature', 'Підпис запиту відсутній або невірний');
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new ValidationError('malformed_json', 'Тіло запиту не є коректним JSON');
        }
        assertDecodable(parsed);
        return cctv.registerIncident(systemActor('cctv-analytics'), 'analytics', toInput(parseInput(incident, parsed, 'body')));
      },
    }),
  ];
}
