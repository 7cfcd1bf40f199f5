import { Op, WhereOptions } from 'sequelize';
import { Appeal, Category, Organization } from '../models';
import type { Channel } from '../models/appeal';
import type { PublishedAppeal } from './request-view';
import type { RequestFilters } from './request-filters';

/**
 * Only appeals filed through Open311 are published. Residents who called the hotline never agreed
 * to have their words shown to anyone with an Open311 client; those filing online did, as the spec
 * makes requests public.
 */
const PUBLISHED_CHANNELS: Channel[] = ['open311'];

/** The spec's cap on one answer. */
export const MAX_REQUESTS = 1000;

/**
 * Reads appeals for the public face. The domain's queries load and audit the applicant; this
 * projection never joins the applicant at all, so personal data cannot leak into it by accident.
 */
const ATTRIBUTES = [
  'id', 'number', 'status', 'categoryId', 'executorId', 'address', 'description', 'registeredAt',
  'deadlineAt', 'rejectionReason', 'latitude', 'longitude', 'updatedAt', 'mediaUrl', 'addressId',
] as const;

const INCLUDE = [
  { model: Category, as: 'category', attributes: ['code', 'name'] },
  { model: Organization, as: 'executor', attributes: ['name'] },
];

export async function findPublishedRequests(f: RequestFilters): Promise<PublishedAppeal[]> {
  const and: WhereOptions<Appeal>[] = [{ channel: { [Op.in]: PUBLISHED_CHANNELS } }];
  if (f.numbers) {
    // The spec: a list of ids overrides every other filter.
    and.push({ number: { [Op.in]: f.numbers } });
  } else {
    and.push({ registeredAt: { [Op.gte]: f.start } }, { registeredAt: { [Op.lte]: f.end } });
    if (f.statuses) and.push({ status: { [Op.in]: f.statuses } });
    if (f.serviceCodes) {
      const categories = await Category.findAll({ where: { code: { [Op.in]: f.serviceCodes } }, attributes: ['id'] });
      and.push({ categoryId: { [Op.in]: categories.map((c) => c.id) } });
    }
  }
  return (await Appeal.findAll({
    attributes: [...ATTRIBUTES],
    where: { [Op.and]: and },
    include: INCLUDE,
    order: [['registeredAt', 'DESC'], ['id', 'DESC']],
    limit: MAX_REQUESTS,
  })) as PublishedAppeal[];
}

export async function findPublishedRequest(number: string): Promise<PublishedAppeal | null> {
  return (await Appeal.findOne({
    attributes: [...ATTRIBUTES],
    where: { number, channel: { [Op.in]: PUBLISHED_CHANNELS } },
    include: INCLUDE,
  })) as PublishedAppeal | null;
}
