import { CallChannel } from '../../../../ivr/call-channel';

type PlayResult = 'finished' | 'interrupted' | 'gone' | 'failed';
type Op = 'answer' | 'play' | 'gather' | 'clearKeys' | 'transfer' | 'hangup';

/** Every call the IVR made on the channel, in order; `afterGone` marks calls made once the caller left. */
export type ChannelCall = { afterGone: boolean } & (
  | { op: 'answer' }
  /** One playback: the prompts heard in it, in order (`texts`: up to the one a key or hang-up stopped), joined as `text`. */
  | { op: 'play'; media: readonly string[]; texts: string[]; text: string; bargeIn: boolean; result: PlayResult }
  | { op: 'gather'; maxDigits: number; timeoutMs: number; result: string }
  | { op: 'clearKeys' }
  | { op: 'transfer'; context: string; extension: string; priority: number; variables: Record<string, string> }
  | { op: 'hangup' }
);

type Moment = string | RegExp;

/**
 * What the scripted caller does, in order. A move with `during` waits for a prompt whose text
 * matches and happens while it plays; a move without waits for the next time the IVR waits for
 * a key (after its prompt ended).
 */
export type CallerMove =
  | { kind: 'press'; keys: string; during?: Moment }
  | { kind: 'silence' }
  | { kind: 'hangUp'; during?: Moment };

export const press = (keys: string, options: { during?: Moment } = {}): CallerMove => ({ kind: 'press', keys, during: options.during });
export const silence = (): CallerMove => ({ kind: 'silence' });
export const hangUp = (options: { during?: Moment } = {}): CallerMove => ({ kind: 'hangUp', during: options.during });

/** Makes one channel operation throw (optionally the n-th of its kind, optionally with the caller gone too). */
export interface ChannelFault {
  op: Op;
  nth?: number;
  error?: Error;
  goneToo?: boolean;
}

/** The prefix the fake services give media, so the channel can tell which text is playing. */
export const MEDIA_PREFIX = 'sound:tts:';

const matches = (moment: Moment, text: string): boolean =>
  typeof moment === 'string' ? text.includes(moment) : moment.test(text);

/** An in-memory CallChannel driven by a scripted caller. */
export class FakeCallChannel implements CallChannel {
  readonly id: string;
  readonly callerId: string | null;
  readonly calls: ChannelCall[] = [];
  private isGone = false;
  private buffer: string[] = [];
  private moveIndex = 0;
  private readonly counts = new Map<Op, number>();

  constructor(
    private readonly moves: CallerMove[] = [],
    options: { id?: string; callerId?: string | null; faults?: ChannelFault[] } = {},
  ) {
    this.id = options.id ?? 'chan-1';
    this.callerId = options.callerId === undefined ? '+380501234567' : options.callerId;
    this.faults = options.faults ?? [];
  }

  private readonly faults: ChannelFault[];

  get gone(): boolean {
    return this.isGone;
  }

  /** Moves of the script the flow never gave the caller a chance to make. */
  get unusedMoves(): CallerMove[] {
    return this.moves.slice(this.moveIndex);
  }

  get callsAfterGone(): ChannelCall[] {
    return this.calls.filter((c) => c.afterGone);
  }

  /** Texts of the prompts played, in order. */
  get prompts(): string[] {
    return this.calls.flatMap((c) => (c.op === 'play' ? c.texts : []));
  }

  get ops(): Op[] {
    return this.calls.map((c) => c.op);
  }

  /** The caller hangs up now (from outside the script). */
  hangUpNow(): void {
    this.isGone = true;
  }

  async answer(): Promise<void> {
    this.calls.push({ op: 'answer', afterGone: this.isGone });
    this.maybeFail('answer');
  }

  async play(media: readonly string[], options: { bargeIn: boolean }): Promise<PlayResult> {
    const all = media.map((m) => (m.startsWith(MEDIA_PREFIX) ? m.slice(MEDIA_PREFIX.length) : m));
    const call = { op: 'play' as const, media, texts: all, text: all.join(' '), bargeIn: options.bargeIn, result: 'finished' as PlayResult, afterGone: this.isGone };
    this.calls.push(call);
    if (this.isGone) return (call.result = 'gone');
    this.maybeFail('play');
    const move = this.moves[this.moveIndex];
    const at = move && move.kind !== 'silence' && move.during !== undefined ? all.findIndex((t) => matches(move.during!, t)) : -1;
    if (at < 0) return call.result;
    this.moveIndex += 1;
    // What follows the prompt the caller acted in is not heard when the playback stops there.
    const heard = (texts: string[]) => Object.assign(call, { texts, text: texts.join(' ') });
    if (move.kind === 'hangUp') {
      this.isGone = true;
      heard(all.slice(0, at + 1));
      return (call.result = 'gone');
    }
    this.buffer.push(...(move as { keys: string }).keys.split(''));
    if (options.bargeIn) heard(all.slice(0, at + 1));
    call.result = options.bargeIn ? 'interrupted' : 'finished';
    return call.result;
  }

  async gather(options: { maxDigits: number; timeoutMs: number }): Promise<string> {
    const call = { op: 'gather' as const, ...options, result: '', afterGone: this.isGone };
    this.calls.push(call);
    if (this.isGone) return '';
    this.maybeFail('gather');
    if (this.buffer.length === 0) {
      const move = this.moves[this.moveIndex];
      if (move && (move.kind === 'silence' || move.during === undefined)) {
        this.moveIndex += 1;
        if (move.kind === 'hangUp') {
          this.isGone = true;
          return '';
        }
        if (move.kind === 'press') this.buffer.push(...move.keys.split(''));
      }
    }
    call.result = this.buffer.splice(0, options.maxDigits).join('');
    return call.result;
  }

  clearKeys(): void {
    this.calls.push({ op: 'clearKeys', afterGone: this.isGone });
    if (!this.isGone) this.buffer = [];
  }

  async transfer(target: { context: string; extension: string; priority: number; variables: Record<string, string> }): Promise<void> {
    this.calls.push({ op: 'transfer', ...target, afterGone: this.isGone });
    if (this.isGone) return;
    this.maybeFail('transfer');
  }

  async hangup(): Promise<void> {
    this.calls.push({ op: 'hangup', afterGone: this.isGone });
    if (this.isGone) return;
    this.maybeFail('hangup');
    this.isGone = true;
  }

  private maybeFail(op: Op): void {
    const n = (this.counts.get(op) ?? 0) + 1;
    this.counts.set(op, n);
    const fault = this.faults.find((f) => f.op === op && (f.nth ?? 1) === n);
    if (!fault) return;
    if (fault.goneToo) this.isGone = true;
    throw fault.error ?? new Error(`${op} failed`);
  }
}
