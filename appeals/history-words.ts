import { Op } from 'sequelize';
import { Appeal, Open311Client, Organization, OrganizationApiKey, User, type AppealEvent } from '../models';
import { eventView } from './appeal-view';

/**
 * An appeal's history in words for people: who acted (a person's name, an API key's name, a part
 * of the system), which executors an assignment moved the appeal between, and the result of a
 * completion. The raw `actor` stays for machines; everything a person reads is added beside it.
 */
export type HistoryItem = ReturnType<typeof eventView> & {
  /** Who acted, in Ukrainian: «Оксана Коваль», «ключ API «Диспетчерська» (Водоканал)», «контроль строків». */
  who: string;
  /** For an assignment: the executor before (null when it had none) and after. */
  previousExecutor?: { id: number; name: string } | null;
  executor?: { id: number; name: string } | null;
  /** For a completion: what the executor reported done. */
  result?: string | null;
};

/** Parts of the system that act on appeals, in words. */
const SYSTEM_ACTORS: Record<string, string> = {
  'deadline-watch': 'контроль строків (автоматично)',
  'verification-call': 'контрольний дзвінок заявникові (автоматично)',
  verification: 'контрольний дзвінок заявникові (автоматично)',
  'cctv-analytics': 'відеоаналітика',
  ivr: 'голосове меню',
  online: 'онлайн-звернення',
  public: 'мешканець через сайт',
  seed: 'початкові дані',
  open311: 'зовнішня система',
};

const userId = (actor: string) => (/^user:(\d+)$/.exec(actor) ? Number(actor.slice(5)) : null);
const apiKeyId = (actor: string) => (/^apikey:(\d+)$/.exec(actor) ? Number(actor.slice(7)) : null);
const open311Id = (actor: string) => (/^open311:(\d+)$/.exec(actor) ? Number(actor.slice(8)) : null);
const num = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/**
 * Turns history lines into words with three look-ups (people, keys and organizations, external
 * systems) for the whole history, not one per line.
 */
export async function historyInWords(events: AppealEvent[], appeal: Pick<Appeal, 'result'>): Promise<HistoryItem[]> {
  const userIds = new Set<number>();
  const keyIds = new Set<number>();
  const clientIds = new Set<number>();
  const orgIds = new Set<number>();
  for (const e of events) {
    const u = e.userId ?? userId(e.actor);
    if (u !== null && !apiKeyId(e.actor)) userIds.add(u);
    const k = apiKeyId(e.actor);
    if (k !== null) keyIds.add(k);
    const c = open311Id(e.actor);
    if (c !== null) clientIds.add(c);
    for (const v of [e.data?.executorId, e.data?.previousExecutorId, e.data?.declinedBy]) if (num(v) !== null) orgIds.add(num(v)!);
  }
  const [users, keys, clients] = await Promise.all([
    userIds.size ? User.findAll({ where: { id: { [Op.in]: [...userIds] } }, attributes: ['id', 'fullName'] }) : [],
    keyIds.size ? OrganizationApiKey.findAll({ where: { id: { [Op.in]: [...keyIds] } }, attributes: ['id', 'name', 'organizationId'] }) : [],
    clientIds.size ? Open311Client.findAll({ where: { id: { [Op.in]: [...clientIds] } }, attributes: ['id', 'name'] }) : [],
  ]);
  for (const k of keys) orgIds.add(k.organizationId);
  const orgs = orgIds.size ? await Organization.findAll({ where: { id: { [Op.in]: [...orgIds] } }, attributes: ['id', 'name', 'shortName'] }) : [];
  const userName = new Map(users.map((u) => [u.id, u.fullName]));
  const orgName = new Map(orgs.map((o) => [o.id, o.shortName || o.name]));
  const keyName = new Map(keys.map((k) => [k.id, `ключ API «${k.name}»${orgName.has(k.organizationId) ? ` (${orgName.get(k.organizationId)})` : ''}`]));
  const clientName = new Map(clients.map((c) => [c.id, `зовнішня система «${c.name}»`]));
  const org = (id: unknown) => (num(id) !== null ? { id: num(id)!, name: orgName.get(num(id)!) ?? `виконавець, якого вже немає в довіднику` } : null);

  const who = (e: AppealEvent): string => {
    const k = apiKeyId(e.actor);
    if (k !== null) return keyName.get(k) ?? 'ключ API (видалений)';
    const u = e.userId ?? userId(e.actor);
    if (u !== null) return userName.get(u) ?? 'користувач, якого вже немає';
    const c = open311Id(e.actor);
    if (c !== null) return clientName.get(c) ?? 'зовнішня система';
    return SYSTEM_ACTORS[e.actor] ?? 'система';
  };
  // Completions before results were written into their history line: the appeal's result belongs to the last one.
  const lastDone = [...events].reverse().find((e) => e.toStatus === 'done');

  return events.map((e) => {
    const item: HistoryItem = { ...eventView(e), who: who(e) };
    if (e.toStatus === 'assigned' || e.data?.executorId !== undefined) {
      if (e.data?.executorId !== undefined) item.executor = org(e.data.executorId);
      if (e.data?.previousExecutorId !== undefined) item.previousExecutor = org(e.data.previousExecutorId);
    }
    if (e.data?.declinedBy !== undefined) item.previousExecutor = org(e.data.declinedBy);
    if (e.toStatus === 'done') {
      const written = typeof e.data?.result === 'string' ? e.data.result : null;
      item.result = written ?? (e === lastDone ? appeal.result ?? null : null);
    }
    return item;
  });
}
