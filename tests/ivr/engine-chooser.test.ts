import sinon from 'sinon';
import { chooseSpeechEngine } from '../../ivr/speech/engine-chooser';
import { SpeechEngine } from '../../ivr/speech/engine';
import { EspeakEmscriptenEngine } from '../../ivr/speech/espeak-emscripten-engine';
import { EspeakSystemEngine } from '../../ivr/speech/espeak-system-engine';
import { installFakeEspeak } from './fake-espeak';

function stubEngine(id: string, available: boolean): SpeechEngine & { close: sinon.SinonStub } {
  return {
    id,
    defaultVoice: 'uk',
    isAvailable: sinon.stub().resolves(available),
    synthesize: sinon.stub().rejects(new Error('not used')),
    close: sinon.stub().resolves(),
  };
}

test('takes the first available engine and closes the others', async () => {
  const a = stubEngine('a', false);
  const b = stubEngine('b', true);
  const c = stubEngine('c', true);
  expect(await chooseSpeechEngine([a, b, c])).toBe(b);
  expect(a.close.calledOnce).toBe(true);
  expect(b.close.called).toBe(false);
  expect(c.close.calledOnce).toBe(true);
  expect((c.isAvailable as sinon.SinonStub).called).toBe(false); // no need to start what is not used
});

test('none available → null', async () => {
  expect(await chooseSpeechEngine([stubEngine('a', false)])).toBeNull();
});

test('prefers the system espeak-ng over the npm build when both work', async () => {
  const system = new EspeakSystemEngine({ env: installFakeEspeak().env });
  const emscripten = new EspeakEmscriptenEngine();
  const chosen = await chooseSpeechEngine([system, emscripten]);
  expect(chosen).toBe(system);
});

test('falls back to the npm build without a system espeak-ng', async () => {
  const system = new EspeakSystemEngine({ env: { PATH: '/nonexistent' } });
  const emscripten = new EspeakEmscriptenEngine();
  try {
    expect(await chooseSpeechEngine([system, emscripten])).toBe(emscripten);
  } finally {
    await emscripten.close();
  }
});
