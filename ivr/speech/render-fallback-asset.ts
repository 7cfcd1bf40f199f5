/**
 * Regenerates ivr/speech/assets/fallback-uk.wav, the fallback prompt played when no engine works:
 *   node -r @swc-node/register ivr/speech/render-fallback-asset.ts
 */
import { writeFileSync } from 'node:fs';
import { EspeakEmscriptenEngine } from './espeak-emscripten-engine';
import { FALLBACK_ASSET_PATH, FALLBACK_PROMPT_TEXT } from './prompt-store';
import { toTelephonyWav } from './wav';

async function main(): Promise<void> {
  const engine = new EspeakEmscriptenEngine();
  try {
    const wav = toTelephonyWav(await engine.synthesize(FALLBACK_PROMPT_TEXT));
    writeFileSync(FALLBACK_ASSET_PATH, wav);
    process.stdout.write(`${FALLBACK_ASSET_PATH}: ${wav.length} bytes\n`);
  } finally {
    await engine.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
}
