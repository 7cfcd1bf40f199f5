/**
 * Renders prompt text to telephony WAV once and keeps it: in memory (bounded LRU) and on disk,
 * keyed by sha256 of engine id, voice and text. A prompt that cannot be rendered is replaced by
 * the generic fallback prompt, so a caller never hears silence.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../core/logger';
import { SpeechEngine, SpeechEngineUnavailableError, SpeechSynthesisError } from './engine';
import { LruCache } from './lru-cache';
import { toTelephonyWav } from './wav';

/** What the fallback prompt says: the call goes on to a person. */
export const FALLBACK_PROMPT_TEXT = "Вибачте, сталася помилка. Зачекайте, будь ласка, на з'єднання з диспетчером.";

/** The fallback rendered ahead of time, played when no engine can render at all. */
export const FALLBACK_ASSET_PATH = join(__dirname, 'assets', 'fallback-uk.wav');

/** Rendered prompts are served under this path: `${PROMPT_ROUTE_PREFIX}/<hash>.wav`. */
export const PROMPT_ROUTE_PREFIX = '/prompts';

const HASH_PATTERN = /^[0-9a-f]{64}$/;
const MAX_TEXT_LENGTH = 4000;
// Below this peak the "audio" is silence (or dither); an engine returning it has failed.
const SILENCE_PEAK = 64;

export function isPromptHash(value: string): boolean {
  return HASH_PATTERN.test(value);
}

/** Where the HTTP layer gets a prompt by hash. */
export interface PromptSource {
  /** The WAV bytes, or null for a hash this store never rendered. */
  get(hash: string): Promise<Buffer | null>;
}

export interface PromptRef {
  hash: string;
  /** `/prompts/<hash>.wav`, relative to the server's public base URL */
  path: string;
  /** true when the requested text could not be rendered and this is the generic prompt */
  fallback: boolean;
}

export interface PromptStoreOptions {
  /** null: no engine available; every prompt is the pre-rendered fallback. */
  engine: SpeechEngine | null;
  /** Voice passed to the engine; default the engine's own default. */
  voice?: string;
  /** Folder for rendered WAV files (e.g. data/prompts); null or absent keeps them in memory only. */
  cacheDir?: string | null;
  maxMemoryEntries?: number;
  maxMemoryBytes?: number;
  /** Pre-rendered fallback WAV; default the one shipped in ivr/speech/assets. */
  fallbackAssetPath?: string;
  logger?: Logger;
}

function sha256(...parts: string[]): string {
  // JSON keeps the parts apart: ("ab", "c") and ("a", "bc") hash differently.
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Collapses whitespace so that the same sentence laid out differently is one prompt. */
function normaliseText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function peak(wav: Buffer): number {
  let max = 0;
  for (let offset = 44; offset + 1 < wav.length; offset += 2) max = Math.max(max, Math.abs(wav.readInt16LE(offset)));
  return max;
}

function looksLikeWav(buf: Buffer): boolean {
  return buf.length > 44 && buf.toString('ascii', 0, 4) === 'RIFF' && buf.toString('ascii', 8, 12) === 'WAVE';
}

export class PromptStore implements PromptSource {
  private readonly engine: SpeechEngine | null;
  private readonly voice: string;
  private readonly cacheDir: string | null;
  private readonly fallbackAssetPath: string;
  private readonly logger?: Logger;
  private readonly memory: LruCache<Buffer>;
  // Texts by hash, so a prompt evicted from memory (and absent on disk) can be rendered again
  // when Asterisk asks for it; strings are small, so this can hold far more than the audio cache.
  private readonly texts: LruCache<string>;
  /** Hashes by the text as given (before normalising). */
  private readonly hashes = new LruCache<string>(2_000, Number.POSITIVE_INFINITY, () => 0);
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  private fallback: { hash: string; wav: Buffer } | null = null;
  private starting: Promise<void> | null = null;

  constructor(options: PromptStoreOptions) {
    this.engine = options.engine;
    this.voice = options.voice ?? options.engine?.defaultVoice ?? '';
    this.cacheDir = options.cacheDir ?? null;
    this.fallbackAssetPath = options.fallbackAssetPath ?? FALLBACK_ASSET_PATH;
    this.logger = options.logger;
    this.memory = new LruCache<Buffer>(options.maxMemoryEntries ?? 500, options.maxMemoryBytes ?? 64 * 1024 * 1024, (b) => b.length);
    this.texts = new LruCache<string>(20_000, Number.POSITIVE_INFINITY, () => 0);
  }

  /**
   * Prepares the fallback prompt: rendered with the engine so it sounds like the other prompts,
   * or the shipped WAV when the engine cannot. Throws only if even the shipped WAV is missing.
   */
  start(): Promise<void> {
    if (!this.starting) {
      this.starting = this.prepareFallback();
      this.starting.catch(() => {
        this.starting = null;
      });
    }
    return this.starting;
  }

  /** The cache key of a text for this store's engine and voice. */
  hashFor(text: string): string {
    return sha256(this.engine?.id ?? 'none', this.voice, normaliseText(text));
  }

  /** Renders (or finds) the text and returns its WAV; throws when it cannot be rendered. */
  async render(text: string): Promise<{ hash: string; wav: Buffer }> {
    const { hash, normalised } = this.keyOf(text);
    const cached = this.memory.get(hash);
    if (cached) return { hash, wav: cached };
    let job = this.inFlight.get(hash);
    if (!job) {
      job = this.load(hash, normalised).finally(() => this.inFlight.delete(hash));
      this.inFlight.set(hash, job);
    }
    return { hash, wav: await job };
  }

  /**
   * The hash of a text as given, and its normalised text (kept by hash for a re-render). The
   * greeting, the menu and the outages are said on every call: each is normalised and hashed
   * once, not on every call (about 2 % of the server's CPU at 20 calls/s).
   */
  private keyOf(text: string): { hash: string; normalised: string } {
    const known = this.hashes.get(text);
    const normalised = known === undefined ? undefined : this.texts.get(known);
    if (known !== undefined && normalised !== undefined) return { hash: known, normalised };
    const fresh = normaliseText(text);
    const hash = this.hashFor(fresh);
    this.hashes.set(text, hash);
    this.texts.set(hash, fresh);
    return { hash, normalised: fresh };
  }

  /** Never throws: the rendered prompt, or the generic fallback when rendering fails. */
  async prompt(text: string): Promise<PromptRef> {
    try {
      const { hash } = await this.render(text);
      return { hash, path: this.pathOf(hash), fallback: false };
    } catch (err) {
      this.logger?.warn({ err, text: normaliseText(text).slice(0, 200) }, 'prompt could not be rendered; playing the fallback');
      const fallback = await this.fallbackPrompt();
      return { hash: fallback.hash, path: this.pathOf(fallback.hash), fallback: true };
    }
  }

  /** The path the HTTP layer serves for this text (rendering it first). */
  async urlFor(text: string): Promise<string> {
    return (await this.prompt(text)).path;
  }

  /** The generic fallback prompt ("Вибачте, сталася помилка…"). */
  async fallbackPrompt(): Promise<{ hash: string; path: string }> {
    await this.start();
    const { hash } = this.fallback!;
    return { hash, path: this.pathOf(hash) };
  }

  async get(hash: string): Promise<Buffer | null> {
    if (!isPromptHash(hash)) return null;
    if (this.fallback?.hash === hash) return this.fallback.wav;
    const cached = this.memory.get(hash);
    if (cached) return cached;
    const text = this.texts.get(hash);
    if (text !== undefined) {
      try {
        return (await this.render(text)).wav;
      } catch {
        return null;
      }
    }
    // Rendered before a restart: only the disk knows it.
    const fromDisk = await this.readDisk(hash);
    if (fromDisk) this.memory.set(hash, fromDisk);
    return fromDisk;
  }

  private pathOf(hash: string): string {
    return `${PROMPT_ROUTE_PREFIX}/${hash}.wav`;
  }

  private async load(hash: string, text: string): Promise<Buffer> {
    const fromDisk = await this.readDisk(hash);
    if (fromDisk) {
      this.memory.set(hash, fromDisk);
      return fromDisk;
    }
    const wav = await this.synthesize(text);
    this.memory.set(hash, wav);
    await this.writeDisk(hash, wav);
    return wav;
  }

  private async synthesize(text: string): Promise<Buffer> {
    if (!this.engine) throw new SpeechEngineUnavailableError('no text-to-speech engine');
    if (!text) throw new SpeechSynthesisError('empty prompt text');
    if (text.length > MAX_TEXT_LENGTH) throw new SpeechSynthesisError(`prompt text longer than ${MAX_TEXT_LENGTH} characters`);
    const started = Date.now();
    const audio = await this.engine.synthesize(text, this.voice || undefined);
    const wav = toTelephonyWav(audio);
    if (peak(wav) < SILENCE_PEAK) throw new SpeechSynthesisError('engine rendered silence');
    this.logger?.debug({ engine: this.engine.id, ms: Date.now() - started, bytes: wav.length }, 'prompt rendered');
    return wav;
  }

  private async readDisk(hash: string): Promise<Buffer | null> {
    if (!this.cacheDir) return null;
    try {
      const buf = await readFile(join(this.cacheDir, `${hash}.wav`));
      return looksLikeWav(buf) ? buf : null;
    } catch {
      return null;
    }
  }

  /** Writes via a temporary name and rename, so a crash never leaves half a WAV under the real name. */
  private async writeDisk(hash: string, wav: Buffer): Promise<void> {
    if (!this.cacheDir) return;
    const target = join(this.cacheDir, `${hash}.wav`);
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(this.cacheDir, { recursive: true });
      await writeFile(temp, wav);
      await rename(temp, target);
    } catch (err) {
      // The prompt still plays from memory; a read-only disk must not take the IVR down.
      this.logger?.warn({ err, dir: this.cacheDir }, 'could not write prompt to disk cache');
      await unlink(temp).catch(() => undefined);
    }
  }

  private async prepareFallback(): Promise<void> {
    if (this.engine) {
      try {
        this.fallback = await this.render(FALLBACK_PROMPT_TEXT);
        return;
      } catch (err) {
        this.logger?.warn({ err }, 'fallback prompt could not be rendered; using the shipped recording');
      }
    }
    const wav = await readFile(this.fallbackAssetPath);
    if (!looksLikeWav(wav)) throw new Error(`fallback prompt ${this.fallbackAssetPath} is not a WAV file`);
    // Keyed by content: a different shipped recording gets a different URL past Asterisk's cache.
    this.fallback = { hash: sha256('asset', createHash('sha256').update(wav).digest('hex')), wav };
  }
}
