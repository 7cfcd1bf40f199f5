import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { route } from '../route-table';

const HANDLERS = ['dispatcher', 'head'] as const;

export function applicantRoutes({ appeals }: ApiDeps) {
  return [
    route({
      method: 'get', path: '/api/applicants/by-phone/:phone', tag: 'applicants', roles: HANDLERS,
      summary: 'An applicant by any spelling of their phone, with their latest appeals (the screen-pop query; audited)',
      params: z.object({ phone: z.string().max(40) }),
      query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }),
      handler: ({ actor, params, query }) => appeals.historyByPhone(actor, params.phone, query.limit),
    }),
    route({
      method: 'get', path: '/api/applicants/:id', tag: 'applicants', roles: HANDLERS,
      summary: 'An applicant\'s card (audited)',
      params: z.object({ id: z.coerce.number().int().positive() }),
      handler: ({ actor, params }) => appeals.applicant(actor, params.id),
    }),
    route({
      method: 'patch', path: '/api/applicants/:id', tag: 'applicants', roles: HANDLERS,
      summary: 'Correct an applicant\'s name or address, consent to calls, do-not-call',
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.strictObject({
        fullName: z.string().max(255).nullish(),
        address: z.string().max(500).nullish(),
        consentToCalls: z.boolean().optional(),
        doNotCall: z.boolean().optional(),
      }),
      handler: ({ actor, params, body }) => appeals.updateApplicant(actor, params.id, body),
    }),
  ];
}
