import { RESOURCES, OBJECT_MODELS, EVENT_MODELS, SOCKET_REST_MODELS } from './spec';

/** Builds the Swagger 1.1 documents under /ari/api-docs from the spec tables. */
const API_VERSION = '9.0.0';

function modelJson(id: string, props: Record<string, [string, boolean?]>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, [type, required]] of Object.entries(props)) {
    properties[name] = { type, required: required === true, description: name.replace(/_/g, ' ') };
  }
  return { id, description: id, properties, ...extra };
}

export function resourceListing(basePath: string): Record<string, unknown> {
  return {
    _copyright: 'Kontakt Asterisk stand-in',
    _author: 'Kontakt',
    apiVersion: API_VERSION,
    swaggerVersion: '1.1',
    basePath,
    apis: Object.entries(RESOURCES).map(([name, r]) => ({ path: `/api-docs/${name}.{format}`, description: r.description })),
  };
}

/** Models an API declaration needs: the ones its operations name, plus what those refer to. */
function modelsFor(name: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const add = (id: string): void => {
    const props = OBJECT_MODELS[id];
    if (!props || out[id]) return;
    out[id] = modelJson(id, props);
    for (const [type] of Object.values(props)) add(type.replace(/^List\[(.*)\]$/, '$1'));
  };
  if (name === 'events') {
    out.Message = modelJson('Message', { type: ['string', true], asterisk_id: ['string'] }, { subTypes: ['Event'], discriminator: 'type' });
    out.Event = modelJson('Event', { application: ['string', true], timestamp: ['Date', true] }, { extends: 'Message', subTypes: Object.keys(EVENT_MODELS) });
    for (const [ev, props] of Object.entries(EVENT_MODELS)) {
      out[ev] = modelJson(ev, props, { extends: 'Event' });
      for (const [type] of Object.values(props)) add(type.replace(/^List\[(.*)\]$/, '$1'));
    }
    // REST over the WebSocket (Asterisk 22.4+): standalone models, neither Message nor Event.
    for (const [id, props] of Object.entries(SOCKET_REST_MODELS)) out[id] = modelJson(id, props);
    return out;
  }
  for (const api of RESOURCES[name].apis) for (const o of api.ops) add(o.responseClass.replace(/^List\[(.*)\]$/, '$1'));
  return out;
}

export function apiDeclaration(name: string, basePath: string): Record<string, unknown> | undefined {
  const r = RESOURCES[name];
  if (!r) return undefined;
  return {
    _copyright: 'Kontakt Asterisk stand-in',
    _author: 'Kontakt',
    apiVersion: API_VERSION,
    swaggerVersion: '1.2',
    basePath,
    resourcePath: `/api-docs/${name}.{format}`,
    apis: r.apis.map((api) => ({
      path: api.path,
      description: r.description,
      operations: api.ops.map((o) => ({
        httpMethod: o.method,
        summary: o.nickname,
        nickname: o.nickname,
        responseClass: o.responseClass,
        parameters: o.params.map(([pname, paramType, dataType, required, allowMultiple]) => ({
          name: pname,
          description: pname,
          paramType,
          required: required === true,
          allowMultiple: allowMultiple === true,
          dataType,
        })),
        errorResponses: (o.errors ?? []).map(([code, reason]) => ({ code, reason })),
      })),
    })),
    models: modelsFor(name),
  };
}
