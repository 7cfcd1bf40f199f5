import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional, ForeignKey } from 'sequelize';

export const APPEAL_STATUSES = [
  'new', 'assigned', 'in_progress', 'done', 'confirmed', 'returned', 'rejected', 'duplicate',
] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export const CHANNELS = ['phone', 'online', 'open311', 'cctv', 'dispatcher'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A resident's appeal (звернення). Rules for it live in the appeals domain, not here. */
export class Appeal extends Model<InferAttributes<Appeal>, InferCreationAttributes<Appeal>> {
  declare id: CreationOptional<number>;
  /** Readable on the phone, unique: 2026-000123. */
  declare number: string;
  declare channel: Channel;
  declare status: AppealStatus;
  declare applicantId: ForeignKey<number> | null;
  declare categoryId: ForeignKey<number>;
  declare executorId: ForeignKey<number> | null;
  declare address: string;
  declare description: string;
  declare emergency: boolean;
  declare registeredAt: Date;
  declare deadlineAt: Date;
  /** The deadline first set; extensions are measured from registration, never past 45 days. */
  declare originalDeadlineAt: Date;
  declare repeated: CreationOptional<boolean>;
  declare repeatOfId: CreationOptional<number | null>;
  /** The earlier appeal was confirmed resolved on the merits (art. 8). */
  declare repeatOfResolved: CreationOptional<boolean>;
  declare duplicateOfId: CreationOptional<number | null>;
  declare rejectionReason: CreationOptional<string | null>;
  declare result: CreationOptional<string | null>;
  declare createdByUserId: CreationOptional<number | null>;
  declare sourceCallId: CreationOptional<number | null>;
  /** WGS-84 point of the problem when the channel gives one (Open311); null otherwise. */
  declare latitude: CreationOptional<number | null>;
  declare longitude: CreationOptional<number | null>;
  declare doneAt: CreationOptional<Date | null>;
  declare closedAt: CreationOptional<Date | null>;
  /** The first moment the deadline watch saw it overdue; kept after closing (executors' records count it). */
  declare overdueAt: CreationOptional<Date | null>;
  /** Grows with every move and extension; a move made from an older version is refused. */
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Appeal.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        number: { type: DataTypes.STRING(16), allowNull: false, unique: true },
        channel: { type: DataTypes.STRING(16), allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false },
        applicantId: { type: DataTypes.INTEGER, allowNull: true },
        categoryId: { type: DataTypes.INTEGER, allowNull: false },
        executorId: { type: DataTypes.INTEGER, allowNull: true },
        address: { type: DataTypes.STRING(500), allowNull: false },
        description: { type: DataTypes.TEXT, allowNull: false },
        emergency: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        registeredAt: { type: DataTypes.DATE, allowNull: false },
        deadlineAt: { type: DataTypes.DATE, allowNull: false },
        originalDeadlineAt: { type: DataTypes.DATE, allowNull: false },
        repeated: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        repeatOfId: { type: DataTypes.INTEGER, allowNull: true },
        repeatOfResolved: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        duplicateOfId: { type: DataTypes.INTEGER, allowNull: true },
        rejectionReason: { type: DataTypes.STRING(1000), allowNull: true },
        result: { type: DataTypes.TEXT, allowNull: true },
        createdByUserId: { type: DataTypes.INTEGER, allowNull: true },
        sourceCallId: { type: DataTypes.INTEGER, allowNull: true },
        latitude: { type: DataTypes.DOUBLE, allowNull: true },
        longitude: { type: DataTypes.DOUBLE, allowNull: true },
        doneAt: { type: DataTypes.DATE, allowNull: true },
        closedAt: { type: DataTypes.DATE, allowNull: true },
        overdueAt: { type: DataTypes.DATE, allowNull: true },
        version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'appeals', underscored: true },
    );
  }
}
