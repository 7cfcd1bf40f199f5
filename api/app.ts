import express, { Express } from 'express';
import rateLimit, { ipKeyGenerator } from 'express-rate-limit';
import type { ApiDeps } from './deps';
import { mountRoutes, Route, route } from './route-table';
import { authenticator } from './authenticate';
import { errorHandler, notFoundHandler } from './problem';
import { checkUrl, normalizeCharset, jsonBody, rawBody } from './request-decoding';
import { buildOpenApi } from './openapi';
import { authRoutes } from './routes/auth-routes';
import { appealRoutes } from './routes/appeal-routes';
import { applicantRoutes } from './routes/applicant-routes';
import { referenceRoutes } from './routes/reference-routes';
import { userRoutes } from './routes/user-routes';
import { auditRoutes } from './routes/audit-routes';
import { callRoutes } from './routes/call-routes';
import { healthRoutes } from './routes/health-routes';
import { outageRoutes } from './routes/outage-routes';
import { publicOutageRoutes } from './routes/public-outage-routes';
import { executorApiRoutes } from './routes/executor-api-routes';
import { publicStatusRoutes } from './routes/public-status-routes';
import { cctvRoutes, cctvWebhookRoutes, CCTV_WEBHOOK_PATH } from './routes/cctv-routes';
import { reportRoutes } from './routes/reports';
import { callbackTaskRoutes } from './routes/callback-tasks';
import { verificationRoutes } from './routes/verifications';
import { appealPhotoRoutes } from './routes/appeal-photos';
import { noticeRoutes } from './routes/notices';
import { RateLimitedError } from '../core/errors';

export function apiRoutes(deps: ApiDeps): Route[] {
  return [
    ...healthRoutes(deps),
    ...authRoutes(deps),
    ...appealRoutes(deps),
    ...applicantRoutes(deps),
    ...callRoutes(deps),
    ...callbackTaskRoutes(deps),
    ...verificationRoutes(deps),
    ...noticeRoutes(deps),
    ...referenceRoutes(),
    ...userRoutes(deps),
    ...auditRoutes(),
    ...outageRoutes(deps),
    ...publicOutageRoutes(deps),
    ...executorApiRoutes(deps),
    ...publicStatusRoutes(),
    ...cctvRoutes(deps),
    ...reportRoutes(deps),
    ...appealPhotoRoutes(),
  ];
}

/** The HTTP face of Kontakt. Other parts (console, prompts, Open311) mount beside it in the composition root. */
export function createApiApp(deps: ApiDeps, extra?: (app: Express) => void): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY);
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  // The edge: a URL that does not decode, a NUL, a body that is not what its headers say are
  // refused here, before authentication and any query (api/request-decoding.ts).
  app.use(checkUrl, normalizeCharset);
  // The analytics webhook's signature covers the raw body: it gets the bytes, whatever the content type.
  app.use(CCTV_WEBHOOK_PATH, rawBody('64kb'));
  // Open311 reads its own bodies (UTF-8 whatever the label says, as GeoReport v2 wants: open311/read-body.ts).
  const json = express.Router().use(jsonBody('64kb'));
  app.use((req, res, next) => (req.path.startsWith('/open311/') ? next() : json(req, res, next)));

  // Answers with personal data or a token must stay out of every cache; the few public,
  // cacheable answers (the report's stylesheet) say so themselves.
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  // Sign-in attempts: per login and address (so colleagues behind one office address do not
  // share a limit), and per address for all logins, more loosely. Failed passwords are
  // throttled per account as well (auth/login-throttle.ts).
  const loginLimit = (limit: number, keyGenerator?: (req: express.Request) => string) =>
    rateLimit({
      windowMs: 60_000,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      ...(keyGenerator ? { keyGenerator } : {}),
      handler: (_req, _res, next) => next(new RateLimitedError('too_many_requests', 'Забагато спроб входу, зачекайте хвилину')),
    });
  app.use(
    '/api/auth/login',
    loginLimit(deps.config.LOGIN_ADDRESS_RATE_LIMIT_PER_MINUTE ?? deps.config.LOGIN_RATE_LIMIT_PER_MINUTE * 10),
    loginLimit(deps.config.LOGIN_RATE_LIMIT_PER_MINUTE, (req) => {
      const login = (req.body as { login?: unknown } | undefined)?.login;
      return `${ipKeyGenerator(req.ip ?? '')}|${typeof login === 'string' ? login.trim().toLowerCase().slice(0, 64) : ''}`;
    }),
  );

  app.use(
    '/api/public/appeals',
    rateLimit({
      windowMs: 60_000,
      limit: deps.config.PUBLIC_STATUS_RATE_LIMIT_PER_MINUTE,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new RateLimitedError('too_many_requests', 'Забагато запитів, зачекайте хвилину')),
    }),
  );

  const routes = apiRoutes(deps);
  // Signed by HMAC rather than a bearer token: documented and mounted, but not in the role matrix.
  const webhooks = cctvWebhookRoutes(deps);
  const openapi = buildOpenApi([...routes, ...webhooks], process.env.npm_package_version ?? '0.1.0');
  const router = express.Router();
  mountRoutes(router, [...routes, ...webhooks, route({ method: 'get', path: '/api/openapi.json', tag: 'health', roles: 'public', summary: 'This document', handler: () => openapi })], authenticator(deps.tokens, deps.clock));
  app.use(router);
  extra?.(app);
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
