import { Category, Organization } from '../models';
import type { Logger } from '../core/logger';
import { organizations, categories } from './seed-data';

/** Loads the executors and the classifier, adding only what is missing (by code). */
export async function seedReferenceData(): Promise<{ organizations: number; categories: number }> {
  const existingOrgs = new Map((await Organization.findAll()).map((o) => [o.code, o]));
  let addedOrgs = 0;
  for (const o of organizations) {
    if (existingOrgs.has(o.code)) continue;
    const created = await Organization.create({
      code: o.code, name: o.name, shortName: o.shortName, kind: o.kind, phone: o.phone, email: o.email, address: o.address,
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
  return { organizations: addedOrgs, categories: addedCats };
}

/** On a fresh database the hotline needs a classifier to work at all. */
export async function seedReferenceDataIfEmpty(logger: Logger): Promise<void> {
  if ((await Category.count()) > 0) return;
  const added = await seedReferenceData();
  logger.info(added, 'reference data loaded into an empty database');
}
