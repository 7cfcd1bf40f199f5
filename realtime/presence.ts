import { EventEmitter } from 'node:events';
import { Op } from 'sequelize';
import { User } from '../models';
import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { AuthenticatedUser } from '../auth/session-tokens';
import type { CallEvent } from '../telephony/call-events';
import type { AmiAction, AmiMessage } from '../telephony/ami-connection';
import { PAUSE_REASONS, type PauseReason, type Presence, type PresenceState } from './contracts';
import { RealtimeError } from './realtime-error';
import { AmiActionError } from '../telephony/telephony-errors';

/** What presence needs of the AMI connection (the real AmiConnection, or null when Asterisk is off). */
export interface PresenceAmi {
  readonly ready: boolean;
  action(fields: AmiAction): Promise<AmiMessage>;
  actionList(fields: AmiAction): Promise<{ response: AmiMessage; events: AmiMessage[] }>;
}

/** One queue member as Asterisk reports it. */
interface Member {
  paused: boolean;
  pausedReason: string | null;
  /** Asterisk device state of the member (1 not in use, 2 in use, 6 ringing, ...). */
  status: number;
  inCall: boolean;
  ringing: boolean;
  since: Date;
  state: PresenceState;
}

interface Person {
  id: number;
  fullName: string;
}

const INTERFACE = /^PJSIP\/[A-Za-z0-9_.-]{1,40}$/;
const RINGING = new Set([6, 7]);
const BUSY = new Set([2, 3, 7, 8]);

function stateOf(m: Omit<Member, 'state' | 'since'> | undefined): PresenceState {
  if (!m) return 'signed_out';
  if (m.ringing || RINGING.has(m.status)) return 'ringing';
  if (m.inCall || BUSY.has(m.status)) return 'on_call';
  return m.paused ? 'paused' : 'ready';
}

const pbxDown = () => new RealtimeError('pbx_unavailable', 'АТС зараз недоступна, спробуйте за хвилину');

export interface PresenceOptions {
  ami: PresenceAmi | null;
  queue: string;
  clock: Clock;
  logger: Logger;
}

/**
 * Dispatchers' presence in the Asterisk queue. Commands go to Asterisk (QueueAdd, QueuePause,
 * QueueRemove); the state shown is only ever what Asterisk reports, from its member events and
 * a full QueueStatus after every AMI (re)connect, because events while AMI was away are lost.
 */
export class PresenceService extends EventEmitter<{ changed: [Presence] }> {
  private readonly members = new Map<string, Member>();
  private readonly people = new Map<string, Person | null>();
  private readonly interfaceOfUser = new Map<number, string>();
  /** Interfaces ringing for each caller: a caller who leaves stops them all (no per-member event says so). */
  private readonly ringingFor = new Map<string, Set<string>>();

  constructor(private readonly o: PresenceOptions) {
    super();
  }

  /** Signs the dispatcher in at their phone's interface, or unpauses them. */
  async ready(user: AuthenticatedUser, requested?: string): Promise<Presence> {
    assertDispatcher(user);
    const iface = requested?.trim() || this.interfaceOfUser.get(user.id) || user.queueInterface;
    if (!iface) throw new RealtimeError('interface_required', 'Вкажіть інтерфейс свого телефону, наприклад PJSIP/101');
    if (!INTERFACE.test(iface)) throw new RealtimeError('bad_interface', 'Невірний інтерфейс телефону: очікується PJSIP/номер');
    const ami = this.amiOrThrow();
    await this.bind(user, iface);
    if (this.members.has(iface)) {
      await this.command(ami, { action: 'QueuePause', queue: this.o.queue, interface: iface, paused: 'false' });
    } else {
      try {
        await this.command(ami, { action: 'QueueAdd', queue: this.o.queue, interface: iface, membername: user.fullName, paused: 'false' });
      } catch (err) {
        // Already a member (added by another instance or in Asterisk's config): just unpause.
        if (!(err instanceof RealtimeError && /already/i.test(err.detail ?? ''))) throw err;
        await this.command(ami, { action: 'QueuePause', queue: this.o.queue, interface: iface, paused: 'false' });
      }
    }
    await this.refresh(iface);
    return this.presenceOf(user.id, user.fullName);
  }

  async pause(user: AuthenticatedUser, reason: PauseReason): Promise<Presence> {
    assertDispatcher(user);
    if (!PAUSE_REASONS.includes(reason)) throw new RealtimeError('bad_reason', 'Оберіть причину перерви');
    const iface = await this.interfaceOf(user);
    const ami = this.amiOrThrow();
    if (!iface || !this.members.has(iface)) throw new RealtimeError('not_signed_in', 'Спершу станьте на лінію');
    await this.command(ami, { action: 'QueuePause', queue: this.o.queue, interface: iface, paused: 'true', reason });
    await this.refresh(iface);
    return this.presenceOf(user.id, user.fullName);
  }

  async signOut(user: AuthenticatedUser): Promise<Presence> {
    assertDispatcher(user);
    const iface = await this.interfaceOf(user);
    const ami = this.amiOrThrow();
    if (iface && this.members.has(iface)) {
      try {
        await this.command(ami, { action: 'QueueRemove', queue: this.o.queue, interface: iface });
      } catch (err) {
        if (!(err instanceof RealtimeError && /not there/i.test(err.detail ?? ''))) throw err;
      }
      await this.refresh(iface);
    }
    return this.presenceOf(user.id, user.fullName);
  }

  /** The presence of a user as Asterisk last reported it. */
  presenceOf(userId: number, fullName: string): Presence {
    const iface = this.interfaceOfUser.get(userId) ?? null;
    const m = iface ? this.members.get(iface) : undefined;
    return { userId, fullName, agentInterface: iface, state: m?.state ?? 'signed_out', pausedReason: m?.paused ? m.pausedReason : null, since: (m?.since ?? this.o.clock.now()).toISOString(), pending: null, refusal: null };
  }

  /** Members of the queue by state (for the wallboard). */
  counts(): { ready: number; paused: number; onCall: number; ringing: number } {
    const c = { ready: 0, paused: 0, onCall: 0, ringing: 0 };
    for (const m of this.members.values()) {
      if (m.state === 'ready') c.ready++;
      else if (m.state === 'paused') c.paused++;
      else if (m.state === 'on_call') c.onCall++;
      else if (m.state === 'ringing') c.ringing++;
    }
    return c;
  }

  /** Folds a member or agent event from AMI into the state. */
  applyEvent(e: CallEvent): void {
    if ('queue' in e && e.queue !== this.o.queue) return;
    if (e.type === 'queue.abandoned' || e.type === 'queue.left' || e.type === 'channel.hangup') {
      for (const iface of this.ringingFor.get(e.uniqueid) ?? []) {
        const m = this.members.get(iface);
        if (m?.ringing) this.set(iface, { ...m, ringing: false });
      }
      this.ringingFor.delete(e.uniqueid);
      return;
    }
    if (!('agentInterface' in e)) return;
    if (e.type === 'agent.called') {
      const rung = this.ringingFor.get(e.uniqueid) ?? new Set<string>();
      this.ringingFor.set(e.uniqueid, rung.add(e.agentInterface));
    } else if (e.type === 'agent.ringing_stopped') this.ringingFor.get(e.uniqueid)?.delete(e.agentInterface);
    const iface = e.agentInterface;
    const current = this.members.get(iface);
    switch (e.type) {
      case 'member.added':
        this.set(iface, { paused: e.paused, pausedReason: null, status: 1, inCall: false, ringing: false });
        break;
      case 'member.removed':
        this.set(iface, undefined);
        break;
      case 'member.paused':
        if (current) this.set(iface, { ...current, paused: e.paused, pausedReason: e.paused ? e.reason : null });
        break;
      case 'member.status':
        this.set(iface, { paused: e.paused, pausedReason: e.paused ? e.pausedReason : null, status: e.status, inCall: e.inCall, ringing: current?.ringing ?? false });
        break;
      case 'agent.called':
        if (current) this.set(iface, { ...current, ringing: true });
        break;
      case 'agent.ringing_stopped':
        if (current) this.set(iface, { ...current, ringing: false });
        break;
      case 'agent.connected':
        if (current) this.set(iface, { ...current, ringing: false, inCall: true });
        break;
      case 'agent.completed':
        if (current) this.set(iface, { ...current, ringing: false, inCall: false, status: current.status === 2 ? 1 : current.status });
        break;
      default:
        break;
    }
  }

  /** Reads the whole queue again from Asterisk (after every AMI connect and reconnect). */
  async resync(): Promise<void> {
    const ami = this.o.ami;
    if (!ami?.ready) return;
    const { events } = await ami.actionList({ action: 'QueueStatus', queue: this.o.queue });
    const seen = new Map<string, Omit<Member, 'state' | 'since'>>();
    for (const e of events) {
      if (String(e.event).toLowerCase() !== 'queuemember' || e.queue !== this.o.queue) continue;
      const iface = String(e.stateinterface ?? e.location ?? e.interface ?? '');
      if (!iface) continue;
      seen.set(iface, { paused: e.paused === '1', pausedReason: e.paused === '1' ? String(e.pausedreason ?? '') || null : null, status: Number(e.status ?? 0), inCall: e.incall === '1', ringing: false });
    }
    await this.loadPeople();
    for (const iface of this.members.keys()) if (!seen.has(iface)) this.set(iface, undefined);
    for (const [iface, m] of seen) this.set(iface, m);
  }

  private async refresh(iface: string): Promise<void> {
    const ami = this.o.ami;
    if (!ami?.ready) return;
    const { events } = await ami.actionList({ action: 'QueueStatus', queue: this.o.queue, member: iface });
    const e = events.find((x) => String(x.event).toLowerCase() === 'queuemember' && String(x.stateinterface ?? x.location) === iface);
    if (!e) this.set(iface, undefined);
    else this.set(iface, { paused: e.paused === '1', pausedReason: e.paused === '1' ? String(e.pausedreason ?? '') || null : null, status: Number(e.status ?? 0), inCall: e.incall === '1', ringing: this.members.get(iface)?.ringing ?? false });
  }

  private set(iface: string, next: Omit<Member, 'state' | 'since'> | undefined): void {
    const before = this.members.get(iface);
    const state = stateOf(next);
    const reason = next?.paused ? next.pausedReason : null;
    const changed = (before?.state ?? 'signed_out') !== state || (before?.paused ? before.pausedReason : null) !== reason;
    if (!next) this.members.delete(iface);
    else this.members.set(iface, { ...next, state, since: changed || !before ? this.o.clock.now() : before.since });
    if (changed) void this.announce(iface);
  }

  private async announce(iface: string): Promise<void> {
    const person = await this.personAt(iface);
    if (person) this.emit('changed', this.presenceOf(person.id, person.fullName));
  }

  /** Ties an interface to the user who signed in at it: a phone belongs to whoever sits at it now. */
  private async bind(user: AuthenticatedUser, iface: string): Promise<void> {
    if (this.interfaceOfUser.get(user.id) === iface && user.queueInterface === iface) return;
    const previous = this.interfaceOfUser.get(user.id);
    if (previous && previous !== iface) this.people.delete(previous);
    for (const [uid, i] of this.interfaceOfUser) if (i === iface && uid !== user.id) this.interfaceOfUser.delete(uid);
    this.interfaceOfUser.set(user.id, iface);
    this.people.set(iface, { id: user.id, fullName: user.fullName });
    // Persisted, so call records and screen-pops on every instance find the dispatcher by interface.
    await User.update({ queueInterface: null }, { where: { queueInterface: iface, id: { [Op.ne]: user.id } } });
    await User.update({ queueInterface: iface }, { where: { id: user.id } });
  }

  private async interfaceOf(user: AuthenticatedUser): Promise<string | null> {
    const known = this.interfaceOfUser.get(user.id);
    if (known) return known;
    const row = await User.findByPk(user.id, { attributes: ['queueInterface'] });
    const iface = row?.queueInterface ?? null;
    if (iface) this.interfaceOfUser.set(user.id, iface);
    return iface;
  }

  private async personAt(iface: string): Promise<Person | null> {
    if (this.people.has(iface)) return this.people.get(iface)!;
    const user = await User.findOne({ where: { queueInterface: iface, active: true }, attributes: ['id', 'fullName'] });
    const person = user ? { id: user.id, fullName: user.fullName } : null;
    this.people.set(iface, person);
    if (person) this.interfaceOfUser.set(person.id, iface);
    return person;
  }

  private async loadPeople(): Promise<void> {
    const users = await User.findAll({ where: { queueInterface: { [Op.ne]: null }, active: true }, attributes: ['id', 'fullName', 'queueInterface'] });
    this.people.clear();
    for (const u of users) {
      this.people.set(u.queueInterface!, { id: u.id, fullName: u.fullName });
      this.interfaceOfUser.set(u.id, u.queueInterface!);
    }
  }

  private amiOrThrow(): PresenceAmi {
    if (!this.o.ami?.ready) throw pbxDown();
    return this.o.ami;
  }

  private async command(ami: PresenceAmi, action: AmiAction): Promise<void> {
    try {
      await ami.action(action);
    } catch (err) {
      this.o.logger.warn({ action: action.action, err: (err as Error)?.message }, 'queue action failed');
      if (err instanceof AmiActionError) throw new RealtimeError('pbx_refused', 'АТС відхилила дію з чергою', err.amiMessage);
      throw pbxDown();
    }
  }
}

function assertDispatcher(user: AuthenticatedUser): void {
  if (user.role !== 'dispatcher' && user.role !== 'head') throw new RealtimeError('role_not_allowed', 'Приймати дзвінки можуть лише диспетчери');
}
