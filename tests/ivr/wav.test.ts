import { decodeWav, encodeWav, isTelephonyWav, resample, toTelephonyWav, WavFormatError } from '../../ivr/speech/wav';

function tone(frequency: number, sampleRate: number, seconds: number, amplitude = 10000): Int16Array {
  const out = new Int16Array(Math.round(sampleRate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
  return out;
}

function rms(samples: Int16Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i] * samples[i];
  return Math.sqrt(sum / (to - from));
}

test('encode writes the canonical 8 kHz mono 16-bit header and decode reads it back', () => {
  const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
  const wav = encodeWav({ samples, sampleRate: 8000 });
  expect(wav.length).toBe(44 + 12);
  expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
  expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
  expect(wav.readUInt16LE(20)).toBe(1);
  expect(wav.readUInt16LE(22)).toBe(1);
  expect(wav.readUInt32LE(24)).toBe(8000);
  expect(wav.readUInt32LE(28)).toBe(16000);
  expect(wav.readUInt16LE(34)).toBe(16);
  const decoded = decodeWav(wav);
  expect(decoded.sampleRate).toBe(8000);
  expect(decoded.channels).toBe(1);
  expect(Array.from(decoded.samples)).toEqual(Array.from(samples));
  expect(isTelephonyWav(wav)).toBe(true);
  expect(isTelephonyWav(encodeWav({ samples, sampleRate: 16000 }))).toBe(false);
});

test('decode skips extra chunks, mixes stereo down and tolerates a streamed (unknown) data size', () => {
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(0xffffffff, 4);
  header.write('WAVE', 8, 'ascii');
  const list = Buffer.concat([Buffer.from('LIST', 'ascii'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc\0', 'ascii')]);
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'ascii');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8);
  fmt.writeUInt16LE(2, 10);
  fmt.writeUInt32LE(22050, 12);
  fmt.writeUInt32LE(22050 * 4, 16);
  fmt.writeUInt16LE(4, 20);
  fmt.writeUInt16LE(16, 22);
  const data = Buffer.alloc(8 + 8);
  data.write('data', 0, 'ascii');
  data.writeUInt32LE(0xffffffff, 4);
  [100, 300, -50, -150].forEach((v, i) => data.writeInt16LE(v, 8 + i * 2));
  const decoded = decodeWav(Buffer.concat([header, list, fmt, data]));
  expect(decoded.channels).toBe(2);
  expect(decoded.sampleRate).toBe(22050);
  expect(Array.from(decoded.samples)).toEqual([200, -100]);
});

test('decode rejects what is not 16-bit PCM WAV', () => {
  expect(() => decodeWav(Buffer.from('not a wav file at all'))).toThrow(WavFormatError);
  const eightBit = encodeWav({ samples: new Int16Array(4), sampleRate: 8000 });
  eightBit.writeUInt16LE(8, 34);
  expect(() => decodeWav(eightBit)).toThrow(/8 bits/);
});

test('resampling 22050 → 8000 keeps speech-band tones and removes what would alias', () => {
  const speech = resample(tone(1000, 22050, 1), 22050, 8000);
  expect(speech.length).toBe(8000);
  expect(rms(speech, 100, 7900)).toBeGreaterThan(0.9 * (10000 / Math.SQRT2));
  // A 1 kHz tone should still cross zero about 2000 times a second.
  let crossings = 0;
  for (let i = 101; i < 7900; i++) if ((speech[i - 1] < 0) !== (speech[i] < 0)) crossings++;
  expect(crossings).toBeGreaterThan(1900);
  expect(crossings).toBeLessThan(2100);
  // 6 kHz is above the 4 kHz Nyquist limit: naive decimation would fold it to 2 kHz.
  const hiss = resample(tone(6000, 22050, 1), 22050, 8000);
  expect(rms(hiss, 100, 7900)).toBeLessThan(0.05 * (10000 / Math.SQRT2));
});

test('upsampling and identity keep length and level', () => {
  const up = resample(tone(500, 8000, 0.5), 8000, 16000);
  expect(up.length).toBe(8000);
  expect(rms(up, 100, 7900)).toBeGreaterThan(0.9 * (10000 / Math.SQRT2));
  const same = Int16Array.from([1, 2, 3]);
  expect(Array.from(resample(same, 8000, 8000))).toEqual([1, 2, 3]);
});

test('toTelephonyWav produces 8 kHz mono', () => {
  const wav = toTelephonyWav({ samples: tone(440, 22050, 0.5), sampleRate: 22050 });
  const decoded = decodeWav(wav);
  expect(decoded.sampleRate).toBe(8000);
  expect(decoded.samples.length).toBe(4000);
});
