import { EventEmitter } from 'node:events';
import type { AppealStatus } from '../models/appeal';

export interface AppealChange {
  appealId: number;
  number: string;
  executorId: number | null;
  status: AppealStatus;
  emergency: boolean;
}

/** What the domain tells the rest of the system after a change is committed. */
export interface DomainEventMap {
  'appeal.registered': [AppealChange & { repeated: boolean }];
  'appeal.changed': [AppealChange & { type: string; fromStatus: AppealStatus | null }];
  /** An emergency appeal: its executor must be alerted at once. */
  'appeal.emergency': [AppealChange];
  /** The deadline is near (DEADLINE_WARNING_HOURS): the executor is warned, once per deadline. */
  'appeal.deadline_warning': [AppealChange & { deadlineAt: Date }];
  /** The deadline passed with the work still owed: executor and head alerted, once per deadline. */
  'appeal.overdue': [AppealChange & { deadlineAt: Date; overdueAt: Date }];
  /** A user can no longer take calls here: signed out, deactivated, or no longer a call taker. */
  'user.left': [{ userId: number; reason: 'sign_out' | 'deactivated'; queueInterface: string | null }];
  /** A dispatcher's phone changed: their queue membership moves with it. */
  'user.queue_interface_changed': [{ userId: number; from: string; to: string | null; stateInterface: string | null }];
}

export class DomainEvents extends EventEmitter<DomainEventMap> {}
