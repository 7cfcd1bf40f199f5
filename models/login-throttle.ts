import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

/** Failed sign-ins of one login from one address, or from every address (`address` '*'). */
export class LoginThrottle extends Model<InferAttributes<LoginThrottle>, InferCreationAttributes<LoginThrottle>> {
  declare id: CreationOptional<number>;
  declare login: string;
  declare address: string;
  declare failures: number;
  declare lastFailureAt: Date;
  declare lockedUntil: Date | null;

  static initModel(sequelize: Sequelize): void {
    LoginThrottle.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        login: { type: DataTypes.STRING(64), allowNull: false },
        address: { type: DataTypes.STRING(64), allowNull: false },
        failures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        lastFailureAt: { type: DataTypes.DATE, allowNull: false },
        lockedUntil: { type: DataTypes.DATE, allowNull: true },
      },
      { sequelize, tableName: 'login_throttles', underscored: true, timestamps: false },
    );
  }
}
