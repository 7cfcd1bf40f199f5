/**
 * The appeals list: search and filters, paging, live refresh on appeal changes. Rows show what
 * matters (number, time, category, address, state, deadline, badges) in a table that fits its
 * column without sideways scrolling, and become cards on a phone.
 */
import { h, field, option, replace } from '../dom.js';
import { api } from '../api.js';
import { session, handlesCalls } from '../session.js';
import { realtime } from '../socket.js';
import { STATUS_NAMES, OPEN_STATUSES, fmtDayTime, fmtDateTime, parseUaDate, uaDate } from '../format.js';

const PAGE_SIZE = 20;
/** Filters and the page survive moving between screens, and are forgotten at sign-out. */
/** @type {Record<string, string>} */
let filters = {};
let page = 1;
session.onClear(() => {
  filters = {};
  page = 1;
});

/** A date field in the Ukrainian format, whatever the browser's locale (no <input type=date>). @param {string} name */
const dateInput = (name) => /** @type {HTMLInputElement} */ (h('input', { name, inputmode: 'numeric', placeholder: 'дд.мм.рррр', autocomplete: 'off', maxlength: 10, class: 'date-input' }));

/**
 * @param {HTMLElement} root
 * @returns {() => void} cleanup
 */
export function renderAppealsList(root) {
  const user = session.user;
  const isExecutor = user?.role === 'executor';
  const status = h('select', { name: 'status' }, option('', 'усі'), option(OPEN_STATUSES.join(','), 'відкриті'),
    Object.entries(STATUS_NAMES).map(([k, v]) => option(k, v)));
  const category = /** @type {HTMLSelectElement} */ (h('select', { name: 'categoryId' }, option('', 'усі')));
  const executor = /** @type {HTMLSelectElement} */ (h('select', { name: 'executorId' }, option('', 'усі')));
  const overdue = h('input', { type: 'checkbox', name: 'overdue' });
  const repeated = h('input', { type: 'checkbox', name: 'repeated' });
  const emergency = h('input', { type: 'checkbox', name: 'emergency' });
  const from = dateInput('from');
  const to = dateInput('to');
  const phone = h('input', { type: 'tel', name: 'phone', placeholder: '050 123 45 67', class: 'phone' });
  const q = h('input', { type: 'search', name: 'q', placeholder: 'номер, адреса, текст', 'aria-keyshortcuts': '/' });
  const controls = /** @type {Record<string, HTMLInputElement | HTMLSelectElement>} */ (/** @type {unknown} */ ({ status, categoryId: category, executorId: executor, overdue, repeated, emergency, from, to, phone, q }));

  const more = h('details', { class: 'more-filters' },
    h('summary', null, 'Більше фільтрів'),
    h('div', { class: 'filter-grid' },
      field('Категорія', category),
      isExecutor ? null : field('Виконавець', executor),
      isExecutor ? null : field('Телефон заявника', phone),
      field('Зареєстровано з', from, 'дд.мм.рррр'),
      field('по', to, 'дд.мм.рррр')));
  const form = h('form', { class: 'filters card', role: 'search', 'aria-label': 'Фільтри звернень', novalidate: true },
    h('div', { class: 'filter-main' },
      h('div', { class: 'filter-q' }, field('Пошук', q)),
      field('Стан', status),
      h('div', { class: 'filter-flags' },
        h('label', null, overdue, ' прострочені'),
        h('label', null, repeated, ' повторні'),
        h('label', null, emergency, ' аварійні')),
      h('div', { class: 'filter-buttons actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Знайти'),
        h('button', { type: 'reset' }, 'Скинути'))),
    more);

  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const summary = h('p', { class: 'muted list-summary', 'aria-live': 'polite' });
  const tbody = h('tbody');
  const table = h('table', { class: 'appeals' },
    h('caption', { class: 'sr-only' }, 'Звернення'),
    h('colgroup', null, h('col', { class: 'c-number' }), h('col', { class: 'c-category' }), h('col', { class: 'c-address' }), h('col', { class: 'c-status' }), h('col', { class: 'c-deadline' }), h('col', { class: 'c-marks' })),
    h('thead', null, h('tr', null, ['Номер, час', 'Категорія, виконавець', 'Адреса, опис', 'Стан', 'Термін', 'Позначки'].map((t) => h('th', { scope: 'col' }, t)))),
    tbody);
  const prev = h('button', { type: 'button' }, '← Попередня');
  const next = h('button', { type: 'button' }, 'Наступна →');
  const pageInfo = h('span', { class: 'muted' });

  replace(root, h('div', { class: 'page list-page' },
    h('div', { class: 'page-head' }, h('h2', null, isExecutor ? 'Звернення вашої організації' : 'Звернення'),
      handlesCalls(user) ? h('a', { class: 'button primary', href: '#/appeals/new' }, 'Нове звернення') : null,
      summary),
    form, error,
    table,
    h('nav', { class: 'pager', 'aria-label': 'Сторінки' }, prev, pageInfo, next)));

  // Restore the filters of this session.
  for (const [k, c] of Object.entries(controls)) {
    if (c instanceof HTMLInputElement && c.type === 'checkbox') c.checked = filters[k] === 'true';
    else if (k === 'from' || k === 'to') c.value = uaDate(filters[k]);
    else c.value = filters[k] ?? '';
  }
  if (filters.categoryId || filters.executorId || filters.phone || filters.from || filters.to) more.setAttribute('open', '');

  /** @returns {Record<string, string> | null} null when a date is not a date */
  const readFilters = () => {
    /** @type {Record<string, string>} */
    const f = {};
    for (const [k, c] of Object.entries(controls)) {
      if (c instanceof HTMLInputElement && c.type === 'checkbox') { if (c.checked) f[k] = 'true'; }
      else if (k === 'from' || k === 'to') {
        if (!c.value.trim()) continue;
        const iso = parseUaDate(c.value);
        c.setAttribute('aria-invalid', iso ? 'false' : 'true');
        if (!iso) {
          error.textContent = `Дата «${c.value.trim()}» не схожа на дд.мм.рррр`;
          error.hidden = false;
          return null;
        }
        f[k] = iso;
      } else if (c.value.trim()) f[k] = c.value.trim();
    }
    return f;
  };

  let seq = 0;
  const load = async () => {
    const mine = ++seq;
    error.hidden = true;
    summary.textContent = 'Завантаження…';
    try {
      const res = await api.appeals({ ...filters, page, pageSize: PAGE_SIZE });
      if (mine !== seq) return;
      replace(tbody, res.items.length ? res.items.map(row) : h('tr', { class: 'empty' }, h('td', { colspan: 6, class: 'muted' }, 'Нічого не знайдено')));
      const pages = Math.max(1, Math.ceil(res.total / PAGE_SIZE));
      summary.textContent = `Знайдено: ${res.total}`;
      pageInfo.textContent = `сторінка ${res.page} з ${pages}`;
      /** @type {HTMLButtonElement} */ (prev).disabled = page <= 1;
      /** @type {HTMLButtonElement} */ (next).disabled = page >= pages;
    } catch (err) {
      if (mine !== seq) return;
      summary.textContent = '';
      error.textContent = /** @type {Error} */ (err).message;
      error.hidden = false;
    }
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const read = readFilters();
    if (!read) return;
    filters = read;
    page = 1;
    load();
  });
  form.addEventListener('reset', () => {
    setTimeout(() => {
      filters = {};
      page = 1;
      load();
    });
  });
  prev.addEventListener('click', () => { page = Math.max(1, page - 1); load(); });
  next.addEventListener('click', () => { page += 1; load(); });

  api.categories().then((cats) => {
    const groups = new Map();
    for (const c of cats) (groups.get(c.groupName) ?? groups.set(c.groupName, []).get(c.groupName)).push(c);
    replace(category, option('', 'усі'), [...groups].map(([g, items]) => h('optgroup', { label: g }, items.map((/** @type {any} */ c) => option(String(c.id), c.name)))));
    category.value = filters.categoryId ?? '';
  }).catch(() => {});
  if (!isExecutor) {
    api.organizations().then((orgs) => {
      replace(executor, option('', 'усі'), orgs.map((o) => option(String(o.id), o.shortName || o.name)));
      executor.value = filters.executorId ?? '';
    }).catch(() => {});
  }

  load();
  // Someone changed an appeal: refresh what is on screen (at most every 2 s).
  let timer = /** @type {ReturnType<typeof setTimeout> | null} */ (null);
  const off = realtime.on('appeal:changed', () => {
    timer ??= setTimeout(() => { timer = null; load(); }, 2000);
  });
  return () => {
    off();
    if (timer) clearTimeout(timer);
  };
}

/** @param {any} a */
function row(a) {
  const description = a.description.length > 140 ? `${a.description.slice(0, 140)}…` : a.description;
  return h('tr', { class: `${a.overdue ? 'overdue' : ''}${a.emergency ? ' emergency' : ''}`.trim(), 'data-id': a.id },
    h('td', { class: 'number' },
      h('a', { href: `#/appeals/${a.id}` }, a.number),
      h('small', { class: 'muted when', title: fmtDateTime(a.registeredAt) }, fmtDayTime(a.registeredAt))),
    h('td', { class: 'category' },
      h('span', { class: 'clip' }, a.category?.name ?? ''),
      h('small', { class: 'muted clip executor' }, a.executor?.shortName ?? a.executor?.name ?? 'виконавця не призначено')),
    h('td', { class: 'address' },
      h('span', { class: 'clip address-text', title: a.address }, a.address),
      h('small', { class: 'muted clip description', title: a.description }, description)),
    h('td', { class: 'status', 'data-label': 'Стан' }, a.statusName ?? STATUS_NAMES[a.status] ?? ''),
    h('td', { class: 'deadline', 'data-label': 'Термін', title: fmtDateTime(a.deadlineAt) }, fmtDayTime(a.deadlineAt)),
    h('td', { class: 'marks' },
      a.emergency ? h('span', { class: 'badge danger' }, 'аварійне') : null,
      a.overdue ? h('span', { class: 'badge danger' }, 'прострочене') : null,
      a.repeated ? h('span', { class: 'badge warn' }, 'повторне') : null));
}
