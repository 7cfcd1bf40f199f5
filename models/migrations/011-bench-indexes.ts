import { QueryInterface } from 'sequelize';

export const name = '011-bench-indexes';

/**
 * The screen-pop reads an applicant's five latest appeals on every call. With a million appeals
 * the table is far larger than the database's cache, and reading each row by its primary key
 * after the (applicant_id, registered_at) index costs a random read per row. This index carries
 * every column the pop reads, in the pop's order (id explicitly after registered_at, so
 * `ORDER BY registered_at DESC, id DESC` is still the index order): the query reads the index only.
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.addIndex('appeals', ['applicant_id', 'registered_at', 'id', 'number', 'status', 'deadline_at', 'repeated', 'category_id', 'executor_id'], { name: 'appeals_applicant_pop' });
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.removeIndex('appeals', 'appeals_applicant_pop');
}
