import { EspeakEmscriptenEngine } from '../../ivr/speech/espeak-emscripten-engine';
import { SpeechSynthesisError } from '../../ivr/speech/engine';
import { toTelephonyWav } from '../../ivr/speech/wav';
import { inspectWav } from './wav-inspect';

describe('EspeakEmscriptenEngine (the npm WebAssembly build)', () => {
  const engine = new EspeakEmscriptenEngine();
  afterAll(() => engine.close());

  test('is available after npm install and names its version', async () => {
    expect(await engine.isAvailable()).toBe(true);
    expect(engine.id).toMatch(/^espeak-ng-emscripten@\d+\.\d+\.\d+$/);
  });

  test('renders Ukrainian text to a valid 8 kHz mono 16-bit WAV of plausible length', async () => {
    const short = await engine.synthesize('Так.');
    const text = 'Аварійне відключення холодного водопостачання: вулиця Шевченка. Час відновлення уточнюється.';
    const audio = await engine.synthesize(text);
    expect(audio.sampleRate).toBe(22050);
    const facts = inspectWav(toTelephonyWav(audio));
    expect(facts).toMatchObject({ sampleRate: 8000, channels: 1, bitsPerSample: 16 });
    // About 90 characters of Ukrainian at 150 words a minute: several seconds, not milliseconds or minutes.
    expect(facts.seconds).toBeGreaterThan(4);
    expect(facts.seconds).toBeLessThan(15);
    expect(facts.voicedFraction).toBeGreaterThan(0.3);
    expect(facts.peak).toBeGreaterThan(5000);
    expect(audio.samples.length).toBeGreaterThan(5 * short.samples.length);
  });

  test('uses the Ukrainian voice by default: Cyrillic is read, not spelled letter by letter', async () => {
    // The English voice names each Cyrillic letter ("em o el o…"), which takes far longer.
    const ukrainian = await engine.synthesize('молоко');
    const english = await engine.synthesize('молоко', 'en');
    expect(ukrainian.samples.length / ukrainian.sampleRate).toBeLessThan(1);
    expect(english.samples.length).toBeGreaterThan(1.4 * ukrainian.samples.length);
  });

  test('renders requests one after another from several callers', async () => {
    const texts = ['Один.', 'Два.', 'Три.', 'Чотири.'];
    const results = await Promise.all(texts.map((t) => engine.synthesize(t)));
    for (const r of results) expect(r.samples.length).toBeGreaterThan(2000);
  });

  test('an unknown voice is a synthesis error, and the engine keeps working after it', async () => {
    await expect(engine.synthesize('Привіт.', 'no-such-voice')).rejects.toBeInstanceOf(SpeechSynthesisError);
    expect((await engine.synthesize('Привіт.')).samples.length).toBeGreaterThan(1000);
  });
});

test('reports itself unavailable when the package cannot be loaded', async () => {
  const missing = new EspeakEmscriptenEngine({ modulePath: '/nonexistent/espeak-ng.js' });
  try {
    expect(await missing.isAvailable()).toBe(false);
    await expect(missing.synthesize('Привіт.')).rejects.toThrow(/failed to start/);
  } finally {
    await missing.close();
  }
});

test('after close the engine starts a fresh worker on the next request', async () => {
  const engine = new EspeakEmscriptenEngine();
  try {
    await engine.synthesize('Раз.');
    const closing = engine.close();
    // Asked again while the old worker is still shutting down: its exit must not fail this request.
    const again = engine.synthesize('Два.');
    await closing;
    expect((await again).samples.length).toBeGreaterThan(1000);
  } finally {
    await engine.close();
  }
});
