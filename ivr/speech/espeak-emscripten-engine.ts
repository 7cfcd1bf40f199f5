/**
 * eSpeak-NG from npm (@echogarden/espeak-ng-emscripten, an optional dependency): works after
 * `npm install` alone, with no system packages. Loaded lazily in a worker thread; when the
 * package is missing or fails to start, the engine reports itself unavailable.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PcmAudio, SpeechEngine, SpeechEngineUnavailableError, SpeechSynthesisError } from './engine';
import { ESPEAK_WORKER_SOURCE } from './espeak-emscripten-worker-source';

export const ESPEAK_EMSCRIPTEN_PACKAGE = '@echogarden/espeak-ng-emscripten';
/** How long the worker lives without a rendering before it stops (its memory returns). */
export const WORKER_IDLE_MS = 30_000;

export interface EspeakEmscriptenOptions {
  /** Module to load instead of the npm package (tests point it at a missing file). */
  modulePath?: string;
  /** Words per minute; a little slower than eSpeak's 175 is easier to follow over a phone line. */
  rate?: number;
  /** Longest a single rendering may take before the worker is restarted. */
  timeoutMs?: number;
  /** An idle worker is stopped after this long (its WebAssembly heap is most of an idle server's memory); the next rendering starts it again. */
  idleMs?: number;
}

interface Pending {
  resolve: (audio: PcmAudio) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

interface Running {
  worker: Worker;
  sampleRate: number;
}

function resolvePackage(): { path: string; version: string } | null {
  try {
    const path = require.resolve(ESPEAK_EMSCRIPTEN_PACKAGE);
    const pkg = JSON.parse(readFileSync(join(dirname(path), 'package.json'), 'utf8')) as { version?: string };
    return { path, version: pkg.version ?? 'unknown' };
  } catch {
    return null;
  }
}

export class EspeakEmscriptenEngine implements SpeechEngine {
  readonly id: string;
  readonly defaultVoice = 'uk';
  private readonly modulePath: string | null;
  private readonly rate: number;
  private readonly timeoutMs: number;
  private starting: Promise<Running> | null = null;
  // The worker now in use: events from one already replaced (after close or a timeout) are ignored.
  private current: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly idleMs: number;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(options: EspeakEmscriptenOptions = {}) {
    const pkg = options.modulePath ? null : resolvePackage();
    this.modulePath = options.modulePath ?? pkg?.path ?? null;
    this.id = `espeak-ng-emscripten@${pkg?.version ?? 'custom'}`;
    this.rate = options.rate ?? 150;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.idleMs = options.idleMs ?? WORKER_IDLE_MS;
  }

  async isAvailable(): Promise<boolean> {
    try {
      await this.start();
      this.stopWhenIdle();
      return true;
    } catch {
      return false;
    }
  }

  async synthesize(text: string, voice: string = this.defaultVoice): Promise<PcmAudio> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const { worker } = await this.start();
    const id = this.nextId++;
    return new Promise<PcmAudio>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new SpeechSynthesisError(`eSpeak-NG took longer than ${this.timeoutMs} ms`));
        void this.close(); // a stuck worker would block every later prompt
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.ref(); // keep the process alive while a rendering is owed to someone
      worker.postMessage({ id, text, voice });
    });
  }

  async close(): Promise<void> {
    const starting = this.starting;
    this.starting = null;
    this.current = null;
    this.failAll(new SpeechSynthesisError('eSpeak-NG engine closed'));
    if (!starting) return;
    try {
      await (await starting).worker.terminate();
    } catch {
      // it never started; nothing to stop
    }
  }

  private start(): Promise<Running> {
    if (!this.starting) {
      this.starting = this.spawn();
      // A failed start is not cached for ever: the next call tries again.
      this.starting.catch(() => {
        this.starting = null;
      });
    }
    return this.starting;
  }

  private spawn(): Promise<Running> {
    const modulePath = this.modulePath;
    if (!modulePath) {
      return Promise.reject(new SpeechEngineUnavailableError(`${ESPEAK_EMSCRIPTEN_PACKAGE} is not installed`));
    }
    return new Promise<Running>((resolve, reject) => {
      const worker = new Worker(ESPEAK_WORKER_SOURCE, {
        eval: true,
        workerData: { moduleUrl: pathToFileURL(modulePath).href, rate: this.rate },
      });
      this.current = worker;
      let ready = false;
      worker.on('message', (msg: WorkerMessage) => {
        if (!ready) {
          if (msg.type === 'ready' && typeof msg.sampleRate === 'number') {
            ready = true;
            worker.unref(); // an idle engine must not keep the server (or a test run) from exiting
            resolve({ worker, sampleRate: msg.sampleRate });
          } else {
            reject(new SpeechEngineUnavailableError(`eSpeak-NG failed to start: ${msg.message ?? 'unknown error'}`));
            void worker.terminate();
          }
          return;
        }
        this.settle(worker, msg);
      });
      worker.on('error', (err) => {
        if (!ready) reject(new SpeechEngineUnavailableError(`eSpeak-NG failed to start: ${err.message}`));
        if (this.current === worker) this.failAll(new SpeechSynthesisError(`eSpeak-NG worker crashed: ${err.message}`));
      });
      worker.on('exit', () => {
        if (!ready) reject(new SpeechEngineUnavailableError('eSpeak-NG worker exited before it was ready'));
        if (this.current !== worker) return;
        this.current = null;
        this.starting = null;
        this.failAll(new SpeechSynthesisError('eSpeak-NG worker exited'));
      });
    });
  }

  private settle(worker: Worker, msg: WorkerMessage): void {
    if (msg.id === undefined) return;
    const job = this.pending.get(msg.id);
    if (!job) return; // timed out already
    this.pending.delete(msg.id);
    clearTimeout(job.timer);
    if (this.pending.size === 0) {
      worker.unref();
      this.stopWhenIdle();
    }
    if (msg.error !== undefined || !msg.samples || typeof msg.sampleRate !== 'number') {
      job.reject(new SpeechSynthesisError(`eSpeak-NG could not render: ${msg.error ?? 'no audio'}`));
    } else if (msg.samples.length === 0) {
      job.reject(new SpeechSynthesisError('eSpeak-NG rendered no audio'));
    } else {
      job.resolve({ samples: msg.samples, sampleRate: msg.sampleRate });
    }
  }

  /** Prompts are rendered once and cached: between renderings the worker need not hold its heap. */
  private stopWhenIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.pending.size === 0) void this.close();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private failAll(err: Error): void {
    for (const job of this.pending.values()) {
      clearTimeout(job.timer);
      job.reject(err);
    }
    this.pending.clear();
  }
}

interface WorkerMessage {
  type?: 'ready' | 'failed';
  message?: string;
  id?: number;
  samples?: Int16Array;
  sampleRate?: number;
  error?: string;
}
