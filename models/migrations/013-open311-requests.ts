import { DataTypes, QueryInterface } from 'sequelize';

export const name = '013-open311-requests';

/**
 * What an appeal keeps as it was filed: the applicant's name and e-mail as given with this appeal
 * (an applicant found by phone may have been known under another name, and an Open311 resident may
 * give no phone at all), the photo's address, the city address id the client chose, and the answers
 * to the category's questions (JSON in TEXT: MariaDB returns JSON columns as strings).
 * All nullable, so adding them is instant on a large table.
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.addColumn('appeals', 'applicant_name', { type: DataTypes.STRING(255), allowNull: true });
  await qi.addColumn('appeals', 'applicant_email', { type: DataTypes.STRING(254), allowNull: true });
  await qi.addColumn('appeals', 'media_url', { type: DataTypes.STRING(2000), allowNull: true });
  await qi.addColumn('appeals', 'address_id', { type: DataTypes.STRING(32), allowNull: true });
  await qi.addColumn('appeals', 'attributes', { type: DataTypes.TEXT, allowNull: true });
}

export async function down(qi: QueryInterface): Promise<void> {
  for (const column of ['attributes', 'address_id', 'media_url', 'applicant_email', 'applicant_name']) {
    await qi.removeColumn('appeals', column);
  }
}
