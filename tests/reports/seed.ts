/**
 * A seeded city for the report tests: appeals over several days with channels, categories,
 * executors, deadlines met and missed, returns and confirmations, and queue calls. Every time is
 * written as city-local wall time with its offset, so the tests know each row's local day
 * without asking the code under test.
 */
import { Appeal, AppealEvent, Call, Category, User } from '../../models';
import type { AppealStatus, Channel } from '../../models/appeal';

export interface SeedAppeal {
  number: string;
  channel: Channel;
  category: 'water' | 'heat' | 'xss';
  executor: 'water' | 'other' | null;
  registered: string;
  deadline: string;
  done: string | null;
  closed: string | null;
  status: AppealStatus;
  repeated: boolean;
  id?: number;
}

export interface SeedEvent {
  number: string;
  toStatus: 'confirmed' | 'returned';
  at: string;
}

export interface SeedCall {
  started: string;
  direction: 'inbound' | 'outbound';
  queued: boolean;
  disposition: 'answered' | 'abandoned' | 'ivr_only';
  wait: number | null;
  talk: number | null;
  dispatcher: 'olena' | 'ivan' | null;
}

export interface Seed {
  appeals: SeedAppeal[];
  events: SeedEvent[];
  calls: SeedCall[];
}

/** A small deterministic PRNG (mulberry32), so the seeded city is the same on every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Kyiv wall time in early March (UTC+2, before the DST change of 29 March). */
export const kyiv = (day: number, minute: number) => `2026-03-${pad(day)}T${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:00+02:00`;

export function buildSeed(): Seed {
  const rnd = prng(20260303);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const channels: Channel[] = ['phone', 'phone', 'phone', 'online', 'open311', 'cctv', 'dispatcher'];
  const appeals: SeedAppeal[] = [];
  const events: SeedEvent[] = [];
  let n = 0;
  const add = (a: Omit<SeedAppeal, 'number'>) => {
    const appeal = { number: `R-${String(++n).padStart(4, '0')}`, ...a };
    appeals.push(appeal);
    return appeal;
  };

  for (let i = 0; i < 90; i++) {
    const registered = kyiv(1 + Math.floor(rnd() * 5), Math.floor(rnd() * 1440));
    const deadline = kyiv(2 + Math.floor(rnd() * 4), Math.floor(rnd() * 1440));
    const when = () => kyiv(1 + Math.floor(rnd() * 7), Math.floor(rnd() * 1440));
    const base = { channel: pick(channels), category: pick(['water', 'water', 'heat', 'xss'] as const), executor: pick(['water', 'water', 'other', null] as const), registered, deadline, repeated: rnd() < 0.2 };
    switch (pick(['open', 'done', 'confirmed', 'returned', 'returnedThenConfirmed', 'rejected', 'duplicate'] as const)) {
      case 'open':
        add({ ...base, status: pick(['new', 'assigned', 'in_progress'] as const), done: null, closed: null });
        break;
      case 'done':
        add({ ...base, status: 'done', done: when(), closed: null });
        break;
      case 'confirmed': {
        const a = add({ ...base, status: 'confirmed', done: when(), closed: when() });
        events.push({ number: a.number, toStatus: 'confirmed', at: a.closed! });
        break;
      }
      case 'returned': {
        const a = add({ ...base, status: pick(['returned', 'in_progress'] as const), done: null, closed: null });
        events.push({ number: a.number, toStatus: 'returned', at: when() });
        break;
      }
      case 'returnedThenConfirmed': {
        const a = add({ ...base, status: 'confirmed', done: when(), closed: when() });
        events.push({ number: a.number, toStatus: 'returned', at: when() }, { number: a.number, toStatus: 'confirmed', at: a.closed! });
        break;
      }
      case 'rejected':
        add({ ...base, status: 'rejected', done: null, closed: when() });
        break;
      case 'duplicate':
        add({ ...base, status: 'duplicate', done: null, closed: when() });
        break;
    }
  }

  // The edges of the period 2–4 March: its first instant and its last half hour count, the minute
  // before and the first minutes after do not.
  const edge = { channel: 'online' as const, category: 'heat' as const, executor: 'other' as const, status: 'new' as const, done: null, closed: null, repeated: false };
  add({ ...edge, registered: '2026-03-04T23:30:00+02:00', deadline: '2026-03-04T23:59:00+02:00' });
  add({ ...edge, registered: '2026-03-05T00:10:00+02:00', deadline: '2026-03-05T00:10:00+02:00' });
  add({ ...edge, registered: '2026-03-02T00:00:00+02:00', deadline: '2026-03-02T00:00:00+02:00' });
  add({ ...edge, registered: '2026-03-01T23:59:00+02:00', deadline: '2026-03-01T23:59:00+02:00' });
  // Done at the very minute of the deadline is in time; a minute later is overdue.
  const onTheDot = { channel: 'phone' as const, category: 'water' as const, executor: 'water' as const, registered: '2026-03-02T08:00:00+02:00', deadline: '2026-03-03T12:00:00+02:00', status: 'done' as const, closed: null, repeated: false };
  add({ ...onTheDot, done: '2026-03-03T12:00:00+02:00' });
  add({ ...onTheDot, done: '2026-03-03T12:01:00+02:00' });
  // A day of the DST change (29 March: 02:00 UTC+2 … 23:59 UTC+3, 23 hours long).
  const dst = { ...edge, deadline: '2026-04-20T12:00:00+03:00' };
  add({ ...dst, registered: '2026-03-28T23:50:00+02:00' });
  add({ ...dst, registered: '2026-03-29T00:10:00+02:00' });
  add({ ...dst, registered: '2026-03-29T04:30:00+03:00' });
  add({ ...dst, registered: '2026-03-29T23:50:00+03:00' });
  add({ ...dst, registered: '2026-03-30T00:10:00+03:00' });

  const calls: SeedCall[] = [];
  for (let i = 0; i < 70; i++) {
    const answered = rnd() < 0.7;
    calls.push({
      started: kyiv(1 + Math.floor(rnd() * 5), Math.floor(rnd() * 1440)),
      direction: rnd() < 0.9 ? 'inbound' : 'outbound',
      queued: rnd() < 0.85,
      disposition: answered ? 'answered' : 'abandoned',
      wait: Math.floor(rnd() * 45),
      talk: answered ? 30 + Math.floor(rnd() * 300) : null,
      dispatcher: answered ? pick(['olena', 'ivan', 'ivan', null] as const) : null,
    });
  }
  calls.push(
    { started: '2026-03-04T23:59:00+02:00', direction: 'inbound', queued: true, disposition: 'answered', wait: 20, talk: 100, dispatcher: 'olena' },
    { started: '2026-03-05T00:01:00+02:00', direction: 'inbound', queued: true, disposition: 'answered', wait: 5, talk: 100, dispatcher: 'olena' },
    { started: '2026-03-03T10:00:00+02:00', direction: 'inbound', queued: false, disposition: 'ivr_only', wait: null, talk: null, dispatcher: null },
  );
  return { appeals, events, calls };
}

export interface SeedRefs {
  categories: Record<SeedAppeal['category'], Category>;
  orgs: { water: number; other: number };
  dispatchers: { olena: User; ivan: User };
}

/** Writes the seed as rows; also the phone numbers a report must never show. */
export async function insertSeed(seed: Seed, refs: SeedRefs): Promise<void> {
  for (const a of seed.appeals) {
    const row = await Appeal.create({
      number: a.number, channel: a.channel, status: a.status, applicantId: null, categoryId: refs.categories[a.category].id,
      executorId: a.executor ? refs.orgs[a.executor] : null, address: 'вул. Звітна, 1', description: 'Тестове звернення',
      emergency: false, registeredAt: new Date(a.registered), deadlineAt: new Date(a.deadline), originalDeadlineAt: new Date(a.deadline),
      repeated: a.repeated, doneAt: a.done ? new Date(a.done) : null, closedAt: a.closed ? new Date(a.closed) : null,
    });
    a.id = row.id;
  }
  const ids = new Map(seed.appeals.map((a) => [a.number, a.id!]));
  for (const e of seed.events) {
    await AppealEvent.create({
      appealId: ids.get(e.number)!, type: 'status_changed', fromStatus: 'done', toStatus: e.toStatus, userId: null, actor: 'seed', comment: null, createdAt: new Date(e.at),
    });
  }
  let i = 0;
  for (const c of seed.calls) {
    await Call.create({
      uniqueid: `report-${++i}`, linkedid: null, direction: c.direction, callerNumber: '+380671112233', calledNumber: '1580',
      startedAt: new Date(c.started), queue: c.queued ? 'dispatchers' : null, queueJoinedAt: c.queued ? new Date(c.started) : null,
      waitSeconds: c.wait, talkSeconds: c.talk, disposition: c.disposition,
      dispatcherUserId: c.dispatcher ? refs.dispatchers[c.dispatcher].id : null, agentInterface: c.dispatcher ? 'PJSIP/101' : null,
    });
  }
}
