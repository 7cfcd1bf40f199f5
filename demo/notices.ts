import type { Kontakt } from '../server/compose';
import { Applicant, Notice, NoticeSubscription, Street, User } from '../models';

const STREET = 'вулиця Шевченка';

/**
 * The demo's notices: residents subscribed on one street (and a few to the whole city) and a
 * notice about it awaiting the head's approval, so the head can approve it in «Оповіщення» and
 * watch the stand-in's residents being called. Made once; later runs keep what is there.
 */
export async function demoNotices(kontakt: Kontakt): Promise<string> {
  const street = await Street.findOne({ where: { name: STREET } });
  if (!street) return '';
  if (!(await NoticeSubscription.count())) {
    const phones = (await Applicant.findAll({ attributes: ['phone'], order: [['id', 'ASC']], limit: 15 })).map((a) => a.phone);
    for (const [i, phone] of phones.entries()) {
      await kontakt.notices.subscriptions.subscribe(i < 12
        ? { phone, streetId: street.id, building: i % 3 === 0 ? String(1 + i) : null, channel: i % 2 ? 'ivr' : 'console' }
        : { phone, channel: 'console' });
    }
  }
  if (!(await Notice.count())) {
    const head = await User.findOne({ where: { role: 'head' } });
    await kontakt.notices.service.compose({ userId: head?.id ?? null, role: 'head' }, {
      text: 'Увага! Завтра з 9:00 до 15:00 на вулиці Шевченка, будинки 1–20, не буде холодної води через планову заміну засувок. Довідки за номером 1551.',
      area: { streets: [{ name: STREET, buildings: '1–20' }] },
    });
  }
  const subscribed = await NoticeSubscription.count({ where: { unsubscribedAt: null } });
  return `  Оповіщення: ${subscribed} телефонів підписано (${STREET} і все місто); оповіщення чекає затвердження —\n` +
    '  увійдіть як начальник, «Оповіщення» → «Затвердити», і мешканців обдзвонять (у години дзвінків).\n';
}
