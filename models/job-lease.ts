import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes } from 'sequelize';

/** Who runs a singleton scheduled job now, until when, and how its last run ended. */
export class JobLease extends Model<InferAttributes<JobLease>, InferCreationAttributes<JobLease>> {
  declare name: string;
  declare holder: string | null;
  declare expiresAt: Date | null;
  declare lastStartedAt: Date | null;
  declare lastFinishedAt: Date | null;
  declare lastError: string | null;

  static initModel(sequelize: Sequelize): void {
    JobLease.init(
      {
        name: { type: DataTypes.STRING(64), primaryKey: true },
        holder: { type: DataTypes.STRING(64), allowNull: true },
        expiresAt: { type: DataTypes.DATE, allowNull: true },
        lastStartedAt: { type: DataTypes.DATE, allowNull: true },
        lastFinishedAt: { type: DataTypes.DATE, allowNull: true },
        lastError: { type: DataTypes.STRING(500), allowNull: true },
      },
      { sequelize, tableName: 'job_leases', underscored: true, timestamps: false },
    );
  }
}
