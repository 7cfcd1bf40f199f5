import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional } from 'sequelize';

/** A resident, known by one phone number in E.164. Name, phone and address are personal data. */
export class Applicant extends Model<InferAttributes<Applicant>, InferCreationAttributes<Applicant>> {
  declare id: CreationOptional<number>;
  declare phone: string;
  declare fullName: string | null;
  declare address: string | null;
  declare consentToCalls: CreationOptional<boolean>;
  declare doNotCall: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Applicant.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        phone: { type: DataTypes.STRING(20), allowNull: false, unique: true },
        fullName: { type: DataTypes.STRING(255), allowNull: true },
        address: { type: DataTypes.STRING(500), allowNull: true },
        consentToCalls: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        doNotCall: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'applicants', underscored: true },
    );
  }
}
