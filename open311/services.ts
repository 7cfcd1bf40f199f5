import crypto from 'node:crypto';
import { Category } from '../models';
import { questionsOf, type CategoryQuestion } from '../appeals/category-questions';
import { Open311Error } from './errors';

/**
 * GeoReport services are the city's classifier: service_code is the category's code. A category
 * that asks questions (the lift's entrance, the kind of street light) has metadata true and its
 * questions as the definition's attributes.
 */
export function serviceView(c: Category) {
  return {
    service_code: c.code,
    service_name: c.name,
    description: c.emergency ? `${c.name}. Аварійна ситуація: передається виконавцю негайно.` : c.name,
    metadata: questionsOf(c.code).length > 0,
    type: 'realtime',
    keywords: [c.groupName, c.emergency ? 'аварія' : null].filter(Boolean).join(','),
    group: c.groupName,
  };
}

/** One attribute with every field of the spec's definition, in the spec's order. */
function attributeView(q: CategoryQuestion, index: number) {
  return {
    variable: true,
    code: q.code,
    datatype: q.datatype,
    required: q.required,
    datatype_description: q.datatypeDescription,
    order: index + 1,
    description: q.description,
    values: (q.values ?? []).map((v) => ({ key: v.key, name: v.name })),
  };
}

export function serviceDefinitionView(c: Category) {
  return { service_code: c.code, attributes: questionsOf(c.code).map(attributeView) };
}

export async function activeCategories(): Promise<Category[]> {
  return Category.findAll({ where: { active: true }, order: [['groupName', 'ASC'], ['name', 'ASC']] });
}

/** The active category of a service_code, or the spec's 404 for an unknown or retired one. */
export async function activeCategory(code: string): Promise<Category> {
  const category = await Category.findOne({ where: { code, active: true } });
  if (!category) throw new Open311Error(404, `Послуги з кодом «${code.slice(0, 64)}» немає (service_code not found)`);
  return category;
}

/**
 * Discovery's changeset: when the service list last changed. The second is the latest change of
 * any category (added, renamed, retired) or of this code (`codeChangedAt`: the endpoint's
 * behaviour), whichever is later; the milliseconds are a digest of the list itself (codes, names,
 * groups, questions), so a change within the same second (MariaDB keeps whole seconds) still
 * shows, while a later second still sorts later.
 */
export async function servicesChangedAt(codeChangedAt: Date): Promise<Date> {
  const latest = await Category.findOne({ attributes: ['updatedAt'], order: [['updatedAt', 'DESC']] });
  const at = latest?.updatedAt ? new Date(latest.updatedAt) : null;
  const second = Math.floor(Math.max(at?.getTime() ?? 0, codeChangedAt.getTime()) / 1000) * 1000;
  const list = (await activeCategories()).map((c) => [serviceView(c), serviceDefinitionView(c)]);
  const digest = crypto.createHash('sha256').update(JSON.stringify(list)).digest().readUInt32BE(0);
  return new Date(second + (digest % 1000));
}
