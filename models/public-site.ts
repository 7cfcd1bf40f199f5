import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

/** An appeal filed on the residents' site: the SHA-256 of its private link's token, and an optional e-mail. */
export class WebAppeal extends Model<InferAttributes<WebAppeal>, InferCreationAttributes<WebAppeal>> {
  declare appealId: number;
  declare tokenHash: string;
  /** Personal data, like the applicant's phone: staff only. */
  declare email: string | null;
  declare createdAt: Date;

  static initModel(sequelize: Sequelize): void {
    WebAppeal.init(
      {
        appealId: { type: DataTypes.INTEGER, primaryKey: true },
        tokenHash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        email: { type: DataTypes.STRING(254), allowNull: true },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'web_appeals', underscored: true, timestamps: false },
    );
  }
}

export const PHOTO_SOURCES = ['filing', 'follow_up'] as const;
export type PhotoSource = (typeof PHOTO_SOURCES)[number];

/** A resident's photo of an appeal, resized and without metadata (see public-site/photos.ts). */
export class AppealPhoto extends Model<InferAttributes<AppealPhoto>, InferCreationAttributes<AppealPhoto>> {
  declare id: CreationOptional<number>;
  declare appealId: number;
  declare content: Buffer;
  declare mime: string;
  declare width: number;
  declare height: number;
  declare bytes: number;
  declare source: PhotoSource;
  declare createdAt: Date;

  static initModel(sequelize: Sequelize): void {
    AppealPhoto.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        appealId: { type: DataTypes.INTEGER, allowNull: false },
        content: { type: DataTypes.BLOB('medium'), allowNull: false },
        mime: { type: DataTypes.STRING(32), allowNull: false },
        width: { type: DataTypes.INTEGER, allowNull: false },
        height: { type: DataTypes.INTEGER, allowNull: false },
        bytes: { type: DataTypes.INTEGER, allowNull: false },
        source: { type: DataTypes.STRING(16), allowNull: false },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'appeal_photos', underscored: true, timestamps: false },
    );
  }
}

/** A spent anti-spam challenge of a public form (unique, so it is spent once across instances). */
export class PublicFormNonce extends Model<InferAttributes<PublicFormNonce>, InferCreationAttributes<PublicFormNonce>> {
  declare nonce: string;
  declare expiresAt: Date;

  static initModel(sequelize: Sequelize): void {
    PublicFormNonce.init(
      {
        nonce: { type: DataTypes.STRING(64), primaryKey: true },
        expiresAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'public_form_nonces', underscored: true, timestamps: false },
    );
  }
}
