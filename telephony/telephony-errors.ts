/**
 * Errors of the Asterisk connections. They are typed so that callers can tell an expected
 * outcome (the caller hung up between two requests: ChannelGoneError) from a fault (timeout,
 * PBX unreachable) with `instanceof`, without parsing messages.
 */
import { withTimeout as raceTimer } from '../core/with-timeout';

export class TelephonyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The channel no longer exists (ARI 404 `Channel not found`) or is no longer ours (409 `Channel
 * not in Stasis application`, e.g. after `continue`). Expected whenever a caller hangs up.
 */
export class ChannelGoneError extends TelephonyError {
  constructor(
    readonly channelId: string,
    readonly reason: 'not_found' | 'not_in_stasis' = 'not_found',
  ) {
    super(`channel ${channelId} is gone (${reason})`);
  }
}

/** The playback no longer exists (ARI 404 `Playback not found`): it finished or its channel left. */
export class PlaybackGoneError extends TelephonyError {
  constructor(readonly playbackId: string) {
    super(`playback ${playbackId} is gone`);
  }
}

/** A request to Asterisk got no answer in time; whether it took effect is unknown. */
export class TelephonyTimeoutError extends TelephonyError {
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`${operation} timed out after ${timeoutMs} ms`);
  }
}

/** The connection is not (yet, or no longer) usable; nothing was sent. */
export class NotConnectedError extends TelephonyError {
  constructor(readonly what: 'ari' | 'ami') {
    super(`${what.toUpperCase()} is not connected`);
  }
}

/** An ARI request that Asterisk refused for another reason than a gone channel or playback. */
export class AriRequestError extends TelephonyError {
  constructor(
    readonly operation: string,
    /** Asterisk's `message` ("Failed to queue media for playback") or the transport error. */
    readonly ariMessage: string,
  ) {
    super(`${operation} failed: ${ariMessage}`);
  }
}

/** An AMI action answered `Response: Error`. */
export class AmiActionError extends TelephonyError {
  constructor(
    readonly action: string,
    /** Asterisk's `Message` header ("Interface not found"). */
    readonly amiMessage: string,
    readonly response?: Record<string, unknown>,
  ) {
    super(`AMI ${action} failed: ${amiMessage}`);
  }
}

/** The AMI connection closed while an action was waiting for its answer. */
export class AmiConnectionLostError extends TelephonyError {
  constructor(readonly action: string) {
    super(`AMI connection lost during ${action}`);
  }
}

/** Races a promise against a timer that fails with a TelephonyTimeoutError naming the operation. */
export function withTimeout<T>(promise: Promise<T>, ms: number, operation: string): Promise<T> {
  return raceTimer(promise, ms, () => new TelephonyTimeoutError(operation, ms));
}
