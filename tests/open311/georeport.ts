/**
 * What the Open311 suites share: the field lists of GeoReport v2 (wiki.open311.org/GeoReport_v2,
 * in the spec's order) and readers that check the spec's shapes in JSON and XML on the way.
 */
import { parseXml, childNames, textOf, XmlNode } from './xml-reader';

export const DISCOVERY_FIELDS = ['changeset', 'contact', 'key_service', 'endpoints'];
export const ENDPOINT_FIELDS = ['specification', 'url', 'changeset', 'type', 'formats'];
export const SERVICE_FIELDS = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'];
export const DEFINITION_FIELDS = ['service_code', 'attributes'];
export const ATTRIBUTE_FIELDS = ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values'];
export const POSTED_FIELDS = ['service_request_id', 'service_notice', 'account_id'];
export const REQUEST_FIELDS = [
  'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible',
  'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode',
  'lat', 'long', 'media_url',
];
export const TOKEN_FIELDS = ['service_request_id', 'token'];
export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

export interface Answer {
  status: number;
  type: string;
  text: string;
}

export async function answer(res: Response): Promise<Answer> {
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** Errors of either format as [{code, description}], checking the spec's shape on the way. */
export function errorsOf(format: Format, res: Answer): { code: number; description: string }[] {
  if (format === 'json') {
    expect(res.type).toMatch(/^application\/json/);
    const body = JSON.parse(res.text);
    expect(Array.isArray(body)).toBe(true);
    for (const e of body) expect(Object.keys(e)).toEqual(['code', 'description']);
    return body;
  }
  expect(res.type).toMatch(/^text\/xml/);
  const root = parseXml(res.text);
  expect(root.name).toBe('errors');
  return root.children.map((e) => {
    expect(e.name).toBe('error');
    expect(childNames(e)).toEqual(['code', 'description']);
    return { code: Number(textOf(e, 'code')), description: textOf(e, 'description')! };
  });
}

/** A list answer (services, requests) of either format as plain records of strings or values. */
export function itemsOf(format: Format, res: Answer, root: string, item: string, fields: string[]): Record<string, unknown>[] {
  expect(res.status).toBe(200);
  if (format === 'json') {
    expect(res.type).toMatch(/^application\/json/);
    const body = JSON.parse(res.text) as Record<string, unknown>[];
    expect(Array.isArray(body)).toBe(true);
    for (const entry of body) expect(Object.keys(entry)).toEqual(fields);
    return body;
  }
  expect(res.type).toMatch(/^text\/xml/);
  const doc = parseXml(res.text);
  expect(doc.name).toBe(root);
  return doc.children.map((n: XmlNode) => {
    expect(n.name).toBe(item);
    expect(childNames(n)).toEqual(fields);
    return Object.fromEntries(n.children.map((c) => [c.name, c.text]));
  });
}
