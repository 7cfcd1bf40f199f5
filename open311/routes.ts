import express, { Router, Request } from 'express';
import { DateTime } from 'luxon';
import type { AppealService } from '../appeals/appeal-service';
import { systemActor } from '../appeals/actor';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { Organization } from '../models';
import { Open311Error, open311ErrorHandler, open311NotFound } from './errors';
import { parseFormat, send, SHAPES, Format } from './respond';
import { discoveryView } from './discovery';
import { activeCategories, activeCategory, serviceView, serviceDefinitionView, servicesChangedAt } from './services';
import { resolveAddressId, searchAddresses } from './addresses';
import { open311BodyReader } from './read-body';
import { authenticateOpen311 } from './api-keys';
import { readRequestInput, PostBody } from './request-input';
import { parseRequestFilters } from './request-filters';
import { findPublishedRequests, findPublishedRequest } from './request-queries';
import { requestView } from './request-view';
import { idempotentRegistration } from '../api/idempotency';

export interface Open311Deps {
  appeals: AppealService;
  clock: Clock;
  logger: Logger;
  timeZone: string;
  /** How clients reach us, for discovery: the configured public address, never a request's Host. */
  publicUrl: () => string;
}

/**
 * When this endpoint's behaviour or the categories' questions (appeals/category-questions.ts)
 * last changed: bump it with them. Discovery's changeset is this or the categories' latest change.
 */
const CODE_CHANGESET = new Date('2026-12-06T00:00:00Z');

/** The format in the path, or a 404: `.json` and `.xml` are the only addresses the spec has. */
function format(req: Request): Format {
  const f = parseFormat(req.params.format);
  if (!f) throw new Open311Error(404, 'Підтримуються лише формати .json і .xml');
  return f;
}

/**
 * Open311 GeoReport v2 under /open311/v2. Its own router, beside the bearer-token API: clients
 * identify with an api_key (only to file), and errors have the spec's shape, not problem+json.
 */
export function open311Router(deps: Open311Deps): Router {
  const router = express.Router();
  // The spec posts form-encoded; JSON is accepted too. Read here, as UTF-8 whatever the label.
  router.use(open311BodyReader());

  router.get('/discovery.:format', async (req, res) => {
    const f = format(req);
    send(res, f, 200, SHAPES.discovery, discoveryView(deps.publicUrl(), await servicesChangedAt(CODE_CHANGESET)));
  });

  // Kontakt's extension: the city's address_id values (see discovery's second endpoint, README).
  router.get('/addresses.:format', async (req, res) => {
    const f = format(req);
    send(res, f, 200, SHAPES.addresses, await searchAddresses(req.query.q));
  });

  router.get('/services.:format', async (req, res) => {
    const f = format(req);
    send(res, f, 200, SHAPES.services, (await activeCategories()).map(serviceView));
  });

  router.get('/services/:code.:format', async (req, res) => {
    const f = format(req);
    send(res, f, 200, SHAPES.serviceDefinition, serviceDefinitionView(await activeCategory(req.params.code as string)));
  });

  router.post('/requests.:format', async (req, res) => {
    const f = format(req);
    const body = (req.body ?? {}) as PostBody;
    const client = await authenticateOpen311(body.api_key, deps.clock);
    const { addressIdText, ...input } = readRequestInput(body);
    await activeCategory(input.categoryCode);
    const place = addressIdText ? await resolveAddressId(addressIdText) : null;
    // Idempotency-Key: a retry gets the first answer and files nothing (api/idempotency.ts).
    const once = await idempotentRegistration(req, `open311:${client.id}`, deps.clock, async (a) => [{ service_request_id: a.number, service_notice: `Звернення № ${a.number} зареєстровано.`, account_id: null }]);
    if (once.replay) return send(res, f, once.replay.status, SHAPES.requests, once.replay.body);
    const appeal = await deps.appeals.register(systemActor(`open311:${client.id}`), {
      ...input,
      ...(place ? { address: place.address_string, addressId: place.address_id } : {}),
      recordWith: once.recordWith,
    });
    const executor = appeal.executorId ? await Organization.findByPk(appeal.executorId, { attributes: ['name'] }) : null;
    const deadline = DateTime.fromJSDate(appeal.deadlineAt, { zone: deps.timeZone }).toFormat('dd.MM.yyyy HH:mm');
    const notice = [
      `Звернення № ${appeal.number} зареєстровано.`,
      executor ? `Виконавець: ${executor.name}.` : 'Виконавця призначить диспетчер.',
      `Строк розгляду — до ${deadline}.`,
      // Without a phone the resident is reached only here: say where to look.
      appeal.applicantId ? null : `Дзвінка для підтвердження виконання не буде: стан звернення дивіться за номером ${appeal.number}.`,
    ].filter(Boolean).join(' ');
    const answer = [{ service_request_id: appeal.number, service_notice: notice, account_id: null }];
    await once.store(200, answer);
    send(res, f, 200, SHAPES.requests, answer);
  });

  router.get('/requests.:format', async (req, res) => {
    const f = format(req);
    const filters = parseRequestFilters(req.query as Record<string, unknown>, deps.clock.now(), deps.timeZone);
    send(res, f, 200, SHAPES.requests, (await findPublishedRequests(filters)).map(requestView));
  });

  router.get('/requests/:id.:format', async (req, res) => {
    const f = format(req);
    const appeal = await findPublishedRequest(req.params.id as string);
    if (!appeal) throw new Open311Error(404, `Запиту ${String(req.params.id).slice(0, 32)} немає`);
    send(res, f, 200, SHAPES.requests, [requestView(appeal)]);
  });

  // Requests are registered at once, so the only token a client can hold is the request id itself.
  router.get('/tokens/:token.:format', async (req, res) => {
    const f = format(req);
    const appeal = await findPublishedRequest(req.params.token as string);
    if (!appeal) throw new Open311Error(404, 'Такого токена немає: запити реєструються одразу й мають service_request_id');
    send(res, f, 200, SHAPES.requests, [{ service_request_id: appeal.number, token: req.params.token as string }]);
  });

  router.use(open311NotFound);
  router.use(open311ErrorHandler(deps.logger));
  return router;
}

/** Mounts the router; called from the composition root's hook beside the API. */
export function mountOpen311(app: express.Express, deps: Open311Deps): void {
  app.use('/open311/v2', open311Router(deps));
  // The app parses JSON before any router runs; its errors (a malformed body) skip the router
  // and land here, so an Open311 client still gets the spec's error shape, not problem+json.
  app.use('/open311/v2', open311ErrorHandler(deps.logger));
}

