import { DataTypes, QueryInterface } from 'sequelize';

export const name = '014-public-site';

export async function up(qi: QueryInterface): Promise<void> {
  // An appeal filed on the residents' site: the hash of its private link (the link itself is
  // shown once to the resident and never stored) and the e-mail the resident may leave.
  await qi.createTable('web_appeals', {
    appeal_id: { type: DataTypes.INTEGER, primaryKey: true, allowNull: false, references: { model: 'appeals', key: 'id' } },
    token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    email: { type: DataTypes.STRING(254), allowNull: true },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });

  // Residents' photos, already resized and stripped of metadata. Kept in the database with the
  // appeal's other data (MEDIUMBLOB on MariaDB: a processed photo is a few hundred kilobytes).
  await qi.createTable('appeal_photos', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    appeal_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'appeals', key: 'id' } },
    content: { type: DataTypes.BLOB('medium'), allowNull: false },
    mime: { type: DataTypes.STRING(32), allowNull: false },
    width: { type: DataTypes.INTEGER, allowNull: false },
    height: { type: DataTypes.INTEGER, allowNull: false },
    bytes: { type: DataTypes.INTEGER, allowNull: false },
    source: { type: DataTypes.STRING(16), allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('appeal_photos', ['appeal_id'], { name: 'appeal_photos_appeal' });

  // Anti-spam challenges of the public forms that were used: each may be spent once, on any instance.
  await qi.createTable('public_form_nonces', {
    nonce: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    expires_at: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('public_form_nonces', ['expires_at'], { name: 'public_form_nonces_expiry' });
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.dropTable('public_form_nonces');
  await qi.dropTable('appeal_photos');
  await qi.dropTable('web_appeals');
}
