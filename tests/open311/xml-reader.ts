/**
 * A tiny reader for the XML the Open311 endpoints write: elements and text, no attributes, no
 * mixed content. Enough to check shapes in tests without adding a package.
 */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => ENTITIES[e]);
}

export function parseXml(source: string): XmlNode {
  const body = source.replace(/^<\?xml[^?]*\?>\s*/, '').trim();
  let pos = 0;
  const node = (): XmlNode => {
    const open = /^<([A-Za-z_][\w.-]*)(\/?)>/.exec(body.slice(pos));
    if (!open) throw new Error(`expected an element at ${pos}: ${body.slice(pos, pos + 40)}`);
    pos += open[0].length;
    const result: XmlNode = { name: open[1], children: [], text: '' };
    if (open[2] === '/') return result;
    let text = '';
    while (!body.startsWith(`</${open[1]}>`, pos)) {
      if (pos >= body.length) throw new Error(`unclosed <${open[1]}>`);
      if (body[pos] === '<') result.children.push(node());
      else {
        const end = body.indexOf('<', pos);
        text += body.slice(pos, end);
        pos = end;
      }
    }
    pos += `</${open[1]}>`.length;
    if (/[<>]/.test(text)) throw new Error('raw markup characters in text');
    result.text = unescape(text);
    return result;
  };
  const root = node();
  if (pos !== body.length) throw new Error('content after the root element');
  return root;
}

export const childNames = (n: XmlNode) => n.children.map((c) => c.name);
export const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name);
export const textOf = (n: XmlNode, name: string) => child(n, name)?.text;
