import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

/** A registration made under an Idempotency-Key: who sent it, what, the appeal it made and the answer given. */
export class IdempotencyKey extends Model<InferAttributes<IdempotencyKey>, InferCreationAttributes<IdempotencyKey>> {
  declare id: CreationOptional<number>;
  declare scope: string;
  declare idemKey: string;
  declare requestHash: string;
  declare appealId: number | null;
  declare status: CreationOptional<number | null>;
  declare response: CreationOptional<string | null>;
  declare createdAt: Date;

  static initModel(sequelize: Sequelize): void {
    IdempotencyKey.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        scope: { type: DataTypes.STRING(64), allowNull: false },
        idemKey: { type: DataTypes.STRING(255), allowNull: false },
        requestHash: { type: DataTypes.STRING(64), allowNull: false },
        appealId: { type: DataTypes.INTEGER, allowNull: true },
        status: { type: DataTypes.INTEGER, allowNull: true },
        response: { type: DataTypes.TEXT, allowNull: true },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'idempotency_keys', underscored: true, timestamps: false },
    );
  }
}
