import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';
import type { AreaSpec } from './outage';

/** pending_approval → calling (approved by the head) ⇄ stopped → done; or rejected. */
export const NOTICE_STATUSES = ['pending_approval', 'rejected', 'calling', 'stopped', 'done'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** queued (to call, or again after a retry) → calling → one of the final ones. */
export const NOTICE_CALL_STATUSES = ['queued', 'calling', 'listened', 'hung_up', 'unanswered', 'failed', 'unsubscribed'] as const;
export type NoticeCallStatus = (typeof NOTICE_CALL_STATUSES)[number];

/** What one attempt came to. */
export const NOTICE_ATTEMPT_RESULTS = ['listened', 'unsubscribed', 'hung_up', 'no_answer', 'busy', 'rejected', 'failed', 'unknown'] as const;
export type NoticeAttemptResult = (typeof NOTICE_ATTEMPT_RESULTS)[number];

export type SubscriptionChannel = 'ivr' | 'console' | 'site';

/** A phone subscribed to notices for an address (street, optionally a building) or the whole city (no street). */
export class NoticeSubscription extends Model<InferAttributes<NoticeSubscription>, InferCreationAttributes<NoticeSubscription>> {
  declare id: CreationOptional<number>;
  declare phone: string;
  declare applicantId: CreationOptional<number | null>;
  declare streetId: number | null;
  declare building: CreationOptional<string | null>;
  declare consentChannel: SubscriptionChannel;
  declare consentAt: Date;
  declare consentByUserId: CreationOptional<number | null>;
  declare consentCallId: CreationOptional<string | null>;
  declare unsubscribedAt: CreationOptional<Date | null>;
  declare unsubscribedChannel: CreationOptional<string | null>;
  declare unsubscribedByUserId: CreationOptional<number | null>;
  declare unsubscribedNoticeId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    NoticeSubscription.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        phone: { type: DataTypes.STRING(20), allowNull: false },
        applicantId: { type: DataTypes.INTEGER, allowNull: true },
        streetId: { type: DataTypes.INTEGER, allowNull: true },
        building: { type: DataTypes.STRING(20), allowNull: true },
        consentChannel: { type: DataTypes.STRING(16), allowNull: false },
        consentAt: { type: DataTypes.DATE, allowNull: false },
        consentByUserId: { type: DataTypes.INTEGER, allowNull: true },
        consentCallId: { type: DataTypes.STRING(64), allowNull: true },
        unsubscribedAt: { type: DataTypes.DATE, allowNull: true },
        unsubscribedChannel: { type: DataTypes.STRING(16), allowNull: true },
        unsubscribedByUserId: { type: DataTypes.INTEGER, allowNull: true },
        unsubscribedNoticeId: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'notice_subscriptions', underscored: true },
    );
  }
}

/** A notice to the residents of an area, called out after the head approves it. */
export class Notice extends Model<InferAttributes<Notice>, InferCreationAttributes<Notice>> {
  declare id: CreationOptional<number>;
  declare text: string;
  declare area: string;
  declare areaSpec: AreaSpec;
  declare urgent: boolean;
  declare outsideHoursConfirmed: CreationOptional<boolean>;
  declare status: NoticeStatus;
  declare outageId: CreationOptional<number | null>;
  declare speechSeconds: CreationOptional<number | null>;
  declare createdByUserId: CreationOptional<number | null>;
  declare approvedByUserId: CreationOptional<number | null>;
  declare approvedAt: CreationOptional<Date | null>;
  declare rejectedReason: CreationOptional<string | null>;
  declare stoppedAt: CreationOptional<Date | null>;
  declare finishedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Notice.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        text: { type: DataTypes.TEXT, allowNull: false },
        area: { type: DataTypes.STRING(1000), allowNull: false },
        // TEXT holding JSON, as outages do (MariaDB returns JSON columns as strings).
        areaSpec: {
          type: DataTypes.TEXT,
          allowNull: false,
          get() {
            const raw = this.getDataValue('areaSpec') as unknown;
            return (typeof raw === 'string' ? JSON.parse(raw) : raw) as AreaSpec;
          },
          set(value: AreaSpec) {
            this.setDataValue('areaSpec', JSON.stringify(value) as unknown as AreaSpec);
          },
        },
        urgent: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        outsideHoursConfirmed: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        status: { type: DataTypes.STRING(20), allowNull: false },
        outageId: { type: DataTypes.INTEGER, allowNull: true },
        speechSeconds: { type: DataTypes.FLOAT, allowNull: true },
        createdByUserId: { type: DataTypes.INTEGER, allowNull: true },
        approvedByUserId: { type: DataTypes.INTEGER, allowNull: true },
        approvedAt: { type: DataTypes.DATE, allowNull: true },
        rejectedReason: { type: DataTypes.STRING(1000), allowNull: true },
        stoppedAt: { type: DataTypes.DATE, allowNull: true },
        finishedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'notices', underscored: true },
    );
  }
}

/** One phone to call about one notice: its attempts and how it ended. */
export class NoticeCall extends Model<InferAttributes<NoticeCall>, InferCreationAttributes<NoticeCall>> {
  declare id: CreationOptional<number>;
  declare noticeId: number;
  declare phone: string;
  declare status: NoticeCallStatus;
  declare dueAt: Date;
  declare attempts: CreationOptional<number>;
  declare repeats: CreationOptional<number>;
  declare lastResult: CreationOptional<NoticeAttemptResult | null>;
  declare lastCause: CreationOptional<number | null>;
  declare lastAttemptAt: CreationOptional<Date | null>;
  declare channelId: CreationOptional<string | null>;
  declare endedAt: CreationOptional<Date | null>;
  declare claimedBy: CreationOptional<string | null>;
  declare claimedUntil: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    NoticeCall.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        noticeId: { type: DataTypes.INTEGER, allowNull: false },
        phone: { type: DataTypes.STRING(20), allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false },
        dueAt: { type: DataTypes.DATE, allowNull: false },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        repeats: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        lastResult: { type: DataTypes.STRING(16), allowNull: true },
        lastCause: { type: DataTypes.INTEGER, allowNull: true },
        lastAttemptAt: { type: DataTypes.DATE, allowNull: true },
        channelId: { type: DataTypes.STRING(64), allowNull: true },
        endedAt: { type: DataTypes.DATE, allowNull: true },
        claimedBy: { type: DataTypes.STRING(64), allowNull: true },
        claimedUntil: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'notice_calls', underscored: true },
    );
  }
}
