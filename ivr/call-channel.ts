/**
 * What an IVR session may do with a call. Implemented over ARI by telephony/; the IVR knows
 * nothing of ARI, so flows are tested with an in-memory channel.
 */
export interface CallChannel {
  readonly id: string;
  /** The caller id as Asterisk gave it (may be empty, 'anonymous', or not a number). */
  readonly callerId: string | null;
  /** True once the caller hung up or the channel is gone: every further call is a no-op. */
  readonly gone: boolean;
  answer(): Promise<void>;
  /**
   * Plays media URIs (`sound:http://...`) one after another as one playback (one request to the
   * PBX). With bargeIn, a key pressed while it plays stops it and stays buffered for the next
   * gather. Resolves when finished, stopped, or the caller left.
   */
  play(media: readonly string[], options: { bargeIn: boolean }): Promise<'finished' | 'interrupted' | 'gone' | 'failed'>;
  /** Takes keys from the buffer or waits for them; '' when none came within timeoutMs. */
  gather(options: { maxDigits: number; timeoutMs: number }): Promise<string>;
  /** Drops keys pressed before now (so a key pressed during an earlier menu does not leak). */
  clearKeys(): void;
  /** Leaves the IVR into the dispatchers' queue (dialplan continue), with channel variables. */
  transfer(target: { context: string; extension: string; priority: number; variables: Record<string, string> }): Promise<void>;
  hangup(): Promise<void>;
}
