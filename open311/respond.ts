import type { Response } from 'express';
import { xmlDocument, XmlObject } from './xml';

export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

/** The XML root and item element of each kind of answer, as the spec names them. */
export const SHAPES = {
  discovery: { root: 'discovery' },
  services: { root: 'services', item: 'service' },
  serviceDefinition: { root: 'service_definition' },
  requests: { root: 'service_requests', item: 'request' },
  errors: { root: 'errors', item: 'error' },
  /** Kontakt's address_id extension. */
  addresses: { root: 'addresses', item: 'address' },
} as const;

export type Shape = { root: string; item?: string };

/** Reads the format from the path's extension; anything else is not a GeoReport address. */
export function parseFormat(value: unknown): Format | null {
  return FORMATS.includes(value as Format) ? (value as Format) : null;
}

/** Sends one answer in the format the client asked for in the path. */
export function send(res: Response, format: Format, status: number, shape: Shape, body: XmlObject | XmlObject[]): void {
  res.status(status);
  if (format === 'json') {
    res.type('application/json; charset=utf-8').send(JSON.stringify(body));
  } else {
    res.type('text/xml; charset=utf-8').send(xmlDocument(shape.root, body, shape.item));
  }
}
