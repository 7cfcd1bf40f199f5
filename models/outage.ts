import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

export const UTILITIES = ['cold_water', 'hot_water', 'heating', 'electricity', 'gas', 'other'] as const;
export type Utility = (typeof UTILITIES)[number];

/** Where an outage is, as entered: the whole city, or streets with optional buildings. */
export type AreaSpec =
  | { wholeCity: true }
  | { streets: { name: string; buildings?: string | string[] }[] };

/** A planned or emergency cut-off of a utility in an area of the city. Active/upcoming derive from time. */
export class Outage extends Model<InferAttributes<Outage>, InferCreationAttributes<Outage>> {
  declare id: CreationOptional<number>;
  declare utility: Utility;
  declare kind: 'planned' | 'emergency';
  /** As a person says it: 'вулиця Шевченка, будинки 1–15' or 'усе місто'. */
  declare area: string;
  declare startsAt: Date;
  /** Null while the time of restoration is unknown. */
  declare endsAt: Date | null;
  declare reason: string | null;
  declare executorId: number | null;
  declare cancelledAt: CreationOptional<Date | null>;
  /** The area as entered (see outages/outage-area.ts); null for rows made before it existed. */
  declare areaSpec: CreationOptional<AreaSpec | null>;
  /** Where residents learn more: a phone of the service, not a person's. */
  declare contact: CreationOptional<string | null>;
  declare cancelReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Outage.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        utility: { type: DataTypes.STRING(16), allowNull: false },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        area: { type: DataTypes.STRING(1000), allowNull: false },
        startsAt: { type: DataTypes.DATE, allowNull: false },
        endsAt: { type: DataTypes.DATE, allowNull: true },
        reason: { type: DataTypes.STRING(1000), allowNull: true },
        executorId: { type: DataTypes.INTEGER, allowNull: true },
        cancelledAt: { type: DataTypes.DATE, allowNull: true },
        // TEXT holding JSON rather than a JSON column: MariaDB returns JSON columns as strings.
        areaSpec: {
          type: DataTypes.TEXT,
          allowNull: true,
          get() {
            const raw = this.getDataValue('areaSpec') as unknown;
            return typeof raw === 'string' ? (JSON.parse(raw) as AreaSpec) : (raw as AreaSpec | null);
          },
          set(value: AreaSpec | null) {
            this.setDataValue('areaSpec', (value == null ? null : JSON.stringify(value)) as unknown as AreaSpec);
          },
        },
        contact: { type: DataTypes.STRING(255), allowNull: true },
        cancelReason: { type: DataTypes.STRING(1000), allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'outages', underscored: true },
    );
  }
}
