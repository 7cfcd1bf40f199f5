/** One appeal: its facts, its history, its calls, and the moves the role allows. */
import { h, field, option, replace } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { realtime } from '../socket.js';
import { showErrors, clearErrors } from '../errors.js';
import { MOVES, EXTENDABLE, movesFor } from '../moves.js';
import { fmtDateTime, fmtPhone, fmtDuration, STATUS_NAMES, DISPOSITIONS, channelName, parseUaDate } from '../format.js';
import { historySection } from './appeal-history.js';
import { enterMovesOn } from '../keyboard.js';
import { appealPhotos } from './appeal-photos.js';
import { onlineFacts } from './appeal-online-facts.js';

/**
 * @param {HTMLElement} root
 * @param {string} ref  id or number
 * @returns {() => void} cleanup
 */
export function renderAppealPage(root, ref) {
  const box = h('div', { class: 'page appeal-page' }, h('p', { class: 'muted' }, 'Завантаження…'));
  replace(root, box);
  /** @type {any} */
  let current = null;
  const load = async () => {
    try {
      current = await api.appeal(ref);
      replace(box, view(current, load));
    } catch (err) {
      replace(box, h('p', { class: 'form-error', role: 'alert' }, /** @type {Error} */ (err).message), h('a', { href: '#/appeals' }, '← До переліку'));
    }
  };
  load();
  const off = realtime.on('appeal:changed', (/** @type {{ appealId: number }} */ e) => {
    if (current && e.appealId === current.id && !box.querySelector('.move-form:not([hidden]) textarea:focus, .move-form:not([hidden]) input:focus')) load();
  });
  return off;
}

/** @param {any} a @param {() => void} reload */
function view(a, reload) {
  const role = session.user?.role ?? '';
  return [
    h('a', { href: '#/appeals', class: 'back' }, '← До переліку'),
    h('div', { class: 'page-head' },
      h('h2', null, `Звернення ${a.number}`),
      h('span', { class: `badge status-${a.status}` }, a.statusName ?? STATUS_NAMES[a.status]),
      a.emergency ? h('span', { class: 'badge danger' }, 'аварійне') : null,
      a.overdue ? h('span', { class: 'badge danger' }, 'прострочене') : null,
      a.repeated ? h('span', { class: 'badge warn' }, a.repeatOfResolved ? 'повторне (попереднє вирішене)' : 'повторне') : null),
    h('section', { class: 'card' },
      h('dl', { class: 'facts' },
        h('dt', null, 'Категорія'), h('dd', null, a.category?.name ?? '—'),
        h('dt', null, 'Виконавець'), h('dd', null, a.executor?.name ?? 'не призначено'),
        h('dt', null, 'Адреса'), h('dd', { class: 'address' }, a.address),
        h('dt', null, 'Опис'), h('dd', { class: 'description pre' }, a.description),
        a.applicant ? [
          h('dt', null, 'Заявник'), h('dd', null, a.applicant.fullName || 'ім’я не вказано'),
          h('dt', null, 'Телефон'), h('dd', { class: 'phone' }, fmtPhone(a.applicant.phone)),
          a.applicant.address ? [h('dt', null, 'Адреса заявника'), h('dd', null, a.applicant.address)] : null,
        ] : null,
        onlineFacts(a),
        h('dt', null, 'Зареєстровано'), h('dd', null, `${fmtDateTime(a.registeredAt)} (${channelName(a.channel)})`),
        h('dt', null, 'Термін'), h('dd', null, fmtDateTime(a.deadlineAt), a.deadlineAt !== a.originalDeadlineAt ? ` (початковий ${fmtDateTime(a.originalDeadlineAt)})` : ''),
        a.result ? [h('dt', null, 'Результат'), h('dd', { class: 'pre' }, a.result)] : null,
        a.rejectionReason ? [h('dt', null, 'Причина відмови'), h('dd', { class: 'pre' }, a.rejectionReason)] : null,
        linkedAppeal('Повторює', a.repeatOf, a.repeatOfId),
        linkedAppeal('Дублікат звернення', a.duplicateOf, a.duplicateOfId))),
    appealPhotos(a),
    movesSection(a, role, reload),
    historySection(a.history ?? []),
    h('section', { class: 'card' },
      h('h3', null, 'Дзвінки'),
      (a.calls ?? []).length
        ? h('table', { class: 'calls' },
          h('thead', null, h('tr', null, ['Коли', 'Напрямок', 'Зв’язок', 'Результат', 'Тривалість'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, a.calls.map((/** @type {any} */ c) => h('tr', null,
            h('td', null, fmtDateTime(c.startedAt)),
            h('td', null, c.direction === 'inbound' ? 'вхідний' : 'вихідний'),
            h('td', null, RELATIONS[c.relation] ?? (c.purpose === 'verification' ? 'контроль виконання' : 'пов’язаний дзвінок')),
            h('td', null, DISPOSITIONS[c.disposition] ?? 'невідомо'),
            h('td', null, c.endedAt ? fmtDuration((Date.parse(c.endedAt) - Date.parse(c.startedAt)) / 1000) : 'триває')))))
        : h('p', { class: 'muted' }, 'Дзвінків, пов’язаних зі зверненням, немає.')),
  ];
}

/** A linked appeal by its number (an older server gives only the id: then no number is invented). @param {string} label @param {{ id: number, number: string } | null | undefined} ref @param {number | null} id */
function linkedAppeal(label, ref, id) {
  if (!ref && !id) return null;
  return [h('dt', null, label), h('dd', null, h('a', { href: `#/appeals/${ref?.id ?? id}` }, ref ? `звернення ${ref.number}` : 'попереднє звернення'))];
}

const RELATIONS = /** @type {Record<string, string>} */ ({ registered: 'звернення з цього дзвінка', linked: 'прив’язаний дзвінок', source: 'звернення з цього дзвінка', status_inquiry: 'питав про стан', verification: 'контроль виконання', follow_up: 'додатковий дзвінок' });

/** @param {any} a @param {string} role @param {() => void} reload */
function movesSection(a, role, reload) {
  const names = movesFor(a.status, role);
  const canExtend = EXTENDABLE.includes(a.status) && ['executor', 'dispatcher', 'head'].includes(role);
  if (!names.length && !canExtend) return null;
  const forms = h('div', { class: 'move-forms' });
  const buttons = names.map((name) => h('button', {
    type: 'button', 'data-move': name, class: name === 'complete' || name === 'confirm' ? 'ok' : name === 'reject' || name === 'return' ? 'danger' : '',
    onclick: () => openForm(forms, moveForm(a, name, reload)),
  }, MOVES[name].label));
  if (canExtend) buttons.push(h('button', { type: 'button', 'data-move': 'extend', onclick: () => openForm(forms, extendForm(a, reload)) }, 'Продовжити термін'));
  return h('section', { class: 'card moves', 'aria-label': 'Дії зі зверненням' }, h('h3', null, 'Дії'), h('div', { class: 'actions' }, buttons), forms);
}

/** Shows a move's form with the focus in its first field. @param {HTMLElement} box @param {HTMLElement} form */
function openForm(box, form) {
  replace(box, form);
  enterMovesOn(form);
  /** @type {HTMLElement | null} */ (form.querySelector('input, select, textarea'))?.focus();
}

/** @param {any} a @param {string} name @param {() => void} reload */
function moveForm(a, name, reload) {
  const move = MOVES[name];
  /** @type {Record<string, HTMLElement>} */
  const inputs = {};
  const parts = [];
  for (const need of move.needs) {
    if (need === 'executorId') {
      const sel = h('select', { name: 'executorId', required: true }, option('', 'Завантаження…'));
      api.organizations().then((orgs) => replace(sel, option('', '— оберіть виконавця —'), orgs.filter((o) => o.active).map((o) => option(String(o.id), o.name, o.id === a.executor?.id))));
      inputs.executorId = sel;
      parts.push(field('Виконавець', sel));
    } else if (need === 'duplicateOf') {
      inputs.duplicateOf = h('input', { name: 'duplicateOfId', required: true, placeholder: '2026-000123' });
      parts.push(field('Номер основного звернення', inputs.duplicateOf));
    } else {
      const label = { comment: 'Коментар', reason: 'Причина', result: 'Що зроблено (результат)' }[need] ?? need;
      inputs[need] = h('textarea', { name: need, rows: 3, required: need !== 'comment' });
      parts.push(field(label, inputs[need]));
    }
  }
  const summary = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, move.label);
  const form = h('form', { class: 'move-form', 'data-move': name, novalidate: true }, h('h4', null, move.label), parts, summary,
    h('div', { class: 'actions' }, submit, h('button', { type: 'button', onclick: () => form.remove() }, 'Скасувати')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form, summary);
    /** @type {Record<string, unknown>} */
    const body = {};
    /** @type {Array<{ field: string, message: string }>} */
    const missing = [];
    for (const [k, el] of Object.entries(inputs)) {
      const v = /** @type {HTMLInputElement} */ (el).value.trim();
      if (k === 'executorId') v ? (body.executorId = Number(v)) : missing.push({ field: 'executorId', message: 'Оберіть виконавця' });
      else if (k === 'duplicateOf') {
        if (!v) missing.push({ field: 'duplicateOfId', message: 'Вкажіть номер звернення' });
        else body.duplicateOf = v;
      } else if (v) body[k] = v;
      else if (k !== 'comment') missing.push({ field: k, message: 'Заповніть це поле' });
    }
    if (missing.length) return showErrors(form, summary, { detail: 'Перевірте введені дані', errors: missing });
    /** @type {HTMLButtonElement} */ (submit).disabled = true;
    try {
      if (body.duplicateOf) {
        const main = await api.appeal(/** @type {string} */ (body.duplicateOf));
        delete body.duplicateOf;
        body.duplicateOfId = main.id;
      }
      // The version this page shows: if someone moved the appeal meanwhile, the server answers 409.
      await api.move(a.id, name, { ...body, version: a.version });
      reload();
    } catch (err) {
      showErrors(form, summary, err);
      /** @type {HTMLButtonElement} */ (submit).disabled = false;
    }
  });
  return form;
}

/** @param {any} a @param {() => void} reload */
function extendForm(a, reload) {
  const deadline = h('input', { name: 'deadline', required: true, inputmode: 'numeric', placeholder: 'дд.мм.рррр', autocomplete: 'off', maxlength: 10 });
  const reason = h('textarea', { name: 'reason', rows: 2, required: true });
  const summary = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const form = h('form', { class: 'move-form', 'data-move': 'extend', novalidate: true }, h('h4', null, 'Продовжити термін'),
    field('Новий термін', deadline, 'дд.мм.рррр; загалом не більше 45 днів від реєстрації'), field('Причина', reason), summary,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Продовжити'), h('button', { type: 'button', onclick: () => form.remove() }, 'Скасувати')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form, summary);
    const typed = /** @type {HTMLInputElement} */ (deadline).value.trim();
    const d = parseUaDate(typed);
    const r = /** @type {HTMLTextAreaElement} */ (reason).value.trim();
    const missing = [];
    if (!d) missing.push({ field: 'deadline', message: typed ? 'Дата має бути у вигляді дд.мм.рррр' : 'Вкажіть дату' });
    if (!r) missing.push({ field: 'reason', message: 'Вкажіть причину' });
    if (missing.length) return showErrors(form, summary, { detail: 'Перевірте введені дані', errors: missing });
    try {
      await api.extend(a.id, /** @type {string} */ (d), r);
      reload();
    } catch (err) {
      showErrors(form, summary, err);
    }
  });
  return form;
}
