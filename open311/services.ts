import { Category } from '../models';
import { Open311Error } from './errors';

/**
 * GeoReport services are the city's classifier: service_code is the category's code. No category
 * asks extra questions yet, so metadata is false and a definition has an empty attribute list.
 */
export function serviceView(c: Category) {
  return {
    service_code: c.code,
    service_name: c.name,
    description: c.emergency ? `${c.name}. Аварійна ситуація: передається виконавцю негайно.` : c.name,
    metadata: false,
    type: 'realtime',
    keywords: [c.groupName, c.emergency ? 'аварія' : null].filter(Boolean).join(','),
    group: c.groupName,
  };
}

export function serviceDefinitionView(c: Category) {
  return { service_code: c.code, attributes: [] };
}

export async function activeCategories(): Promise<Category[]> {
  return Category.findAll({ where: { active: true }, order: [['groupName', 'ASC'], ['name', 'ASC']] });
}

export async function activeCategory(code: string): Promise<Category> {
  const category = await Category.findOne({ where: { code, active: true } });
  if (!category) throw new Open311Error(404, `Послуги з кодом «${code.slice(0, 64)}» немає`);
  return category;
}
