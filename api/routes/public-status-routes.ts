import { z } from 'zod';
import { publicAppealStatus } from '../../appeals/public-status';
import { route } from '../route-table';

const params = z.object({ number: z.string().regex(/^\d{4}-\d{6,9}$/, 'Номер звернення має вигляд 2026-000123') });
const last4 = z.string().regex(/^\d{4}$/, 'Вкажіть чотири останні цифри телефону');

/**
 * A resident's check of their appeal by its number and the last four digits of their phone.
 * Public and rate-limited per client address (api/app.ts). POST keeps the digits out of
 * access logs and proxies; GET is there for simple links.
 */
export function publicStatusRoutes() {
  return [
    route({
      method: 'get', path: '/api/public/appeals/:number/status', tag: 'public', roles: 'public',
      summary: 'Status, executor and deadline of an appeal, for its applicant (number + last four digits of the phone)',
      params, query: z.object({ phoneLast4: last4 }),
      handler: ({ params, query }) => publicAppealStatus(params.number, query.phoneLast4),
    }),
    route({
      method: 'post', path: '/api/public/appeals/:number/status', tag: 'public', roles: 'public',
      summary: 'The same as the GET, with the digits in a JSON body (kept out of access logs)',
      params, body: z.object({ phoneLast4: last4 }),
      handler: ({ params, body }) => publicAppealStatus(params.number, body.phoneLast4),
    }),
  ];
}
