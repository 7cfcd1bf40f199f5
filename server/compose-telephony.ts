import type { Express } from 'express';
import type { Sequelize } from 'sequelize';
import { cityNameGenitive, instanceIdOf, type Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import { chooseSpeechEngine } from '../ivr/speech/engine-chooser';
import { PromptStore } from '../ivr/speech/prompt-store';
import { createPromptRouter } from '../ivr/speech/http-router';
import { hotlineServices, HotlineServices } from '../ivr/services/hotline-services';
import { hotlineFlow } from '../ivr/flow/hotline-flow';
import { NORMAL_PRIORITY } from '../ivr/flow/hotline-flow';
import { CallRecorder } from '../calls/call-recorder';
import { CallRecordStore } from '../calls/call-record-store';
import { endVanishedCalls } from '../calls/end-vanished-calls';
import { linkAppeals } from '../calls/call-record';
import { isHotlineCallEvent } from '../calls/call-ownership';
import { AriConnection } from '../telephony/ari-connection';
import { AmiConnection } from '../telephony/ami-connection';
import { CallSessions } from '../telephony/call-sessions';
import { OutboundCalls } from '../telephony/outbound-calls';
import type { ReadinessProbe } from '../api/deps';
import { PeerApps } from '../telephony/peer-apps';
import { acquireLease, releaseLease } from '../jobs/job-lease';

export interface Telephony {
  prompts: PromptStore;
  recorder: CallRecorder;
  ari: AriConnection | null;
  ami: AmiConnection | null;
  sessions: CallSessions | null;
  /** Looks after the calls of other instances' applications when one dies; null without Asterisk. */
  peers: PeerApps | null;
  /** Outbound calls into the Stasis application (verification callbacks); null without Asterisk. */
  outbound: OutboundCalls | null;
  services: HotlineServices;
  readiness: Record<string, ReadinessProbe>;
  mount(app: Express): void;
  /** Begins connecting to Asterisk once the HTTP server (which serves the prompts) listens. */
  start(publicBaseUrl: string): void;
  /** Lets live IVR sessions finish (or hands them to the queue), then writes every call record. */
  stop(drainMs: number): Promise<void>;
}

const BACKOFF = { initialMs: 500, maxMs: 30_000 };

/** Wires the PBX side: speech, the IVR flow, ARI and AMI connections, call sessions and records. */
export async function composeTelephony(config: Config, db: Sequelize, logger: Logger, clock: Clock): Promise<Telephony> {
  const log = logger.child({ part: 'telephony' });
  const prompts = new PromptStore({ engine: await chooseSpeechEngine(undefined, log), cacheDir: config.PROMPT_CACHE_DIR, logger: log });
  await prompts.start();
  const recorder = new CallRecorder({ writer: new CallRecordStore(db, config.DEFAULT_REGION), logger: log.child({ part: 'call-records' }), clock, flushIntervalMs: config.CALL_RECORDS_FLUSH_MS });
  recorder.start();

  let baseUrl = config.PROMPTS_BASE_URL ?? `http://127.0.0.1:${config.PORT}`;
  const enabled = Boolean(config.ARI_PASSWORD && config.AMI_SECRET);
  if (!enabled) log.warn('Asterisk is not configured (ARI_PASSWORD and AMI_SECRET): the hotline is off, the rest of Kontakt works');

  const ari = enabled
    ? new AriConnection({
        url: config.ARI_URL, username: config.ARI_USERNAME, password: config.ARI_PASSWORD!, app: config.ARI_APP,
        restOverWebSocket: config.ARI_REST_OVER_WEBSOCKET, requestTimeoutMs: config.TELEPHONY_REQUEST_TIMEOUT_MS, backoff: BACKOFF, logger: log.child({ part: 'ari' }),
      })
    : null;
  const ami = enabled
    ? new AmiConnection({
        host: config.AMI_HOST, port: config.AMI_PORT, username: config.AMI_USERNAME, secret: config.AMI_SECRET!,
        actionTimeoutMs: config.TELEPHONY_REQUEST_TIMEOUT_MS, backoff: BACKOFF, logger: log.child({ part: 'ami' }),
      })
    : null;
  const hotlineQueues = new Set([config.QUEUE_NAME]);
  ami?.on('callEvent', (event) => {
    if (isHotlineCallEvent(event, hotlineQueues, (id) => recorder.record(id) !== null)) recorder.applyEvent(event);
  });
  ami?.on('ready', async ({ reconnect }) => {
    if (!reconnect) return;
    try {
      const { events } = await ami!.actionList({ action: 'CoreShowChannels' });
      const alive = new Set(events.map((e) => String(e.uniqueid ?? '')));
      const ended = endVanishedCalls(recorder, alive, new Set(sessions?.liveChannelIds() ?? []), clock.now());
      if (ended.length) log.warn({ calls: ended }, 'calls ended while AMI was away');
    } catch (err) {
      log.warn({ err }, 'could not compare calls with Asterisk after the AMI reconnect');
    }
  });

  const services = hotlineServices({ clock, timeZone: config.CITY_TIME_ZONE, phoneRegion: config.DEFAULT_REGION, prompts, publicBaseUrl: () => baseUrl, logger: log });
  const sessions = ari
    ? new CallSessions({
        ari, recorder, clock, logger: log, phoneRegion: config.DEFAULT_REGION,
        flow: hotlineFlow({ cityName: config.CITY_NAME, cityNameGenitive: cityNameGenitive(config), queueContext: config.QUEUE_CONTEXT, queueExtension: config.QUEUE_EXTENSION, menuTimeoutMs: config.IVR_MENU_TIMEOUT_MS }),
        servicesFor: (callId) => ({
          ...services,
          // A caller who heard the status of their appeals: the call is recorded against them.
          appealStatus: async (caller) => {
            const heard = await services.appealStatusDetailed(caller);
            if (heard) recorder.update(callId, (r) => linkAppeals(r, heard.appealIds, 'status_inquiry'));
            return heard?.text ?? null;
          },
        }),
        queue: { context: config.QUEUE_CONTEXT, extension: config.QUEUE_EXTENSION, priority: 1, queuePriority: NORMAL_PRIORITY },
      })
    : null;

  const instanceId = instanceIdOf(config);
  const peers = ari && sessions
    ? new PeerApps({
        ownApp: config.ARI_APP, peerApps: config.ARI_PEER_APPS.filter((a) => a !== config.ARI_APP), clock, logger: log.child({ part: 'peer-apps' }),
        leaseMs: config.ARI_PEER_LEASE_SECONDS * 1000, intervalMs: (config.ARI_PEER_LEASE_SECONDS * 1000) / 3,
      }, {
        acquire: (name, ms) => acquireLease(name, instanceId, clock.now(), ms),
        release: (name) => releaseLease(name, instanceId, clock.now(), null),
        channelsOf: (app) => ari.listAppChannels(app).catch(() => []),
        adopt: (ids) => sessions.adoptFromPeer(ids),
        connected: () => ari.ready,
      })
    : null;

  const outbound = ari ? new OutboundCalls({ ari, recorder, clock, logger: log.child({ part: 'outbound' }), phoneRegion: config.DEFAULT_REGION }) : null;

  return {
    prompts, recorder, ari, ami, sessions, outbound, services, peers,
    readiness: enabled ? { ari: () => ari!.ready, ami: () => ami!.ready } : {},
    mount: (app) => app.use(createPromptRouter(prompts)),
    start(publicBaseUrl) {
      baseUrl = config.PROMPTS_BASE_URL ?? publicBaseUrl;
      ari?.start();
      ami?.start();
      peers?.start();
    },
    async stop(drainMs) {
      await sessions?.drain(drainMs);
      await peers?.stop();
      ari?.stop();
      ami?.stop();
      await recorder.stop();
    },
  };
}
