import { z } from 'zod';
import { CALLBACK_TASK_STATUSES } from '../../models/callback-task';
import { closeCallbackTask, listCallbackTasks, NOTE_MAX } from '../../jobs/abandoned-callback-tasks';
import type { ApiDeps } from '../deps';
import { route } from '../route-table';
import { q } from '../validation';

const HANDLERS = ['dispatcher', 'head'] as const;

/** Callers who hung up in the queue, to be called back (made by the abandoned-calls job). */
export function callbackTaskRoutes(deps: ApiDeps) {
  return [
    route({
      method: 'get', path: '/api/callback-tasks', tag: 'calls', roles: HANDLERS,
      summary: 'Missed calls to call back (open by default, oldest first); the numbers are personal data, the read is audited',
      query: z.object({
        status: z.enum(CALLBACK_TASK_STATUSES).default('open'),
        page: q.int().default(1),
        pageSize: q.int().max(100).default(50),
      }),
      handler: ({ actor, query }) => listCallbackTasks(actor, query.status, query.page, query.pageSize),
    }),
    route({
      method: 'post', path: '/api/callback-tasks/:id/close', tag: 'calls', roles: HANDLERS,
      summary: 'Close a callback task: done (called back) or cancelled (with a note why); 409 if it is closed already',
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.strictObject({ outcome: z.enum(['done', 'cancelled']), note: z.string().max(NOTE_MAX).nullish() }),
      handler: ({ actor, params, body }) => closeCallbackTask(actor, params.id, body.outcome, body.note, deps.clock.now()),
    }),
  ];
}
