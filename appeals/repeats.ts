import { Op, Transaction } from 'sequelize';
import { Appeal } from '../models';

/** Addresses typed by different people differ in case, spaces and punctuation. */
export function addressKey(address: string): string {
  return address.toLocaleLowerCase('uk').replace(/[.,;:"'«»]/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The latest earlier appeal of the same applicant, category and address within the window
 * (art. 8 of the law: a repeat must be flagged, and whether the earlier one was resolved matters).
 */
export async function findEarlierAppeal(
  params: { applicantId: number; categoryId: number; address: string; since: Date },
  transaction: Transaction,
): Promise<Appeal | null> {
  const candidates = await Appeal.findAll({
    where: {
      applicantId: params.applicantId,
      categoryId: params.categoryId,
      registeredAt: { [Op.gte]: params.since },
      status: { [Op.ne]: 'duplicate' },
    },
    order: [['registeredAt', 'DESC']],
    limit: 20,
    transaction,
  });
  const key = addressKey(params.address);
  return candidates.find((a) => addressKey(a.address) === key) ?? null;
}
