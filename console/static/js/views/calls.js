/** Recent and missed calls (GET /api/calls), with a way to register an appeal from one. */
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { fmtDateTime, fmtDuration, fmtPhone, DISPOSITIONS, ivrPathWords } from '../format.js';
import { session } from '../session.js';

let missedOnly = false;
session.onClear(() => {
  missedOnly = false;
});

/** @param {HTMLElement} root */
export function renderCalls(root) {
  const body = h('div', null, h('p', { class: 'muted' }, 'Завантаження…'));
  const toggle = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', checked: missedOnly }));
  replace(root, h('div', { class: 'page calls-page' },
    h('div', { class: 'page-head' }, h('h2', null, 'Дзвінки'), h('label', null, toggle, ' лише пропущені')), body));

  const load = async () => {
    try {
      const res = await api.calls(missedOnly ? { disposition: 'abandoned', pageSize: 50 } : { pageSize: 50 });
      /** @type {any[]} */
      let list = Array.isArray(res) ? res : res?.items ?? [];
      if (missedOnly) list = list.filter((c) => c.disposition === 'abandoned' || c.missed === true);
      replace(body, list.length ? table(list) : h('p', { class: 'muted' }, 'Дзвінків немає.'));
    } catch (err) {
      replace(body, h('p', { class: 'form-error', role: 'alert' }, `Журнал дзвінків недоступний: ${/** @type {Error} */ (err).message}`));
    }
  };
  toggle.addEventListener('change', () => {
    missedOnly = toggle.checked;
    load();
  });
  load();
}

/** @param {any[]} list */
function table(list) {
  return h('table', { class: 'calls' },
    h('thead', null, h('tr', null, ['Коли', 'Хто', 'Голосове меню', 'Очікування', 'Результат', 'Звернення', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, list.map((c) => h('tr', { class: c.disposition === 'abandoned' ? 'missed' : '' },
      h('td', { class: 'when' }, fmtDateTime(c.startedAt)),
      h('td', { class: 'who' }, h('span', { class: 'phone' }, fmtPhone(c.callerNumber)), c.applicant?.fullName ? h('br') : null, c.applicant?.fullName ?? null),
      h('td', { class: 'ivr', 'data-label': 'Меню' }, ivrPathWords(c.ivrPath).join('; ') || '—'),
      h('td', { class: 'wait', 'data-label': 'Очікування' }, fmtDuration(c.waitSeconds)),
      h('td', { class: 'disposition', 'data-label': 'Результат' }, DISPOSITIONS[c.disposition] ?? 'невідомо'),
      h('td', { class: 'linked' }, (c.appeals ?? []).map((/** @type {any} */ a) => h('a', { href: `#/appeals/${a.id}`, class: 'chip' }, a.number))),
      h('td', { class: 'call-actions' },
        h('a', { class: 'button small', href: `#/appeals/new?${c.callerNumber ? `phone=${encodeURIComponent(c.callerNumber)}&` : ''}call=${encodeURIComponent(c.uniqueid)}` }, 'Зареєструвати'),
        linkForm(c))))));
}

/** Links a call to an existing appeal by the appeal's number. @param {any} c */
function linkForm(c) {
  const input = /** @type {HTMLInputElement} */ (h('input', { name: 'appealNumber', placeholder: '2026-000123', size: 11, 'aria-label': 'Номер звернення для прив’язки дзвінка' }));
  const status = h('small', { role: 'status' });
  const form = h('form', { class: 'link-call' }, input, h('button', { type: 'submit', class: 'small' }, 'Прив’язати'), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    status.textContent = '';
    try {
      const appeal = await api.appeal(input.value.trim());
      await api.linkCall(c.id, appeal.id);
      status.textContent = `прив’язано до ${appeal.number}`;
    } catch (err) {
      status.textContent = /** @type {Error} */ (err).message;
    }
  });
  return form;
}
