import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes } from 'sequelize';

/** A secret the server generated for itself (TOKEN_SECRET when the environment has none). */
export class ServerSecret extends Model<InferAttributes<ServerSecret>, InferCreationAttributes<ServerSecret>> {
  declare name: string;
  declare value: string;
  declare createdAt: Date;

  static initModel(sequelize: Sequelize): void {
    ServerSecret.init(
      {
        name: { type: DataTypes.STRING(64), primaryKey: true },
        value: { type: DataTypes.STRING(255), allowNull: false },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'server_secrets', underscored: true, timestamps: false },
    );
  }
}
