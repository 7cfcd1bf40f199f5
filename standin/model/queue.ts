/** Queue definitions and member state, as app_queue keeps them (queues.conf + QueueAdd). */
export type Strategy = 'ringall' | 'rrmemory' | 'roundrobin' | 'linear';

export interface MemberConfig {
  interface: string;
  name?: string;
  penalty?: number;
  paused?: boolean;
  pausedReason?: string;
}

export interface QueueConfig {
  name: string;
  strategy?: Strategy;
  /** Seconds a member rings before the next try. */
  timeout?: number;
  /** Seconds to wait between tries. */
  retry?: number;
  members?: MemberConfig[];
}

/** Device state numbers app_queue reports in Status. */
export const DEVICE = { UNKNOWN: 0, NOT_INUSE: 1, INUSE: 2, INVALID: 4, UNAVAILABLE: 5, RINGING: 6 } as const;

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
  constructor(
    readonly iface: string,
    readonly membership: 'static' | 'dynamic',
    cfg: MemberConfig,
    public deviceStatus: number,
  ) {
    this.name = cfg.name ?? iface;
    this.penalty = cfg.penalty ?? 0;
    this.paused = cfg.paused ?? false;
    this.pausedReason = cfg.pausedReason ?? '';
  }

  get status(): number {
    if (this.inCall) return DEVICE.INUSE;
    if (this.ringing) return DEVICE.RINGING;
    return this.deviceStatus;
  }

  get available(): boolean {
    return !this.paused && !this.inCall && !this.ringing && this.deviceStatus === DEVICE.NOT_INUSE;
  }

  /** The field block of QueueMemberStatus / QueueMemberAdded / QueueMemberPause / QueueMemberRemoved. */
  eventFields(queue: string): Array<[string, string]> {
    return [
      ['Queue', queue],
      ['MemberName', this.name],
      ['Interface', this.iface],
      ['StateInterface', this.iface],
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
    else if (key === 'member') {
      const [iface, penalty, name] = value.split(',').map((s) => s.trim());
      cur.members!.push({ interface: iface, penalty: Number(penalty || 0), name: name || undefined });
    }
  }
  return out;
}
