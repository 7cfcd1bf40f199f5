import type http from 'node:http';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { SessionTokens } from '../auth/session-tokens';
import type { DomainEvents } from '../appeals/domain-events';
import { onUsersChanged, type Outage } from '../models';
import type { Telephony } from './compose-telephony';
import { currentOutages } from '../outages/current-outages';
import { hotlineFlow, NORMAL_PRIORITY } from '../ivr/flow/hotline-flow';
import { VERIFICATION_STEPS, VERIFICATION_DISPUTE_REASON, VERIFICATION_DISPUTE_PRIORITY } from '../ivr/flow/verification-flow';
import { ABANDONED_CALLBACK_STEP, ABANDONED_CALLBACK_REASON, ABANDONED_CALLBACK_PRIORITY } from '../ivr/flow/callback-flow';
import { createSocketServer, SocketServer } from '../realtime/socket-server';
import { PresenceService } from '../realtime/presence';
import { ScreenPops } from '../realtime/screen-pop';
import { WallboardService } from '../realtime/wallboard';
import { broadcastAppeals } from '../realtime/appeal-broadcast';
import { attachClientEvents } from '../realtime/client-events';
import { rooms } from '../realtime/contracts';
import { AuditBuffer } from '../appeals/audit-buffer';

export interface Realtime {
  sockets: SocketServer;
  presence: PresenceService;
  pops: ScreenPops;
  wallboard: WallboardService;
  /** Reads today's wallboard totals; call once the database is ready. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** How long the outage list read by screen-pops is reused: outages change rarely, pops are hot. */
const OUTAGE_CACHE_MS = 5000;

/** Wires Socket.IO: authentication, rooms, presence, screen-pops, appeal changes, the wallboard. */
export async function composeRealtime(
  config: Config, logger: Logger, clock: Clock,
  parts: { server: http.Server; tokens: SessionTokens; events: DomainEvents; telephony: Telephony },
): Promise<Realtime> {
  const log = logger.child({ part: 'realtime' });
  const { telephony } = parts;
  const sockets = await createSocketServer({
    httpServer: parts.server, verify: (t) => parts.tokens.verify(t), stillValid: (t) => parts.tokens.stillValid(t), logger, reverifyMs: config.REALTIME_REVERIFY_MS, redisUrl: config.REDIS_URL,
  });
  const { io } = sockets;

  const presence = new PresenceService({ ami: telephony.ami, queue: config.QUEUE_NAME, clock, logger: log.child({ part: 'presence' }), sweepMs: config.PRESENCE_SWEEP_SECONDS * 1000 });
  const wallboard = new WallboardService({
    queue: config.QUEUE_NAME, timeZone: config.CITY_TIME_ZONE, clock, logger: log,
    members: () => presence.counts(),
    // Every instance builds the board from the same AMI events: each shows it to its own consoles.
    push: (w) => io.local.to(rooms.wallboard).emit('wallboard:update', w),
  });
  presence.on('changed', (p, source) => {
    // A console shows its own user's state; the team is seen in counts, on the wallboard (throttled).
    (source === 'pbx' ? io.local : io).to(rooms.user(p.userId)).emit('presence:changed', p);
    wallboard.changed();
  });
  presence.on('leaving', (userId, e) => io.to(rooms.user(userId)).emit('presence:leaving', e));
  // Leaving the console, or the system, is leaving the queue; a new phone moves the membership.
  parts.events.on('user.left', (e) => void presence.leave(e.userId, e.reason, e.queueInterface).catch((err) => log.warn({ err, userId: e.userId }, 'could not take the user out of the queue')));
  parts.events.on('user.queue_interface_changed', (e) => void presence.move(e.userId, e.from, e.to, e.stateInterface).catch((err) => log.warn({ err, userId: e.userId }, 'could not move the queue membership')));

  // Why the IVR sent a call, from the transfer steps of the flow the hotline runs.
  const flow = hotlineFlow({ cityName: config.CITY_NAME, queueContext: config.QUEUE_CONTEXT, queueExtension: config.QUEUE_EXTENSION });
  const transfers = new Map<string, { reason: string; priority: number }>();
  for (const [id, step] of Object.entries(flow.steps)) if (step.type === 'transfer') transfers.set(id, { reason: step.reason, priority: step.priority });
  transfers.set(VERIFICATION_STEPS.dispute, { reason: VERIFICATION_DISPUTE_REASON, priority: VERIFICATION_DISPUTE_PRIORITY });
  transfers.set(ABANDONED_CALLBACK_STEP, { reason: ABANDONED_CALLBACK_REASON, priority: ABANDONED_CALLBACK_PRIORITY });
  let outageCache: { at: number; rows: Promise<Outage[]> } | null = null;
  const audit = new AuditBuffer({ logger: log.child({ part: 'audit' }) });
  const pops = new ScreenPops({
    io, clock, logger: log.child({ part: 'screen-pop' }), shared: sockets.shared, claim: (key) => sockets.claim(key), seatsMaxAgeMs: config.SEATS_MAX_AGE_SECONDS * 1000,
    audit: (userId, applicantIds, context, at) => audit.applicantsRead(userId, applicantIds, context, at),
    sources: {
      record: (id) => telephony.recorder.record(id),
      transferOf: (step) => transfers.get(step) ?? (step.startsWith('transfer:') ? { reason: step.slice(9), priority: NORMAL_PRIORITY } : null),
      phoneRegion: config.DEFAULT_REGION,
      outages: (now) => {
        if (!outageCache || Date.now() - outageCache.at > OUTAGE_CACHE_MS) {
          outageCache = { at: Date.now(), rows: currentOutages(now).catch((err) => { outageCache = null; throw err; }) };
        }
        return outageCache.rows;
      },
    },
  });

  // The caller's history is read while the IVR says it is putting them through, not when the phone rings.
  telephony.sessions?.on('transferring', (id) => pops.prefetch(id));
  parts.events.on('appeal.registered', () => pops.appealsChanged());
  parts.events.on('appeal.changed', () => pops.appealsChanged());
  // Who sits at which phone: read again by the pops and presence here when a user is written
  // here, and on the other instances when they hear of it through Redis.
  const usersChanged = (): void => {
    pops.usersChanged();
    presence.usersChanged();
  };
  const stopUserWatch = onUsersChanged(() => {
    usersChanged();
    if (sockets.shared) io.serverSideEmit('seats:changed');
  });
  if (sockets.shared) io.on('seats:changed', usersChanged);
  telephony.ami?.on('callEvent', (e) => {
    presence.applyEvent(e);
    pops.handle(e);
    wallboard.applyEvent(e);
  });
  // The state shown is Asterisk's: read it whole after every (re)connect, events while away are lost.
  telephony.ami?.on('ready', () => {
    void Promise.all([presence.resync(), wallboard.resync(telephony.ami)]).catch((err) => log.warn({ err }, 'could not re-read the queue after the AMI connect'));
  });
  const stopBroadcast = broadcastAppeals(parts.events, io, clock);
  attachClientEvents(io, { presence, pops, wallboard, logger: log });

  return {
    sockets, presence, pops, wallboard,
    async start() {
      audit.start();
      presence.start();
      await wallboard.load();
    },
    async close() {
      presence.stop();
      stopUserWatch();
      stopBroadcast();
      wallboard.stop();
      await sockets.close();
      // After the sockets: no pop is sent any more, so no read goes unaudited.
      await audit.stop();
    },
  };
}
