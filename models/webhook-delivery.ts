import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One webhook to an organization: what was sent, how many attempts, how it ended. */
export class WebhookDelivery extends Model<InferAttributes<WebhookDelivery>, InferCreationAttributes<WebhookDelivery>> {
  declare id: CreationOptional<number>;
  declare organizationId: number;
  declare event: string;
  declare appealId: number | null;
  /** The exact JSON body sent (and signed). */
  declare payload: string;
  declare attempt: CreationOptional<number>;
  declare status: CreationOptional<DeliveryStatus>;
  declare responseStatus: CreationOptional<number | null>;
  declare error: CreationOptional<string | null>;
  /** When a pending delivery is next due; while an attempt runs, the end of its lease. */
  declare nextAttemptAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    WebhookDelivery.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        organizationId: { type: DataTypes.INTEGER, allowNull: false },
        event: { type: DataTypes.STRING(32), allowNull: false },
        appealId: { type: DataTypes.INTEGER, allowNull: true },
        payload: { type: DataTypes.TEXT, allowNull: false },
        attempt: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
        responseStatus: { type: DataTypes.INTEGER, allowNull: true },
        error: { type: DataTypes.STRING(500), allowNull: true },
        nextAttemptAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'webhook_deliveries', underscored: true },
    );
  }
}
