/**
 * The events AriConnection emits, and their translation from ARI WebSocket JSON (field names as
 * in tests/fixtures/asterisk/*.json). Pure apart from the hangup de-duplication state, so it is
 * tested without a socket.
 */

export interface AriReadyEvent {
  /** False on the first connect of this AriConnection, true on every later one. */
  reconnect: boolean;
  /**
   * Channels already in the Stasis application when the socket (re)connected. Asterisk does not
   * replay missed events and sends no second StasisStart for them: the session layer must decide
   * (e.g. send them to the queue). Channels whose StasisStart arrived while connecting are not
   * listed here: they come as 'stasisStart' right after 'ready'.
   */
  adoptedChannelIds: string[];
}
export interface AriDownEvent {
  reason: string;
}
export interface StasisStartEvent {
  channelId: string;
  /** Caller id number as Asterisk gave it; null when empty. Never log it unmasked. */
  callerNumber: string | null;
  callerName: string | null;
  /** The dialled extension (`1551` for the hotline; the resident's number for a callback). */
  dialedExten: string | null;
  /** Stasis() arguments (`inbound`; `callback,42` → ['callback', '42']). */
  args: string[];
  /** Channel state at entry: `Ring` for inbound, `Up` for an answered originate. */
  state: string;
}
export interface StasisEndEvent {
  channelId: string;
}
export interface DtmfEvent {
  channelId: string;
  digit: string;
}
export interface PlaybackEvent {
  playbackId: string;
  /** From `target_uri` `channel:<id>`; null when the target is not a channel (a bridge). */
  channelId: string | null;
  /** `playing` on start; `done` or `failed` (or `cancelled`/`stopped`) on finish. */
  state: string;
}
export interface ChannelHangupEvent {
  channelId: string;
  cause: number;
  causeText: string | null;
}
export interface ChannelStateEvent {
  channelId: string;
  state: string;
}

/** Event map for the typed EventEmitter of AriConnection. */
export interface AriConnectionEvents {
  ready: [AriReadyEvent];
  down: [AriDownEvent];
  stasisStart: [StasisStartEvent];
  stasisEnd: [StasisEndEvent];
  dtmf: [DtmfEvent];
  playbackFinished: [PlaybackEvent];
  channelHangup: [ChannelHangupEvent];
  channelState: [ChannelStateEvent];
}

export type AriEmitted = { [K in keyof AriConnectionEvents]: { name: K; payload: AriConnectionEvents[K][0] } }[Exclude<keyof AriConnectionEvents, 'ready' | 'down'>];

/** The ARI event types this layer listens to. */
export const ARI_EVENT_TYPES = [
  'StasisStart',
  'StasisEnd',
  'ChannelDtmfReceived',
  'PlaybackFinished',
  'ChannelHangupRequest',
  'ChannelDestroyed',
  'ChannelStateChange',
] as const;

/**
 * The filter Kontakt sets on its application (PUT /applications/{app}/eventFilter): only what it
 * acts on, ApplicationReplaced and RESTResponse (Asterisk filters those too: without it, the
 * answers to requests sent over the socket never come). A call in the IVR then costs half the
 * events: no PlaybackStarted, no ChannelVarset for each variable set, no ChannelDialplan.
 */
export const ARI_EVENT_FILTER = { allowed: [...ARI_EVENT_TYPES, 'ApplicationReplaced', 'RESTResponse'].map((type) => ({ type })) };

interface RawChannel {
  id?: unknown;
  state?: unknown;
  caller?: { name?: unknown; number?: unknown };
  dialplan?: { exten?: unknown };
}
type RawEvent = Record<string, unknown> & { type?: unknown; channel?: RawChannel; playback?: Record<string, unknown> };

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** How many channel ids each de-duplication memory keeps (oldest forgotten first). */
const MEMORY = 10_000;

/** A set that forgets its oldest entries beyond `max`: memory stays bounded on a busy line. */
class BoundedSet {
  private readonly items = new Set<string>();
  constructor(private readonly max: number) {}
  has(id: string): boolean {
    return this.items.has(id);
  }
  delete(id: string): void {
    this.items.delete(id);
  }
  /** Adds; returns false when it was already there. */
  add(id: string): boolean {
    if (this.items.has(id)) return false;
    this.items.add(id);
    if (this.items.size > this.max) {
      const oldest = this.items.values().next().value;
      if (oldest !== undefined) this.items.delete(oldest);
    }
    return true;
  }
}

/**
 * Translates raw ARI events, reporting each of these once per channel even when Asterisk (or a
 * fault) repeats them: StasisStart, StasisEnd, and the hangup (Asterisk sends
 * ChannelHangupRequest, possibly several, then ChannelDestroyed; or only ChannelDestroyed, for
 * an originate that was never answered).
 */
export class AriEventTranslator {
  private readonly hungUp = new BoundedSet(MEMORY);
  /** Channels between StasisStart and StasisEnd (a channel may enter Stasis again later). */
  private readonly inStasis = new BoundedSet(MEMORY);
  private readonly ended = new BoundedSet(MEMORY);

  translate(raw: unknown): AriEmitted | null {
    if (!raw || typeof raw !== 'object') return null;
    const ev = raw as RawEvent;
    const channelId = str(ev.channel?.id);
    switch (ev.type) {
      case 'StasisStart': {
        if (!channelId || !this.inStasis.add(channelId)) return null;
        this.ended.delete(channelId);
        const ch = ev.channel!;
        return {
          name: 'stasisStart',
          payload: {
            channelId,
            callerNumber: str(ch.caller?.number),
            callerName: str(ch.caller?.name),
            dialedExten: str(ch.dialplan?.exten),
            args: Array.isArray(ev.args) ? ev.args.map(String) : [],
            state: str(ch.state) ?? 'Unknown',
          },
        };
      }
      case 'StasisEnd':
        // Adopted channels (no StasisStart seen) still get their StasisEnd; a repeat does not.
        if (!channelId || !this.ended.add(channelId)) return null;
        this.inStasis.delete(channelId);
        return { name: 'stasisEnd', payload: { channelId } };
      case 'ChannelDtmfReceived': {
        const digit = str(ev.digit);
        return channelId && digit ? { name: 'dtmf', payload: { channelId, digit } } : null;
      }
      case 'PlaybackFinished': {
        const pb = ev.playback ?? {};
        const playbackId = str(pb.id);
        if (!playbackId) return null;
        const target = str(pb.target_uri);
        const payload: PlaybackEvent = {
          playbackId,
          channelId: target?.startsWith('channel:') ? target.slice('channel:'.length) : null,
          state: str(pb.state) ?? 'done',
        };
        return { name: 'playbackFinished', payload };
      }
      case 'ChannelHangupRequest':
      case 'ChannelDestroyed': {
        if (!channelId || !this.hungUp.add(channelId)) return null;
        const cause = typeof ev.cause === 'number' ? ev.cause : Number(ev.cause ?? 0) || 0;
        return { name: 'channelHangup', payload: { channelId, cause, causeText: str(ev.cause_txt) } };
      }
      case 'ChannelStateChange': {
        const state = str(ev.channel?.state);
        return channelId && state ? { name: 'channelState', payload: { channelId, state } } : null;
      }
      default:
        return null;
    }
  }

}
