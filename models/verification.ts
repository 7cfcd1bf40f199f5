import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional, ForeignKey } from 'sequelize';

/**
 * scheduled → calling → confirmed (key 1) | returned (key 2) | disputed (key 0, sent to a
 * dispatcher) | scheduled again (not reached, attempts left) | not_reached (the dispatchers'
 * list); dropped when the appeal left 'done' meanwhile; resolved_by_hand when a dispatcher who
 * called the resident recorded the answer; online when the resident filed online (Open311) with
 * no phone or no consent to calls, follows the appeal by its number and is not called at all.
 */
export const VERIFICATION_STATUSES = ['scheduled', 'calling', 'confirmed', 'returned', 'disputed', 'not_reached', 'dropped', 'resolved_by_hand', 'online'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** What one attempt came to. */
export const ATTEMPT_RESULTS = ['answered', 'no_answer', 'busy', 'rejected', 'failed', 'no_key', 'hung_up', 'unknown'] as const;
export type AttemptResult = (typeof ATTEMPT_RESULTS)[number];

/** A callback to a resident to confirm that the work on an appeal was done (контроль виконання). */
export class Verification extends Model<InferAttributes<Verification>, InferCreationAttributes<Verification>> {
  declare id: CreationOptional<number>;
  declare appealId: ForeignKey<number>;
  declare completedAt: Date;
  declare status: VerificationStatus;
  declare dueAt: Date;
  declare attempts: CreationOptional<number>;
  declare lastResult: CreationOptional<AttemptResult | null>;
  declare lastCause: CreationOptional<number | null>;
  declare lastAttemptAt: CreationOptional<Date | null>;
  declare reason: CreationOptional<string | null>;
  declare channelId: CreationOptional<string | null>;
  declare resolvedByUserId: CreationOptional<number | null>;
  declare endedAt: CreationOptional<Date | null>;
  declare claimedBy: CreationOptional<string | null>;
  declare claimedUntil: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Verification.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        appealId: { type: DataTypes.INTEGER, allowNull: false },
        completedAt: { type: DataTypes.DATE, allowNull: false },
        status: { type: DataTypes.STRING(20), allowNull: false },
        dueAt: { type: DataTypes.DATE, allowNull: false },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        lastResult: { type: DataTypes.STRING(16), allowNull: true },
        lastCause: { type: DataTypes.INTEGER, allowNull: true },
        lastAttemptAt: { type: DataTypes.DATE, allowNull: true },
        reason: { type: DataTypes.STRING(32), allowNull: true },
        channelId: { type: DataTypes.STRING(64), allowNull: true },
        resolvedByUserId: { type: DataTypes.INTEGER, allowNull: true },
        endedAt: { type: DataTypes.DATE, allowNull: true },
        claimedBy: { type: DataTypes.STRING(64), allowNull: true },
        claimedUntil: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'verifications', underscored: true },
    );
  }
}
