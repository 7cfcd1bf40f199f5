/**
 * Reads AMI's text stream into messages, in place of asterisk-manager's own reader, and hands
 * each to the library as the same `rawevent` its reader would emit: the library still routes
 * answers to their actions and events to its listeners.
 *
 * Why: the library's reader splits each chunk with a regular expression, concatenates arrays,
 * shifts them line by line and splits and rejoins every line. It was 6 % of the server's CPU at
 * 20 calls/s (README, Benchmark); over a local socket an event costs 22 µs of CPU through it and
 * 9-11 µs through this one, which finds line ends with indexOf.
 *
 * It reads bytes and decodes each line on its own. Cut from a decoded chunk, a value would be a
 * V8 slice holding the whole chunk (up to 64 KB) for as long as the call keeps its uniqueid:
 * 28 MB of a 108 MB heap at 20 calls/s. And one Cyrillic member name made the whole chunk
 * two-byte text, whose keys V8 then looked up slowly in its string table (README, Benchmark).
 *
 * The same messages as the library's (tests/telephony/ami-reader.test.ts feeds both the recorded
 * bytes of a real Asterisk 22.7.0): keys lower-cased and trimmed, values after the first ": ",
 * a key seen twice becomes an array, `Variable`/`ChanVariable` lines become an object of
 * name=value, and a `Response: Follows` answer (older Asterisk's `Command`) is one message with
 * its text in `content`. Two differences, both where the library is wrong: such an answer split
 * across chunks stays one message, and a key that names a property of every object
 * (`constructor`, `__proto__`) is an ordinary key.
 */
export type AmiRawMessage = Record<string, unknown>;

const GREETING = 'Asterisk Call Manager';
const EMPTY = Buffer.alloc(0);
const LF = 10;
const CR = 13;

export class AmiReader {
  /** Bytes after the last line end. */
  private rest: Buffer = EMPTY;
  /** Lines of the message being read. */
  private lines: string[] = [];
  /** In a `Response: Follows` answer: 1 until its end marker, 2 after it. */
  private follows = 0;

  constructor(private readonly emit: (message: AmiRawMessage) => void) {}

  /** Bytes as the socket gives them, cut anywhere (UTF-8: a line end is never inside a character). */
  push(bytes: Buffer): void {
    const all = this.rest.length ? Buffer.concat([this.rest, bytes]) : bytes;
    let start = 0;
    for (let nl = all.indexOf(LF, start); nl >= 0; nl = all.indexOf(LF, start)) {
      const end = nl > start && all[nl - 1] === CR ? nl - 1 : nl;
      this.line(all.toString('utf8', start, end));
      start = nl + 1;
    }
    // A copy: the rest must not keep the socket's whole buffer.
    this.rest = start === all.length ? EMPTY : Buffer.from(all.subarray(start));
  }

  private line(line: string): void {
    const lines = this.lines;
    if (!lines.length && line.startsWith(GREETING)) return;
    if (!lines.length && line.slice(0, 9).toLowerCase() === 'response:' && line.toLowerCase().includes('follow')) {
      this.follows = 1;
      lines.push(line);
    } else if (this.follows && (line === '--END COMMAND--' || line === '--END SMS EVENT--')) {
      this.follows = 2;
      lines.push(line);
    } else if (this.follows > 1 && !line.length) {
      this.follows = 0;
      lines.pop();
      const content = lines.join('\n');
      this.lines = [];
      this.emit({ response: 'follows', content, actionid: /actionid: ([^\r\n]+)/i.exec(content)?.[1] });
    } else if (!this.follows && !line.length) {
      this.lines = [];
      this.emit(messageOf(lines));
    } else {
      lines.push(line);
    }
  }
}

function messageOf(lines: string[]): AmiRawMessage {
  const message: AmiRawMessage = {};
  for (const line of lines) {
    if (!line) continue;
    const sep = line.indexOf(': ');
    const key = keyOf(sep < 0 ? line : line.slice(0, sep));
    const value = sep < 0 ? '' : line.slice(sep + 2);
    if (key === 'variable' || key === 'chanvariable') {
      let vars = own(message, key);
      if (typeof vars !== 'object' || vars === null) set(message, key, (vars = {}));
      const eq = value.indexOf('=');
      set(vars as AmiRawMessage, eq < 0 ? value : value.slice(0, eq), eq < 0 ? '' : value.slice(eq + 1));
    } else if (Object.hasOwn(message, key)) {
      const seen = message[key];
      if (Array.isArray(seen)) seen.push(value);
      else set(message, key, [seen, value]);
    } else {
      set(message, key, value);
    }
  }
  return message;
}

/** AMI's keys as written (`Uniqueid`) → as the library gives them (`uniqueid`); a few hundred in all. */
const KEYS = new Map<string, string>();

function keyOf(raw: string): string {
  let key = KEYS.get(raw);
  if (key === undefined) {
    key = raw.trim().toLowerCase();
    if (KEYS.size < 2000) KEYS.set(raw, key);
  }
  return key;
}

const own = (o: AmiRawMessage, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);

/** An own data property whatever the key (`__proto__` included). */
function set(o: AmiRawMessage, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}
