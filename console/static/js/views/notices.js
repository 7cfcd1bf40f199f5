/**
 * «Оповіщення»: notices called out to the residents subscribed in an area. Dispatchers and the head
 * compose them (or prefill one from an outage) and check how the TTS will say them; the head
 * approves (an urgent one may be allowed to call outside the calling hours) or rejects; anyone of
 * them stops and resumes; progress arrives live over Socket.IO ('notice:progress'); the report
 * opens as CSV or HTML. Below: a phone's subscriptions, to subscribe or unsubscribe on request.
 * Also the pop card's one-click «Підписати на оповіщення» (subscribeButton).
 */
import { h, replace, field, option } from '../dom.js';
import { request, queryString, api } from '../api.js';
import { showErrors, clearErrors } from '../errors.js';
import { realtime } from '../socket.js';
import { session } from '../session.js';
import { fmtDateTime, fmtPhone, UTILITY_NAMES } from '../format.js';

const PROGRESS = /** @type {Array<[string, string]>} */ ([
  ['queued', 'до дзвінка'], ['calling', 'дзвінок триває'], ['listened', 'прослухали до кінця'], ['hung_up', 'поклали слухавку раніше'],
  ['unanswered', 'не відповіли'], ['failed', 'збій'], ['unsubscribed', 'відписалися'],
]);

/** @param {HTMLElement} root @returns {() => void} */
export function renderNotices(root) {
  const list = h('div', { class: 'notice-list' }, h('p', { class: 'muted' }, 'Завантаження…'));
  replace(root, h('div', { class: 'page notices-page' },
    h('h2', null, 'Оповіщення мешканців'),
    composeForm(() => load()),
    h('h3', null, 'Оповіщення'), list,
    subscriptionsPanel()));

  /** @type {Map<number, HTMLElement>} */
  const progressCells = new Map();
  const load = async () => {
    try {
      const res = await request('GET', '/api/notices');
      progressCells.clear();
      replace(list, res.items.length ? res.items.map((/** @type {any} */ n) => noticeCard(n, load, progressCells)) : h('p', { class: 'muted' }, 'Оповіщень ще не було.'));
    } catch (err) {
      replace(list, h('p', { class: 'form-error', role: 'alert' }, `Перелік недоступний: ${/** @type {Error} */ (err).message}`));
    }
  };
  // Counts change in place; a new status (approved, stopped, done) redraws the list.
  const off = realtime.on('notice:progress', (/** @type {any} */ e) => {
    const cell = progressCells.get(e.noticeId);
    if (cell && cell.dataset.status === e.status) replace(cell, progressView(e.progress));
    else load();
  });
  load();
  return off;
}

/** @param {Record<string, number>} p */
function progressView(p) {
  return h('ul', { class: 'notice-progress' },
    PROGRESS.map(([key, name]) => h('li', { dataset: { key } }, `${name}: `, h('strong', null, String(p[key] ?? 0)))),
    h('li', null, 'усього: ', h('strong', null, String(p.total ?? 0))));
}

/**
 * @param {any} n
 * @param {() => void} reload
 * @param {Map<number, HTMLElement>} cells
 */
function noticeCard(n, reload, cells) {
  const head = session.user?.role === 'head';
  const status = h('small', { role: 'status' });
  /** @param {string} action @param {unknown} [body] */
  const act = async (action, body) => {
    status.textContent = '';
    try {
      await request('POST', `/api/notices/${n.id}/${action}`, body ?? {});
      reload();
    } catch (err) {
      status.textContent = /** @type {Error} */ (err).message;
    }
  };
  const outside = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', name: 'allowOutsideCallingHours' }));
  const progress = h('div', { class: 'notice-progress-cell', dataset: { status: n.status } }, progressView(n.progress));
  cells.set(n.id, progress);
  const actions = [];
  if (n.status === 'pending_approval' && head) {
    if (n.urgent) actions.push(h('label', { class: 'inline' }, outside, ' дзвонити і поза годинами дзвінків'));
    actions.push(h('button', { type: 'button', class: 'primary small', onclick: () => act('approve', { allowOutsideCallingHours: outside.checked }) }, 'Затвердити'));
    actions.push(h('button', { type: 'button', class: 'small', onclick: () => act('reject', { reason: '' }) }, 'Відхилити'));
  }
  if (n.status === 'calling') actions.push(h('button', { type: 'button', class: 'small', onclick: () => act('stop') }, 'Зупинити'));
  if (n.status === 'stopped') actions.push(h('button', { type: 'button', class: 'small', onclick: () => act('resume') }, 'Продовжити'));
  if (n.status !== 'pending_approval' && n.status !== 'rejected') {
    actions.push(h('button', { type: 'button', class: 'small link', onclick: () => openReport(n.id, 'html') }, 'Звіт'));
    actions.push(h('button', { type: 'button', class: 'small link', onclick: () => openReport(n.id, 'csv') }, 'CSV'));
  }
  return h('article', { class: `notice-card status-${n.status}`, 'aria-label': `Оповіщення ${n.id}`, dataset: { id: String(n.id) } },
    h('header', null,
      h('strong', null, `№ ${n.id}`), ' ',
      h('span', { class: 'badge notice-status' }, n.statusName), ' ',
      n.urgent ? h('span', { class: 'badge danger' }, n.outsideHoursConfirmed ? 'термінове, і поза годинами' : 'термінове') : null, ' ',
      h('small', { class: 'muted' }, `${fmtDateTime(n.createdAt)}${n.createdBy ? `, склав(ла) ${n.createdBy}` : ''}${n.approvedBy ? `; затвердив(ла) ${n.approvedBy}` : ''}`)),
    h('p', { class: 'notice-text' }, n.text),
    h('p', null, h('small', null, `Територія: ${n.area}`, n.speechSeconds ? ` · звучить ${String(n.speechSeconds).replace('.', ',')} с` : '')),
    n.status === 'pending_approval' ? null : progress,
    h('footer', { class: 'call-actions' }, actions, status));
}

/** Opens a report with the bearer token: HTML in a new tab, CSV as a download. @param {number} id @param {'html'|'csv'} format */
async function openReport(id, format) {
  const tab = format === 'html' ? window.open('', '_blank') : null;
  const res = await fetch(`/api/notices/${id}/report?format=${format}`, { headers: { authorization: `Bearer ${session.token}` } });
  const url = URL.createObjectURL(await res.blob());
  if (tab) tab.location.href = url;
  else {
    const a = /** @type {HTMLAnchorElement} */ (h('a', { href: url, download: `opovishchennia-${id}.csv` }));
    a.click();
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** @param {() => void} onCreated */
function composeForm(onCreated) {
  const text = /** @type {HTMLTextAreaElement} */ (h('textarea', { name: 'text', rows: 4, maxlength: 1000, required: true }));
  const city = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', name: 'wholeCity' }));
  const streetsList = h('datalist', { id: 'notice-streets' });
  const rows = h('div', { class: 'notice-streets' });
  const urgent = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', name: 'urgent' }));
  const outageSelect = /** @type {HTMLSelectElement} */ (h('select', { name: 'outage', 'aria-label': 'Відключення' }, option('', '— оберіть відключення —')));
  const check = h('div', { class: 'speech-check', role: 'status', 'aria-live': 'polite' });
  const message = h('p', { role: 'status' });
  const summary = h('div', { class: 'form-error', role: 'alert', hidden: true });
  let outageId = /** @type {number | null} */ (null);

  /** @param {string} [name] @param {string} [buildings] */
  const addStreet = (name = '', buildings = '') => {
    const row = h('div', { class: 'notice-street' },
      h('input', { name: 'street', list: 'notice-streets', value: name, placeholder: 'вулиця', 'aria-label': 'Вулиця' }),
      h('input', { name: 'buildings', value: buildings, placeholder: 'будинки: 1–15 або 3, 5а', 'aria-label': 'Будинки', size: 16 }),
      h('button', { type: 'button', class: 'small link', onclick: () => row.remove(), 'aria-label': 'Прибрати вулицю' }, '✕'));
    rows.append(row);
  };
  const area = () => {
    if (city.checked) return { wholeCity: true };
    const streets = [...rows.querySelectorAll('.notice-street')].map((r) => {
      const name = /** @type {HTMLInputElement} */ (r.querySelector('[name=street]')).value.trim();
      const b = /** @type {HTMLInputElement} */ (r.querySelector('[name=buildings]')).value.trim();
      if (!b) return { name };
      return { name, buildings: /[–—-]/.test(b) ? b : b.split(/[,\s]+/).filter(Boolean) };
    }).filter((s) => s.name);
    return { streets };
  };
  /** @param {any} a */
  const setArea = (a) => {
    replace(rows);
    city.checked = 'wholeCity' in a;
    if (!city.checked) for (const s of a.streets) addStreet(s.name, Array.isArray(s.buildings) ? s.buildings.join(', ') : (s.buildings ?? ''));
  };

  request('GET', '/api/streets').then((r) => replace(streetsList, r.items.map((/** @type {any} */ s) => option(s.name, s.name)))).catch(() => undefined);
  api.outages().then((/** @type {any} */ res) => {
    const list = Array.isArray(res) ? res : res?.items ?? [];
    for (const o of list) outageSelect.append(option(String(o.id), `${UTILITY_NAMES[o.utility] ?? o.utility}, ${o.kind === 'emergency' ? 'аварійне' : 'планове'}: ${o.area}`));
  }).catch(() => undefined);
  addStreet();

  const prefill = async () => {
    if (!outageSelect.value) return;
    try {
      const d = await request('GET', `/api/outages/${outageSelect.value}/notice-draft`);
      text.value = d.text;
      urgent.checked = d.urgent;
      outageId = d.outageId;
      setArea(d.area);
      message.textContent = 'Заповнено з відключення: перевірте текст.';
    } catch (err) {
      message.textContent = /** @type {Error} */ (err).message;
    }
  };
  const speech = async () => {
    replace(check, h('span', { class: 'muted' }, 'Озвучую…'));
    try {
      const r = await request('POST', '/api/notices/speech-check', { text: text.value });
      replace(check,
        h('p', null, r.seconds == null ? (r.problem ?? 'Тривалість невідома') : `Тривалість: ${String(r.seconds).replace('.', ',')} с`),
        r.readings.length
          ? h('table', { class: 'speech-readings' }, h('thead', null, h('tr', null, h('th', null, 'Написано'), h('th', null, 'Буде прочитано'))),
            h('tbody', null, r.readings.map((/** @type {any} */ x) => h('tr', null, h('td', null, x.written), h('td', null, x.spoken)))))
          : h('p', { class: 'muted' }, 'Чисел, дат і часу в тексті немає.'));
    } catch (err) {
      replace(check, h('p', { class: 'form-error' }, /** @type {Error} */ (err).message));
    }
  };
  const form = /** @type {HTMLFormElement} */ (h('form', { class: 'notice-form', 'aria-label': 'Нове оповіщення' },
    h('h3', null, 'Нове оповіщення'),
    h('div', { class: 'field' }, h('label', null, 'З відключення'), h('div', { class: 'inline' }, outageSelect, h('button', { type: 'button', class: 'small', onclick: prefill }, 'Заповнити'))),
    field('Текст оповіщення', text, 'Українською. Числа, дати й час перевірте кнопкою «Перевірити озвучення».'),
    h('div', { class: 'field', dataset: { field: 'area' } }, h('label', null, 'Територія'),
      h('label', { class: 'inline' }, city, ' усе місто'), rows, streetsList,
      h('button', { type: 'button', class: 'small link', onclick: () => addStreet() }, '+ вулиця'),
      h('small', { class: 'field-error', role: 'alert', hidden: true })),
    h('label', { class: 'inline' }, urgent, ' термінове (начальник може дозволити дзвонити поза годинами дзвінків)'),
    h('div', { class: 'call-actions' },
      h('button', { type: 'button', onclick: speech }, 'Перевірити озвучення'),
      h('button', { type: 'submit', class: 'primary' }, 'Надіслати на затвердження')),
    summary, check, message));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    message.textContent = '';
    try {
      const n = await request('POST', '/api/notices', { text: text.value, area: area(), urgent: urgent.checked, outageId });
      message.textContent = `Оповіщення № ${n.id} очікує затвердження начальником.`;
      text.value = '';
      outageId = null;
      onCreated();
    } catch (err) {
      showErrors(form, summary, err);
    }
  });
  return form;
}

/** A phone's subscriptions: look up, subscribe (street, building or the city), unsubscribe on request. */
function subscriptionsPanel() {
  const phone = /** @type {HTMLInputElement} */ (h('input', { name: 'phone', placeholder: '050 123 45 67', 'aria-label': 'Номер телефону мешканця' }));
  const street = /** @type {HTMLInputElement} */ (h('input', { name: 'street', list: 'notice-streets', placeholder: 'вулиця (порожньо — усе місто)', 'aria-label': 'Вулиця підписки' }));
  const building = /** @type {HTMLInputElement} */ (h('input', { name: 'building', placeholder: 'будинок', size: 6, 'aria-label': 'Будинок підписки' }));
  const body = h('div', null);
  const status = h('small', { role: 'status' });
  const load = async () => {
    status.textContent = '';
    try {
      const r = await request('GET', `/api/notice-subscriptions${queryString({ phone: phone.value })}`);
      replace(body, r.items.length
        ? h('ul', { class: 'subscriptions' }, r.items.map((/** @type {any} */ s) => h('li', null, `${s.place} — з ${fmtDateTime(s.consentAt)} (${s.consentChannel === 'ivr' ? 'голосове меню' : s.consentChannel === 'console' ? 'диспетчер' : 'сайт'}) `,
          h('button', { type: 'button', class: 'small', onclick: () => request('POST', `/api/notice-subscriptions/${s.id}/unsubscribe`).then(load) }, 'Відписати'))))
        : h('p', { class: 'muted' }, `${fmtPhone(r.phone)}: підписок немає.`));
    } catch (err) {
      status.textContent = /** @type {Error} */ (err).message;
    }
  };
  const add = async () => {
    status.textContent = '';
    try {
      await request('POST', '/api/notice-subscriptions', { phone: phone.value, ...(street.value.trim() ? { streetName: street.value.trim(), building: building.value.trim() || null } : {}) });
      load();
    } catch (err) {
      status.textContent = /** @type {Error} */ (err).message;
    }
  };
  return h('section', { class: 'notice-subscriptions', 'aria-label': 'Підписки на оповіщення' },
    h('h3', null, 'Підписки на оповіщення за номером'),
    h('div', { class: 'inline' }, phone, h('button', { type: 'button', class: 'small', onclick: load }, 'Показати')),
    h('div', { class: 'inline' }, street, building, h('button', { type: 'button', class: 'small', onclick: add }, 'Підписати')),
    status, body);
}

/**
 * The pop card's one click: subscribes the caller to notices for the address of their latest appeal
 * (consent given to the dispatcher on the phone).
 * @param {string | null} callerNumber
 */
export function subscribeButton(callerNumber) {
  if (!callerNumber) return null;
  const status = h('small', { role: 'status', class: 'pop-subscribe-status' });
  const button = h('button', { type: 'button', class: 'small', title: 'Мешканець погодився отримувати телефонні оповіщення про відключення за адресою свого останнього звернення' }, 'Підписати на оповіщення');
  button.addEventListener('click', async () => {
    status.textContent = '';
    try {
      const s = await request('POST', '/api/notice-subscriptions', { phone: callerNumber, fromLatestAppeal: true });
      status.textContent = `${s.created ? 'Підписано' : 'Уже підписаний'}: ${s.place}`;
    } catch (err) {
      status.textContent = /** @type {Error} */ (err).message;
    }
  });
  return h('span', { class: 'pop-subscribe' }, button, ' ', status);
}
