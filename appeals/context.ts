import type { Sequelize } from 'sequelize';
import type { Clock } from '../core/clock';
import type { DomainEvents } from './domain-events';

export interface AppealRules {
  timeZone: string;
  emergencyHours: number;
  repeatWindowDays: number;
  phoneRegion: string;
}

/** What every appeals operation needs; built once by the composition root. */
export interface AppealContext {
  db: Sequelize;
  clock: Clock;
  rules: AppealRules;
  events: DomainEvents;
}

export const DESCRIPTION_MAX = 4000;
export const ADDRESS_MAX = 500;
export const REASON_MAX = 1000;
