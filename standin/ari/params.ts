import type { Request } from 'express';

/**
 * ARI takes parameters from the query string or from a JSON body's fields; this merges both
 * and normalises multi-valued ones (`media` may repeat or be comma separated).
 */
export function params(req: Request): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const body = req.body as unknown;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (k === 'variables' || k === 'fields') continue;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    }
  }
  for (const [k, v] of Object.entries(req.query)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.map(String);
  }
  return out;
}

export function one(p: Record<string, string | string[]>, name: string): string | undefined {
  const v = p[name];
  return Array.isArray(v) ? v[0] : v;
}

export function many(p: Record<string, string | string[]>, name: string): string[] {
  const v = p[name];
  const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return list.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
}

/** Channel variables from a JSON body: {"variables": {"NAME": "value"}}. */
export function bodyVariables(req: Request): Record<string, string> {
  const body = req.body as { variables?: Record<string, unknown> } | undefined;
  const vars = body && typeof body === 'object' ? body.variables : undefined;
  const out: Record<string, string> = {};
  if (vars && typeof vars === 'object') for (const [k, v] of Object.entries(vars)) out[k] = String(v);
  return out;
}
