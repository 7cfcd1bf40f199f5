import { Op } from 'sequelize';
import { Outage } from '../models';

/** How far ahead a planned outage is announced. */
export const UPCOMING_WINDOW_MS = 24 * 3600_000;

/**
 * Outages the hotline announces: active now (started, not ended or no end known) and planned
 * ones starting within 24 hours; cancelled ones never. Emergencies first, then by start.
 */
export async function currentOutages(now: Date): Promise<Outage[]> {
  const rows = await Outage.findAll({
    where: {
      cancelledAt: null,
      startsAt: { [Op.lte]: new Date(now.getTime() + UPCOMING_WINDOW_MS) },
      [Op.or]: [{ endsAt: null }, { endsAt: { [Op.gt]: now } }],
    },
    order: [['startsAt', 'ASC'], ['id', 'ASC']],
    limit: 50,
  });
  return rows.sort((a, b) => Number(b.kind === 'emergency') - Number(a.kind === 'emergency'));
}
