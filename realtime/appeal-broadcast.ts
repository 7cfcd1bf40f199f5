import type { DomainEvents, AppealChange } from '../appeals/domain-events';
import type { Clock } from '../core/clock';
import { rooms, type AppealChanged, type AppealDeadlineAlert } from './contracts';
import type { RealtimeServer } from './socket-server';

/** The rooms that may see an appeal's change: its executor's organization, dispatchers, the head. */
function roomsFor(change: AppealChange): string[] {
  const to = [rooms.role('dispatcher'), rooms.role('head')];
  if (change.executorId != null) to.push(rooms.organization(change.executorId));
  return to;
}

/**
 * Appeal changes from the domain to the consoles that may see them. Only the instance where the
 * change was made hears the domain event, and the adapter carries it to the others, so each
 * console gets it once. Emergencies go out at once as their own event.
 */
export function broadcastAppeals(events: DomainEvents, io: RealtimeServer, clock: Clock): () => void {
  const view = (c: AppealChange, type: string): AppealChanged => ({
    appealId: c.appealId, number: c.number, status: c.status, executorId: c.executorId, emergency: c.emergency, type, at: clock.now().toISOString(),
  });
  const registered = (c: AppealChange) => io.to(roomsFor(c)).emit('appeal:changed', view(c, 'registered'));
  const changed = (c: AppealChange & { type: string }) => io.to(roomsFor(c)).emit('appeal:changed', view(c, c.type));
  const emergency = (c: AppealChange) => io.to(roomsFor(c)).emit('appeal:emergency', view(c, 'emergency'));
  // Deadline alerts go to whoever owes the work: the executor's organization, or the dispatchers
  // while nobody is assigned; an overdue one also to the head, who answers for the deadlines.
  const alert = (c: AppealChange & { deadlineAt: Date }, kind: AppealDeadlineAlert['kind']): AppealDeadlineAlert => ({
    appealId: c.appealId, number: c.number, status: c.status, executorId: c.executorId, emergency: c.emergency, kind, deadlineAt: c.deadlineAt.toISOString(), at: clock.now().toISOString(),
  });
  const owers = (c: AppealChange) => (c.executorId != null ? [rooms.organization(c.executorId)] : [rooms.role('dispatcher')]);
  const warning = (c: AppealChange & { deadlineAt: Date }) => io.to(owers(c)).emit('appeal:deadline-warning', alert(c, 'warning'));
  const overdue = (c: AppealChange & { deadlineAt: Date }) => io.to([...owers(c), rooms.role('head')]).emit('appeal:overdue', alert(c, 'overdue'));
  events.on('appeal.registered', registered);
  events.on('appeal.changed', changed);
  events.on('appeal.emergency', emergency);
  events.on('appeal.deadline_warning', warning);
  events.on('appeal.overdue', overdue);
  return () => {
    events.off('appeal.registered', registered);
    events.off('appeal.changed', changed);
    events.off('appeal.emergency', emergency);
    events.off('appeal.deadline_warning', warning);
    events.off('appeal.overdue', overdue);
  };
}
