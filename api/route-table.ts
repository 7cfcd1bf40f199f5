import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Role } from '../models/user';
import { ForbiddenError } from '../core/errors';
import type { ApiIdentity } from '../auth/api-keys';
import type { Actor } from '../appeals/actor';
import { actorOf } from '../auth/actor-of';
import { parseInput } from './validation';

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface HandlerInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  user: ApiIdentity | null;
  actor: Actor;
  req: Request;
  res: Response;
}

/**
 * One HTTP operation: who may call it, what it takes, and what it does. The router and the
 * OpenAPI document are both built from these, so the document cannot drift from the code.
 */
export interface Route<P extends Schema | undefined = Schema | undefined, Q extends Schema | undefined = Schema | undefined, B extends Schema | undefined = Schema | undefined> {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  /** 'public' needs no token; otherwise the roles allowed. */
  roles: readonly Role[] | 'public';
  params?: P;
  query?: Q;
  body?: B;
  status?: number;
  handler: (input: HandlerInput<Infer<P>, Infer<Q>, Infer<B>>) => Promise<unknown> | unknown;
}

export function route<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  spec: Route<P, Q, B>,
): Route {
  return spec as unknown as Route;
}

export type Authenticate = (req: Request) => Promise<ApiIdentity>;

export function mountRoutes(router: Router, routes: Route[], authenticate: Authenticate): void {
  for (const r of routes) {
    router[r.method](r.path, async (req: Request, res: Response) => {
      let user: ApiIdentity | null = null;
      if (r.roles !== 'public') {
        user = await authenticate(req);
        if (!r.roles.includes(user.role)) {
          throw new ForbiddenError('role_not_allowed', 'Недостатньо прав для цієї дії');
        }
      }
      const params = r.params ? parseInput(r.params, req.params, 'params') : undefined;
      const query = r.query ? parseInput(r.query, req.query, 'query') : undefined;
      const body = r.body ? parseInput(r.body, req.body, 'body') : undefined;
      const actor: Actor = user ? actorOf(user, req.ip) : { kind: 'system', name: 'public' };
      const result = await r.handler({ params, query, body, user, actor, req, res } as HandlerInput<never, never, never>);
      if (res.headersSent) return;
      if (result === undefined) res.status(r.status ?? 204).end();
      else res.status(r.status ?? 200).json(result);
    });
  }
}
