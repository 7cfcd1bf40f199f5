/**
 * What a text-to-speech engine must do for the IVR. eSpeak-NG is what works out of the box;
 * a better voice (RHVoice, a cloud service) plugs in by implementing this interface.
 */
import type { PcmAudio } from './wav';

export type { PcmAudio };

export interface SpeechEngine {
  /**
   * Names the engine and, where known, its version: it is part of the prompt cache key, so a
   * different engine or version never serves audio another one rendered.
   */
  readonly id: string;
  /** The voice used when the caller gives none (for eSpeak-NG: "uk"). */
  readonly defaultVoice: string;
  /** Whether the engine can render at all here (binary on PATH, package installed…). Never throws. */
  isAvailable(): Promise<boolean>;
  /** Renders text to mono 16-bit PCM at the engine's own rate; the prompt store converts it. */
  synthesize(text: string, voice?: string): Promise<PcmAudio>;
  /** Releases processes or workers; the engine may start them again on the next call. */
  close(): Promise<void>;
}

/** The engine cannot run here (missing binary or package); distinct from a failed rendering. */
export class SpeechEngineUnavailableError extends Error {
  override name = 'SpeechEngineUnavailableError';
}

/** The engine ran but produced nothing usable for this text. */
export class SpeechSynthesisError extends Error {
  override name = 'SpeechSynthesisError';
}
