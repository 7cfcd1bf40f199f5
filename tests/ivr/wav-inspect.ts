/** Test helper: what a test needs to know about a WAV an engine or the store produced. */
import { decodeWav } from '../../ivr/speech/wav';

export interface WavFacts {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  seconds: number;
  /** fraction of samples louder than a whisper */
  voicedFraction: number;
  peak: number;
}

export function inspectWav(wav: Buffer): WavFacts {
  const decoded = decodeWav(wav);
  let loud = 0;
  let peak = 0;
  for (const s of decoded.samples) {
    const a = s < 0 ? -s : s;
    if (a > 500) loud++;
    if (a > peak) peak = a;
  }
  return {
    sampleRate: decoded.sampleRate,
    channels: decoded.channels,
    bitsPerSample: wav.readUInt16LE(34),
    seconds: decoded.samples.length / decoded.sampleRate,
    voicedFraction: loud / Math.max(1, decoded.samples.length),
    peak,
  };
}
