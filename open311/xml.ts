/**
 * A tiny XML writer for GeoReport v2 answers. The spec's XML is a plain mirror of its JSON: an
 * object is an element per field, a list is a wrapper element holding one element per item.
 */
export type XmlValue = string | number | boolean | null | undefined | XmlObject | XmlValue[];
export interface XmlObject {
  [key: string]: XmlValue;
}

/** Names of a list's items by the list's element name (the spec writes <endpoints><endpoint>…). */
const ITEM_NAMES: Record<string, string> = {
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

/** Characters XML 1.0 forbids even when escaped; residents' text can carry them (pasted text). */
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole document: `root` holds one `item` element per entry of a list, or the fields of one object. */
export function xmlDocument(root: string, body: XmlObject | XmlObject[], item?: string): string {
  const inner = Array.isArray(body)
    ? body.map((entry) => element(item ?? 'item', entry)).join('')
    : Object.entries(body).map(([k, v]) => element(k, v)).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${inner}</${root}>\n`;
}
