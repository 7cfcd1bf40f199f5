import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpeechSynthesisError } from '../../ivr/speech/engine';
import { EspeakSystemEngine } from '../../ivr/speech/espeak-system-engine';
import { installFakeEspeak } from './fake-espeak';

test('unavailable when espeak-ng is not on PATH', async () => {
  const emptyDir = mkdtempSync(join(tmpdir(), 'kontakt-empty-path-'));
  const engine = new EspeakSystemEngine({ env: { PATH: emptyDir } });
  expect(await engine.isAvailable()).toBe(false);
  await expect(engine.synthesize('Привіт.')).rejects.toThrow(/not on PATH/);
});

test('a file named espeak-ng that is not executable does not count', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kontakt-noexec-'));
  writeFileSync(join(dir, 'espeak-ng'), 'not a program', { mode: 0o644 });
  expect(await new EspeakSystemEngine({ env: { PATH: dir } }).isAvailable()).toBe(false);
});

describe('with espeak-ng on PATH', () => {
  const fake = installFakeEspeak();
  const engine = new EspeakSystemEngine({ env: fake.env });

  test('is available and takes its version into its id', async () => {
    expect(await engine.isAvailable()).toBe(true);
    expect(engine.id).toBe('espeak-ng-system@1.51.1');
  });

  test('sends the text on stdin with the Ukrainian voice and reads the streamed WAV', async () => {
    const audio = await engine.synthesize('Звернення\nномер  один.');
    expect(audio.sampleRate).toBe(22050);
    // Whitespace is collapsed before sending; the fake renders 50 ms a character.
    expect(audio.samples.length).toBe(Math.round(22050 * 0.05 * 'Звернення номер один.'.length));
    const call = fake.calls().at(-1)!;
    expect(call.stdin).toBe('Звернення номер один.');
    expect(call.args).toEqual(expect.arrayContaining(['-v', 'uk', '--stdout']));
    expect(call.args.join(' ')).not.toContain('Звернення');
  });

  test('a failing run is a synthesis error carrying what espeak-ng said', async () => {
    await expect(engine.synthesize('Привіт.', 'xx')).rejects.toThrow(/Failed to read voice 'xx'/);
  });

  test('output that is not WAV is a synthesis error', async () => {
    const garbage = new EspeakSystemEngine({ env: installFakeEspeak({ FAKE_ESPEAK_MODE: 'garbage' }).env });
    await expect(garbage.synthesize('Привіт.')).rejects.toBeInstanceOf(SpeechSynthesisError);
  });
});
