/**
 * Picks the engine to render prompts with: the first available of a preference list.
 */
import type { Logger } from '../../core/logger';
import type { SpeechEngine } from './engine';
import { EspeakEmscriptenEngine } from './espeak-emscripten-engine';
import { EspeakSystemEngine } from './espeak-system-engine';

/** System eSpeak-NG first (native, faster), then the npm WebAssembly build that always installs. */
export function defaultSpeechEngines(): SpeechEngine[] {
  return [new EspeakSystemEngine(), new EspeakEmscriptenEngine()];
}

/**
 * The first engine that reports itself available, or null when none is (the prompt store then
 * plays its pre-rendered fallback). Engines not chosen are closed.
 */
export async function chooseSpeechEngine(
  candidates: readonly SpeechEngine[] = defaultSpeechEngines(),
  logger?: Logger,
): Promise<SpeechEngine | null> {
  let chosen: SpeechEngine | null = null;
  for (const engine of candidates) {
    if (!chosen && (await engine.isAvailable())) {
      chosen = engine;
      logger?.info({ engine: engine.id }, 'text-to-speech engine chosen');
    } else {
      if (!chosen) logger?.info({ engine: engine.id }, 'text-to-speech engine unavailable');
      await engine.close();
    }
  }
  if (!chosen) logger?.warn('no text-to-speech engine available: every prompt will be the generic fallback');
  return chosen;
}
