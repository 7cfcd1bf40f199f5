/** Runs one ARI request as over HTTP: the stand-in's own routes answer it. */
export type AriDispatch = (req: { method: string; url: string; json?: string }) => Promise<{ status: number; reason: string; body: string }>;

/**
 * ARI requests sent over the events WebSocket (`RESTRequest`), answered as Asterisk 22.7 answers
 * them (res/ari/ari_websocket_requests.c; tests/fixtures/ws-rest-requests.json): the
 * request goes through the same routes as over HTTP, and the answer is a `RESTResponse` with the
 * status, the reason phrase and the JSON body as a string. Malformed requests get Asterisk's own
 * 400 answers.
 */
export interface RestResponse {
  type: 'RESTResponse';
  transaction_id: string;
  request_id: string;
  status_code: number;
  reason_phrase: string;
  uri: string;
  content_type?: string;
  message_body?: string;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']);

export async function answerSocketRequest(frame: string, dispatch: AriDispatch): Promise<RestResponse> {
  let msg: Record<string, unknown>;
  try {
    msg = JSON.parse(frame) as Record<string, unknown>;
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) throw new Error('not an object');
  } catch {
    return { type: 'RESTResponse', transaction_id: '', request_id: '', status_code: 400, reason_phrase: 'Failed to parse request message JSON', uri: '' };
  }
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const rawUri = str(msg.uri);
  const q = rawUri.indexOf('?');
  const head = { type: 'RESTResponse' as const, transaction_id: str(msg.transaction_id), request_id: str(msg.request_id) };
  const bad = (message: string, uri = q < 0 ? rawUri : rawUri.slice(0, q)): RestResponse => ({
    ...head, status_code: 400, reason_phrase: 'Bad request', uri, content_type: 'application/json', message_body: JSON.stringify({ message }),
  });
  if (!str(msg.type)) return bad("No 'type' property.", '');
  if (msg.type !== 'RESTRequest') return bad('Unknown request type.', '');
  if (!rawUri) return bad("Empty or missing 'uri' property.");
  const path = q < 0 ? rawUri : rawUri.slice(0, q);
  const method = str(msg.method);
  if (!METHODS.has(method)) return bad("Unknown or missing 'method' property.");
  const query = new URLSearchParams(q < 0 ? '' : rawUri.slice(q + 1));
  if (msg.query_strings !== undefined) {
    if (!Array.isArray(msg.query_strings)) return bad("Unable to parse 'query_strings' array.");
    for (const p of msg.query_strings as Array<Record<string, unknown>>) {
      if (typeof p?.name !== 'string' || typeof p?.value !== 'string') return bad("Unable to parse 'query_strings' array.");
      query.append(p.name, p.value);
    }
  }
  let payload: string | undefined;
  const body = str(msg.message_body);
  if (body) {
    const type = str(msg.content_type);
    if (!type) return bad("No 'content_type' for 'message_body'.");
    if (type === 'application/x-www-form-urlencoded') {
      for (const [k, v] of new URLSearchParams(body)) query.append(k, v);
    } else if (type === 'application/json') {
      try {
        JSON.parse(body);
      } catch {
        return bad("Unable to parse 'message_body' as 'application/json'.");
      }
      payload = body;
    } else {
      return bad('Unknown content type.');
    }
  }
  // Asterisk looks a URI with a leading slash up as a path it has no method for.
  if (path.startsWith('/')) return { ...head, status_code: 405, reason_phrase: 'Method Not Allowed', uri: path, content_type: 'application/json', message_body: JSON.stringify({ message: 'Invalid method' }) };
  const qs = query.toString();
  const res = await dispatch({ method, url: `/ari/${path}${qs ? `?${qs}` : ''}`, ...(payload ? { json: payload } : {}) });
  const out: RestResponse = { ...head, status_code: res.status, reason_phrase: res.reason, uri: path };
  if (res.body) {
    out.content_type = 'application/json';
    out.message_body = res.body;
  }
  return out;
}
