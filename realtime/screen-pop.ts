import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { CallEvent } from '../telephony/call-events';
import { rooms, type CallRinging } from './contracts';
import type { RealtimeServer } from './socket-server';
import { buildPop, fallbackPop, popPhone, readCallerHistory, type PopSources } from './pop-query';
import { PopHistory } from './pop-history';
import { SeatDirectory, readSeats } from './seat-directory';

type StopReason = 'answered_elsewhere' | 'no_answer' | 'caller_left';

/** How long an instance that did not run a call's IVR lets the one that did claim its pop. */
const FOREIGN_CLAIM_DELAY_MS = 150;

interface Dispatcher {
  id: number;
}

/** One call this instance tells the consoles about. */
interface CallState {
  /** Users rung for it, by interface. */
  rung: Map<string, Dispatcher>;
  /** Pops already built, by user: a re-ring (queue retry) shows the same card without a new audit row. */
  pops: Map<number, CallRinging>;
  answeredBy: { userId: number; iface: string; at: Date } | null;
  ended: boolean;
}

export interface ScreenPopsOptions {
  io: RealtimeServer;
  sources: PopSources;
  clock: Clock;
  logger: Logger;
  /** Whether this instance tells the consoles about a call (one instance of several: a Redis claim). */
  claim: (key: string) => Promise<boolean>;
  /** Records that a dispatcher was shown callers' personal data (off the pop's path; see AuditBuffer). */
  audit: (userId: number, applicantIds: number[], context: string, at: Date) => void;
  /** Whether instances share events (then `calls:ringing-now` is replicated to the others). */
  shared: boolean;
  /** How long a ringing pop is kept for a reconnecting console. */
  ringingTtlMs?: number;
  /** How long an ended call is remembered, to ignore its late events. */
  keepEndedMs?: number;
  /** How old a caller's history read on the way to the queue may be when the phone rings (default 30 s). */
  historyFreshMs?: number;
  /** How old who sits at which phone may be when a phone rings (default 10 s; see SeatDirectory). */
  seatsMaxAgeMs?: number;
}

/**
 * Screen-pops: on AgentCalled for a dispatcher's interface, that dispatcher (only) gets the
 * caller's card; then answered, ringing-stopped (with why) and ended. Each call's events are
 * handled in order (a fast answer must not overtake the pop being built). What is ringing per
 * user is kept in memory with a TTL, so a console that reconnects loses no pop.
 */
export class ScreenPops {
  private readonly calls = new Map<string, CallState>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly ringing = new Map<number, Map<string, { pop: CallRinging; expires: number }>>();
  private readonly ttlMs: number;
  private readonly keepEndedMs: number;
  private readonly history: PopHistory;
  private readonly seats: SeatDirectory;
  /** Pops sent whose caller's history was read ahead, and pops that read it when the phone rang. */
  private readonly served = { ahead: 0, atRing: 0 };
  /** How long the last pop took to build, for the log and the benchmark. */
  lastBuildMs: number | null = null;

  constructor(private readonly o: ScreenPopsOptions) {
    this.ttlMs = o.ringingTtlMs ?? 2 * 60_000;
    this.keepEndedMs = o.keepEndedMs ?? 60_000;
    this.history = new PopHistory({ read: readCallerHistory, clock: o.clock, freshMs: o.historyFreshMs });
    this.seats = new SeatDirectory({ read: readSeats, clock: o.clock, maxAgeMs: o.seatsMaxAgeMs });
    if (o.shared) {
      o.io.on('ringing:set', (userId, pop) => this.remember(userId, pop));
      o.io.on('ringing:clear', (uniqueid) => this.forgetRinging(uniqueid));
    }
  }

  /** Every call event from AMI; handled in order per call. */
  handle(e: CallEvent): void {
    if (!('uniqueid' in e)) return;
    const id = e.uniqueid;
    const previous = this.chains.get(id) ?? Promise.resolve();
    const next = previous
      .then(() => this.apply(e))
      .catch((err) => this.o.logger.error({ err, call: id, event: e.type }, 'screen-pop event failed'))
      .finally(() => {
        if (this.chains.get(id) === next) this.chains.delete(id);
      });
    this.chains.set(id, next);
  }

  /**
   * The call is on its way to the dispatchers (the IVR's transfer began): its caller's history is
   * read now, so that the pop does not wait for it.
   */
  prefetch(uniqueid: string): void {
    this.seats.readAhead();
    this.history.prefetch(uniqueid, popPhone(this.o.sources, { uniqueid, callerNumber: null }), this.o.clock.now());
  }

  /** How many pops found the caller's history read on the way, and how many read it when the phone rang. */
  historyServed(): { ahead: number; atRing: number } {
    return { ...this.served };
  }

  /** An appeal changed: histories read before may miss it, the pops read them again. */
  appealsChanged(): void {
    this.history.invalidate();
  }

  /** A user was created, changed or removed, through this instance or another: who sits at which phone is read again. */
  usersChanged(): void {
    this.seats.changed();
  }

  /** What is ringing for a user now (a reconnecting console asks). */
  ringingFor(userId: number): CallRinging[] {
    const mine = this.ringing.get(userId);
    if (!mine) return [];
    const now = Date.now();
    for (const [id, r] of mine) if (r.expires < now) mine.delete(id);
    return [...mine.values()].map((r) => r.pop);
  }

  /** Resolves when every call event received so far has been handled (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.chains.size) await Promise.all([...this.chains.values()]);
  }

  private async apply(e: CallEvent): Promise<void> {
    switch (e.type) {
      case 'agent.called':
        return this.called(e);
      case 'queue.joined':
        // Also read ahead when the call reaches the queue (a call that came some other way than the
        // IVR's transfer); with several instances only the one that ran the IVR (it claims the pop first).
        if (!this.o.shared || this.o.sources.record(e.uniqueid)?.ivrPath.length) {
          this.seats.readAhead();
          this.history.prefetch(e.uniqueid, popPhone(this.o.sources, e), this.o.clock.now());
        }
        return;
      case 'agent.connected':
        this.history.forget(e.uniqueid);
        return this.connected(e.uniqueid, e.agentInterface, e.at);
      case 'agent.ringing_stopped': {
        const call = this.calls.get(e.uniqueid);
        const who = call?.rung.get(e.agentInterface);
        if (!call || !who || call.answeredBy) return;
        this.stopRinging(e.uniqueid, [who.id], 'no_answer');
        return;
      }
      case 'queue.abandoned':
        this.history.forget(e.uniqueid);
        return this.callerLeft(e.uniqueid);
      case 'agent.completed':
        return this.ended(e.uniqueid, e.talkSeconds);
      case 'channel.hangup': {
        this.history.forget(e.uniqueid);
        const call = this.calls.get(e.uniqueid);
        if (!call) return;
        if (call.answeredBy) return this.ended(e.uniqueid, null);
        return this.callerLeft(e.uniqueid);
      }
      default:
        return;
    }
  }

  private async called(e: Extract<CallEvent, { type: 'agent.called' }>): Promise<void> {
    let call = this.calls.get(e.uniqueid);
    if (!call) {
      // Several instances hear the same AMI events: the one that claims the call tells the consoles.
      // The instance that ran the call's IVR knows why it came (path, reason): it claims first; the
      // others a moment later, so that a call whose IVR instance died still pops.
      if (this.o.shared && !this.o.sources.record(e.uniqueid)?.ivrPath.length) await new Promise((r) => setTimeout(r, FOREIGN_CLAIM_DELAY_MS));
      if (!(await this.o.claim(`call:${e.uniqueid}`))) return;
      call = { rung: new Map(), pops: new Map(), answeredBy: null, ended: false };
      this.calls.set(e.uniqueid, call);
    }
    if (call.answeredBy || call.ended) return;
    const started = performance.now();
    const now = this.o.clock.now();
    const known = call.rung.get(e.agentInterface);
    let pop = known && call.pops.get(known.id);
    let userId: number;
    let shown: number | null = null;
    if (known && pop) {
      // A re-ring of the same phone (queue retry): the same card, no new audit row.
      const joined = new Date(new Date(pop.at).getTime() - pop.waitSeconds * 1000);
      pop = { ...pop, waitSeconds: Math.max(0, Math.round((now.getTime() - joined.getTime()) / 1000)), at: now.toISOString() };
      call.pops.set(known.id, pop);
      userId = known.id;
    } else {
      const phone = popPhone(this.o.sources, e);
      const { history, ahead } = this.history.forPop(e.uniqueid, phone, now);
      const built = await buildPop(this.o.sources, e, now, (iface) => this.seats.at(iface), history).catch((err: unknown) => {
        // Who sits at the phone could not be read: a re-ring of a phone whose pop was sent from
        // memory still knows (a first ring cannot send a pop to nobody).
        if (!known) throw err;
        return { userId: known.id, pop: fallbackPop(this.o.sources, e, now), applicantId: null, historyError: err };
      });
      if (!built) {
        this.o.logger.debug({ iface: e.agentInterface }, 'no dispatcher signed in at a rung interface: no pop');
        return;
      }
      ({ userId, pop, applicantId: shown } = built);
      const fromMemory = 'historyError' in built;
      if (fromMemory) this.o.logger.error({ err: built.historyError, call: e.uniqueid }, 'screen-pop sent without the caller\'s history');
      else if (phone) this.served[ahead ? 'ahead' : 'atRing']++;
      call.rung.set(e.agentInterface, { id: userId });
      // A re-ring tries the history again.
      if (!fromMemory) call.pops.set(userId, pop);
    }
    this.lastBuildMs = performance.now() - started;
    this.remember(userId, pop);
    this.o.io.to(rooms.user(userId)).emit('call:ringing', pop);
    if (this.o.shared) this.o.io.serverSideEmit('ringing:set', userId, pop);
    // The card showed this caller's data to this dispatcher (a re-ring shows it again: no new row).
    if (shown !== null) this.o.audit(userId, [shown], `screen-pop ${e.uniqueid}`, now);
    this.o.logger.debug({ call: e.uniqueid, userId, buildMs: Math.round(this.lastBuildMs * 10) / 10 }, 'screen-pop sent');
  }

  private connected(uniqueid: string, iface: string, at: Date): void {
    const call = this.calls.get(uniqueid);
    if (!call || call.answeredBy) return;
    const who = call.rung.get(iface);
    const others = [...call.rung.values()].filter((d) => d.id !== who?.id).map((d) => d.id);
    this.stopRinging(uniqueid, others, 'answered_elsewhere');
    this.forgetRinging(uniqueid);
    if (!who) return;
    call.answeredBy = { userId: who.id, iface, at };
    this.o.io.to(rooms.user(who.id)).emit('call:answered', { uniqueid, agentInterface: iface, at: at.toISOString() });
  }

  private callerLeft(uniqueid: string): void {
    const call = this.calls.get(uniqueid);
    if (!call || call.answeredBy || call.ended) return;
    this.stopRinging(uniqueid, [...call.rung.values()].map((d) => d.id), 'caller_left');
    this.finish(uniqueid, call);
  }

  private ended(uniqueid: string, talkSeconds: number | null): void {
    const call = this.calls.get(uniqueid);
    if (!call?.answeredBy || call.ended) return;
    const now = this.o.clock.now();
    const talk = talkSeconds ?? Math.max(0, Math.round((now.getTime() - call.answeredBy.at.getTime()) / 1000));
    this.o.io.to(rooms.user(call.answeredBy.userId)).emit('call:ended', { uniqueid, at: now.toISOString(), talkSeconds: talk });
    this.finish(uniqueid, call);
  }

  /** Tells users whose phone stopped ringing, if it was ringing for them. */
  private stopRinging(uniqueid: string, userIds: number[], reason: StopReason): void {
    const told = userIds.filter((id) => this.ringing.get(id)?.delete(uniqueid));
    if (told.length) this.o.io.to(told.map(rooms.user)).emit('call:ringing-stopped', { uniqueid, reason });
    if (this.o.shared && told.length) this.o.io.serverSideEmit('ringing:clear', uniqueid);
  }

  private finish(uniqueid: string, call: CallState): void {
    call.ended = true;
    this.forgetRinging(uniqueid);
    if (this.o.shared) this.o.io.serverSideEmit('ringing:clear', uniqueid);
    setTimeout(() => this.calls.delete(uniqueid), this.keepEndedMs).unref();
  }

  private remember(userId: number, pop: CallRinging): void {
    let mine = this.ringing.get(userId);
    if (!mine) this.ringing.set(userId, (mine = new Map()));
    mine.set(pop.uniqueid, { pop, expires: Date.now() + this.ttlMs });
  }

  private forgetRinging(uniqueid: string): void {
    for (const [userId, mine] of this.ringing) {
      mine.delete(uniqueid);
      if (!mine.size) this.ringing.delete(userId);
    }
  }
}
