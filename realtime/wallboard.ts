import { Op } from 'sequelize';
import { DateTime } from 'luxon';
import { Call, User } from '../models';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { CallEvent } from '../telephony/call-events';
import type { Wallboard } from './contracts';
import type { PresenceAmi } from './presence';

/** Answered within this many seconds counts toward the service level. */
export const SERVICE_LEVEL_SECONDS = 20;

export interface WallboardOptions {
  queue: string;
  timeZone: string;
  clock: Clock;
  logger: Logger;
  /** Members of the queue by state, from presence. */
  members: () => { ready: number; paused: number; onCall: number; ringing: number };
  /** Called with a fresh snapshot at most every `throttleMs` while things change. */
  push: (w: Wallboard) => void;
  throttleMs?: number;
}

/**
 * The wallboard: callers waiting and the longest wait, dispatchers by state, and today's answered,
 * answered within 20 s and abandoned calls. "Today" (city time) starts from the database at start
 * and at midnight; after that it follows the queue events. Changes are pushed, throttled.
 */
export class WallboardService {
  private readonly waiting = new Map<string, Date>();
  private readonly answered = new Set<string>();
  private readonly abandoned = new Set<string>();
  private base = { answered: 0, within: 0, abandoned: 0 };
  private within = 0;
  private day = '';
  /** When the city's current day ends (ms): no day can change before. */
  private dayEndsAt = 0;
  private dispatchers = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: WallboardOptions) {}

  /** Reads today's totals from the database (at start, and when the day changes). */
  async load(): Promise<void> {
    const now = this.o.clock.now();
    const start = DateTime.fromJSDate(now, { zone: this.o.timeZone }).startOf('day').toJSDate();
    const today = { queue: this.o.queue, queueJoinedAt: { [Op.gte]: start } };
    const [answered, within, abandoned, dispatchers] = await Promise.all([
      Call.count({ where: { ...today, disposition: 'answered' } }),
      Call.count({ where: { ...today, disposition: 'answered', waitSeconds: { [Op.lte]: SERVICE_LEVEL_SECONDS } } }),
      Call.count({ where: { ...today, disposition: 'abandoned' } }),
      User.count({ where: { role: 'dispatcher', active: true } }),
    ]);
    this.day = this.dayOf(now);
    this.base = { answered, within, abandoned };
    this.answered.clear();
    this.abandoned.clear();
    this.within = 0;
    this.dispatchers = dispatchers;
    this.changed();
  }

  /** Re-reads who is waiting (after every AMI reconnect: events while away are lost). */
  async resync(ami: PresenceAmi | null): Promise<void> {
    if (!ami?.ready) return;
    const { events } = await ami.actionList({ action: 'QueueStatus', queue: this.o.queue });
    const now = this.o.clock.now().getTime();
    this.waiting.clear();
    for (const e of events) {
      if (String(e.event).toLowerCase() !== 'queueentry' || e.queue !== this.o.queue) continue;
      this.waiting.set(String(e.uniqueid), new Date(now - Number(e.wait ?? 0) * 1000));
    }
    this.dispatchers = await User.count({ where: { role: 'dispatcher', active: true } });
    this.changed();
  }

  applyEvent(e: CallEvent): void {
    if ('queue' in e && e.queue !== this.o.queue) return;
    this.rollDay();
    switch (e.type) {
      case 'queue.joined':
        this.waiting.set(e.uniqueid, e.at);
        break;
      case 'queue.left':
      case 'channel.hangup':
        if (!this.waiting.delete(e.uniqueid)) return;
        break;
      case 'queue.abandoned':
        this.waiting.delete(e.uniqueid);
        this.abandoned.add(e.uniqueid);
        break;
      case 'agent.connected':
        this.waiting.delete(e.uniqueid);
        if (!this.answered.has(e.uniqueid)) {
          this.answered.add(e.uniqueid);
          if (e.holdSeconds <= SERVICE_LEVEL_SECONDS) this.within++;
        }
        break;
      case 'agent.called':
      case 'agent.ringing_stopped':
      case 'agent.completed':
      case 'member.added':
      case 'member.removed':
      case 'member.paused':
      case 'member.status':
        break; // dispatchers by state come from presence, which announces its own changes
      default:
        return;
    }
    this.changed();
  }

  snapshot(): Wallboard {
    const now = this.o.clock.now();
    this.rollDay();
    let oldest = now.getTime();
    for (const at of this.waiting.values()) oldest = Math.min(oldest, at.getTime());
    const m = this.o.members();
    const answeredToday = this.base.answered + this.answered.size;
    const answeredWithin20sToday = this.base.within + this.within;
    return {
      callersWaiting: this.waiting.size,
      longestWaitSeconds: Math.max(0, Math.round((now.getTime() - oldest) / 1000)),
      dispatchers: { ...m, signedOut: Math.max(0, this.dispatchers - (m.ready + m.paused + m.onCall + m.ringing)) },
      answeredToday,
      answeredWithin20sToday,
      serviceLevel: answeredToday ? answeredWithin20sToday / answeredToday : null,
      abandonedToday: this.base.abandoned + this.abandoned.size,
      at: now.toISOString(),
    };
  }

  /** Something changed: push a snapshot soon, at most once per throttle period. */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.o.push(this.snapshot());
      } catch (err) {
        this.o.logger.warn({ err }, 'wallboard push failed');
      }
    }, this.o.throttleMs ?? 500);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private dayOf(d: Date): string {
    return DateTime.fromJSDate(d, { zone: this.o.timeZone }).toISODate() ?? '';
  }

  /** At midnight (city time) today's totals start again from zero. */
  private rollDay(): void {
    // Every queue event asks: the time-zone arithmetic runs only once a day has passed.
    const now = this.o.clock.now();
    if (now.getTime() < this.dayEndsAt) return;
    const today = this.dayOf(now);
    this.dayEndsAt = DateTime.fromJSDate(now, { zone: this.o.timeZone }).endOf('day').toMillis() + 1;
    if (!this.day || today === this.day) return;
    this.day = today;
    this.base = { answered: 0, within: 0, abandoned: 0 };
    this.answered.clear();
    this.abandoned.clear();
    this.within = 0;
  }
}
