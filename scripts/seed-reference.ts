import { Category, Organization, Street } from '../models';
import type { Logger } from '../core/logger';
import { organizations, categories, streets } from './seed-data';

/** Loads the executors, the classifier and the street list, adding only what is missing (by code or name). */
export async function seedReferenceData(): Promise<{ organizations: number; categories: number; streets: number }> {
  const existingOrgs = new Map((await Organization.findAll()).map((o) => [o.code, o]));
  let addedOrgs = 0;
  for (const o of organizations) {
    const existing = existingOrgs.get(o.code);
    // A database made before organizations had utilities gets them once (null = never set).
    if (existing && existing.getDataValue('utilities') == null && o.utilities?.length) await existing.update({ utilities: o.utilities });
    if (existing) continue;
    const created = await Organization.create({
      code: o.code, name: o.name, shortName: o.shortName, kind: o.kind, phone: o.phone, email: o.email, address: o.address,
      utilities: o.utilities ?? [],
    });
    existingOrgs.set(o.code, created);
    addedOrgs++;
  }
  const existingCats = new Set((await Category.findAll({ attributes: ['code'] })).map((c) => c.code));
  let addedCats = 0;
  for (const c of categories) {
    if (existingCats.has(c.code)) continue;
    await Category.create({
      code: c.code, name: c.name, groupName: c.group, deadlineClass: c.deadlineClass, emergency: c.emergency,
      defaultExecutorId: existingOrgs.get(c.executorCode)?.id ?? null,
    });
    addedCats++;
  }
  const existingStreets = new Set((await Street.findAll({ attributes: ['name'] })).map((s) => s.name));
  const newStreets = streets.filter((s) => !existingStreets.has(s.name));
  if (newStreets.length) await Street.bulkCreate(newStreets.map((s) => ({ name: s.name, type: s.type, buildings: s.buildings })));
  return { organizations: addedOrgs, categories: addedCats, streets: newStreets.length };
}

/** On a fresh database the hotline needs a classifier to work at all. */
export async function seedReferenceDataIfEmpty(logger: Logger): Promise<void> {
  // Streets came later than the classifier: a database made before them gets them too.
  if ((await Category.count()) > 0 && (await Street.count()) > 0) return;
  const added = await seedReferenceData();
  logger.info(added, 'reference data loaded into an empty database');
}
