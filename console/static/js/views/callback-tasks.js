/**
 * «Пропущені дзвінки — передзвонити»: callers who hung up in the queue (open callback tasks,
 * GET /api/callback-tasks, oldest first). A dispatcher calls back and closes the task with a
 * note; a new task arrives over the socket ('callback:created') and the list reloads.
 */
import { h, replace } from '../dom.js';
import { request, queryString } from '../api.js';
import { realtime } from '../socket.js';
import { fmtDateTime, fmtDuration, fmtPhone } from '../format.js';

/** @returns {{ element: HTMLElement, cleanup: () => void }} */
export function callbackTasksPanel() {
  const body = h('div', null, h('p', { class: 'muted' }, 'Завантаження…'));
  const count = h('span', { class: 'muted', role: 'status' });
  const element = h('section', { class: 'callback-tasks', 'aria-label': 'Пропущені дзвінки — передзвонити' },
    h('div', { class: 'page-head' }, h('h2', null, 'Пропущені дзвінки — передзвонити'), count), body);

  const load = async () => {
    try {
      const res = await request('GET', `/api/callback-tasks${queryString({ status: 'open', pageSize: 100 })}`);
      /** @type {any[]} */
      const list = res?.items ?? [];
      count.textContent = list.length ? `відкритих: ${res.total}` : '';
      replace(body, list.length ? table(list, load) : h('p', { class: 'muted' }, 'Усім передзвонили.'));
    } catch (err) {
      replace(body, h('p', { class: 'form-error', role: 'alert' }, `Список недоступний: ${/** @type {Error} */ (err).message}`));
    }
  };
  // The socket may (re)connect later: listen on whichever socket is current.
  const onCreated = () => load();
  /** @type {any} */
  let socket = null;
  const attach = () => {
    socket?.off?.('callback:created', onCreated);
    socket = realtime.socket;
    socket?.on?.('callback:created', onCreated);
  };
  attach();
  const offLink = realtime.on('link', attach);
  load();
  return {
    element,
    cleanup: () => {
      offLink();
      socket?.off?.('callback:created', onCreated);
    },
  };
}

/** @param {any[]} list @param {() => void} reload */
function table(list, reload) {
  return h('table', { class: 'calls' },
    h('thead', null, h('tr', null, ['Коли', 'Хто', 'Очікування', 'Примітка', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, list.map((t) => row(t, reload))));
}

/** @param {any} t @param {() => void} reload */
function row(t, reload) {
  const note = /** @type {HTMLInputElement} */ (h('input', { name: 'note', maxlength: 1000, placeholder: 'що вирішили', 'aria-label': `Примітка до дзвінка з ${fmtPhone(t.phone)}` }));
  const status = h('small', { role: 'status' });
  /** @param {'done' | 'cancelled'} outcome */
  const close = async (outcome) => {
    status.textContent = '';
    try {
      await request('POST', `/api/callback-tasks/${t.id}/close`, { outcome, note: note.value.trim() || null });
      reload();
    } catch (err) {
      status.textContent = /** @type {Error} */ (err).message;
    }
  };
  return h('tr', { class: 'missed' },
    h('td', null, fmtDateTime(t.calledAt ?? t.createdAt)),
    h('td', null, h('a', { href: `tel:${t.phone}` }, fmtPhone(t.phone)), t.applicant?.fullName ? h('br') : null, t.applicant?.fullName ?? null),
    h('td', null, fmtDuration(t.waitSeconds)),
    h('td', null, note, status),
    h('td', { class: 'call-actions' },
      h('a', { class: 'button small', href: `#/appeals/new?phone=${encodeURIComponent(t.phone)}` }, 'Зареєструвати'),
      h('button', { type: 'button', class: 'small', onclick: () => close('done') }, 'Передзвонили'),
      h('button', { type: 'button', class: 'small', onclick: () => close('cancelled') }, 'Не потрібно')));
}
