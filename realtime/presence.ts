import { EventEmitter } from 'node:events';
import { Op } from 'sequelize';
import { Session, User } from '../models';
import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { AuthenticatedUser } from '../auth/session-tokens';
import type { CallEvent } from '../telephony/call-events';
import type { AmiAction, AmiMessage } from '../telephony/ami-connection';
import { isMemberInterface, isStateInterface, MEMBER_INTERFACE_HINT } from '../core/queue-interface';
import { PAUSE_REASONS, type PauseReason, type Presence, type PresenceLeaving, type PresenceRefusal } from './contracts';
import { RealtimeError } from './realtime-error';
import { AmiActionError } from '../telephony/telephony-errors';
import { busy, LEAVING_REASON, QueueMembers, stateOf, type Member } from './queue-members';

/** What presence needs of the AMI connection (the real AmiConnection, or null when Asterisk is off). */
export interface PresenceAmi {
  readonly ready: boolean;
  action(fields: AmiAction): Promise<AmiMessage>;
  actionList(fields: AmiAction): Promise<{ response: AmiMessage; events: AmiMessage[] }>;
}

interface Person {
  id: number;
  fullName: string;
}

type LeaveReason = PresenceLeaving['reason'];

/**
 * Where a presence change is known. `pbx`: Asterisk's queue, which every instance reads over
 * AMI, so each tells only its own consoles (through Redis every console would hear it once per
 * instance). `instance`: only here (the PBX refused this instance's command), so it goes to the
 * user's consoles on every instance.
 */
export type PresenceSource = 'pbx' | 'instance';

const pbxDown = () => new RealtimeError('pbx_unavailable', 'АТС зараз недоступна, спробуйте за хвилину');
const REFUSAL_TEXT: Record<PresenceRefusal['action'], string> = {
  ready: 'АТС не поставила вас на лінію',
  pause: 'АТС не поставила вас на перерву',
  leave: 'АТС не вивела вас із черги',
};

export interface PresenceOptions {
  ami: PresenceAmi | null;
  queue: string;
  clock: Clock;
  logger: Logger;
  /** How often the whole queue is read again and members without a live session are let go. */
  sweepMs?: number;
}

/**
 * Dispatchers' presence in the Asterisk queue. Commands go to Asterisk (QueueAdd with the
 * state interface, QueuePause, QueueRemove); the state shown is only ever what Asterisk reports
 * (see QueueMembers). Leaving while talking is asked of the PBX as a pause with LEAVING_REASON,
 * so that nothing new rings, and the removal follows when the call ends; because the pending
 * leave lives in the PBX, every instance sees it and any instance completes it.
 */
export class PresenceService extends EventEmitter<{ changed: [Presence, PresenceSource]; leaving: [number, PresenceLeaving] }> {
  private readonly members: QueueMembers;
  private readonly since = new Map<string, Date>();
  private readonly shown = new Map<string, string>();
  private readonly people = new Map<string, Person | null>();
  /** Counts the users' changes: a read of who sits where that began before one is not kept. */
  private peopleChanges = 0;
  /** Sign-ins writing who sits where: a read that ends meanwhile may predate the write, so it is not kept either. */
  private seatWrites = 0;
  private readonly interfaceOfUser = new Map<number, string>();
  private readonly refusals = new Map<number, PresenceRefusal>();
  /** Interfaces whose QueueRemove is on its way (one request per leave, however many events). */
  private readonly removing = new Set<string>();
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: PresenceOptions) {
    super();
    this.members = new QueueMembers(o.queue);
  }

  /** Re-reads the queue and lets go of members whose user signed out, expired or was disabled, every so often. */
  start(): void {
    this.sweepTimer ??= setInterval(() => void this.sweep().catch((err) => this.o.logger.warn({ err }, 'presence sweep failed')), this.o.sweepMs ?? 60_000);
    this.sweepTimer.unref();
  }

  stop(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
  }

  /** Signs the dispatcher in at their phone's interface, or unpauses them (also cancelling a pending leave). */
  async ready(user: AuthenticatedUser, requested?: string): Promise<Presence> {
    assertDispatcher(user);
    const iface = requested?.trim() || this.interfaceOfUser.get(user.id) || user.queueInterface;
    if (!iface) throw new RealtimeError('interface_required', `Вкажіть інтерфейс свого телефону, наприклад ${MEMBER_INTERFACE_HINT}`);
    if (!isMemberInterface(iface)) throw new RealtimeError('bad_interface', `Невірний інтерфейс телефону: очікується ${MEMBER_INTERFACE_HINT}`);
    const ami = this.amiOrThrow();
    const stateInterface = await this.bind(user, iface);
    await this.command(user, 'ready', async () => {
      if (this.members.get(iface)) return this.unpause(ami, iface);
      try {
        await ami.action({ action: 'QueueAdd', queue: this.o.queue, interface: iface, membername: user.fullName, paused: 'false', ...(stateInterface ? { stateinterface: stateInterface } : {}) });
      } catch (err) {
        // Already a member (added by another instance or in Asterisk's config): just unpause.
        if (!(err instanceof AmiActionError && /already/i.test(err.amiMessage))) throw err;
        await this.unpause(ami, iface);
      }
    });
    await this.refresh(iface);
    return this.presenceOf(user.id, user.fullName);
  }

  async pause(user: AuthenticatedUser, reason: PauseReason): Promise<Presence> {
    assertDispatcher(user);
    if (!PAUSE_REASONS.includes(reason)) throw new RealtimeError('bad_reason', 'Оберіть причину перерви');
    const iface = await this.interfaceOf(user.id);
    const ami = this.amiOrThrow();
    if (!iface || !this.members.get(iface)) throw new RealtimeError('not_signed_in', 'Спершу станьте на лінію');
    await this.command(user, 'pause', () => ami.action({ action: 'QueuePause', queue: this.o.queue, interface: iface, paused: 'true', reason }));
    await this.refresh(iface);
    return this.presenceOf(user.id, user.fullName);
  }

  /** «Вийти з черги»: out now, or when the current call ends. */
  async signOut(user: AuthenticatedUser): Promise<Presence> {
    assertDispatcher(user);
    this.amiOrThrow();
    await this.leave(user.id, null);
    return this.presenceOf(user.id, user.fullName);
  }

  /**
   * Takes a user out of the queue: at once when their phone is idle, after the call when they
   * are talking (paused meanwhile). `reason` (not the user's own click) tells their console first.
   */
  async leave(userId: number, reason: LeaveReason | null, knownInterface?: string | null): Promise<void> {
    const iface = knownInterface ?? (await this.interfaceOf(userId));
    const m = iface ? this.members.get(iface) : undefined;
    if (!iface || !m) return;
    const ami = this.o.ami;
    if (!ami?.ready) {
      // The next sweep after AMI is back finds the member without a session and finishes this.
      this.o.logger.warn({ userId }, 'cannot take a dispatcher out of the queue while the PBX is away');
      return;
    }
    const afterCall = busy(m);
    if (reason) this.emit('leaving', userId, { reason, afterCall, at: this.o.clock.now().toISOString() });
    const person = await this.personAt(iface);
    const asker = person ?? { id: userId, fullName: '' };
    if (afterCall) {
      if (!(m.paused && m.pausedReason === LEAVING_REASON)) {
        await this.command(asker, 'leave', () => ami.action({ action: 'QueuePause', queue: this.o.queue, interface: iface, paused: 'true', reason: LEAVING_REASON }));
      }
      // If the call ended while we asked, the refresh's change finishes the leave (see changed()).
      await this.refresh(iface);
      return;
    }
    await this.remove(iface);
  }

  /** Moves a member to a new interface (the admin changed the dispatcher's phone), keeping their pause. */
  async move(userId: number, from: string, to: string | null, stateInterface: string | null): Promise<void> {
    const m = this.members.get(from);
    if (!m) return;
    const ami = this.o.ami;
    if (!ami?.ready) return;
    this.people.delete(from);
    if (to) {
      const person = await this.personAt(to);
      try {
        await ami.action({ action: 'QueueAdd', queue: this.o.queue, interface: to, membername: person?.fullName ?? to, paused: m.paused ? 'true' : 'false', ...(m.paused && m.pausedReason ? { reason: m.pausedReason } : {}), ...(stateInterface ? { stateinterface: stateInterface } : {}) });
      } catch (err) {
        this.o.logger.warn({ userId, err: (err as Error).message }, 'could not add the dispatcher at the new interface');
      }
      await this.refresh(to);
    }
    await this.leaveInterface(userId, from, 'interface_changed');
  }

  /** The presence of a user as Asterisk last reported it. */
  presenceOf(userId: number, fullName: string): Presence {
    const iface = this.interfaceOfUser.get(userId) ?? null;
    const m = iface ? this.members.get(iface) : undefined;
    const leaving = m?.paused && m.pausedReason === LEAVING_REASON;
    return {
      userId, fullName, agentInterface: iface,
      state: leaving && !busy(m) ? 'signed_out' : stateOf(m),
      pausedReason: m?.paused && !leaving ? m.pausedReason : null,
      since: ((iface && this.since.get(iface)) || this.o.clock.now()).toISOString(),
      pending: leaving ? 'leave_after_call' : null,
      refusal: this.refusals.get(userId) ?? null,
    };
  }

  /** Members of the queue by state (for the wallboard); a member on the way out is not counted ready. */
  counts(): { ready: number; paused: number; onCall: number; ringing: number } {
    const c = { ready: 0, paused: 0, onCall: 0, ringing: 0 };
    for (const m of this.members.all()) {
      const state = stateOf(m);
      if (state === 'ready') c.ready++;
      else if (state === 'paused' && m.pausedReason !== LEAVING_REASON) c.paused++;
      else if (state === 'on_call') c.onCall++;
      else if (state === 'ringing') c.ringing++;
    }
    return c;
  }

  /** Folds a member or agent event from AMI into the state. */
  applyEvent(e: CallEvent): void {
    for (const [iface, m] of this.members.fold(e)) this.changed(iface, m);
  }

  /** Reads the whole queue again from Asterisk (after every AMI connect and reconnect, and every so often). */
  async resync(): Promise<void> {
    const ami = this.o.ami;
    if (!ami?.ready) return;
    const { events } = await ami.actionList({ action: 'QueueStatus', queue: this.o.queue });
    await this.loadPeople();
    for (const [iface, m] of this.members.replaceAll(events)) this.changed(iface, m);
  }

  /** Resync, then let go of members whose user has no live session or may no longer take calls. */
  async sweep(): Promise<void> {
    if (!this.o.ami?.ready) return;
    await this.resync();
    const bound = [...this.members.all()].map((m) => [m.iface, this.people.get(m.iface)] as const).filter(([, p]) => p);
    if (!bound.length) return;
    const ids = bound.map(([, p]) => p!.id);
    const live = new Set(
      (await Session.findAll({ where: { userId: { [Op.in]: ids }, revokedAt: null, expiresAt: { [Op.gt]: this.o.clock.now() } }, attributes: ['userId'] })).map((s) => s.userId),
    );
    const able = new Set(
      (await User.findAll({ where: { id: { [Op.in]: ids }, active: true, role: { [Op.in]: ['dispatcher', 'head'] } }, attributes: ['id'] })).map((u) => u.id),
    );
    for (const [iface, p] of bound) {
      if (!able.has(p!.id)) await this.leaveInterface(p!.id, iface, 'deactivated');
      else if (!live.has(p!.id)) await this.leaveInterface(p!.id, iface, 'session_expired');
    }
  }

  // ---- internals -------------------------------------------------------------------------------

  private async leaveInterface(userId: number, iface: string, reason: LeaveReason): Promise<void> {
    const m = this.members.get(iface);
    if (m?.paused && m.pausedReason === LEAVING_REASON && busy(m)) return; // already on the way out
    await this.leave(userId, reason, iface).catch((err) => this.o.logger.warn({ userId, err: (err as Error).message }, 'could not take the dispatcher out of the queue'));
  }

  /** Every member change: announce it, and finish a leave whose call just ended. */
  private changed(iface: string, m: Member | undefined): void {
    if (m?.paused && m.pausedReason === LEAVING_REASON && !busy(m)) void this.remove(iface);
    void this.announce(iface, m);
  }

  private async remove(iface: string): Promise<void> {
    const ami = this.o.ami;
    if (!ami?.ready || this.removing.has(iface)) return;
    this.removing.add(iface);
    try {
      await ami.action({ action: 'QueueRemove', queue: this.o.queue, interface: iface });
    } catch (err) {
      // Not there: another instance (or the PBX's operator) was first, which is what we wanted.
      if (!(err instanceof AmiActionError && /not there|not found/i.test(err.amiMessage))) {
        const person = await this.personAt(iface).catch(() => null);
        if (person) this.refuse(person.id, 'leave', err);
        this.o.logger.warn({ err: (err as Error).message }, 'QueueRemove failed');
      }
    } finally {
      this.removing.delete(iface);
    }
    await this.refresh(iface).catch(() => undefined);
  }

  private async unpause(ami: PresenceAmi, iface: string): Promise<void> {
    await ami.action({ action: 'QueuePause', queue: this.o.queue, interface: iface, paused: 'false' });
  }

  private async refresh(iface: string): Promise<void> {
    const ami = this.o.ami;
    if (!ami?.ready) return;
    const { events } = await ami.actionList({ action: 'QueueStatus', queue: this.o.queue, member: iface });
    const [, m] = this.members.replaceOne(iface, events);
    this.changed(iface, m);
  }

  private async announce(iface: string, m: Member | undefined): Promise<void> {
    const view = m ? `${stateOf(m)}|${m.paused ? m.pausedReason : ''}` : 'out';
    if (this.shown.get(iface) === view) return;
    if (m) this.shown.set(iface, view);
    else this.shown.delete(iface);
    this.since.set(iface, this.o.clock.now());
    // The person is usually known: told at once, in the state of this change. When they must be
    // looked up, a change that comes meanwhile announces itself, and this one, stale, says nothing
    // (else both would tell the state after the second: ringing then on call came as on call twice).
    let person: Person | null;
    try {
      person = this.people.has(iface) ? this.people.get(iface)! : await this.personAt(iface);
    } catch (err) {
      // The database is away: left untold, so that the next change or re-read of the queue tells it.
      if (this.shown.get(iface) === view) this.shown.delete(iface);
      this.o.logger.warn({ err: (err as Error).message }, 'could not look up who sits at a phone to tell a presence change');
      return;
    }
    if (person && (this.shown.get(iface) ?? 'out') === view) this.emit('changed', this.presenceOf(person.id, person.fullName), 'pbx');
  }

  /** Ties an interface to the user who signed in at it (a phone belongs to whoever sits at it now); answers its state interface. */
  private async bind(user: AuthenticatedUser, iface: string): Promise<string | null> {
    const row = await User.findByPk(user.id, { attributes: ['id', 'queueInterface', 'queueStateInterface'] });
    // The state interface the admin set belongs to the phone it was set for.
    const stateInterface = row?.queueInterface === iface && row.queueStateInterface && isStateInterface(row.queueStateInterface) ? row.queueStateInterface : null;
    const previous = this.interfaceOfUser.get(user.id);
    if (previous && previous !== iface) this.people.delete(previous);
    // A lookup already under way would put the user back at the old phone (CI saw it on SQLite).
    this.peopleChanges++;
    this.sitsAt(user.id, iface);
    this.people.set(iface, { id: user.id, fullName: user.fullName });
    this.refusals.delete(user.id);
    if (row?.queueInterface !== iface) {
      // Persisted, so call records and screen-pops on every instance find the dispatcher by interface.
      this.seatWrites++;
      try {
        await User.update({ queueInterface: null, queueStateInterface: null }, { where: { queueInterface: iface, id: { [Op.ne]: user.id } } });
        await User.update({ queueInterface: iface, queueStateInterface: null }, { where: { id: user.id } });
      } finally {
        this.seatWrites--;
      }
    }
    return stateInterface;
  }

  private async interfaceOf(userId: number): Promise<string | null> {
    const known = this.interfaceOfUser.get(userId);
    if (known) return known;
    const row = await User.findByPk(userId, { attributes: ['queueInterface'] });
    const iface = row?.queueInterface ?? null;
    if (iface) this.interfaceOfUser.set(userId, iface);
    return iface;
  }

  private async personAt(iface: string): Promise<Person | null> {
    if (this.people.has(iface)) return this.people.get(iface)!;
    const changes = this.peopleChanges;
    const user = await User.findOne({ where: { queueInterface: iface, active: true }, attributes: ['id', 'fullName'] });
    const person = user ? { id: user.id, fullName: user.fullName } : null;
    if (!this.stillCurrent(changes)) return person;
    this.people.set(iface, person);
    if (person) this.sitsAt(person.id, iface);
    return person;
  }

  /** The phone is the user's now: whoever this instance last saw at it has moved. */
  private sitsAt(userId: number, iface: string): void {
    for (const [uid, i] of this.interfaceOfUser) if (i === iface && uid !== userId) this.interfaceOfUser.delete(uid);
    this.interfaceOfUser.set(userId, iface);
  }

  /**
   * A user was written, through this instance or another: who sits at which phone is read again
   * when next needed, not at the next sweep (a dispatcher who took a phone through another
   * instance would be shown there, for up to PRESENCE_SWEEP_SECONDS, as whoever sat there before).
   */
  usersChanged(): void {
    this.peopleChanges++;
    this.people.clear();
  }

  private async loadPeople(): Promise<void> {
    const changes = this.peopleChanges;
    const users = await User.findAll({ where: { queueInterface: { [Op.ne]: null }, active: true }, attributes: ['id', 'fullName', 'queueInterface'] });
    if (!this.stillCurrent(changes)) return;
    this.people.clear();
    for (const u of users) {
      this.people.set(u.queueInterface!, { id: u.id, fullName: u.fullName });
      this.interfaceOfUser.set(u.id, u.queueInterface!);
    }
  }

  /** Whether a read of the users begun at `changes` may be kept: nothing about seats was written since or is being written. */
  private stillCurrent(changes: number): boolean {
    return changes === this.peopleChanges && this.seatWrites === 0;
  }

  private amiOrThrow(): PresenceAmi {
    if (!this.o.ami?.ready) throw pbxDown();
    return this.o.ami;
  }

  /** Runs a queue action for a user; a refusal by the PBX is kept (shown with its reason) and thrown. */
  private async command(user: Person, action: PresenceRefusal['action'], work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
      if (this.refusals.delete(user.id)) this.emitFor(user);
    } catch (err) {
      this.o.logger.warn({ action, err: (err as Error)?.message }, 'queue action failed');
      if (err instanceof AmiActionError) {
        const refusal = this.refuse(user.id, action, err);
        throw new RealtimeError('pbx_refused', `${refusal.message}: ${refusal.pbxReason ?? 'без пояснень'}`, err.amiMessage);
      }
      throw pbxDown();
    }
  }

  private refuse(userId: number, action: PresenceRefusal['action'], err: unknown): PresenceRefusal {
    const refusal: PresenceRefusal = { action, message: REFUSAL_TEXT[action], pbxReason: err instanceof AmiActionError ? err.amiMessage || null : null, at: this.o.clock.now().toISOString() };
    this.refusals.set(userId, refusal);
    void this.personAtUser(userId)
      .then((p) => p && this.emitFor(p))
      .catch((e) => this.o.logger.warn({ err: (e as Error).message }, 'could not tell a dispatcher of a refusal by the PBX'));
    return refusal;
  }

  private async personAtUser(userId: number): Promise<Person | null> {
    const iface = await this.interfaceOf(userId);
    return iface ? this.personAt(iface) : null;
  }

  private emitFor(p: Person): void {
    this.emit('changed', this.presenceOf(p.id, p.fullName), 'instance');
  }
}

function assertDispatcher(user: AuthenticatedUser): void {
  if (user.role !== 'dispatcher' && user.role !== 'head') throw new RealtimeError('role_not_allowed', 'Приймати дзвінки можуть лише диспетчери');
}
