import type { CallChannel } from '../ivr/call-channel';
import type { AriConnection } from './ari-connection';
import { ChannelGoneError } from './telephony-errors';

/** No playback may be waited on forever: a missed PlaybackFinished (a lost socket) ends it. */
const PLAYBACK_LIMIT_MS = 5 * 60_000;

type PlayResult = 'finished' | 'interrupted' | 'gone' | 'failed';

/**
 * Prompts take ids of the channel's own, in a few rotating slots, so that an instance that takes
 * a call over can stop a prompt it did not start: Asterisk holds `continue` until the playing
 * prompt ends (tests/fixtures/asterisk/continue-behind-playback.json). Rotating keeps a new
 * prompt's id clear of one still winding down after a barge-in stop (Asterisk does not refuse a
 * playback id in use, and its late PlaybackFinished would end the new one's wait).
 */
const PROMPT_SLOTS = 4;
export const promptId = (channelId: string, n: number): string => `${channelId}.prompt${n % PROMPT_SLOTS}`;

/**
 * One call in the Stasis application, seen by the IVR as a CallChannel. Events for the channel
 * are routed in by the session registry; keys are buffered so a key that stopped a prompt is
 * taken by the next gather.
 */
export class AriCallChannel implements CallChannel {
  private keys: string[] = [];
  private goneFlag = false;
  private keyWaiter: (() => void) | null = null;
  private readonly playbacks = new Map<string, (state: string) => void>();
  private goneWaiters = new Set<() => void>();
  private prompts = 0;
  private takenOverFlag = false;

  constructor(
    readonly id: string,
    readonly callerId: string | null,
    private readonly ari: AriConnection,
  ) {}

  get gone(): boolean {
    return this.goneFlag;
  }

  /** This session no longer runs the call: another took it over (the caller is still there). */
  get takenOver(): boolean {
    return this.takenOverFlag;
  }

  // Routed in from the connection's events.
  keyPressed(digit: string): void {
    this.keys.push(digit);
    this.keyWaiter?.();
  }
  playbackFinished(playbackId: string, state: string): void {
    this.playbacks.get(playbackId)?.(state);
  }
  /** Ends this session's hold on a call that goes on elsewhere (a reconnect, the shutdown drain). */
  markTakenOver(): void {
    this.takenOverFlag = true;
    this.markGone();
  }
  markGone(): void {
    if (this.goneFlag) return;
    this.goneFlag = true;
    for (const wake of this.goneWaiters) wake();
    this.keyWaiter?.();
  }

  async answer(): Promise<void> {
    await this.guard(() => this.ari.answer(this.id));
  }

  async play(media: readonly string[], options: { bargeIn: boolean }): Promise<PlayResult> {
    if (this.goneFlag) return 'gone';
    if (options.bargeIn && this.keys.length) return 'interrupted';
    const playbackId = promptId(this.id, this.prompts++);
    let settle!: (r: PlayResult) => void;
    const done = new Promise<PlayResult>((resolve) => (settle = resolve));
    const timer = setTimeout(() => settle('failed'), PLAYBACK_LIMIT_MS);
    this.playbacks.set(playbackId, (state) => settle(state === 'done' ? 'finished' : 'failed'));
    const onGone = () => settle('gone');
    this.goneWaiters.add(onGone);
    if (options.bargeIn) this.keyWaiter = () => settle(this.goneFlag ? 'gone' : 'interrupted');
    try {
      const started = await this.guard(() => this.ari.play(this.id, media, playbackId));
      if (started === null) settle('gone');
      const result = await done;
      // A key stops the prompt at once (barge-in); the key stays buffered for the gather.
      if (result === 'interrupted') await this.ari.stopPlayback(playbackId).catch(() => undefined);
      return result;
    } catch {
      return this.goneFlag ? 'gone' : 'failed';
    } finally {
      clearTimeout(timer);
      this.playbacks.delete(playbackId);
      this.goneWaiters.delete(onGone);
      this.keyWaiter = null;
    }
  }

  async gather(options: { maxDigits: number; timeoutMs: number }): Promise<string> {
    const deadline = Date.now() + options.timeoutMs;
    while (!this.goneFlag && this.keys.length < options.maxDigits) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.keyWaiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.keyWaiter = null;
    }
    return this.keys.splice(0, options.maxDigits).join('');
  }

  clearKeys(): void {
    this.keys = [];
  }

  async transfer(target: { context: string; extension: string; priority: number; variables: Record<string, string> }): Promise<void> {
    const names = Object.keys(target.variables);
    // All variables in one request: Asterisk's ARRAY() function sets each name to its value.
    if (names.length && (await this.guard(() => this.ari.setVariable(this.id, `ARRAY(${names.join(',')})`, names.map((n) => arrayValue(target.variables[n])).join(',')))) === null) return;
    await this.guard(() => this.ari.continueInDialplan(this.id, { context: target.context, extension: target.extension, priority: target.priority }));
  }

  /** Stops whatever prompt the call may be playing, whoever started it, so that what comes next is not held behind it. */
  async silence(): Promise<void> {
    if (this.goneFlag) return;
    await Promise.all(Array.from({ length: PROMPT_SLOTS }, (_, slot) => this.ari.stopPlayback(promptId(this.id, slot)).catch(() => undefined)));
  }

  async hangup(): Promise<void> {
    await this.guard(() => this.ari.hangup(this.id, 'normal'));
  }

  /** A channel that hung up between two requests is an expected outcome, not an error. */
  private async guard<T>(request: () => Promise<T>): Promise<T | null> {
    if (this.goneFlag) return null;
    try {
      return await request();
    } catch (err) {
      if (err instanceof ChannelGoneError) {
        this.markGone();
        return null;
      }
      throw err;
    }
  }
}

/** One value of an ARRAY() assignment: quoted, so a comma inside (an IVR path) stays in it. */
export function arrayValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
