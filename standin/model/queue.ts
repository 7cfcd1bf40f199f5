/** Queue definitions and member state, as app_queue keeps them (queues.conf + QueueAdd). */
export type Strategy = 'ringall' | 'rrmemory' | 'roundrobin' | 'linear';

export interface MemberConfig {
  interface: string;
  name?: string;
  penalty?: number;
  paused?: boolean;
  pausedReason?: string;
  /**
   * The device whose state is the member's Status (QueueAdd's StateInterface): `PJSIP/101`,
   * `Custom:103`, `hint:101@ext-local`. Default: the interface itself.
   */
  stateInterface?: string;
}

export interface QueueConfig {
  name: string;
  strategy?: Strategy;
  /** Seconds a member rings before the next try. */
  timeout?: number;
  /** Seconds to wait between tries. */
  retry?: number;
  members?: MemberConfig[];
  /** queues.conf `joinempty`: yes / no / a list such as `paused,unavailable` (default: always join). */
  joinempty?: string | boolean;
  /** queues.conf `leavewhenempty`: the same values (default: never leave). */
  leavewhenempty?: string | boolean;
}

/** Device state numbers app_queue reports in Status. */
export const DEVICE = { UNKNOWN: 0, NOT_INUSE: 1, INUSE: 2, BUSY: 3, INVALID: 4, UNAVAILABLE: 5, RINGING: 6, RINGINUSE: 7, ONHOLD: 8 } as const;

/** Device state names (DEVICE_STATE(), DeviceStateChange) to app_queue's Status numbers. */
export const DEVICE_BY_NAME: Record<string, number> = {
  UNKNOWN: DEVICE.UNKNOWN,
  NOT_INUSE: DEVICE.NOT_INUSE,
  INUSE: DEVICE.INUSE,
  BUSY: DEVICE.BUSY,
  INVALID: DEVICE.INVALID,
  UNAVAILABLE: DEVICE.UNAVAILABLE,
  RINGING: DEVICE.RINGING,
  RINGINUSE: DEVICE.RINGINUSE,
  ONHOLD: DEVICE.ONHOLD,
};

/** app_queue's empty conditions (enum empty_conditions), parsed from joinempty / leavewhenempty. */
export const EMPTY = { PENALTY: 1, PAUSED: 2, INUSE: 4, RINGING: 8, UNAVAILABLE: 16, INVALID: 32, UNKNOWN: 64, WRAPUP: 128 } as const;

const TRUE_WORDS = /^(yes|true|y|t|1|on)$/i;
const FALSE_WORDS = /^(no|false|n|f|0|off)$/i;

/** app_queue's parse_empty_options: `yes`/`no` and lists of condition words, later words adding. */
export function parseEmptyOptions(value: string | boolean | undefined, joinempty: boolean): number {
  if (value === undefined) return 0;
  let empty = 0;
  const strict = EMPTY.PENALTY | EMPTY.INVALID | EMPTY.PAUSED;
  for (const option of String(value).split(',').map((o) => o.trim())) {
    const word = option.toLowerCase();
    const bit = (EMPTY as Record<string, number>)[word.toUpperCase()];
    if (bit !== undefined) empty |= bit;
    else if (word === 'loose') empty = EMPTY.PENALTY | EMPTY.INVALID;
    else if (word === 'strict') empty = strict | EMPTY.UNAVAILABLE;
    else if ((FALSE_WORDS.test(option) && joinempty) || (TRUE_WORDS.test(option) && !joinempty)) empty = strict;
    else if ((FALSE_WORDS.test(option) && !joinempty) || (TRUE_WORDS.test(option) && joinempty)) empty = 0;
  }
  return empty;
}

export class QueueMember {
  name: string;
  penalty: number;
  callsTaken = 0;
  lastCall = 0;
  lastPause = 0;
  loginTime = Math.floor(Date.now() / 1000);
  inCall = false;
  ringing = false;
  paused: boolean;
  pausedReason: string;
  readonly stateInterface: string;
  constructor(
    readonly iface: string,
    readonly membership: 'static' | 'dynamic',
    cfg: MemberConfig,
    /** The state of the state interface's device, as app_queue caches it (m->status). */
    public deviceStatus: number,
  ) {
    this.name = cfg.name ?? iface;
    this.penalty = cfg.penalty ?? 0;
    this.paused = cfg.paused ?? false;
    this.pausedReason = cfg.pausedReason ?? '';
    this.stateInterface = cfg.stateInterface || iface;
  }

  /** Status as app_queue reports it: the device of the state interface, whatever the call. */
  get status(): number {
    return this.deviceStatus;
  }

  /** Free to ring (the stand-in rings no member in use: ringinuse is reported but not honoured). */
  get available(): boolean {
    return !this.paused && !this.inCall && !this.ringing && (this.deviceStatus === DEVICE.NOT_INUSE || this.deviceStatus === DEVICE.UNKNOWN);
  }

  /** The field block of QueueMemberStatus / QueueMemberAdded / QueueMemberPause / QueueMemberRemoved. */
  eventFields(queue: string): Array<[string, string]> {
    return [
      ['Queue', queue],
      ['MemberName', this.name],
      ['Interface', this.iface],
      ['StateInterface', this.stateInterface],
      ['Membership', this.membership],
      ['Penalty', String(this.penalty)],
      ['CallsTaken', String(this.callsTaken)],
      ['LastCall', String(this.lastCall)],
      ['LastPause', String(this.lastPause)],
      ['LoginTime', String(this.loginTime)],
      ['InCall', this.inCall ? '1' : '0'],
      ['Status', String(this.status)],
      ['Paused', this.paused ? '1' : '0'],
      ['PausedReason', this.pausedReason],
      ['Ringinuse', '1'],
      ['Wrapuptime', '0'],
    ];
  }
}

export class Queue {
  readonly strategy: Strategy;
  readonly timeoutSec: number;
  readonly retrySec: number;
  readonly members: QueueMember[] = [];
  /** EMPTY bits of joinempty / leavewhenempty (0: join always, never leave). */
  readonly joinEmpty: number;
  readonly leaveWhenEmpty: number;
  completed = 0;
  abandoned = 0;
  totalHold = 0;
  totalTalk = 0;
  /** Round-robin position: index of the member rung last. */
  rrLast = -1;
  constructor(readonly name: string, cfg: QueueConfig) {
    this.strategy = cfg.strategy ?? 'ringall';
    this.timeoutSec = cfg.timeout ?? 15;
    this.retrySec = cfg.retry ?? 5;
    this.joinEmpty = parseEmptyOptions(cfg.joinempty, true);
    this.leaveWhenEmpty = parseEmptyOptions(cfg.leavewhenempty, false);
  }

  /** app_queue's get_member_status: is any member available under these empty conditions? */
  hasUsableMember(conditions: number): boolean {
    for (const m of this.members) {
      const st = m.status;
      if (st === DEVICE.INVALID && conditions & EMPTY.INVALID) continue;
      if (st === DEVICE.UNAVAILABLE && conditions & EMPTY.UNAVAILABLE) continue;
      if (st === DEVICE.INUSE && conditions & EMPTY.INUSE) continue;
      if (st === DEVICE.RINGING && conditions & EMPTY.RINGING) continue;
      if (st === DEVICE.UNKNOWN && conditions & EMPTY.UNKNOWN) continue;
      if (m.paused && conditions & EMPTY.PAUSED) continue;
      return true;
    }
    return false;
  }

  member(iface: string): QueueMember | undefined {
    return this.members.find((m) => m.iface.toLowerCase() === iface.toLowerCase());
  }

  /** Members to ring now, by strategy. */
  pick(): QueueMember[] {
    const free = this.members.filter((m) => m.available);
    if (this.strategy === 'ringall' || free.length === 0) return free;
    if (this.strategy === 'linear') return [free[0]];
    const n = this.members.length;
    for (let step = 1; step <= n; step++) {
      const idx = (this.rrLast + step) % n;
      const m = this.members[idx];
      if (m.available) {
        this.rrLast = idx;
        return [m];
      }
    }
    return [];
  }
}

/** Reads queues.conf: [name] sections with strategy, timeout, retry and member lines. */
export function parseQueuesConf(text: string): QueueConfig[] {
  const out: QueueConfig[] = [];
  let cur: QueueConfig | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/;.*$/, '').trim();
    if (!line) continue;
    const sec = /^\[([^\]]+)\]/.exec(line);
    if (sec) {
      cur = sec[1] === 'general' ? undefined : { name: sec[1], members: [] };
      if (cur) out.push(cur);
      continue;
    }
    if (!cur) continue;
    const kv = /^([a-z_-]+)\s*=>?\s*(.*)$/i.exec(line);
    if (!kv) continue;
    const [, key, value] = kv;
    if (key === 'strategy') cur.strategy = value as Strategy;
    else if (key === 'timeout') cur.timeout = Number(value);
    else if (key === 'retry') cur.retry = Number(value);
    else if (key === 'joinempty') cur.joinempty = value;
    else if (key === 'leavewhenempty') cur.leavewhenempty = value;
    else if (key === 'member') {
      // member => interface,penalty,name,state_interface (as app_queue reads it)
      const [iface, penalty, name, stateInterface] = value.split(',').map((s) => s.trim());
      cur.members!.push({ interface: iface, penalty: Number(penalty || 0), name: name || undefined, stateInterface: stateInterface || undefined });
    }
  }
  return out;
}
