import type { Logger } from '../core/logger';
import type { RealtimeServer, RealtimeSocket } from './socket-server';
import type { PresenceService } from './presence';
import type { ScreenPops } from './screen-pop';
import type { WallboardService } from './wallboard';
import { answer, RealtimeError } from './realtime-error';
import { rooms } from './contracts';

export interface ClientEventDeps {
  presence: PresenceService;
  pops: ScreenPops;
  wallboard: WallboardService;
  logger: Logger;
}

const handlesCalls = (s: RealtimeSocket) => s.data.user.role === 'dispatcher' || s.data.user.role === 'head';
const notForYou = () => new RealtimeError('role_not_allowed', 'Це доступно лише диспетчерам і керівнику');

/** What a console may ask over its socket; every answer is an Ack, refusals in Ukrainian. */
export function attachClientEvents(io: RealtimeServer, d: ClientEventDeps): void {
  const unexpected = (err: unknown) => d.logger.error({ err }, 'console request failed');
  io.on('connection', (socket) => {
    const { user } = socket.data;
    // A (re)connecting dispatcher's console learns its state in Asterisk at once.
    if (handlesCalls(socket)) socket.emit('presence:changed', d.presence.presenceOf(user.id, user.fullName));

    socket.on('calls:ringing-now', (ack) => answer(ack, async () => d.pops.ringingFor(user.id), unexpected));
    socket.on('presence:ready', (e, ack) => answer(ack, () => d.presence.ready(user, e?.agentInterface), unexpected));
    socket.on('presence:pause', (e, ack) => answer(ack, () => d.presence.pause(user, e?.reason), unexpected));
    socket.on('presence:sign-out', (ack) => answer(ack, () => d.presence.signOut(user), unexpected));
    socket.on('wallboard:get', (ack) =>
      answer(ack, async () => {
        if (!handlesCalls(socket)) throw notForYou();
        // Updates go only to consoles that show the board (the rest would draw nothing).
        await socket.join(rooms.wallboard);
        return d.wallboard.snapshot();
      }, unexpected),
    );
    socket.on('wallboard:leave', () => void socket.leave(rooms.wallboard));
  });
}
