import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sinon from 'sinon';
import { PcmAudio, SpeechEngine, SpeechSynthesisError } from '../../ivr/speech/engine';
import { EspeakEmscriptenEngine } from '../../ivr/speech/espeak-emscripten-engine';
import { FALLBACK_ASSET_PATH, FALLBACK_PROMPT_TEXT, isPromptHash, PromptStore } from '../../ivr/speech/prompt-store';
import { inspectWav } from './wav-inspect';

/** A tone, one 10 ms block per character, so different texts give different audio. */
function toneFor(text: string): PcmAudio {
  const samples = new Int16Array(160 * text.length);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin(i / 3));
  return { samples, sampleRate: 16000 };
}

function fakeEngine(id = 'fake@1') {
  const synthesize = sinon.spy(async (text: string): Promise<PcmAudio> => {
    await new Promise((r) => setTimeout(r, 20)); // long enough for callers to overlap
    if (text.includes('ЗБІЙ')) throw new SpeechSynthesisError('cannot say this');
    return toneFor(text);
  });
  const engine: SpeechEngine = { id, defaultVoice: 'uk', isAvailable: async () => true, synthesize, close: async () => undefined };
  return { engine, synthesize };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'kontakt-prompts-'));

describe('PromptStore with a spied engine', () => {
  test('renders once: the second request for the same text comes from the cache', async () => {
    const { engine, synthesize } = fakeEngine();
    const store = new PromptStore({ engine });
    const first = await store.prompt('Вітаємо у контакт-центрі.');
    const second = await store.prompt('Вітаємо у контакт-центрі.');
    expect(second).toEqual(first);
    expect(first.fallback).toBe(false);
    expect(first.path).toBe(`/prompts/${first.hash}.wav`);
    expect(isPromptHash(first.hash)).toBe(true);
    expect(synthesize.withArgs('Вітаємо у контакт-центрі.').callCount).toBe(1);
    const wav = (await store.get(first.hash))!;
    expect(inspectWav(wav)).toMatchObject({ sampleRate: 8000, channels: 1, bitsPerSample: 16 });
  });

  test('concurrent requests for the same text render once', async () => {
    const { engine, synthesize } = fakeEngine();
    const store = new PromptStore({ engine });
    const refs = await Promise.all(Array.from({ length: 10 }, () => store.urlFor('Зачекайте, будь ласка.')));
    expect(new Set(refs).size).toBe(1);
    expect(synthesize.callCount).toBe(1);
  });

  test('the key covers engine, voice and text; whitespace differences do not matter', () => {
    const { engine } = fakeEngine('fake@1');
    const store = new PromptStore({ engine });
    const h = store.hashFor('Добрий день.');
    expect(store.hashFor('  Добрий\n день. ')).toBe(h);
    expect(store.hashFor('Добрий день!')).not.toBe(h);
    expect(new PromptStore({ engine: fakeEngine('fake@2').engine }).hashFor('Добрий день.')).not.toBe(h);
    expect(new PromptStore({ engine, voice: 'uk+f3' }).hashFor('Добрий день.')).not.toBe(h);
  });

  test('a text the engine cannot render falls back to the generic prompt, never to nothing', async () => {
    const { engine, synthesize } = fakeEngine();
    const store = new PromptStore({ engine });
    const ref = await store.prompt('ЗБІЙ у цьому реченні');
    expect(ref.fallback).toBe(true);
    expect(ref).toMatchObject(await store.fallbackPrompt());
    expect(synthesize.calledWith(FALLBACK_PROMPT_TEXT)).toBe(true);
    expect(inspectWav((await store.get(ref.hash))!).seconds).toBeGreaterThan(0.5);
    // Failures are not cached: a later attempt asks the engine again.
    await store.prompt('ЗБІЙ у цьому реченні');
    expect(synthesize.withArgs('ЗБІЙ у цьому реченні').callCount).toBe(2);
  });

  test('an engine that returns silence counts as a failure', async () => {
    const engine: SpeechEngine = {
      id: 'mute', defaultVoice: 'uk', isAvailable: async () => true, close: async () => undefined,
      synthesize: async () => ({ samples: new Int16Array(8000), sampleRate: 8000 }),
    };
    const store = new PromptStore({ engine });
    expect((await store.prompt('Тиша.')).fallback).toBe(true);
  });

  test('empty text gets the fallback', async () => {
    const store = new PromptStore({ engine: fakeEngine().engine });
    expect((await store.prompt('   ')).fallback).toBe(true);
  });

  test('no engine at all: the shipped recording is the fallback', async () => {
    const store = new PromptStore({ engine: null });
    await store.start();
    const ref = await store.prompt('Будь-що.');
    expect(ref.fallback).toBe(true);
    expect((await store.get(ref.hash))!.equals(readFileSync(FALLBACK_ASSET_PATH))).toBe(true);
  });

  test('a missing shipped recording with no engine fails loudly at start', async () => {
    const store = new PromptStore({ engine: null, fallbackAssetPath: join(tempDir(), 'absent.wav') });
    await expect(store.start()).rejects.toThrow(/ENOENT/);
  });

  test('memory is bounded; an evicted prompt is rendered again when asked for', async () => {
    const { engine, synthesize } = fakeEngine();
    const store = new PromptStore({ engine, maxMemoryEntries: 2 });
    const a = await store.prompt('Перший.');
    await store.prompt('Другий.');
    await store.prompt('Третій.');
    expect(synthesize.withArgs('Перший.').callCount).toBe(1);
    expect(await store.get(a.hash)).not.toBeNull();
    expect(synthesize.withArgs('Перший.').callCount).toBe(2);
  });

  test('unknown or malformed hashes give null', async () => {
    const store = new PromptStore({ engine: fakeEngine().engine });
    expect(await store.get('0'.repeat(64))).toBeNull();
    expect(await store.get('../../etc/passwd')).toBeNull();
  });
});

describe('disk cache', () => {
  test('writes <hash>.wav and a new store (after a restart) serves it without rendering', async () => {
    const dir = join(tempDir(), 'prompts'); // created on first write
    const first = fakeEngine();
    const ref = await new PromptStore({ engine: first.engine, cacheDir: dir }).prompt('Ваш дзвінок важливий для нас.');
    expect(readdirSync(dir)).toEqual([`${ref.hash}.wav`]);

    const second = fakeEngine();
    const restarted = new PromptStore({ engine: second.engine, cacheDir: dir });
    const wav = await restarted.get(ref.hash);
    expect(wav!.equals(readFileSync(join(dir, `${ref.hash}.wav`)))).toBe(true);
    expect((await restarted.prompt('Ваш дзвінок важливий для нас.')).hash).toBe(ref.hash);
    expect(second.synthesize.called).toBe(false);
  });

  test('a corrupt file on disk is rendered again and replaced', async () => {
    const dir = tempDir();
    const { engine, synthesize } = fakeEngine();
    const store = new PromptStore({ engine, cacheDir: dir });
    writeFileSync(join(dir, `${store.hashFor('Дякуємо.')}.wav`), 'junk');
    const ref = await store.prompt('Дякуємо.');
    expect(synthesize.callCount).toBe(1);
    expect(inspectWav(readFileSync(join(dir, `${ref.hash}.wav`))).sampleRate).toBe(8000);
  });

  test('an unwritable cache folder does not stop prompts from playing', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const store = new PromptStore({ engine: fakeEngine().engine, cacheDir: join(file, 'prompts') });
    const ref = await store.prompt('Дякуємо.');
    expect(ref.fallback).toBe(false);
    expect(await store.get(ref.hash)).not.toBeNull();
  });
});

describe('with the real eSpeak-NG engine', () => {
  const engine = new EspeakEmscriptenEngine();
  afterAll(() => engine.close());

  test('start renders the fallback prompt with the engine, and prompts are real speech', async () => {
    const store = new PromptStore({ engine });
    await store.start();
    const fallback = await store.fallbackPrompt();
    expect(fallback.hash).toBe(store.hashFor(FALLBACK_PROMPT_TEXT));
    const ref = await store.prompt('Звернення номер дві тисячі двадцять шість перебуває на виконанні.');
    const facts = inspectWav((await store.get(ref.hash))!);
    expect(facts).toMatchObject({ sampleRate: 8000, channels: 1, bitsPerSample: 16 });
    expect(facts.seconds).toBeGreaterThan(3);
    expect(facts.voicedFraction).toBeGreaterThan(0.3);
  });
});

test('the shipped fallback recording is 8 kHz mono 16-bit speech', () => {
  const facts = inspectWav(readFileSync(FALLBACK_ASSET_PATH));
  expect(facts).toMatchObject({ sampleRate: 8000, channels: 1, bitsPerSample: 16 });
  expect(facts.seconds).toBeGreaterThan(3);
  expect(facts.voicedFraction).toBeGreaterThan(0.3);
});
