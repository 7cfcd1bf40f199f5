/**
 * The system's eSpeak-NG (`apt install espeak-ng`): preferred when present, because a packaged
 * build is faster and may be newer than the WebAssembly one. Unavailable when not on PATH.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { PcmAudio, SpeechEngine, SpeechEngineUnavailableError, SpeechSynthesisError } from './engine';
import { decodeWav } from './wav';

export interface EspeakSystemOptions {
  /** Program name or path; default "espeak-ng", looked up on PATH. */
  command?: string;
  /** Environment for lookup and the child (tests put a fake espeak-ng on its PATH). */
  env?: NodeJS.ProcessEnv;
  /** Words per minute; a little slower than eSpeak's 175 is easier to follow over a phone line. */
  rate?: number;
  timeoutMs?: number;
}

interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export class EspeakSystemEngine implements SpeechEngine {
  readonly defaultVoice = 'uk';
  private readonly command: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly rate: number;
  private readonly timeoutMs: number;
  private executable: string | null = null;
  private version = 'unknown';

  constructor(options: EspeakSystemOptions = {}) {
    this.command = options.command ?? 'espeak-ng';
    this.env = options.env ?? process.env;
    this.rate = options.rate ?? 150;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Includes the version found by isAvailable(), so an upgrade does not reuse old renderings. */
  get id(): string {
    return `espeak-ng-system@${this.version}`;
  }

  async isAvailable(): Promise<boolean> {
    try {
      const executable = await this.findExecutable();
      const result = await this.run(executable, ['--version'], null);
      if (result.code !== 0) return false;
      const match = /(\d+\.\d+[\w.-]*)/.exec(result.stdout.toString('utf8'));
      this.version = match ? match[1] : 'unknown';
      this.executable = executable;
      return true;
    } catch {
      return false;
    }
  }

  async synthesize(text: string, voice: string = this.defaultVoice): Promise<PcmAudio> {
    const executable = this.executable ?? (await this.findExecutable());
    // Text goes through stdin, never argv: no length limit, and no chance of being read as an option.
    // `-b 1`: the input is UTF-8. Newlines would split the text into separately read lines.
    const args = ['-v', voice, '-s', String(this.rate), '-b', '1', '--stdout', '--stdin'];
    const result = await this.run(executable, args, text.replace(/\s+/g, ' ').trim());
    if (result.code !== 0) {
      throw new SpeechSynthesisError(`espeak-ng exited with ${result.code}: ${result.stderr.trim().slice(0, 200)}`);
    }
    let audio: PcmAudio;
    try {
      audio = decodeWav(result.stdout);
    } catch (err) {
      throw new SpeechSynthesisError(`espeak-ng wrote no valid WAV: ${(err as Error).message}`);
    }
    if (audio.samples.length === 0) throw new SpeechSynthesisError('espeak-ng rendered no audio');
    return { samples: audio.samples, sampleRate: audio.sampleRate };
  }

  async close(): Promise<void> {
    // Every rendering is its own process; nothing stays running.
  }

  private async findExecutable(): Promise<string> {
    if (this.command.includes('/')) {
      await access(this.command, constants.X_OK);
      return this.command;
    }
    for (const dir of (this.env.PATH ?? '').split(delimiter)) {
      if (!dir) continue;
      const candidate = join(dir, this.command);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this directory
      }
    }
    throw new SpeechEngineUnavailableError(`${this.command} is not on PATH`);
  }

  private run(executable: string, args: string[], input: string | null): Promise<RunResult> {
    return new Promise<RunResult>((resolve, reject) => {
      const child = spawn(executable, args, { env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let stderr = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new SpeechSynthesisError(`espeak-ng took longer than ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < 4096) stderr += chunk.toString('utf8');
      });
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout: Buffer.concat(out), stderr });
      });
      // A child that dies before reading stdin makes the write fail with EPIPE; 'close' reports it.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input ?? undefined);
    });
  }
}
