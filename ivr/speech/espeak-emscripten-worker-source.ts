/**
 * The code of the worker thread that runs eSpeak-NG compiled to WebAssembly.
 *
 * Why a worker: the package is an ES module (it cannot be `require`d from this CommonJS project,
 * and Jest's module sandbox cannot `import()` it), and synthesis is synchronous CPU work that
 * would stall every call's audio and WebSocket traffic if it ran on the main thread.
 * Why a string: an `eval` worker needs no separate file next to the compiled output, so it runs
 * the same under @swc-node/register, Jest and a tsc build.
 *
 * Protocol: workerData = { moduleUrl, rate }. The worker posts { type: 'ready', sampleRate } or
 * { type: 'failed', message }, then answers each { id, text, voice } with
 * { id, samples: Int16Array, sampleRate } or { id, error }.
 */
export const ESPEAK_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');

async function main() {
  let espeak;
  let sampleRate;
  try {
    const factory = (await import(workerData.moduleUrl)).default;
    const instance = await factory();
    espeak = new instance.eSpeakNGWorker();
    sampleRate = espeak.get_samplerate();
  } catch (err) {
    parentPort.postMessage({ type: 'failed', message: String(err && err.message || err) });
    return;
  }
  parentPort.postMessage({ type: 'ready', sampleRate });

  parentPort.on('message', (job) => {
    try {
      const status = espeak.set_voice(job.voice);
      if (status !== 0) throw new Error('eSpeak-NG has no voice "' + job.voice + '" (status ' + status + ')');
      espeak.set_rate(workerData.rate);
      const chunks = [];
      let total = 0;
      // The callback gets each chunk of audio; returning false means "go on".
      espeak.synthesize(job.text, (audio) => {
        if (audio && audio.length) { chunks.push(audio); total += audio.length; }
        return false;
      });
      const samples = new Int16Array(total);
      let offset = 0;
      for (const chunk of chunks) { samples.set(chunk, offset); offset += chunk.length; }
      parentPort.postMessage({ id: job.id, samples, sampleRate }, [samples.buffer]);
    } catch (err) {
      parentPort.postMessage({ id: job.id, error: String(err && err.message || err) });
    }
  });
}

main();
`;
