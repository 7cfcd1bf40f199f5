import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

export const CALL_DISPOSITIONS = ['in_progress', 'ivr_only', 'answered', 'abandoned', 'failed', 'not_reached'] as const;
export type CallDisposition = (typeof CALL_DISPOSITIONS)[number];

/**
 * One call through the PBX. `uniqueid` is the ARI channel id, which is also the AMI Uniqueid,
 * so ARI (IVR) and AMI (queue) events join on it.
 */
export class Call extends Model<InferAttributes<Call>, InferCreationAttributes<Call>> {
  declare id: CreationOptional<number>;
  declare uniqueid: string;
  declare linkedid: string | null;
  declare direction: 'inbound' | 'outbound';
  declare purpose: CreationOptional<string | null>;
  declare callerNumber: string | null;
  declare calledNumber: string | null;
  declare applicantId: CreationOptional<number | null>;
  declare startedAt: Date;
  declare answeredAt: CreationOptional<Date | null>;
  declare endedAt: CreationOptional<Date | null>;
  /** Each menu and key, in order: [{menu:'main', key:'1'}, ...]. */
  declare ivrPath: CreationOptional<Array<Record<string, unknown>> | null>;
  declare queue: CreationOptional<string | null>;
  declare queueJoinedAt: CreationOptional<Date | null>;
  declare waitSeconds: CreationOptional<number | null>;
  declare agentInterface: CreationOptional<string | null>;
  declare dispatcherUserId: CreationOptional<number | null>;
  declare talkSeconds: CreationOptional<number | null>;
  declare disposition: CreationOptional<CallDisposition>;
  declare hangupCause: CreationOptional<number | null>;
  declare hangupCauseText: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Call.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        uniqueid: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        linkedid: { type: DataTypes.STRING(64), allowNull: true },
        direction: { type: DataTypes.STRING(10), allowNull: false },
        purpose: { type: DataTypes.STRING(32), allowNull: true },
        callerNumber: { type: DataTypes.STRING(32), allowNull: true },
        calledNumber: { type: DataTypes.STRING(32), allowNull: true },
        applicantId: { type: DataTypes.INTEGER, allowNull: true },
        startedAt: { type: DataTypes.DATE, allowNull: false },
        answeredAt: { type: DataTypes.DATE, allowNull: true },
        endedAt: { type: DataTypes.DATE, allowNull: true },
        ivrPath: { type: DataTypes.JSON, allowNull: true },
        queue: { type: DataTypes.STRING(64), allowNull: true },
        queueJoinedAt: { type: DataTypes.DATE, allowNull: true },
        waitSeconds: { type: DataTypes.INTEGER, allowNull: true },
        agentInterface: { type: DataTypes.STRING(128), allowNull: true },
        dispatcherUserId: { type: DataTypes.INTEGER, allowNull: true },
        talkSeconds: { type: DataTypes.INTEGER, allowNull: true },
        disposition: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'in_progress' },
        hangupCause: { type: DataTypes.INTEGER, allowNull: true },
        hangupCauseText: { type: DataTypes.STRING(64), allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'calls', underscored: true },
    );
  }
}
