import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

/** A city camera (reference data kept by the admin). */
export class Camera extends Model<InferAttributes<Camera>, InferCreationAttributes<Camera>> {
  declare id: CreationOptional<number>;
  declare name: string;
  /** Where it looks; becomes the address of the appeals registered from it. */
  declare place: string;
  declare streamUrl: CreationOptional<string | null>;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Camera.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        name: { type: DataTypes.STRING(255), allowNull: false },
        place: { type: DataTypes.STRING(500), allowNull: false },
        streamUrl: { type: DataTypes.STRING(1000), allowNull: true },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'cameras', underscored: true },
    );
  }
}

export const INCIDENT_SOURCES = ['operator', 'analytics'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

/** Something seen on a camera; it is registered as an appeal with channel `cctv`. */
export class CctvIncident extends Model<InferAttributes<CctvIncident>, InferCreationAttributes<CctvIncident>> {
  declare id: CreationOptional<number>;
  declare cameraId: number;
  /** The category code. */
  declare type: string;
  declare description: string;
  declare seenAt: Date;
  declare snapshotUrl: CreationOptional<string | null>;
  declare appealId: CreationOptional<number | null>;
  declare source: IncidentSource;
  declare createdByUserId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    CctvIncident.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        cameraId: { type: DataTypes.INTEGER, allowNull: false },
        type: { type: DataTypes.STRING(64), allowNull: false },
        description: { type: DataTypes.TEXT, allowNull: false },
        seenAt: { type: DataTypes.DATE, allowNull: false },
        snapshotUrl: { type: DataTypes.STRING(1000), allowNull: true },
        appealId: { type: DataTypes.INTEGER, allowNull: true },
        source: { type: DataTypes.STRING(16), allowNull: false },
        createdByUserId: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'cctv_incidents', underscored: true },
    );
  }
}
