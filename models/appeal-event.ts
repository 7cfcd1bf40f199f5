import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional, ForeignKey } from 'sequelize';

/** One line of an appeal's history: every change, who made it, when, from what to what. */
export class AppealEvent extends Model<InferAttributes<AppealEvent>, InferCreationAttributes<AppealEvent>> {
  declare id: CreationOptional<number>;
  declare appealId: ForeignKey<number>;
  declare type: string;
  declare fromStatus: string | null;
  declare toStatus: string | null;
  declare userId: number | null;
  /** Who acted when no user did: 'ivr', 'verification', 'open311', ... */
  declare actor: string;
  declare comment: string | null;
  declare data: CreationOptional<Record<string, unknown> | null>;
  declare createdAt: Date;

  static initModel(sequelize: Sequelize): void {
    AppealEvent.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        appealId: { type: DataTypes.INTEGER, allowNull: false },
        type: { type: DataTypes.STRING(32), allowNull: false },
        fromStatus: { type: DataTypes.STRING(16), allowNull: true },
        toStatus: { type: DataTypes.STRING(16), allowNull: true },
        userId: { type: DataTypes.INTEGER, allowNull: true },
        actor: { type: DataTypes.STRING(64), allowNull: false },
        comment: { type: DataTypes.TEXT, allowNull: true },
        data: { type: DataTypes.JSON, allowNull: true },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'appeal_events', underscored: true, updatedAt: false },
    );
  }
}
