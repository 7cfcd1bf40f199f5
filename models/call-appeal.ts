import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

/** Links a call to the appeals it concerns: the one it registered, asked about, or verified. */
export class CallAppeal extends Model<InferAttributes<CallAppeal>, InferCreationAttributes<CallAppeal>> {
  declare callId: number;
  declare appealId: number;
  declare relation: 'registered' | 'status_inquiry' | 'verification' | 'linked';
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    CallAppeal.init(
      {
        callId: { type: DataTypes.INTEGER, primaryKey: true },
        appealId: { type: DataTypes.INTEGER, primaryKey: true },
        relation: { type: DataTypes.STRING(16), allowNull: false },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'call_appeals', underscored: true, updatedAt: false },
    );
  }
}
