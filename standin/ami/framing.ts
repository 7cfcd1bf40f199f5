/**
 * AMI framing: `Key: Value` lines ending in CRLF, a blank line ending each message. The parser
 * takes bytes as TCP delivers them (any split) and accepts bare LF from sloppy clients.
 */
export type AmiFields = Array<[string, string]>;

export function encodeMessage(fields: AmiFields): string {
  let out = '';
  for (const [k, v] of fields) out += `${k}: ${v}\r\n`;
  return out + '\r\n';
}

export class MessageParser {
  private buf = '';

  /** Feeds a chunk; returns the messages it completed. */
  feed(chunk: string): AmiFields[] {
    this.buf += chunk;
    const out: AmiFields[] = [];
    for (;;) {
      const m = /\r?\n\r?\n/.exec(this.buf);
      if (!m) break;
      const block = this.buf.slice(0, m.index);
      this.buf = this.buf.slice(m.index + m[0].length);
      const fields: AmiFields = [];
      for (const line of block.split(/\r?\n/)) {
        const i = line.indexOf(':');
        if (i <= 0) continue;
        fields.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
      }
      if (fields.length) out.push(fields);
    }
    return out;
  }
}

/** Case-insensitive field access, as Asterisk reads action headers. */
export function field(fields: AmiFields, name: string): string | undefined {
  const n = name.toLowerCase();
  return fields.find(([k]) => k.toLowerCase() === n)?.[1];
}

export function fieldAll(fields: AmiFields, name: string): string[] {
  const n = name.toLowerCase();
  return fields.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v);
}

/** AMI booleans: yes/true/y/t/1/on */
export function amiTrue(v: string | undefined): boolean {
  return v !== undefined && /^(yes|true|y|t|1|on)$/i.test(v.trim());
}
