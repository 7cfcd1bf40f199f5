import type { Sequelize } from 'sequelize';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Clock } from '../core/clock';
import type { AppealService } from '../appeals/appeal-service';
import type { SessionTokens } from '../auth/session-tokens';
import type { CallRecord } from '../calls/call-record';
import type { OutageService } from '../outages/outage-service';
import type { VerificationService } from '../verifications/verification-service';
import type { DomainEvents } from '../appeals/domain-events';
import type { NoticeService } from '../notices/notice-service';
import type { SubscriptionService } from '../notices/subscription-service';

/** A probe of one dependency for /readyz: true when usable. */
export type ReadinessProbe = () => Promise<boolean> | boolean;

export interface ApiDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Sequelize;
  appeals: AppealService;
  tokens: SessionTokens;
  readiness: Record<string, ReadinessProbe>;
  /** What the API tells the rest of the system (sign-outs, users leaving the queue); optional like outages. */
  events?: DomainEvents;
  /** Live call records (the telephony recorder): a call may not be written yet when a pop's appeal is registered. */
  calls?: CallRecordsLive;
  /** Outage management; optional so that the route table can be listed without a database. */
  outages?: OutageService;
  /** Verification callbacks (the dispatchers' list); optional like outages. */
  verifications?: VerificationService;
  /** Notices to residents and subscriptions to them; optional like outages. */
  notices?: { service: NoticeService; subscriptions: SubscriptionService };
}

export interface CallRecordsLive {
  /** The database id of a written call, or null while it waits. */
  callId(uniqueid: string): number | null;
  /** Writes what is waiting (once; concurrent callers share it). */
  flush(): Promise<void>;
  /** Changes a live call's record; written with it (used to link an appeal to a call not yet written). */
  update(uniqueid: string, change: (r: CallRecord) => void): void;
  record(uniqueid: string): Readonly<CallRecord> | null;
}
