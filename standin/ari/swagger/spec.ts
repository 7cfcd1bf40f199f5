/**
 * The ARI API description the stand-in serves (Swagger 1.1, as Asterisk serves it), written
 * for what the project uses. ari-client builds its methods from it at connect, so nicknames,
 * parameter names and model names follow Asterisk's.
 */
type ParamType = 'path' | 'query' | 'body';
type ParamSpec = [name: string, paramType: ParamType, dataType: string, required?: boolean, allowMultiple?: boolean];
interface OpSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  nickname: string;
  responseClass: string;
  params: ParamSpec[];
  errors?: Array<[number, string]>;
}
interface ApiSpec {
  path: string;
  ops: OpSpec[];
}

const op = (method: OpSpec['method'], nickname: string, responseClass: string, params: ParamSpec[] = [], errors: Array<[number, string]> = []): OpSpec => ({
  method,
  nickname,
  responseClass,
  params,
  errors,
});

const channelId: ParamSpec = ['channelId', 'path', 'string', true];
const notFound: [number, string] = [404, 'Channel not found'];
const notInStasis: [number, string] = [409, 'Channel not in a Stasis application'];
const originateParams: ParamSpec[] = [
  ['endpoint', 'query', 'string', true],
  ['extension', 'query', 'string'],
  ['context', 'query', 'string'],
  ['priority', 'query', 'long'],
  ['label', 'query', 'string'],
  ['app', 'query', 'string'],
  ['appArgs', 'query', 'string'],
  ['callerId', 'query', 'string'],
  ['timeout', 'query', 'int'],
  ['variables', 'body', 'containers'],
  ['otherChannelId', 'query', 'string'],
  ['originator', 'query', 'string'],
  ['formats', 'query', 'string'],
];
const playParams: ParamSpec[] = [
  ['media', 'query', 'string', true, true],
  ['lang', 'query', 'string'],
  ['offsetms', 'query', 'int'],
  ['skipms', 'query', 'int'],
];

export const RESOURCES: Record<string, { description: string; apis: ApiSpec[] }> = {
  asterisk: {
    description: 'Asterisk resources',
    apis: [
      { path: '/asterisk/info', ops: [op('GET', 'getInfo', 'AsteriskInfo', [['only', 'query', 'string', false, true]])] },
      { path: '/asterisk/ping', ops: [op('GET', 'ping', 'AsteriskPing')] },
      {
        path: '/asterisk/variable',
        ops: [op('GET', 'getGlobalVar', 'Variable', [['variable', 'query', 'string', true]]), op('POST', 'setGlobalVar', 'void', [['variable', 'query', 'string', true], ['value', 'query', 'string']])],
      },
    ],
  },
  endpoints: {
    description: 'Endpoint resources',
    apis: [{ path: '/endpoints', ops: [op('GET', 'list', 'List[Endpoint]')] }],
  },
  channels: {
    description: 'Channel resources',
    apis: [
      { path: '/channels', ops: [op('GET', 'list', 'List[Channel]'), op('POST', 'originate', 'Channel', [...originateParams, ['channelId', 'query', 'string']], [[400, 'Invalid parameters for originating a channel.']])] },
      {
        path: '/channels/{channelId}',
        ops: [
          op('GET', 'get', 'Channel', [channelId], [notFound]),
          op('POST', 'originateWithId', 'Channel', [channelId, ...originateParams], [[400, 'Invalid parameters for originating a channel.'], [409, 'Channel with given unique ID already exists.']]),
          op('DELETE', 'hangup', 'void', [channelId, ['reason_code', 'query', 'string'], ['reason', 'query', 'string']], [[400, 'Invalid reason for hangup provided'], notFound]),
        ],
      },
      { path: '/channels/{channelId}/continue', ops: [op('POST', 'continueInDialplan', 'void', [channelId, ['context', 'query', 'string'], ['extension', 'query', 'string'], ['priority', 'query', 'int'], ['label', 'query', 'string']], [notFound, notInStasis])] },
      { path: '/channels/{channelId}/answer', ops: [op('POST', 'answer', 'void', [channelId], [notFound, notInStasis])] },
      { path: '/channels/{channelId}/ring', ops: [op('POST', 'ring', 'void', [channelId], [notFound, notInStasis]), op('DELETE', 'ringStop', 'void', [channelId], [notFound, notInStasis])] },
      {
        path: '/channels/{channelId}/dtmf',
        ops: [op('POST', 'sendDTMF', 'void', [channelId, ['dtmf', 'query', 'string'], ['before', 'query', 'int'], ['between', 'query', 'int'], ['duration', 'query', 'int'], ['after', 'query', 'int']], [[400, 'DTMF is required'], notFound, notInStasis])],
      },
      { path: '/channels/{channelId}/play', ops: [op('POST', 'play', 'Playback', [channelId, ...playParams, ['playbackId', 'query', 'string']], [notFound, notInStasis])] },
      { path: '/channels/{channelId}/play/{playbackId}', ops: [op('POST', 'playWithId', 'Playback', [channelId, ['playbackId', 'path', 'string', true], ...playParams], [notFound, notInStasis])] },
      {
        path: '/channels/{channelId}/variable',
        ops: [
          op('GET', 'getChannelVar', 'Variable', [channelId, ['variable', 'query', 'string', true]], [[400, 'Missing variable parameter.'], notFound, notInStasis]),
          op('POST', 'setChannelVar', 'void', [channelId, ['variable', 'query', 'string', true], ['value', 'query', 'string']], [[400, 'Missing variable parameter.'], notFound, notInStasis]),
        ],
      },
    ],
  },
  bridges: {
    description: 'Bridge resources',
    apis: [
      { path: '/bridges', ops: [op('GET', 'list', 'List[Bridge]'), op('POST', 'create', 'Bridge', [['type', 'query', 'string'], ['bridgeId', 'query', 'string'], ['name', 'query', 'string']])] },
      { path: '/bridges/{bridgeId}', ops: [op('GET', 'get', 'Bridge', [['bridgeId', 'path', 'string', true]]), op('DELETE', 'destroy', 'void', [['bridgeId', 'path', 'string', true]])] },
      { path: '/bridges/{bridgeId}/addChannel', ops: [op('POST', 'addChannel', 'void', [['bridgeId', 'path', 'string', true], ['channel', 'query', 'string', true, true], ['role', 'query', 'string']])] },
      { path: '/bridges/{bridgeId}/removeChannel', ops: [op('POST', 'removeChannel', 'void', [['bridgeId', 'path', 'string', true], ['channel', 'query', 'string', true, true]])] },
    ],
  },
  recordings: {
    description: 'Recording resources',
    apis: [{ path: '/recordings/stored', ops: [op('GET', 'listStored', 'List[StoredRecording]')] }],
  },
  sounds: {
    description: 'Sound resources',
    apis: [{ path: '/sounds', ops: [op('GET', 'list', 'List[Sound]', [['lang', 'query', 'string'], ['format', 'query', 'string']])] }],
  },
  playbacks: {
    description: 'Playback control resources',
    apis: [
      { path: '/playbacks/{playbackId}', ops: [op('GET', 'get', 'Playback', [['playbackId', 'path', 'string', true]], [[404, 'The playback cannot be found']]), op('DELETE', 'stop', 'void', [['playbackId', 'path', 'string', true]], [[404, 'The playback cannot be found']])] },
      { path: '/playbacks/{playbackId}/control', ops: [op('POST', 'control', 'void', [['playbackId', 'path', 'string', true], ['operation', 'query', 'string', true]])] },
    ],
  },
  deviceStates: {
    description: 'Device state resources',
    apis: [{ path: '/deviceStates', ops: [op('GET', 'list', 'List[DeviceState]')] }],
  },
  mailboxes: {
    description: 'Mailboxes resources',
    apis: [{ path: '/mailboxes', ops: [op('GET', 'list', 'List[Mailbox]')] }],
  },
  events: {
    description: 'WebSocket resource',
    apis: [{ path: '/events', ops: [op('GET', 'eventWebsocket', 'Message', [['app', 'query', 'string', true, true], ['subscribeAll', 'query', 'boolean']])] }],
  },
  applications: {
    description: 'Stasis application resources',
    apis: [
      { path: '/applications', ops: [op('GET', 'list', 'List[Application]')] },
      { path: '/applications/{applicationName}', ops: [op('GET', 'get', 'Application', [['applicationName', 'path', 'string', true]], [[404, 'Application does not exist.']])] },
      {
        path: '/applications/{applicationName}/eventFilter',
        ops: [op('PUT', 'filter', 'Application', [['applicationName', 'path', 'string', true], ['filter', 'body', 'object']], [[400, 'Bad request.'], [404, 'Application does not exist.']])],
      },
    ],
  },
};

/** Model properties: name -> [type, required]. */
type Props = Record<string, [string, boolean?]>;
const CHANNEL_PROPS: Props = {
  id: ['string', true],
  name: ['string', true],
  state: ['string', true],
  protocol_id: ['string', true],
  caller: ['CallerID', true],
  connected: ['CallerID', true],
  accountcode: ['string', true],
  dialplan: ['DialplanCEP', true],
  creationtime: ['Date', true],
  language: ['string', true],
  channelvars: ['object'],
};

export const OBJECT_MODELS: Record<string, Props> = {
  Channel: CHANNEL_PROPS,
  CallerID: { name: ['string', true], number: ['string', true] },
  DialplanCEP: { context: ['string', true], exten: ['string', true], priority: ['long', true], app_name: ['string', true], app_data: ['string', true] },
  Playback: { id: ['string', true], media_uri: ['string', true], next_media_uri: ['string'], target_uri: ['string', true], language: ['string'], state: ['string', true] },
  Variable: { value: ['string', true] },
  Bridge: { id: ['string', true], technology: ['string', true], bridge_type: ['string', true], bridge_class: ['string', true], creator: ['string', true], name: ['string', true], channels: ['List[string]', true], creationtime: ['Date', true] },
  Application: { name: ['string', true], channel_ids: ['List[string]', true], bridge_ids: ['List[string]', true], endpoint_ids: ['List[string]', true], device_names: ['List[string]', true], events_allowed: ['List[object]', true], events_disallowed: ['List[object]', true] },
  AsteriskInfo: { build: ['object'], system: ['object'], config: ['object'], status: ['object'] },
  AsteriskPing: { asterisk_id: ['string', true], ping: ['string', true], timestamp: ['string', true] },
  Endpoint: { technology: ['string', true], resource: ['string', true], state: ['string'], channel_ids: ['List[string]', true] },
  StoredRecording: { name: ['string', true], format: ['string', true] },
  Sound: { id: ['string', true], text: ['string'], formats: ['List[object]', true] },
  DeviceState: { name: ['string', true], state: ['string', true] },
  Mailbox: { name: ['string', true], old_messages: ['int', true], new_messages: ['int', true] },
};

/** REST over the events WebSocket, as Asterisk 22.7's events.json describes it. */
export const SOCKET_REST_MODELS: Record<string, Props> = {
  RESTQueryStringParameter: { name: ['string', true], value: ['string', true] },
  RESTRequest: { type: ['string', true], transaction_id: ['string', true], request_id: ['string', true], method: ['string', true], uri: ['string', true], content_type: ['string'], query_strings: ['List[RESTQueryStringParameter]'], message_body: ['string'] },
  RESTResponse: { transaction_id: ['string', true], request_id: ['string', true], status_code: ['int', true], reason_phrase: ['string', true], uri: ['string', true], content_type: ['string'], message_body: ['string'] },
};

/** Events the stand-in sends, with their own properties (Event's are added to each). */
export const EVENT_MODELS: Record<string, Props> = {
  StasisStart: { args: ['List[string]', true], channel: ['Channel', true], replace_channel: ['Channel'] },
  StasisEnd: { channel: ['Channel', true] },
  ChannelStateChange: { channel: ['Channel', true] },
  ChannelDtmfReceived: { digit: ['string', true], duration_ms: ['int', true], channel: ['Channel', true] },
  ChannelHangupRequest: { cause: ['int'], soft: ['boolean'], channel: ['Channel', true] },
  ChannelDestroyed: { cause: ['int', true], cause_txt: ['string', true], channel: ['Channel', true] },
  ChannelVarset: { variable: ['string', true], value: ['string', true], channel: ['Channel'] },
  ChannelDialplan: { channel: ['Channel', true], dialplan_app: ['string', true], dialplan_app_data: ['string', true] },
  ChannelCallerId: { caller_presentation: ['int', true], caller_presentation_txt: ['string', true], channel: ['Channel', true] },
  ChannelConnectedLine: { channel: ['Channel', true] },
  ChannelCreated: { channel: ['Channel', true] },
  Dial: { caller: ['Channel'], peer: ['Channel', true], forward: ['string'], forwarded: ['Channel'], dialstring: ['string'], dialstatus: ['string', true] },
  PlaybackStarted: { playback: ['Playback', true] },
  PlaybackFinished: { playback: ['Playback', true] },
  ApplicationReplaced: {},
  BridgeCreated: { bridge: ['Bridge', true] },
  BridgeDestroyed: { bridge: ['Bridge', true] },
  ChannelEnteredBridge: { bridge: ['Bridge', true], channel: ['Channel'] },
  ChannelLeftBridge: { bridge: ['Bridge', true], channel: ['Channel', true] },
};
