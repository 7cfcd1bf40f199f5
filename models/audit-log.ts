import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

/** Who read whose personal data, when and from where (law "Про захист персональних даних"). */
export class AuditLog extends Model<InferAttributes<AuditLog>, InferCreationAttributes<AuditLog>> {
  declare id: CreationOptional<number>;
  declare userId: number | null;
  declare action: string;
  declare subjectType: string;
  declare subjectId: number;
  declare ip: string | null;
  declare context: string | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    AuditLog.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        userId: { type: DataTypes.INTEGER, allowNull: true },
        action: { type: DataTypes.STRING(32), allowNull: false },
        subjectType: { type: DataTypes.STRING(32), allowNull: false },
        subjectId: { type: DataTypes.INTEGER, allowNull: false },
        ip: { type: DataTypes.STRING(64), allowNull: true },
        context: { type: DataTypes.STRING(255), allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'audit_logs', underscored: true, updatedAt: false },
    );
  }
}
