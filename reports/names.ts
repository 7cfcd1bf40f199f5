import { Op } from 'sequelize';
import { Category, Organization, User } from '../models';
import type { Names } from './figures';

/** The names behind the ids the aggregates return: a handful of rows, never the appeals themselves. */
export async function loadNames(ids: { categories: number[]; organizations: number[]; users: number[] }): Promise<Names> {
  const uniq = (xs: number[]) => [...new Set(xs)];
  const [categories, organizations, users] = await Promise.all([
    ids.categories.length ? Category.findAll({ where: { id: { [Op.in]: uniq(ids.categories) } }, attributes: ['id', 'name'] }) : [],
    ids.organizations.length ? Organization.findAll({ where: { id: { [Op.in]: uniq(ids.organizations) } }, attributes: ['id', 'shortName'] }) : [],
    // Only the name: a report carries no logins, phones or other personal details of staff.
    ids.users.length ? User.findAll({ where: { id: { [Op.in]: uniq(ids.users) } }, attributes: ['id', 'fullName'] }) : [],
  ]);
  return {
    categories: new Map(categories.map((c) => [c.id, c.name])),
    organizations: new Map(organizations.map((o) => [o.id, o.shortName])),
    users: new Map(users.map((u) => [u.id, u.fullName])),
  };
}
