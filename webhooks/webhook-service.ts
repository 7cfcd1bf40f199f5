import { Op } from 'sequelize';
import { Appeal, Category, Organization, WebhookDelivery } from '../models';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { AppealChange, DomainEvents } from '../appeals/domain-events';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signBody } from './signature';

export type WebhookEvent = 'appeal.new' | 'appeal.emergency' | 'appeal.returned' | 'appeal.overdue';

/** Waits before attempt 2, 3, 4, 5; after the 5th failure a delivery is given up as failed. */
export const RETRY_DELAYS_MS = [10_000, 60_000, 5 * 60_000, 30 * 60_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
const TIMEOUT_MS = 5_000;
/** A claimed delivery is not claimed again (by this or another instance) before this passes. */
const LEASE_MS = 60_000;
const BATCH = 20;

export interface WebhookOptions {
  clock: Clock;
  logger: Logger;
  events: DomainEvents;
  /** How often the worker looks for due deliveries. */
  intervalMs?: number;
  /** Per-attempt timeout of a receiver (5 s). */
  timeoutMs?: number;
}

/**
 * Webhooks to organizations: new (assigned to them), emergency, returned-for-rework and overdue appeals.
 * Every webhook is a row of webhook_deliveries first (the log and the queue); a small in-process
 * worker sends due rows, each attempt with a timeout and outside any request, so a receiver that
 * is down or silent never holds up anything else.
 */
export class WebhookService {
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly detach: () => void;

  constructor(private readonly o: WebhookOptions) {
    const onRegistered = (c: AppealChange) => {
      if (c.executorId && c.status === 'assigned') this.enqueueSoon(c.emergency ? 'appeal.emergency' : 'appeal.new', c);
    };
    const onChanged = (c: AppealChange & { type: string }) => {
      if (c.type === 'assign' && c.executorId) this.enqueueSoon(c.emergency ? 'appeal.emergency' : 'appeal.new', c);
      if (c.type === 'return' && c.executorId) this.enqueueSoon('appeal.returned', c);
    };
    // The deadline watch raises it once per deadline (one instance, a unique key), so it is sent once.
    const onOverdue = (c: AppealChange) => {
      if (c.executorId) this.enqueueSoon('appeal.overdue', c);
    };
    o.events.on('appeal.registered', onRegistered);
    o.events.on('appeal.changed', onChanged);
    o.events.on('appeal.overdue', onOverdue);
    this.detach = () => {
      o.events.off('appeal.registered', onRegistered);
      o.events.off('appeal.changed', onChanged);
      o.events.off('appeal.overdue', onOverdue);
    };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick().catch((err) => this.o.logger.warn({ err }, 'webhook worker tick failed')), this.o.intervalMs ?? 5_000);
    this.timer.unref();
  }

  /** Stops the worker and abandons attempts under way (they stay pending and are retried later). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.detach();
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private enqueueSoon(event: WebhookEvent, c: AppealChange): void {
    const job = this.enqueue(event, c.appealId)
      .then((queued) => (queued ? this.tick() : undefined))
      .then(() => undefined)
      .catch((err) => this.o.logger.warn({ err, appealId: c.appealId, event }, 'webhook not queued'));
    this.track(job);
  }

  /** Writes a pending delivery for the appeal's organization, if it has a webhook URL. */
  async enqueue(event: WebhookEvent, appealId: number): Promise<WebhookDelivery | null> {
    const appeal = await Appeal.findByPk(appealId, { include: [{ model: Category, as: 'category' }] });
    if (!appeal?.executorId) return null;
    const org = await Organization.findByPk(appeal.executorId);
    if (!org?.webhookUrl || !org.active) return null;
    const category = (appeal as Appeal & { category?: Category }).category;
    const now = this.o.clock.now();
    const payload = JSON.stringify({
      event,
      appeal: {
        number: appeal.number, status: appeal.status,
        category: category ? { code: category.code, name: category.name } : null,
        address: appeal.address, description: appeal.description, deadlineAt: appeal.deadlineAt.toISOString(), emergency: appeal.emergency,
        ...(event === 'appeal.overdue' && appeal.overdueAt ? { overdueAt: appeal.overdueAt.toISOString() } : {}),
      },
      at: now.toISOString(),
    });
    return WebhookDelivery.create({ organizationId: org.id, event, appealId: appeal.id, payload, nextAttemptAt: now, createdAt: now, updatedAt: now });
  }

  /**
   * Queues an event that is not about an appeal (a notice to residents) for each organization
   * with a webhook URL, and sends them soon. Returns how many were queued.
   */
  async enqueueForOrganizations(organizationIds: number[], event: string, body: Record<string, unknown>): Promise<number> {
    if (!organizationIds.length) return 0;
    const orgs = await Organization.findAll({ where: { id: { [Op.in]: organizationIds }, active: true, webhookUrl: { [Op.ne]: null } }, attributes: ['id'] });
    const now = this.o.clock.now();
    const payload = JSON.stringify({ event, ...body, at: now.toISOString() });
    await WebhookDelivery.bulkCreate(orgs.map((org) => ({ organizationId: org.id, event, appealId: null, payload, nextAttemptAt: now, createdAt: now, updatedAt: now })));
    if (orgs.length) this.track(this.tick().catch((err) => this.o.logger.warn({ err, event }, 'webhook worker tick failed')));
    return orgs.length;
  }

  /**
   * Claims due deliveries and starts their attempts; resolves when those attempts have ended.
   * A claim is a conditional update, so two instances (or two ticks) never send the same attempt.
   */
  async tick(): Promise<void> {
    const now = this.o.clock.now();
    const due = await WebhookDelivery.findAll({ where: { status: 'pending', nextAttemptAt: { [Op.lte]: now } }, order: [['nextAttemptAt', 'ASC']], limit: BATCH });
    const started: Promise<void>[] = [];
    for (const d of due) {
      const [claimed] = await WebhookDelivery.update(
        { nextAttemptAt: new Date(now.getTime() + LEASE_MS) },
        { where: { id: d.id, status: 'pending', nextAttemptAt: d.nextAttemptAt } },
      );
      if (claimed !== 1) continue;
      started.push(this.track(this.attempt(d)));
    }
    await Promise.all(started);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    const settled = p.then(() => undefined, () => undefined);
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return p;
  }

  private async attempt(d: WebhookDelivery): Promise<void> {
    const org = await Organization.findByPk(d.organizationId);
    const attempt = d.attempt + 1;
    let responseStatus: number | null = null;
    let error: string | null = null;
    if (!org?.webhookUrl) {
      error = 'В організації немає адреси вебхука';
    } else {
      try {
        const res = await fetch(org.webhookUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Kontakt-Webhooks/1',
            [DELIVERY_HEADER]: String(d.id),
            ...(org.webhookSecret ? { [SIGNATURE_HEADER]: signBody(d.payload, org.webhookSecret) } : {}),
          },
          body: d.payload,
          redirect: 'manual',
          signal: AbortSignal.any([AbortSignal.timeout(this.o.timeoutMs ?? TIMEOUT_MS), this.stopping.signal]),
        });
        responseStatus = res.status;
        await res.body?.cancel().catch(() => undefined);
        if (res.status < 200 || res.status >= 300) error = `Отримувач відповів ${res.status}`;
      } catch (err) {
        if (this.stopping.signal.aborted) return; // shutting down: the claim lapses and the attempt is made again later
        error = (err as Error).name === 'TimeoutError' ? 'Отримувач не відповів вчасно' : `Помилка з’єднання: ${(err as Error).message}`.slice(0, 500);
      }
    }
    const now = this.o.clock.now();
    const done = error === null;
    const gaveUp = !done && attempt >= MAX_ATTEMPTS;
    await WebhookDelivery.update(
      {
        attempt, responseStatus, error,
        status: done ? 'delivered' : gaveUp ? 'failed' : 'pending',
        nextAttemptAt: done || gaveUp ? null : new Date(now.getTime() + RETRY_DELAYS_MS[attempt - 1]!),
        updatedAt: now,
      },
      { where: { id: d.id } },
    );
    if (!done) this.o.logger.info({ deliveryId: d.id, organizationId: d.organizationId, attempt, error, gaveUp }, 'webhook delivery failed');
  }
}

export function deliveryView(d: WebhookDelivery) {
  return {
    id: d.id, event: d.event, appealId: d.appealId, status: d.status, attempt: d.attempt, responseStatus: d.responseStatus ?? null,
    error: d.error ?? null, nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null, createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString(),
  };
}
