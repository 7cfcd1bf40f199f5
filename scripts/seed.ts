import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import type { Sequelize } from 'sequelize';
import { readConfig, ConfigError, Config } from '../core/config';
import { createLogger, Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import { openDatabase } from '../models/database';
import { initModels, Appeal, Category, Organization, User } from '../models';
import type { AppealStatus, Channel } from '../models';
import { runMigrations } from '../models/migrate';
import { hashPassword, generatePassword } from '../auth/passwords';
import { ensureFirstAdmin } from '../server/bootstrap-admin';
import { AppealService } from '../appeals/appeal-service';
import { DomainEvents } from '../appeals/domain-events';
import { Actor, systemActor } from '../appeals/actor';
import type { Move } from '../appeals/state-machine';
import type { MoveInput } from '../appeals/change-appeal';
import type { RegistrationInput } from '../appeals/register-appeal';
import { computeDeadline } from '../appeals/deadlines';
import { seedReferenceData } from './seed-reference';
import {
  categories as categorySeeds,
  categoryGroups,
  makeAppealDescription,
  makeResidents,
  mulberry32,
  plural,
  streets,
  users as userSeeds,
  type CategorySeed,
} from './seed-data';

/**
 * Fills a database with the reference data of the fictional city of Зорянськ, its staff, and
 * (unless told not to) a realistic history of appeals of the last 60 days, registered and moved
 * through their lifecycle by the appeals domain itself, so that numbers, deadlines, repeats and
 * history lines are exactly what the running system would have made.
 *
 * Running it again is safe: reference data and users are added only when missing. Appeals are
 * added again on every run (a second run looks like another 60 days of traffic laid over the
 * first); pass `--no-appeals` to load only reference data and users.
 */

export interface SeedOptions {
  config: Config;
  logger: Logger;
  /** The one password of every demo user; generated and printed once when absent. */
  password?: string;
  /** How many appeals to register; 0 registers none. Default 300. */
  appeals?: number;
  /** Where the generated password and the summary go (stdout by default; never the logger). */
  print?: (s: string) => void;
  /** The end of the 60 days of history (now by default). */
  now?: Date;
  /** Seed of the pseudo-random generator; the same seed on an empty database gives the same data. */
  randomSeed?: number;
}

export interface SeedSummary {
  /** Totals in the database after the run. */
  organizations: number;
  categories: number;
  users: number;
  /** What this run added. */
  added: { organizations: number; categories: number; streets: number; users: number; appeals: number };
  /** The appeals this run added, by their status at the end. */
  statuses: Partial<Record<AppealStatus, number>>;
  /** Set when the password was generated (it has been printed). */
  generatedPassword: string | null;
}

export const DEFAULT_APPEALS = 300;
const HISTORY_DAYS = 60;
const HOUR = 3_600_000;

export async function seed(options: SeedOptions): Promise<SeedSummary> {
  const { config, logger } = options;
  const print = options.print ?? ((s: string) => process.stdout.write(s));
  const count = options.appeals ?? DEFAULT_APPEALS;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`appeals must be a whole number ≥ 0, got ${count}`);

  const db = openDatabase(config.DATABASE_URL, logger.child({ part: 'db' }), config.DATABASE_POOL_MAX);
  try {
    initModels(db);
    await db.authenticate();
    const applied = await runMigrations(db, logger.child({ part: 'migrations' }));
    if (applied.length) logger.info({ applied }, 'database migrated');
    const reference = await seedReferenceData();

    let generatedPassword: string | null = null;
    const password = () => options.password ?? (generatedPassword ??= generatePassword());
    const addedUsers = await seedUsers(config, logger, password);
    if (generatedPassword) {
      print(
        `\n  Пароль усіх демонстраційних користувачів: «${generatedPassword}».\n` +
          '  Його більше не буде показано; задайте SEED_PASSWORD, щоб обрати свій.\n\n',
      );
    }

    const statuses = count > 0 ? await seedAppeals(db, config, count, options.now ?? new Date(), options.randomSeed ?? 1551) : {};
    const added = Object.values(statuses).reduce((a, b) => a + (b ?? 0), 0);

    const summary: SeedSummary = {
      organizations: await Organization.count(),
      categories: await Category.count(),
      users: await User.count(),
      added: { ...reference, users: addedUsers, appeals: added },
      statuses,
      generatedPassword,
    };
    print(`${describeSummary(summary)}\n`);
    return summary;
  } finally {
    await db.close();
  }
}

/** «Завантажено: 18 виконавців, 76 категорій, 27 користувачів, 300 звернень», and the statuses. */
export function describeSummary(s: SeedSummary): string {
  const n = (k: number, one: string, few: string, many: string) => `${k} ${plural(k, one, few, many)}`;
  const line =
    `Завантажено: ${n(s.organizations, 'виконавець', 'виконавці', 'виконавців')}, ` +
    `${n(s.categories, 'категорія', 'категорії', 'категорій')}, ` +
    `${n(s.users, 'користувач', 'користувачі', 'користувачів')}, ` +
    `${n(s.added.appeals, 'звернення', 'звернення', 'звернень')}`;
  const byStatus = Object.entries(s.statuses)
    .sort(([, a], [, b]) => b - a)
    .map(([status, k]) => `${STATUS_SHORT[status as AppealStatus]} ${k}`);
  return byStatus.length ? `${line}\nСтани звернень: ${byStatus.join(', ')}` : line;
}

const STATUS_SHORT: Record<AppealStatus, string> = {
  new: 'нові',
  assigned: 'передані виконавцям',
  in_progress: 'на виконанні',
  done: 'очікують підтвердження',
  confirmed: 'підтверджені',
  returned: 'на доопрацюванні',
  rejected: 'відхилені',
  duplicate: 'дублікати',
};

/** Creates the staff accounts that are missing; returns how many it made. */
async function seedUsers(config: Config, logger: Logger, password: () => string): Promise<number> {
  // The configured admin keeps the configured password, as when the server starts on its own.
  let added = 0;
  if ((await User.count({ where: { role: 'admin' } })) === 0) {
    await ensureFirstAdmin(config.ADMIN_LOGIN, config.ADMIN_PASSWORD ?? password(), logger, () => undefined);
    added++;
  }

  const existing = new Set((await User.findAll({ attributes: ['login'] })).map((u) => u.login));
  const orgIds = new Map((await Organization.findAll()).map((o) => [o.code, o.id]));
  const missing = userSeeds.filter((u) => !existing.has(u.login));
  if (!missing.length) return added;
  // One shared demo password, one hash: argon2 is slow on purpose (about half a second each), and
  // separate salts would hide nothing here. A password a user sets later is hashed on its own.
  const passwordHash = await hashPassword(password());
  for (const u of missing) {
    let organizationId: number | null = null;
    if (u.role === 'executor') {
      organizationId = orgIds.get(u.organizationCode ?? '') ?? null;
      if (organizationId === null) throw new Error(`user ${u.login}: no organization with code «${u.organizationCode}»`);
    }
    await User.create({
      login: u.login,
      passwordHash,
      fullName: u.fullName,
      role: u.role,
      organizationId,
      queueInterface: u.role === 'dispatcher' ? (u.queueInterface ?? null) : null,
    });
    added++;
  }
  logger.info({ added }, 'demo users created');
  return added;
}

/** A clock the seed sets before each step, so that the domain stamps the step with its moment in the past. */
class SettableClock implements Clock {
  constructor(private at: Date) {}
  set(at: Date): void {
    this.at = at;
  }
  now(): Date {
    return new Date(this.at.getTime());
  }
}

type Who = 'dispatcher' | 'cctv' | 'head' | 'executor' | 'verification' | 'online' | 'open311';

interface PlannedAppeal {
  at: Date;
  who: Who;
  input: RegistrationInput;
}

type Step =
  | { at: Date; index: number; kind: 'register' }
  | { at: Date; index: number; kind: 'move'; move: Move; who: Who; input: MoveInput }
  | { at: Date; index: number; kind: 'extend'; who: Who; days: number; reason: string };

/** How often each group of the classifier is called about (a city in the heating season). */
const GROUP_WEIGHTS: Record<keyof typeof categoryGroups, number> = {
  water: 14, heat: 12, power: 8, gas: 4, housing: 16, elevators: 6, roads: 12, green: 5, waste: 8,
  order: 6, transport: 4, social: 3, education: 1, health: 2, building: 2, services: 1, other: 2,
};
/** Groups whose appeals concern a street or a yard rather than an apartment; a city camera can see these. */
const OUTDOOR_GROUPS = new Set<string>([categoryGroups.roads, categoryGroups.green, categoryGroups.waste, categoryGroups.order]);
const STREET_GROUPS = new Set<string>([...OUTDOOR_GROUPS, categoryGroups.transport, categoryGroups.building]);

const RESULTS = [
  'Роботи виконано в повному обсязі.',
  'Пошкодження усунено, заявника поінформовано.',
  'Проведено обстеження на місці, причину усунено.',
  'Виконано ремонт, наслідки ліквідовано.',
  'Бригада виїжджала на місце, роботи завершено.',
];
const RETURN_REASONS = [
  'Заявник повідомив, що роботи не виконано.',
  'Заявник повідомив, що проблема повторилася наступного дня.',
  'Роботи виконано частково, заявник не задоволений.',
];
const REJECT_REASONS = [
  'Питання не належить до компетенції виконавчих органів міської ради; заявнику роз’яснено, куди звернутися.',
  'Заявник не надав відомостей, без яких звернення неможливо розглянути, і не вийшов на зв’язок.',
  'Адреса звернення поза межами міста Зорянська.',
];
const EXTEND_REASONS = [
  'Потрібне додаткове обстеження та закупівля матеріалів.',
  'Роботи можливі лише після погодження з балансоутримувачем мережі.',
];

/**
 * Registers `count` appeals over the last 60 days and moves each as far through its lifecycle as
 * its age allows. All steps of all appeals run in the order of their moments, so that a repeat
 * sees its earlier appeal in the state it really had then.
 */
async function seedAppeals(db: Sequelize, config: Config, count: number, now: Date, randomSeed: number): Promise<Partial<Record<AppealStatus, number>>> {
  const zone = config.CITY_TIME_ZONE;
  const clock = new SettableClock(now);
  const service = new AppealService({
    db, clock, events: new DomainEvents(),
    rules: { timeZone: zone, emergencyHours: config.EMERGENCY_DEADLINE_HOURS, repeatWindowDays: config.REPEAT_WINDOW_DAYS, phoneRegion: config.DEFAULT_REGION },
  });

  // Later runs draw other residents and moments instead of replaying the first run.
  const rnd = mulberry32(randomSeed + (await Appeal.count()));
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const between = (min: number, max: number) => min + rnd() * (max - min);

  const cats = await activeCategories();
  const groups = (Object.keys(GROUP_WEIGHTS) as (keyof typeof categoryGroups)[])
    .map((key) => ({ weight: GROUP_WEIGHTS[key], list: cats.filter((c) => c.seed.group === categoryGroups[key]) }))
    .filter((g) => g.list.length > 0);
  const totalWeight = groups.reduce((a, g) => a + g.weight, 0);
  const pickCategory = () => {
    let r = rnd() * totalWeight;
    for (const g of groups) {
      if ((r -= g.weight) < 0) return pick(g.list);
    }
    return pick(groups[groups.length - 1]!.list);
  };
  const orgIds = new Map((await Organization.findAll()).map((o) => [o.code, o.id]));
  const actors = await staffActors();
  // Fewer residents than appeals: some people call more than once.
  const residents = makeResidents(Math.max(10, Math.ceil(count * 0.8)), randomSeed + count);

  const moments = Array.from({ length: count }, () => registrationMoment(now, zone, rnd)).sort((a, b) => a.getTime() - b.getTime());
  const planned: PlannedAppeal[] = [];
  const steps: Step[] = [];
  for (const [index, at] of moments.entries()) {
    const earlier = planned.filter((p) => p.input.phone && at.getTime() - p.at.getTime() < 20 * 24 * HOUR);
    let input: RegistrationInput;
    let who: Who;
    let category: ActiveCategory;
    if (earlier.length && rnd() < 0.08) {
      // The same resident about the same thing at the same address: a repeated appeal (art. 8).
      const first = pick(earlier).input;
      category = cats.find((c) => c.id === first.categoryId)!;
      input = { ...first, channel: 'phone', description: `Звертаюся повторно. ${makeAppealDescription(category.seed.code, rnd)}` };
      who = 'dispatcher';
    } else {
      category = pickCategory();
      const resident = pick(residents);
      const outdoor = STREET_GROUPS.has(category.seed.group);
      const address = outdoor ? resident.address.replace(/, кв\. \d+$/, '') : resident.address;
      const r = rnd();
      const channel: Channel =
        r < 0.05 && OUTDOOR_GROUPS.has(category.seed.group) ? 'cctv' : r < 0.72 ? 'phone' : r < 0.84 ? 'online' : r < 0.91 ? 'open311' : 'dispatcher';
      const cctv = channel === 'cctv';
      input = {
        channel,
        phone: cctv ? null : pick(PHONE_SPELLINGS)(resident.phone),
        applicantName: cctv || channel === 'open311' ? null : resident.fullName,
        applicantAddress: cctv ? null : resident.address,
        categoryId: category.id,
        executorId: category.seed.byAddress ? (orgIds.get(streetOf(address)?.maintainerCode ?? '') ?? null) : null,
        address,
        description: cctv
          ? `Виявлено камерою відеоспостереження. ${makeAppealDescription(category.seed.code, rnd)}`
          : makeAppealDescription(category.seed.code, rnd),
        // Now and then a dispatcher hears danger in a call the classifier does not treat as urgent.
        emergency: !category.seed.emergency && channel === 'phone' && rnd() < 0.02,
      };
      who = cctv ? 'cctv' : channel === 'online' ? 'online' : channel === 'open311' ? 'open311' : 'dispatcher';
    }
    planned.push({ at, who, input });
    steps.push({ at, index, kind: 'register' });
    const emergency = category.seed.emergency || input.emergency === true;
    const deadline = computeDeadline(at, emergency ? 'emergency' : category.seed.deadlineClass, { timeZone: zone, emergencyHours: config.EMERGENCY_DEADLINE_HOURS });
    steps.push(...lifecycle(index, at, emergency, deadline, rnd, between, pick));
  }

  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
  const made: { id: number; executorId: number | null }[] = [];
  for (const step of steps) {
    if (step.at.getTime() > now.getTime()) continue; // the future has not happened yet
    clock.set(step.at);
    if (step.kind === 'register') {
      const p = planned[step.index]!;
      const appeal = await service.register(actors.of(p.who, null), p.input);
      made[step.index] = { id: appeal.id, executorId: appeal.executorId };
      continue;
    }
    const appeal = made[step.index]!;
    const actor = actors.of(step.who, appeal.executorId);
    if (step.kind === 'move') await service.move(actor, appeal.id, step.move, step.input);
    else {
      const current = await Appeal.findByPk(appeal.id, { attributes: ['deadlineAt'] });
      await service.extend(actor, appeal.id, new Date(current!.deadlineAt.getTime() + step.days * 24 * HOUR), step.reason);
    }
  }

  const statuses: Partial<Record<AppealStatus, number>> = {};
  const rows = await Appeal.findAll({ attributes: ['status'], where: { id: made.map((m) => m.id) } });
  for (const row of rows) statuses[row.status] = (statuses[row.status] ?? 0) + 1;
  return statuses;
}

/**
 * The steps an appeal takes after registration, each at its moment; those after `now` are
 * dropped by the caller, so young appeals are still open and old ones mostly closed.
 */
function lifecycle(
  index: number, registeredAt: Date, emergency: boolean, deadline: Date, rnd: () => number,
  between: (min: number, max: number) => number, pick: <T>(items: readonly T[]) => T,
): Step[] {
  const steps: Step[] = [];
  let t = registeredAt.getTime();
  const at = (hours: number) => new Date((t += hours * HOUR));
  const move = (hours: number, m: Move, who: Who, input: MoveInput = {}) => steps.push({ at: at(hours), index, kind: 'move', move: m, who, input });

  if (rnd() < 0.05) {
    move(between(1, 48), 'reject', rnd() < 0.3 ? 'head' : 'dispatcher', { reason: pick(REJECT_REASONS) });
    return steps;
  }
  // A few appeals the executor never gets to: they stay assigned and run overdue.
  if (rnd() < 0.06) return steps;
  const term = deadline.getTime() - registeredAt.getTime();
  // Most work ends before the deadline; about one in eight runs late.
  const work = () => (term / HOUR) * (rnd() < 0.12 ? between(1.05, 1.4) : between(0.1, 0.85));
  const startIn = emergency ? between(0.1, 1) : between(1, Math.min(72, (term / HOUR) * 0.1));
  const skipStart = rnd() < 0.15;
  if (!skipStart) move(startIn, 'start', 'executor');
  if (!emergency && term > 20 * 24 * HOUR && rnd() < 0.06) {
    steps.push({ at: at(between(2, 24)), index, kind: 'extend', who: 'executor', days: 10, reason: pick(EXTEND_REASONS) });
  }
  move(Math.max(0.5, work() - (skipStart ? 0 : startIn)), 'complete', 'executor', { result: pick(RESULTS) });
  // Verification: the callback or a dispatcher asks the resident whether the work was done.
  if (rnd() < 0.15) {
    move(between(2, 72), 'return', rnd() < 0.5 ? 'verification' : 'dispatcher', { reason: pick(RETURN_REASONS) });
    move(between(2, 48), 'start', 'executor', { comment: 'Повторний виїзд бригади.' });
    move(between(12, 120), 'complete', 'executor', { result: 'Недоліки усунено під час повторного виїзду.' });
  }
  move(between(2, 72), 'confirm', rnd() < 0.6 ? 'verification' : 'dispatcher', { comment: 'Заявник підтвердив виконання.' });
  return steps;
}

/** A moment in the last 60 days, mostly in the daytime: fewer people call at night. */
function registrationMoment(now: Date, zone: string, rnd: () => number): Date {
  const day = DateTime.fromJSDate(now, { zone }).startOf('day').minus({ days: Math.floor(rnd() * HISTORY_DAYS) });
  const hour = rnd() < 0.9 ? 7 + Math.floor(rnd() * 15) : Math.floor(rnd() * 24);
  let at = day.set({ hour, minute: Math.floor(rnd() * 60), second: Math.floor(rnd() * 60) }).toJSDate();
  if (at.getTime() > now.getTime()) at = new Date(at.getTime() - 24 * HOUR);
  return at;
}

/** How people give their number: the domain normalises all of these to one E.164. */
const PHONE_SPELLINGS: ReadonlyArray<(e164: string) => string> = [
  (p) => p,
  (p) => p.slice(1), // 380501234567
  (p) => `0${p.slice(4)}`, // 0501234567
  (p) => `0${p.slice(4, 6)} ${p.slice(6, 9)} ${p.slice(9, 11)} ${p.slice(11)}`, // 050 123 45 67
  (p) => `(0${p.slice(4, 6)}) ${p.slice(6, 9)}-${p.slice(9, 11)}-${p.slice(11)}`, // (050) 123-45-67
];

function streetOf(address: string) {
  return streets.find((s) => address.startsWith(`${s.name},`));
}

interface ActiveCategory {
  id: number;
  seed: CategorySeed;
}

/** The classifier rows of the reference data that are in the database and active. */
async function activeCategories(): Promise<ActiveCategory[]> {
  const rows = await Category.findAll({ where: { active: true } });
  const byCode = new Map(categorySeeds.map((c) => [c.code, c]));
  const out: ActiveCategory[] = [];
  for (const row of rows) {
    const s = byCode.get(row.code);
    if (s) out.push({ id: row.id, seed: s });
  }
  if (!out.length) throw new Error('no active categories of the reference data in the database');
  return out;
}

/** The seeded staff as actors: who registers, who works on an appeal, who checks it. */
async function staffActors() {
  const all = await User.findAll({ where: { active: true } });
  const asActor = (u: User): Actor => ({ kind: 'user', userId: u.id, role: u.role, organizationId: u.organizationId ?? null });
  const cctvLogins = new Set(userSeeds.filter((u) => u.cctvOperator).map((u) => u.login));
  const dispatchers = all.filter((u) => u.role === 'dispatcher' && !cctvLogins.has(u.login)).map(asActor);
  const cctv = all.filter((u) => cctvLogins.has(u.login)).map(asActor);
  const heads = all.filter((u) => u.role === 'head').map(asActor);
  const executors = new Map(all.filter((u) => u.role === 'executor' && u.organizationId != null).map((u) => [u.organizationId!, asActor(u)]));
  let turn = 0;
  const next = (list: Actor[], fallback: string) => (list.length ? list[turn++ % list.length]! : systemActor(fallback));
  return {
    of(who: Who, executorId: number | null): Actor {
      switch (who) {
        case 'dispatcher':
          return next(dispatchers, 'seed');
        case 'cctv':
          return next(cctv.length ? cctv : dispatchers, 'seed');
        case 'head':
          return next(heads, 'seed');
        case 'executor':
          // An executor organization without an account still reports through its dispatcher line.
          return (executorId != null ? executors.get(executorId) : undefined) ?? next(dispatchers, 'seed');
        case 'verification':
        case 'online':
        case 'open311':
          return systemActor(who);
      }
    },
  };
}

/** `npm run seed [-- --appeals N | --no-appeals]`; exit code 2 on a bad configuration or arguments. */
async function main(): Promise<void> {
  let config: Config;
  let appeals = DEFAULT_APPEALS;
  const password = process.env.SEED_PASSWORD || undefined;
  try {
    config = readConfig();
    const { values } = parseArgs({ options: { appeals: { type: 'string' }, 'no-appeals': { type: 'boolean' } } });
    if (values.appeals !== undefined) {
      appeals = Number(values.appeals);
      if (!/^\d+$/.test(values.appeals) || appeals > 100_000) throw new ConfigError(`--appeals: очікується ціле число від 0 до 100000, отримано «${values.appeals}»`);
    }
    if (values['no-appeals']) appeals = 0;
    if (password !== undefined && password.length < 10) throw new ConfigError('SEED_PASSWORD: must be at least 10 characters');
  } catch (err) {
    if (err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exit(2);
    }
    throw err;
  }
  await seed({ config, logger: createLogger(config.LOG_LEVEL), password, appeals });
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`Заповнення бази не вдалося: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
