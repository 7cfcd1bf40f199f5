/**
 * The WebAssembly eSpeak worker holds tens of megabytes; prompts are rendered once and cached,
 * so an idle worker is stopped and started again for the next rendering.
 */
import { EspeakEmscriptenEngine } from '../../ivr/speech/espeak-emscripten-engine';

const workerOf = (e: EspeakEmscriptenEngine) => (e as unknown as { current: unknown }).current;
const until = async (check: () => boolean, what: string, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('an idle worker is stopped, and the next rendering starts it again', async () => {
  const engine = new EspeakEmscriptenEngine({ idleMs: 200 });
  try {
    expect(await engine.isAvailable()).toBe(true);
    expect(workerOf(engine)).not.toBeNull();
    await until(() => workerOf(engine) === null, 'the idle worker to stop');

    const audio = await engine.synthesize('Добрий день.');
    expect(audio.samples.length).toBeGreaterThan(1000);
    // Busy renderings keep it; it stops again once idle.
    expect(workerOf(engine)).not.toBeNull();
    await until(() => workerOf(engine) === null, 'the worker to stop again');
  } finally {
    await engine.close();
  }
});
