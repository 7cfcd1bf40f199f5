import path from 'node:path';
import express, { type Request, type Response, type NextFunction, type Router } from 'express';
import compression from 'compression';
import multer from 'multer';
import rateLimit from 'express-rate-limit';
import { Category } from '../models';
import { AppError, FieldIssue, NotFoundError, RateLimitedError, ValidationError } from '../core/errors';
import { toProblem } from '../api/problem';
import { publicView } from '../api/routes/public-outage-routes';
import { outagesAtAddress } from '../outages/outages-at-address';
import type { Config } from '../core/config';
import { cityNameGenitive } from '../core/config';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { AppealService } from '../appeals/appeal-service';
import type { VerificationService } from '../verifications/verification-service';
import type { OutageService } from '../outages/outage-service';
import { Csrf, CSRF_FIELD } from './csrf';
import { SpamGuard, HONEYPOT_FIELD } from './spam-guard';
import { WebAppeals } from './web-appeals';
import { MAX_PHOTOS, processPhoto, photoOf, ProcessedPhoto } from './photos';
import { searchCategories } from './classifier-search';
import { streetNames, findStreet } from './address';
import { PageContext } from './pages/layout';
import { filingPage, filedPage, FilingForm } from './pages/filing';
import { followForm, statusByNumberPage, holderPage } from './pages/follow';
import { outagesPage } from './pages/outages';
import { homePage, messagePage } from './pages/home';

export interface PublicSiteDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  appeals: AppealService;
  verifications: VerificationService;
  outages: OutageService;
  /** The key of the forms' CSRF tokens and anti-spam challenges (the server's token secret). */
  secret: string;
}

export const STATIC_DIR = path.join(__dirname, 'static');

// Only this origin's files, no inline code, no frames, forms only to the site itself.
const POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "connect-src 'self'",
  "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'",
].join('; ');

const NOTICES: Record<string, string> = {
  dopovneno: 'Дякуємо, доповнення додано до звернення.',
  vykonano: 'Дякуємо! Виконання підтверджено, звернення закрито.',
  nevykonano: 'Дякуємо. Звернення повернуто виконавцю на доопрацювання.',
};

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The residents' site as an Express router; mounted at /misto and, by configuration, on its own host. */
export function publicSiteRouter(deps: PublicSiteDeps): Router {
  const { config } = deps;
  const router = express.Router();
  const csrf = new Csrf(deps.secret);
  const guard = new SpamGuard({ secret: deps.secret, clock: deps.clock, bits: config.PUBLIC_SITE_POW_BITS, noJsDelayMs: config.PUBLIC_SITE_NOJS_DELAY_SECONDS * 1000 });
  const web = new WebAppeals({ appeals: deps.appeals, verifications: deps.verifications, clock: deps.clock, timeZone: config.CITY_TIME_ZONE, phoneRegion: config.DEFAULT_REGION });
  const photoMaxMb = config.PUBLIC_SITE_PHOTO_MAX_MB;
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: Math.round(photoMaxMb * 1024 * 1024), files: MAX_PHOTOS, fields: 30, fieldSize: 40_000, parts: 40 },
  }).array('photos', MAX_PHOTOS);
  const limited = (limit: number, windowMs: number, message: string) =>
    rateLimit({
      windowMs, limit, standardHeaders: 'draft-8', legacyHeaders: false,
      // Whom to trust for the client address is TRUST_PROXY's decision (core/config.ts), not the limiter's.
      validate: { trustProxy: false },
      handler: (_req, _res, next) => next(new RateLimitedError('too_many_requests', message)),
    });
  // Filings, additions and answers: a person sends a few an hour; a script is stopped here first.
  const writes = limited(config.PUBLIC_SITE_RATE_LIMIT_PER_HOUR, 3600_000, 'Забагато звернень і доповнень з вашої адреси. Спробуйте через годину або зателефонуйте на гарячу лінію');
  // Look-ups by number and digits: the public status API's limit.
  const lookups = limited(config.PUBLIC_STATUS_RATE_LIMIT_PER_MINUTE, 60_000, 'Забагато запитів, зачекайте хвилину');
  const form = express.urlencoded({ extended: false, limit: '32kb' });

  const ctx = (req: Request): PageContext => ({
    base: req.baseUrl, city: config.CITY_NAME, cityGenitive: cityNameGenitive(config), hotline: config.HOTLINE_NUMBER, zone: config.CITY_TIME_ZONE,
  });
  const send = (res: Response, body: string, status = 200) => res.status(status).type('text/html; charset=utf-8').send(body);
  // A script that asks for JSON gets the API's problem+json; a browser gets the page with the reasons.
  const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';
  const sendProblem = (res: Response, err: unknown) => {
    const problem = toProblem(err);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
  // Multipart parsing as a promise, so its limits become the form's own errors.
  const parseUpload = (req: Request, res: Response) =>
    new Promise<void>((resolve, reject) =>
      upload(req, res, (err: unknown) => {
        if (!err) return resolve();
        // Multer's limits, and a body that is not well-formed multipart (busboy): the sender's fault.
        const code = err instanceof multer.MulterError ? err.code : '';
        const message = code === 'LIMIT_FILE_SIZE' ? `Фото завелике: кожне має бути до ${photoMaxMb} МБ`
          : code === 'LIMIT_FILE_COUNT' || code === 'LIMIT_UNEXPECTED_FILE' ? `Не більше ${MAX_PHOTOS} фото`
            : 'Форма завелика або пошкоджена. Відкрийте сторінку ще раз і надішліть форму';
        reject(new ValidationError('invalid_upload', message, [{ field: code ? 'photos' : 'form', message }]));
      }));
  const uploaded = (req: Request) => ((req.files as Express.Multer.File[] | undefined) ?? []).filter((f) => f.size > 0);
  const processAll = (files: Express.Multer.File[]): Promise<ProcessedPhoto[]> => Promise.all(files.map((f) => processPhoto(f.buffer, f.originalname)));
  const fieldErrors = (err: AppError): { errors: Record<string, string>; general?: string } => {
    const errors: Record<string, string> = {};
    let general: string | undefined;
    for (const d of Array.isArray(err.details) ? (err.details as FieldIssue[]) : []) {
      if (d.field === 'form') general = d.message;
      else errors[d.field] ??= d.message;
    }
    if (!Object.keys(errors).length && !general) general = err.message;
    return { errors, general };
  };

  router.use(compression());
  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', POLICY);
    // Pages carry form tokens and, behind a private link, a resident's appeal: never cached.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  router.use('/static', (_req, res, next) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    next();
  }, express.static(STATIC_DIR, { index: false, cacheControl: false }));

  router.get('/', async (req, res) => {
    const active = (await deps.outages.list({ active: true })).length;
    send(res, homePage(ctx(req), active));
  });

  // ---- Filing ----
  const categories = async () => (await Category.findAll({ where: { active: true }, order: [['groupName', 'ASC'], ['name', 'ASC']] }))
    .map((c) => ({ id: c.id, code: c.code, name: c.name, groupName: c.groupName, emergency: c.emergency }));
  const renderFiling = async (req: Request, res: Response, o: { values?: Record<string, string>; errors?: Record<string, string>; general?: string; status?: number } = {}) => {
    const all = await categories();
    const query = text(req.query.q).slice(0, 100);
    const values = { ...o.values };
    if (!values.category && typeof req.query.kategoriia === 'string') values.category = req.query.kategoriia;
    const f: FilingForm = {
      csrf: csrf.token(req, res), challenge: guard.issue(), powBits: guard.bits, photoMaxMb, categories: all, streets: await streetNames(),
      query, found: query.trim() ? searchCategories(all, query) : null, values, errors: o.errors ?? {}, general: o.general,
    };
    send(res, filingPage(ctx(req), f), o.status ?? 200);
  };
  router.get('/zvernennia', (req, res) => renderFiling(req, res));
  // The same search for the script's live results as you type (the page works without it).
  router.get('/zvernennia/poshuk', async (req, res) => {
    const found = searchCategories(await categories(), text(req.query.q).slice(0, 100)).slice(0, 8);
    res.json({ items: found.map((c) => ({ code: c.code, name: c.name, emergency: c.emergency })) });
  });
  router.post('/zvernennia', writes, async (req, res) => {
    let values: Record<string, string> = {};
    try {
      await parseUpload(req, res);
      const b = (req.body ?? {}) as Record<string, unknown>;
      values = Object.fromEntries(['category', 'description', 'street', 'building', 'entrance', 'flat', 'name', 'phone', 'email'].map((k) => [k, text(b[k]).slice(0, 5000)]));
      values.consent = b.consent === '1' ? '1' : '0';
      csrf.check(req, b[CSRF_FIELD]);
      const files = uploaded(req);
      const category = values.category ? (await categories()).find((c) => c.code === values.category) : undefined;
      const filed = await web.file(
        {
          categoryId: category?.id ?? null, description: values.description!, street: values.street!, building: values.building!, entrance: values.entrance,
          flat: values.flat, name: values.name!, phone: values.phone!, email: values.email!, consentToCalls: values.consent === '1',
        },
        // Only a form that passes the guard costs the server a photo's processing.
        async () => {
          await guard.check({ challenge: b.challenge, pow: b.pow, honeypot: b[HONEYPOT_FIELD] });
          return processAll(files);
        },
      );
      const link = `${req.protocol}://${req.get('host')}${req.baseUrl}/z/${filed.token}`;
      deps.logger.info({ number: filed.number }, 'appeal filed on the public site');
      send(res, filedPage(ctx(req), filed, link), 201);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (wantsJson(req)) return sendProblem(res, err);
      await renderFiling(req, res, { values, ...fieldErrors(err), status: toProblem(err).status });
    }
  });

  // ---- Following by number and digits ----
  router.get('/stezhyty', (req, res) => send(res, followForm(ctx(req), { csrf: csrf.token(req, res), values: {}, errors: {} })));
  router.post('/stezhyty', lookups, form, async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const values = { number: text(b.number).trim().slice(0, 20), phoneLast4: text(b.phoneLast4).trim().slice(0, 4) };
    const errors: Record<string, string> = {};
    try {
      csrf.check(req, b[CSRF_FIELD]);
      if (!/^\d{4}-\d{6,9}$/.test(values.number)) errors.number = 'Номер звернення має вигляд 2026-000123';
      if (!/^\d{4}$/.test(values.phoneLast4)) errors.phoneLast4 = 'Вкажіть чотири останні цифри телефону';
      if (Object.keys(errors).length) throw new ValidationError('invalid_lookup', 'Перевірте номер і цифри', Object.entries(errors).map(([field, message]) => ({ field, message })));
      const found = await web.viewByNumber(values.number, values.phoneLast4);
      send(res, statusByNumberPage(ctx(req), found));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (wantsJson(req)) return sendProblem(res, err);
      send(res, followForm(ctx(req), { csrf: csrf.token(req, res), values, ...fieldErrors(err) }), toProblem(err).status);
    }
  });

  // ---- The private link ----
  const linkNotFound = () => new NotFoundError('link_not_found', 'Такого посилання немає. Перевірте, чи скопійовано його повністю, або знайдіть звернення за номером і цифрами телефону');
  const holder = async (req: Request) => {
    const appeal = await web.byToken(String(req.params.token));
    if (!appeal) throw linkNotFound();
    return appeal;
  };
  const renderHolder = async (req: Request, res: Response, o: { values?: Record<string, string>; errors?: Record<string, string>; general?: string; status?: number } = {}) => {
    const appeal = await holder(req);
    const notice = NOTICES[text(req.query.gotovo)];
    send(res, holderPage(ctx(req), {
      view: await web.viewForHolder(appeal), self: `${req.baseUrl}/z/${String(req.params.token)}`, csrf: csrf.token(req, res), photoMaxMb,
      values: o.values ?? {}, errors: o.errors ?? {}, general: o.general, notice,
    }), o.status ?? 200);
  };
  router.get('/z/:token', (req, res) => renderHolder(req, res));
  router.post('/z/:token/dopovnennia', writes, async (req, res) => {
    let values: Record<string, string> = {};
    try {
      await parseUpload(req, res);
      const b = (req.body ?? {}) as Record<string, unknown>;
      values = { comment: text(b.comment).slice(0, 5000) };
      csrf.check(req, b[CSRF_FIELD]);
      const appeal = await holder(req);
      await web.addition(appeal, values.comment!, await processAll(uploaded(req)));
      res.redirect(303, `${req.baseUrl}/z/${String(req.params.token)}?gotovo=dopovneno`);
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'link_not_found') throw err;
      if (wantsJson(req)) return sendProblem(res, err);
      await renderHolder(req, res, { values, ...fieldErrors(err), status: toProblem(err).status });
    }
  });
  router.post('/z/:token/pidtverdzhennia', writes, form, async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    try {
      csrf.check(req, b[CSRF_FIELD]);
      const appeal = await holder(req);
      const choice = b.choice === 'confirmed' || b.choice === 'returned' ? b.choice : null;
      if (!choice) throw new ValidationError('choice_required', 'Оберіть «Виконано» або «Не виконано»', [{ field: 'form', message: 'Оберіть «Виконано» або «Не виконано»' }]);
      const status = await web.answerVerification(appeal, choice);
      const done = status === 'confirmed' ? 'vykonano' : status === 'returned' ? 'nevykonano' : '';
      res.redirect(303, `${req.baseUrl}/z/${String(req.params.token)}${done ? `?gotovo=${done}` : ''}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'link_not_found') throw err;
      if (wantsJson(req)) return sendProblem(res, err);
      await renderHolder(req, res, { ...fieldErrors(err), status: toProblem(err).status });
    }
  });
  router.get('/z/:token/foto/:photo', async (req, res) => {
    const appeal = await holder(req);
    const id = Number(req.params.photo);
    const photo = Number.isSafeInteger(id) && id > 0 ? await photoOf(appeal.id, id) : null;
    if (!photo) throw new NotFoundError('photo_not_found', 'Такого фото немає');
    res.setHeader('Cache-Control', 'private, no-store');
    res.status(200).type(photo.mime).send(photo.content);
  });

  // ---- Cut-offs: the list the IVR reads, by street and building ----
  router.get('/vidkliuchennia', async (req, res) => {
    const street = text(req.query.vulytsia).trim().slice(0, 200);
    const building = text(req.query.budynok).trim().slice(0, 12);
    const views = await deps.outages.list();
    let atAddress = null;
    let streetName: string | undefined;
    let error: string | undefined;
    if (street) {
      const found = await findStreet(street);
      if (!found) error = `Вулиці «${street}» немає в переліку вулиць міста. Оберіть її зі списку.`;
      else {
        streetName = found.name;
        atAddress = outagesAtAddress(views, building ? `${found.name}, ${building}` : found.name).map(publicView);
      }
    }
    send(res, outagesPage(ctx(req), { streets: await streetNames(), street, building, error, atAddress, streetName, all: views.map(publicView) }), error ? 400 : 200);
  });

  router.use((req, _res, next) => next(new NotFoundError('page_not_found', 'Такої сторінки немає')));
  // Errors of the site are pages (or problem+json for a client that asks for JSON), never a stack.
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = toProblem(err);
    if (problem.status >= 500) deps.logger.error({ err, path: req.path }, 'public site request failed');
    if (res.headersSent) return;
    if (wantsJson(req)) return sendProblem(res, err);
    const title = problem.status === 404 ? 'Не знайдено' : problem.status === 429 ? 'Забагато запитів' : problem.status >= 500 ? 'Збій сервера' : 'Запит не виконано';
    send(res, messagePage(ctx(req), title, problem.detail, { href: `${req.baseUrl}/`, label: 'На головну' }), problem.status);
  });
  return router;
}

/**
 * Serves the site at /misto/ and, when PUBLIC_SITE_HOST is set, at the root of that host name
 * (where nothing of the console is served: the staff's pages stay on their own address).
 */
export function mountPublicSite(app: express.Express, deps: PublicSiteDeps): void {
  if (!deps.config.PUBLIC_SITE_ENABLED) return;
  const router = publicSiteRouter(deps);
  const host = deps.config.PUBLIC_SITE_HOST;
  if (host) {
    app.use((req, res, next) => {
      if (req.hostname !== host) return next();
      router(req, res, next);
    });
  }
  app.use('/misto', router);
}
