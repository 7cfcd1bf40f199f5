import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional, ForeignKey } from 'sequelize';

export const APPEAL_STATUSES = [
  'new', 'assigned', 'in_progress', 'done', 'confirmed', 'returned', 'rejected', 'duplicate',
] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** `web`: the residents' public site (public-site/); `online`: appeals taken online elsewhere before it. */
export const CHANNELS = ['phone', 'online', 'open311', 'cctv', 'dispatcher', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Answers to a category's questions: one value, or several for a multi-choice question. */
export type AppealAttributes = Record<string, string | string[]>;

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
  /** The applicant's name as given with this appeal (the applicant's card may know another). */
  declare applicantName: CreationOptional<string | null>;
  /** The e-mail given with this appeal (Open311); personal data like the name. */
  declare applicantEmail: CreationOptional<string | null>;
  /** A photo of the problem (Open311 media_url), an http(s) address. */
  declare mediaUrl: CreationOptional<string | null>;
  /** The city address id the appeal was filed at (Open311 address_id: street id and building). */
  declare addressId: CreationOptional<string | null>;
  /** Answers to the category's questions, by question code. */
  declare attributes: CreationOptional<AppealAttributes | null>;
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
        applicantName: { type: DataTypes.STRING(255), allowNull: true },
        applicantEmail: { type: DataTypes.STRING(254), allowNull: true },
        mediaUrl: { type: DataTypes.STRING(2000), allowNull: true },
        addressId: { type: DataTypes.STRING(32), allowNull: true },
        // TEXT holding JSON rather than a JSON column: MariaDB returns JSON columns as strings.
        attributes: {
          type: DataTypes.TEXT,
          allowNull: true,
          get() {
            const raw = this.getDataValue('attributes') as unknown;
            return typeof raw === 'string' ? (JSON.parse(raw) as AppealAttributes) : (raw as AppealAttributes | null);
          },
          set(value: AppealAttributes | null) {
            this.setDataValue('attributes', (value == null ? null : JSON.stringify(value)) as unknown as AppealAttributes);
          },
        },
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
