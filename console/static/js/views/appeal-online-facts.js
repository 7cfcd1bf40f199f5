/** What an appeal filed online carries beyond the usual facts: the contact as given, the photo, the answers. */
import { h } from '../dom.js';

/** Only http(s) links are made; anything else is shown as text. @param {string} url */
const safeHref = (url) => /^https?:\/\//i.test(url) ? url : null;

/**
 * Rows for the appeal's facts list (dt/dd pairs).
 * @param {any} a  the appeal as GET /api/appeals/:id returns it
 */
export function onlineFacts(a) {
  const c = a.contact;
  const rows = [];
  if (c && !a.applicant) rows.push(h('dt', null, 'Заявник'), h('dd', null, c.name || 'ім’я не вказано'));
  if (c?.nameOnCard) rows.push(h('dt', null, 'Ім’я в цьому зверненні'), h('dd', { class: 'given-name' }, `${c.name} (у картці заявника: ${c.nameOnCard})`));
  if (c?.email) rows.push(h('dt', null, 'E-mail'), h('dd', { class: 'email' }, c.email));
  if (c?.reachedOnline) {
    rows.push(h('dt', null, 'Телефон'), h('dd', { class: 'no-phone' }, 'немає — заявник стежить за станом онлайн за номером звернення; дзвінка контролю виконання не буде'));
  }
  if (a.mediaUrl) {
    const href = safeHref(a.mediaUrl);
    rows.push(h('dt', null, 'Фото'), h('dd', null, href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'media-url' }, 'відкрити фото') : a.mediaUrl));
  }
  for (const at of a.attributes ?? []) rows.push(h('dt', null, at.question), h('dd', { class: 'attribute' }, at.text));
  return rows;
}
