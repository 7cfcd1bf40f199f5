/**
 * Kontakt's AMI reader against asterisk-manager's own: the library's reader runs in a real
 * Manager over a real socket; ours gets the same text cut into chunks at random places. Both
 * must give the same messages, for every byte a real Asterisk 22.7.0 sent in the recordings and
 * for the awkward cases it can send.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import AsteriskManager from 'asterisk-manager';
import { AmiReader, type AmiRawMessage } from '../../telephony/ami-reader';

const FIXTURES = path.join(__dirname, '../fixtures/asterisk');

/** What asterisk-manager's reader makes of the text, written to it in one piece. */
async function libraryMessages(text: string): Promise<AmiRawMessage[]> {
  const server = net.createServer((socket) => socket.end(text));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const manager = AsteriskManager(undefined as unknown as number, '127.0.0.1', '', '', true);
  const got: AmiRawMessage[] = [];
  manager.on('rawevent', (m: AmiRawMessage) => got.push(m));
  await new Promise<void>((resolve) => {
    manager.on('close', () => resolve());
    manager.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  });
  await new Promise<void>((r) => server.close(() => r()));
  return got;
}

/** What ours makes of its bytes, in chunks of 1 to `max` bytes (a character may be cut). */
function ourMessages(text: string, seed: number, max: number): AmiRawMessage[] {
  const got: AmiRawMessage[] = [];
  const reader = new AmiReader((m) => got.push(m));
  const bytes = Buffer.from(text, 'utf8');
  let x = seed;
  for (let i = 0; i < bytes.length; ) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const n = 1 + (x % max);
    reader.push(bytes.subarray(i, i + n));
    i += n;
  }
  return got;
}

const recorded = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const log = (JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8')) as { log: Array<{ kind: string; text?: string }> }).log;
    return [f, log.filter((e) => e.kind === 'ami-bytes').map((e) => e.text!).join('')] as const;
  })
  .filter(([, text]) => text.length > 0);

describe('AmiReader', () => {
  it('has recordings to read', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(10);
  });

  it.each(recorded)('reads %s as asterisk-manager does, however the bytes are cut', async (_name, text) => {
    const expected = await libraryMessages(text);
    expect(expected.length).toBeGreaterThan(0);
    for (const [seed, max] of [[1, 1], [2, 7], [3, 64], [4, 4096]]) expect(ourMessages(text, seed, max)).toEqual(expected);
  });

  it('reads the awkward cases as asterisk-manager does', async () => {
    const text = [
      'Asterisk Call Manager/11.0.0\r\n',
      // A key twice, a value with ": " in it, a line without ": ", spaces around a key, LF alone.
      'Event: Odd\r\nPrivilege: call,all\r\nPrivilege: again\r\nMessage: a: b: c\r\nNoColonHere\r\n  Spaced Key : v\nEmpty: \r\n\r\n',
      // Channel variables become an object of name=value; a value may hold "=".
      'Event: Newchannel\r\nChanVariable: A=1\r\nChanVariable: B=x=y\r\nVariable: C\r\n\r\n',
      // An empty message (two blank lines in a row).
      '\r\n',
      // An older Asterisk's Command answer.
      'Response: Follows\r\nPrivilege: Command\r\nActionID: c-1\r\nline one\nline two: with colon\n--END COMMAND--\r\n\r\n',
      'Response: Success\r\nActionID: after\r\n\r\n',
      'Event: Україна\r\nCallerIDName: Микола Петренко\r\n\r\n',
    ].join('');
    const expected = await libraryMessages(text);
    expect(expected).toHaveLength(6);
    for (const [seed, max] of [[5, 1], [6, 3], [7, 40], [8, 10_000]]) expect(ourMessages(text, seed, max)).toEqual(expected);
  });

  it('a Command answer cut across chunks is still one message (the library loses it)', () => {
    const got = ourMessages('Response: Follows\r\nActionID: c-2\r\nuptime 5\n--END COMMAND--\r\n\r\nResponse: Success\r\nActionID: next\r\n\r\n', 9, 5);
    expect(got).toEqual([
      { response: 'follows', content: 'Response: Follows\nActionID: c-2\nuptime 5', actionid: 'c-2' },
      { response: 'Success', actionid: 'next' },
    ]);
  });

  it('keys that name properties of every object are ordinary keys', () => {
    const [m] = ourMessages('Event: X\r\n__proto__: p\r\nConstructor: c\r\nToString: t\r\n\r\n', 10, 100);
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
    expect(Object.keys(m)).toEqual(['event', '__proto__', 'constructor', 'tostring']);
    expect(m.constructor).toBe('c');
    expect(Object.getOwnPropertyDescriptor(m, '__proto__')?.value).toBe('p');
  });
});
