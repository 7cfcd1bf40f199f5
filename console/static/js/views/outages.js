/** The cut-offs: from the outages API when the server has one, otherwise what the pops showed. */
import { h, replace } from '../dom.js';
import { api, ApiError } from '../api.js';
import { pops } from '../pops.js';
import { fmtDateTime, UTILITY_NAMES } from '../format.js';

/** @param {HTMLElement} root */
export async function renderOutages(root) {
  const body = h('div', null, h('p', { class: 'muted' }, 'Завантаження…'));
  replace(root, h('div', { class: 'page outages-page' }, h('h2', null, 'Відключення'), body));
  try {
    const res = await api.outages();
    const list = Array.isArray(res) ? res : res?.items ?? [];
    replace(body, list.length ? table(list) : h('p', { class: 'muted' }, 'Діючих і запланованих відключень немає.'));
  } catch (err) {
    const seen = [...pops.outagesSeen.values()];
    const missing = err instanceof ApiError && err.status === 404;
    replace(body,
      h('p', { class: 'notice', role: 'status' }, missing
        ? 'Перелік відключень з’явиться разом із модулем відключень. Поки що тут видно відключення, про які повідомили картки дзвінків за цей сеанс.'
        : `Не вдалося завантажити відключення: ${/** @type {Error} */ (err).message}`),
      seen.length ? table(seen) : h('p', { class: 'muted' }, 'Картки дзвінків ще не повідомляли про відключення.'));
  }
}

/** @param {any[]} list */
function table(list) {
  return h('table', { class: 'outages' },
    h('thead', null, h('tr', null, ['Що', 'Вид', 'Де', 'Початок', 'Кінець', 'Причина'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, list.map((o) => h('tr', { class: o.kind === 'emergency' ? 'emergency' : '' },
      h('td', null, UTILITY_NAMES[o.utility] ?? o.utility),
      h('td', null, o.kind === 'emergency' ? 'аварійне' : 'планове'),
      h('td', null, o.area ?? ''),
      h('td', null, fmtDateTime(o.startsAt)),
      h('td', null, o.endsAt ? fmtDateTime(o.endsAt) : 'невідомо'),
      h('td', null, o.reason ?? '')))));
}
