/**
 * RIFF/WAVE for what Asterisk plays: 16-bit PCM. Decoding accepts what engines write (mono or
 * stereo, any rate, extra chunks, and the bogus 0xFFFFFFFF sizes a program writes when its
 * output is a pipe and it cannot seek back); encoding writes the canonical 44-byte header.
 */

/** The telephony format: Asterisk's `wav` is 8 kHz mono 16-bit signed little-endian. */
export const TELEPHONY_SAMPLE_RATE = 8000;

export interface PcmAudio {
  /** mono samples, signed 16-bit */
  samples: Int16Array;
  sampleRate: number;
}

export interface DecodedWav extends PcmAudio {
  /** channels in the file; `samples` are already mixed down to mono */
  channels: number;
}

export class WavFormatError extends Error {
  override name = 'WavFormatError';
}

/** Encodes mono 16-bit PCM as a WAV file. */
export function encodeWav(audio: PcmAudio): Buffer {
  const dataBytes = audio.samples.length * 2;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16); // fmt chunk size
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(audio.sampleRate, 24);
  buf.writeUInt32LE(audio.sampleRate * 2, 28); // byte rate
  buf.writeUInt16LE(2, 32); // block align
  buf.writeUInt16LE(16, 34); // bits per sample
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < audio.samples.length; i++) buf.writeInt16LE(audio.samples[i], 44 + i * 2);
  return buf;
}

/** Decodes a 16-bit PCM WAV file, mixing several channels down to mono. */
export function decodeWav(buf: Buffer): DecodedWav {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new WavFormatError('not a RIFF/WAVE file');
  }
  let offset = 12;
  let format: { channels: number; sampleRate: number; bits: number; audioFormat: number } | null = null;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const declared = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    // A streamed file declares an impossible size; the data runs to the end of what we have.
    const size = Math.min(declared, buf.length - body);
    if (id === 'fmt ') {
      if (size < 16) throw new WavFormatError('fmt chunk too short');
      format = {
        audioFormat: buf.readUInt16LE(body),
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        bits: buf.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!format) throw new WavFormatError('data chunk before fmt chunk');
      // 0xFFFE is WAVE_FORMAT_EXTENSIBLE, which engines use for plain PCM too.
      if ((format.audioFormat !== 1 && format.audioFormat !== 0xfffe) || format.bits !== 16) {
        throw new WavFormatError(`unsupported WAV encoding: format ${format.audioFormat}, ${format.bits} bits`);
      }
      if (format.channels < 1 || format.sampleRate < 1) throw new WavFormatError('invalid channel count or rate');
      const frameBytes = 2 * format.channels;
      const frames = Math.floor(size / frameBytes);
      const samples = new Int16Array(frames);
      for (let f = 0; f < frames; f++) {
        let sum = 0;
        for (let c = 0; c < format.channels; c++) sum += buf.readInt16LE(body + f * frameBytes + c * 2);
        samples[f] = Math.round(sum / format.channels);
      }
      return { samples, sampleRate: format.sampleRate, channels: format.channels };
    }
    offset = body + size + (size % 2); // chunks are word-aligned
  }
  throw new WavFormatError('no data chunk');
}

const { sin, cos, PI, max, min, round, ceil, floor } = Math;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** One output phase of the filter: taps start at `first` input samples from the period's base. */
interface Phase {
  first: number;
  weights: Float64Array;
  weightSum: number;
}

/**
 * Resamples mono PCM with a windowed-sinc low-pass filter. Going from eSpeak's 22 050 Hz down to
 * 8 kHz by picking samples would fold the hiss above 4 kHz back into the speech band.
 *
 * Between two integer rates the filter's phases repeat (every 160 outputs for 22 050 → 8 000),
 * so the weights are computed once per phase: rendering runs on the server's main thread, and
 * a sin/cos per tap would stall it for a noticeable time on a long announcement.
 */
export function resample(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return samples.slice();
  if (!Number.isInteger(fromRate) || !Number.isInteger(toRate) || fromRate <= 0 || toRate <= 0) {
    throw new RangeError(`sample rates must be positive integers: ${fromRate} → ${toRate}`);
  }
  const g = gcd(fromRate, toRate);
  const outPeriod = toRate / g; // outputs per period
  const inPeriod = fromRate / g; // inputs per period
  const ratio = toRate / fromRate;
  // Cut-off just below the lower Nyquist frequency, leaving room for the window's slope.
  const cutoff = 0.95 * min(1, ratio);
  const radius = 16 / cutoff; // half the filter length, in input samples

  const phaseCache = new Map<number, Phase>();
  const phaseFor = (p: number): Phase => {
    let phase = phaseCache.get(p);
    if (!phase) {
      const centre = (p * fromRate) / toRate;
      const first = ceil(centre - radius);
      const last = floor(centre + radius);
      const weights = new Float64Array(last - first + 1);
      let weightSum = 0;
      for (let k = 0; k < weights.length; k++) {
        const x = first + k - centre;
        const t = x * cutoff;
        const sinc = t === 0 ? 1 : sin(PI * t) / (PI * t);
        const hann = 0.5 + 0.5 * cos((PI * x) / radius);
        weights[k] = sinc * hann;
        weightSum += weights[k];
      }
      phase = { first, weights, weightSum };
      if (phaseCache.size < 4096) phaseCache.set(p, phase); // odd rate pairs: do not hoard memory
    }
    return phase;
  };

  const outLength = floor(samples.length * ratio);
  const out = new Int16Array(outLength);
  const lastIndex = samples.length - 1;
  for (let i = 0; i < outLength; i++) {
    const p = i % outPeriod;
    const base = ((i - p) / outPeriod) * inPeriod;
    const { first, weights, weightSum } = phaseFor(p);
    const start = base + first;
    let acc = 0;
    let sum = weightSum;
    if (start >= 0 && start + weights.length - 1 <= lastIndex) {
      for (let k = 0; k < weights.length; k++) acc += samples[start + k] * weights[k];
    } else {
      // At the edges only the taps inside the signal count, renormalised to keep the level.
      sum = 0;
      for (let k = 0; k < weights.length; k++) {
        const j = start + k;
        if (j < 0 || j > lastIndex) continue;
        acc += samples[j] * weights[k];
        sum += weights[k];
      }
    }
    const value = sum > 0 ? acc / sum : 0;
    out[i] = max(-32768, min(32767, round(value)));
  }
  return out;
}

/** Any engine's PCM → the WAV file Asterisk plays (8 kHz mono 16-bit). */
export function toTelephonyWav(audio: PcmAudio): Buffer {
  return encodeWav({ samples: resample(audio.samples, audio.sampleRate, TELEPHONY_SAMPLE_RATE), sampleRate: TELEPHONY_SAMPLE_RATE });
}

/** Reads the header of a telephony WAV: used to check a file on disk before serving it. */
export function isTelephonyWav(buf: Buffer): boolean {
  try {
    const wav = decodeWav(buf);
    return wav.sampleRate === TELEPHONY_SAMPLE_RATE && wav.channels === 1;
  } catch {
    return false;
  }
}
