import type { Sequelize } from 'sequelize';
import { QueryTypes } from 'sequelize';
import { testDatabases } from '../support/databases';
import { readConfig } from '../../core/config';
import { createLogger } from '../../core/logger';
import { openDatabase } from '../../models/database';
import { initModels, Appeal, AppealEvent, Applicant, Category, Organization, User, ROLES } from '../../models';
import { verifyPassword } from '../../auth/passwords';
import { computeDeadline, maxDeadline } from '../../appeals/deadlines';
import { seed, SeedOptions, SeedSummary } from '../../scripts/seed';
import { categories as categorySeeds, organizations as orgSeeds, streets, users as userSeeds } from '../../scripts/seed-data';

const PASSWORD = 'demo-password-2026';
const ADMIN_PASSWORD = 'admin-password-2026';
/** Sixty days before this span the spring DST change. */
const NOW = new Date('2026-04-15T09:00:00.000Z');
const DAY = 86_400_000;

describe.each(testDatabases())('the seed on $name', (testDb) => {
  let url: string;
  let first: SeedSummary;
  let printed = '';
  let db: Sequelize;

  const run = (options: Partial<SeedOptions>) => {
    const config = readConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', ADMIN_PASSWORD });
    return seed({ config, logger: createLogger('silent'), print: (s) => void (printed += s), now: NOW, ...options });
  };

  beforeAll(async () => {
    url = await testDb.create();
    first = await run({ password: PASSWORD, appeals: 40 });
    db = openDatabase(url, createLogger('silent'));
    initModels(db);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await testDb.drop();
  });

  test('prints a short Ukrainian summary, and no password it was given', () => {
    expect(printed).toContain(`Завантажено: ${orgSeeds.length} виконавців, ${categorySeeds.length} категорій, ${userSeeds.length} користувачів, 40 звернень`);
    expect(printed).toMatch(/Стани звернень: .*підтверджені \d+/);
    expect(printed).not.toContain(PASSWORD);
    expect(printed).not.toContain(ADMIN_PASSWORD);
    expect(first.generatedPassword).toBeNull();
    expect(first.added).toEqual({ organizations: orgSeeds.length, categories: categorySeeds.length, streets: streets.length, users: userSeeds.length, appeals: 40 });
  });

  test('loads the executors and at least 30 categories, each with its default executor', async () => {
    expect(await Organization.count()).toBe(orgSeeds.length);
    const categories = await Category.findAll();
    expect(categories.length).toBeGreaterThanOrEqual(30);
    expect(categories.every((c) => c.defaultExecutorId != null)).toBe(true);
  });

  test('creates users of every role; executors bound to their organizations, dispatchers to their phones', async () => {
    const users = await User.findAll({ include: [{ model: Organization, as: 'organization' }] });
    expect(users).toHaveLength(userSeeds.length);
    for (const role of ROLES) expect(users.filter((u) => u.role === role).length).toBeGreaterThanOrEqual(1);
    for (const s of userSeeds) {
      const u = users.find((x) => x.login === s.login)!;
      expect(u).toBeDefined();
      expect(u.role).toBe(s.role);
      const org = (u as User & { organization?: Organization | null }).organization;
      if (s.role === 'executor') expect(org?.code).toBe(s.organizationCode);
      else expect(u.organizationId).toBeNull();
      expect(u.queueInterface).toBe(s.role === 'dispatcher' ? s.queueInterface : null);
    }
  });

  test('staff sign in with the shared demo password; the admin with the configured one', async () => {
    const dispatcher = (await User.findOne({ where: { login: 'o.shevchuk' } }))!;
    expect(await verifyPassword(dispatcher.passwordHash, PASSWORD)).toBe(true);
    expect(await verifyPassword(dispatcher.passwordHash, 'wrong-password')).toBe(false);
    const executor = (await User.findOne({ where: { login: 'vodokanal' } }))!;
    expect(await verifyPassword(executor.passwordHash, PASSWORD)).toBe(true);
    const admin = (await User.findOne({ where: { login: 'admin' } }))!;
    expect(admin.role).toBe('admin');
    expect(await verifyPassword(admin.passwordHash, ADMIN_PASSWORD)).toBe(true);
  });

  test('registers 40 appeals with unique numbers, over the last 60 days, with deadlines from their categories', async () => {
    const appeals = await Appeal.findAll({ include: [{ model: Category, as: 'category' }], order: [['id', 'ASC']] });
    expect(appeals).toHaveLength(40);
    const numbers = appeals.map((a) => a.number);
    expect(new Set(numbers).size).toBe(40);
    for (const n of numbers) expect(n).toMatch(/^2026-\d{6}$/);
    for (const a of appeals) {
      expect(a.registeredAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(a.registeredAt.getTime()).toBeGreaterThan(NOW.getTime() - 61 * DAY);
      const category = (a as Appeal & { category: Category }).category;
      const cls = a.emergency ? 'emergency' : category.deadlineClass;
      expect(a.originalDeadlineAt.toISOString()).toBe(computeDeadline(a.registeredAt, cls, { timeZone: 'Europe/Kyiv', emergencyHours: 24 }).toISOString());
      expect(a.deadlineAt.getTime()).toBeGreaterThanOrEqual(a.originalDeadlineAt.getTime());
      expect(a.deadlineAt.getTime()).toBeLessThanOrEqual(maxDeadline(a.registeredAt, 'Europe/Kyiv').getTime());
    }
    // Numbered in the order they were registered, as the live system would.
    const byTime = [...appeals].sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime()).map((a) => a.number);
    expect(byTime).toEqual([...numbers].sort());
  });

  test('spreads the appeals over the 60 days, not onto one day', async () => {
    const appeals = await Appeal.findAll();
    const days = new Set(appeals.map((a) => Math.floor((NOW.getTime() - a.registeredAt.getTime()) / DAY)));
    expect(days.size).toBeGreaterThanOrEqual(15);
    expect(Math.max(...days)).toBeGreaterThanOrEqual(40);
  });

  test('every appeal has a history that starts with its registration and ends in its current status', async () => {
    const appeals = await Appeal.findAll();
    const events = await AppealEvent.findAll({ order: [['appealId', 'ASC'], ['createdAt', 'ASC'], ['id', 'ASC']] });
    for (const a of appeals) {
      const mine = events.filter((e) => e.appealId === a.id);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      expect(mine[0]!.type).toBe('registered');
      expect(mine[0]!.createdAt.getTime()).toBe(a.registeredAt.getTime());
      const moves = mine.filter((e) => e.type === 'status_changed');
      expect(moves.at(-1)?.toStatus).toBe(a.status);
      for (const e of mine) expect(e.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      // each move starts where the one before it ended
      for (let i = 1; i < moves.length; i++) expect(moves[i]!.fromStatus).toBe(moves[i - 1]!.toStatus);
    }
  });

  test('moves a realistic share through the lifecycle: some in each of several statuses', async () => {
    const rows = await db.query<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM appeals GROUP BY status', { type: QueryTypes.SELECT });
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    expect(Object.keys(byStatus).length).toBeGreaterThanOrEqual(3);
    expect(byStatus.confirmed).toBeGreaterThanOrEqual(10);
    // recent appeals are still open
    expect((byStatus.assigned ?? 0) + (byStatus.in_progress ?? 0) + (byStatus.done ?? 0) + (byStatus.returned ?? 0)).toBeGreaterThanOrEqual(3);
    expect(byStatus.confirmed).toBeLessThan(40);
    expect(first.statuses).toEqual(byStatus);
    const confirmed = await Appeal.findAll({ where: { status: 'confirmed' } });
    for (const a of confirmed) {
      expect(a.closedAt).not.toBeNull();
      expect(a.doneAt).not.toBeNull();
      expect(a.result).toBeTruthy();
    }
  });

  test('executors act only on their own appeals; ЖЕК categories go to the ЖЕК of the street', async () => {
    const appeals = await Appeal.findAll({ include: [{ model: Category, as: 'category' }] });
    const orgs = new Map((await Organization.findAll()).map((o) => [o.id, o.code]));
    const users = new Map((await User.findAll()).map((u) => [u.id, u]));
    for (const a of appeals) {
      const category = (a as Appeal & { category: Category }).category;
      const seedCategory = categorySeeds.find((c) => c.code === category.code)!;
      const street = streets.find((s) => a.address.startsWith(`${s.name},`));
      const expected = seedCategory.byAddress && street?.maintainerCode ? street.maintainerCode : seedCategory.executorCode;
      expect(orgs.get(a.executorId!)).toBe(expected);
      const events = await AppealEvent.findAll({ where: { appealId: a.id } });
      for (const e of events) {
        const user = e.userId != null ? users.get(e.userId) : null;
        if (user?.role === 'executor') expect(user.organizationId).toBe(a.executorId);
      }
    }
  });

  test('applicants are known by their normalised phone', async () => {
    const applicants = await Applicant.findAll();
    expect(applicants.length).toBeGreaterThanOrEqual(20);
    for (const a of applicants) expect(a.phone).toMatch(/^\+380\d{9}$/);
    expect(new Set(applicants.map((a) => a.phone)).size).toBe(applicants.length);
  });

  test('running it again does not fail: no users or reference data twice, the appeals are added again', async () => {
    printed = '';
    const second = await run({ appeals: 5 });
    initModels(db); // the seed bound the models to its own connection, now closed
    expect(second.added).toEqual({ organizations: 0, categories: 0, streets: 0, users: 0, appeals: 5 });
    // Every user already existed: no password was needed, so none was generated or shown.
    expect(second.generatedPassword).toBeNull();
    expect(printed).not.toMatch(/Пароль/);
    expect(printed).toContain(`${userSeeds.length} користувачів, 5 звернень`);
    expect(await User.count()).toBe(userSeeds.length);
    expect(await Category.count()).toBe(categorySeeds.length);
    const numbers = (await Appeal.findAll()).map((a) => a.number);
    expect(numbers).toHaveLength(45);
    expect(new Set(numbers).size).toBe(45);

    const none = await run({ appeals: 0 });
    initModels(db);
    expect(none.added.appeals).toBe(0);
    expect(await Appeal.count()).toBe(45);
  }, 60_000);
});

describe('the seed without SEED_PASSWORD', () => {
  const [sqlite] = testDatabases();
  afterAll(() => sqlite!.drop());

  test('generates one password, prints it once (not to the log), and it opens every new account', async () => {
    const url = await sqlite!.create();
    let printed = '';
    const logged: string[] = [];
    const summary = await seed({
      config: readConfig({ DATABASE_URL: url }),
      logger: createLogger('trace', { write: (s: string) => void logged.push(s) }),
      print: (s) => void (printed += s),
      appeals: 0,
    });
    const password = summary.generatedPassword!;
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(printed.split(password)).toHaveLength(2); // printed exactly once
    expect(printed).toContain('Завантажено: 18 виконавців, 76 категорій, 27 користувачів, 0 звернень');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('')).not.toContain(password);

    const db = openDatabase(url, createLogger('silent'));
    initModels(db);
    try {
      const users = await User.findAll();
      expect(users).toHaveLength(userSeeds.length);
      // The admin too: no ADMIN_PASSWORD was configured.
      for (const login of ['admin', 'n.melnyk', 'r.savchuk', 'cnap']) {
        const u = users.find((x) => x.login === login)!;
        expect(await verifyPassword(u.passwordHash, password)).toBe(true);
      }
      expect(await Appeal.count()).toBe(0);
    } finally {
      await db.close();
    }
  }, 60_000);
});
