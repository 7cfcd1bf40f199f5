import { DataTypes, Model, Sequelize, InferAttributes, InferCreationAttributes, CreationOptional, ForeignKey } from 'sequelize';

export const DEADLINE_CLASSES = ['emergency', 'short', 'standard'] as const;
export type DeadlineClass = (typeof DEADLINE_CLASSES)[number];

/** An entry of the city's classifier: decides the default executor and the deadline class. */
export class Category extends Model<InferAttributes<Category>, InferCreationAttributes<Category>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare name: string;
  declare groupName: string;
  declare deadlineClass: DeadlineClass;
  declare emergency: boolean;
  declare defaultExecutorId: ForeignKey<number> | null;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Category.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        code: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        name: { type: DataTypes.STRING(255), allowNull: false },
        groupName: { type: DataTypes.STRING(255), allowNull: false },
        deadlineClass: { type: DataTypes.STRING(16), allowNull: false },
        emergency: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        defaultExecutorId: { type: DataTypes.INTEGER, allowNull: true },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'categories', underscored: true },
    );
  }
}
