/**
 * «Контроль виконання: не вдалося додзвонитися»: verification callbacks that reached nobody or
 * where the resident asked for a dispatcher (GET /api/verifications, oldest first). A dispatcher
 * calls the resident and records the answer: confirmed or not done (back to the executor).
 */
import { h, replace } from '../dom.js';
import { request, queryString } from '../api.js';
import { realtime } from '../socket.js';
import { fmtDateTime, fmtPhone } from '../format.js';

/** @returns {{ element: HTMLElement, cleanup: () => void }} */
export function verificationsPanel() {
  const body = h('div', null, h('p', { class: 'muted' }, 'Завантаження…'));
  const count = h('span', { class: 'muted', role: 'status' });
  const element = h('section', { class: 'verifications', 'aria-label': 'Контроль виконання: не вдалося додзвонитися' },
    h('div', { class: 'page-head' }, h('h2', null, 'Контроль виконання: не вдалося додзвонитися'), count), body);

  const load = async () => {
    try {
      const res = await request('GET', `/api/verifications${queryString({ status: 'not_reached,disputed', pageSize: 100 })}`);
      /** @type {any[]} */
      const list = res?.items ?? [];
      count.textContent = list.length ? `очікують: ${res.total}` : '';
      replace(body, list.length ? table(list, load) : h('p', { class: 'muted' }, 'Усіх заявників опитано.'));
    } catch (err) {
      replace(body, h('p', { class: 'form-error', role: 'alert' }, `Список недоступний: ${/** @type {Error} */ (err).message}`));
    }
  };
  // An appeal confirmed or returned anywhere may take an entry off the list.
  const off = realtime.on('appeal:changed', () => load());
  load();
  return {
    element,
    cleanup: off,
  };
}

/** @param {any[]} list @param {() => void} reload */
function table(list, reload) {
  return h('table', { class: 'calls' },
    h('thead', null, h('tr', null, ['Звернення', 'Заявник', 'Спроби', 'Чому', 'Відповідь заявника', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, list.map((v) => row(v, reload))));
}

/** @param {any} v @param {() => void} reload */
function row(v, reload) {
  const comment = /** @type {HTMLInputElement} */ (h('input', { name: 'comment', maxlength: 1000, placeholder: 'що сказав заявник', 'aria-label': `Відповідь заявника щодо звернення ${v.appeal?.number ?? ''}` }));
  const status = h('small', { role: 'status' });
  /** @param {'confirmed' | 'returned'} result */
  const resolve = async (result) => {
    status.textContent = '';
    try {
      await request('POST', `/api/verifications/${v.id}/resolve`, { result, ...(comment.value.trim() ? { comment: comment.value.trim() } : {}) });
      reload();
    } catch (err) {
      status.textContent = /** @type {Error} */ (err).message;
    }
  };
  const why = v.status === 'disputed' ? v.statusName : (v.reasonName ?? v.statusName);
  const last = v.lastResultName ? `${v.lastResultName}${v.lastAttemptAt ? `, ${fmtDateTime(v.lastAttemptAt)}` : ''}` : '—';
  return h('tr', null,
    h('td', null, v.appeal ? h('a', { href: `#/appeals/${encodeURIComponent(v.appeal.number)}` }, v.appeal.number) : '—', h('br'), h('small', null, v.appeal?.category ?? '')),
    h('td', null, v.applicant?.phone ? h('a', { href: `tel:${v.applicant.phone}` }, fmtPhone(v.applicant.phone)) : h('span', { class: 'muted' }, 'немає телефону'),
      v.applicant?.fullName ? h('br') : null, v.applicant?.fullName ?? null),
    h('td', null, String(v.attempts), h('br'), h('small', null, last)),
    h('td', null, why),
    h('td', null, comment, status),
    h('td', { class: 'call-actions' },
      h('button', { type: 'button', class: 'small', onclick: () => resolve('confirmed') }, 'Виконано'),
      h('button', { type: 'button', class: 'small', onclick: () => resolve('returned') }, 'Не виконано')));
}
