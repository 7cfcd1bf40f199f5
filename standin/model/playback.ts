import type { Channel } from './channel';
import type { CallModel } from './call-model';

export type PlaybackState = 'queued' | 'playing' | 'done' | 'failed' | 'canceled';

export interface PlaybackJson {
  id: string;
  media_uri: string;
  next_media_uri?: string;
  target_uri: string;
  language: string;
  state: PlaybackState;
}

/** Lengths of built-in sounds used in the recordings; anything else gets DEFAULT_SOUND_MS. */
const SOUND_MS: Record<string, number> = {
  'hello-world': 1400,
  'vm-review': 7750,
  'auth-thankyou': 960,
  'tt-monkeys': 16000,
  beep: 250,
  silence: 1000,
};
export const DEFAULT_SOUND_MS = 2000;

export class Playback {
  state: PlaybackState = 'queued';
  stop: (() => void) | undefined;
  /** Resolves when the playback leaves its channel's queue: finished, failed, stopped or cancelled. */
  readonly settled: Promise<void>;
  settle!: () => void;
  constructor(
    readonly id: string,
    readonly media: string[],
    readonly channel: Channel,
    readonly language: string,
  ) {
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }

  /** Asterisk 22 names the item playing (the first until it moves on) and the one after it. */
  toJson(): PlaybackJson {
    return {
      id: this.id,
      media_uri: this.media[0],
      ...(this.media.length > 1 ? { next_media_uri: this.media[1] } : {}),
      target_uri: `channel:${this.channel.id}`,
      language: this.language,
      state: this.state,
    };
  }
}

/** Length in ms of a RIFF/WAVE file, from its header (data size / byte rate). */
export function wavDurationMs(buf: Buffer): number | undefined {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let off = 12;
  let byteRate = 0;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') byteRate = buf.readUInt32LE(off + 16);
    if (id === 'data') {
      if (!byteRate) return undefined;
      const size2 = Math.min(size, buf.length - off - 8);
      return Math.round((size2 / byteRate) * 1000);
    }
    off += 8 + size + (size % 2);
  }
  return undefined;
}

/**
 * Playbacks on channels: one queue per channel (a second play waits for the first), media
 * resolved as Asterisk 22 does (`sound:name` built in, `sound:http://...` fetched over HTTP).
 */
export class PlaybackManager {
  readonly playbacks = new Map<string, Playback>();
  private readonly queues = new Map<string, Playback[]>();
  private seq = 0;
  /** Lengths of sounds fetched over HTTP, by URL, while their Cache-Control allows. */
  private readonly httpCache = new Map<string, { ms: number; until: number }>();

  constructor(private readonly m: CallModel) {
    m.playbacksStop = (ch) => this.stopAll(ch);
  }

  /** Returns undefined when the media list is empty or unusable (Asterisk answers 500). */
  play(ch: Channel, media: string[], opts: { playbackId?: string; lang?: string }): Playback | undefined {
    if (media.length === 0 || media.some((x) => !/^(sound|recording|number|digits|characters|tone):./.test(x))) return undefined;
    const id = opts.playbackId || `${this.m.startedAt.toString(16)}-${(this.seq++).toString(16)}`;
    const pb = new Playback(id, media, ch, opts.lang || ch.language);
    this.playbacks.set(id, pb);
    const q = this.queues.get(ch.id) ?? [];
    this.queues.set(ch.id, q);
    q.push(pb);
    if (q.length === 1) queueMicrotask(() => void this.startNext(ch));
    return pb;
  }

  get(id: string): Playback | undefined {
    return this.playbacks.get(id);
  }

  /**
   * Runs a channel command in its turn. Asterisk runs a channel's Stasis commands in order, and
   * a playback holds the queue until it ends: `continue` and a variable set are answered at once
   * but done only after the playbacks queued before them, at once when there are none
   * (tests/fixtures/asterisk/continue-behind-playback.json: StasisEnd 15 s after `continue`).
   */
  inTurn(ch: Channel, command: () => void): void {
    const last = this.queues.get(ch.id)?.at(-1);
    if (last) void last.settled.then(command);
    else command();
  }

  /** DELETE /playbacks/{id}: a playing one finishes now, a queued one is dropped. */
  stop(pb: Playback): void {
    if (pb.state === 'playing') pb.stop?.();
    else if (pb.state === 'queued') {
      const q = this.queues.get(pb.channel.id) ?? [];
      q.splice(q.indexOf(pb), 1);
      this.cancel(pb);
    }
  }

  stopAll(ch: Channel): void {
    const q = this.queues.get(ch.id) ?? [];
    for (const pb of q.slice(1)) this.cancel(pb);
    q.splice(1);
    const playing = q[0];
    playing?.stop?.();
    this.queues.delete(ch.id);
    // One not yet started (its start is a microtask away) has no stop of its own.
    playing?.settle();
  }

  /** A queued playback that will never start. */
  private cancel(pb: Playback): void {
    pb.state = 'canceled';
    this.playbacks.delete(pb.id);
    pb.settle();
  }

  private emit(pb: Playback, type: string): void {
    this.m.ariForChannel(pb.channel, { type, playback: pb.toJson() });
  }

  private async startNext(ch: Channel): Promise<void> {
    const q = this.queues.get(ch.id);
    const pb = q?.[0];
    if (!pb || ch.hungUp) return;
    pb.state = 'playing';
    this.emit(pb, 'PlaybackStarted');
    let finished = false;
    const finish = (state: 'done' | 'failed'): void => {
      if (finished) return;
      finished = true;
      pb.state = state;
      this.emit(pb, 'PlaybackFinished');
      this.playbacks.delete(pb.id);
      pb.settle();
      const list = this.queues.get(ch.id);
      if (list && list[0] === pb) {
        list.shift();
        if (list.length) void this.startNext(ch);
        else this.queues.delete(ch.id);
      }
    };
    pb.stop = () => finish('done');
    let total = 0;
    for (const uri of pb.media) {
      const ms = await this.mediaLength(uri);
      if (finished) return;
      if (ms === undefined) return finish('failed');
      total += ms;
    }
    const cancel = this.m.clock.after(total, () => finish('done'));
    pb.stop = () => {
      cancel();
      finish('done');
    };
  }

  private async mediaLength(uri: string): Promise<number | undefined> {
    const rest = uri.slice(uri.indexOf(':') + 1);
    if (uri.startsWith('sound:') && /^https?:\/\//.test(rest)) {
      // Asterisk's HTTP media cache (res_http_media_cache) keeps a fetched sound for as long as
      // its Cache-Control max-age allows; so does the stand-in.
      const cached = this.httpCache.get(rest);
      if (cached && cached.until > Date.now()) return cached.ms;
      try {
        const res = await fetch(rest, { signal: AbortSignal.timeout(10000) });
        if (!res.ok) return undefined;
        const buf = Buffer.from(await res.arrayBuffer());
        const ms = wavDurationMs(buf) ?? undefined;
        const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1] ?? 0);
        if (ms !== undefined && maxAge > 0 && !/no-store|no-cache/.test(res.headers.get('cache-control') ?? '')) {
          this.httpCache.set(rest, { ms, until: Date.now() + maxAge * 1000 });
        }
        return ms;
      } catch {
        return undefined;
      }
    }
    if (uri.startsWith('sound:')) return SOUND_MS[rest] ?? DEFAULT_SOUND_MS;
    if (uri.startsWith('tone:')) return 1000;
    // numbers, digits, characters: about half a second per character
    return Math.max(1, rest.length) * 500;
  }
}
