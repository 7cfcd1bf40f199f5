/** Registering an appeal, prefilled from a pop (caller's number, the ringing call). */
import { h, field, option, replace } from '../dom.js';
import { api, ApiError } from '../api.js';
import { pops } from '../pops.js';
import { showErrors, clearErrors } from '../errors.js';
import { fmtDateTime, fmtPhone, fmtTime, CALL_REASONS } from '../format.js';
import { enterMovesOn } from '../keyboard.js';

/**
 * @param {HTMLElement} root
 * @param {URLSearchParams} params  phone, call (the uniqueid of the ringing call)
 */
export async function renderAppealForm(root, params) {
  const callId = params.get('call') ?? '';
  const entry = callId ? pops.get(callId) : null;
  const prefillPhone = params.get('phone') ?? entry?.pop.callerNumber ?? '';

  const phone = h('input', { name: 'phone', type: 'tel', autocomplete: 'off', value: prefillPhone, placeholder: '050 123 45 67' });
  const applicantName = h('input', { name: 'applicantName', autocomplete: 'off', value: entry?.pop.applicant?.fullName ?? '' });
  const category = /** @type {HTMLSelectElement} */ (h('select', { name: 'categoryId', required: true }, option('', 'Завантаження…')));
  const address = h('input', { name: 'address', required: true, autocomplete: 'off', value: entry?.pop.applicant?.address ?? '' });
  const description = h('textarea', { name: 'description', required: true, rows: 5 });
  // The dispatcher decides about emergencies: what the caller pressed is shown beside the box, never ticked for them.
  const emergency = /** @type {HTMLInputElement} */ (h('input', { name: 'emergency', type: 'checkbox' }));
  const summary = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Зареєструвати');
  const result = h('section', { class: 'register-result', 'aria-live': 'polite', hidden: true });

  const emergencyField = h('div', { class: 'field checkbox', dataset: { field: 'emergency' } },
    h('label', null, emergency, ' Аварійна ситуація — передати виконавцю негайно'),
    entry?.pop.reason === 'emergency'
      ? h('small', { class: 'hint caller-choice' }, `Абонент у голосовому меню обрав «${CALL_REASONS.emergency}». Позначте, лише якщо це справді аварія (термін — 24 години).`)
      : null,
    h('small', { class: 'field-error', role: 'alert', hidden: true }));

  const form = h('form', { class: 'card appeal-form', 'aria-labelledby': 'form-title', novalidate: true },
    h('h2', { id: 'form-title' }, 'Нове звернення'),
    callId ? h('p', { class: 'muted call-link' }, entry
      ? `Звернення буде пов’язане з дзвінком ${fmtPhone(entry.pop.callerNumber)}, що надійшов о ${fmtTime(entry.pop.at)}.`
      : 'Звернення буде пов’язане з дзвінком, з якого його реєструють.') : null,
    h('div', { class: 'grid-2' },
      field('Телефон заявника', phone, 'Будь-який запис: 050 123 45 67, +380…'),
      field('Ім’я заявника', applicantName)),
    field('Категорія', category, 'Категорія визначає виконавця і термін'),
    field('Адреса проблеми', address),
    field('Опис', description),
    emergencyField,
    summary,
    h('div', { class: 'actions' }, submit, h('a', { href: '#/appeals', class: 'button' }, 'Скасувати'), h('small', { class: 'muted' }, 'Ctrl+Enter — зареєструвати, Enter — наступне поле')),
  );
  replace(root, h('div', { class: 'page form-page' }, form, result));
  enterMovesOn(form);
  // The work starts where the form is empty: the number is there from the call, the category is not.
  (/** @type {HTMLInputElement} */ (phone).value ? category : phone).focus();

  /** @type {Array<{ id: number, name: string, groupName: string, emergency: boolean }>} */
  let categories = [];
  try {
    categories = await api.categories();
    const groups = new Map();
    for (const c of categories) {
      if (!groups.has(c.groupName)) groups.set(c.groupName, []);
      groups.get(c.groupName).push(c);
    }
    replace(category, option('', '— оберіть категорію —'),
      [...groups].map(([group, items]) => h('optgroup', { label: group }, items.map((/** @type {any} */ c) => option(String(c.id), c.emergency ? `${c.name} (аварійна)` : c.name)))));
  } catch (err) {
    replace(category, option('', 'Не вдалося завантажити категорії'));
    showErrors(form, summary, err);
  }
  category.addEventListener('change', () => {
    const c = categories.find((x) => String(x.id) === category.value);
    if (c?.emergency) emergency.checked = true;
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form, summary);
    /** @type {Record<string, unknown>} */
    const body = {
      phone: /** @type {HTMLInputElement} */ (phone).value.trim() || null,
      applicantName: /** @type {HTMLInputElement} */ (applicantName).value.trim() || null,
      address: /** @type {HTMLInputElement} */ (address).value.trim(),
      description: /** @type {HTMLTextAreaElement} */ (description).value.trim(),
      emergency: emergency.checked,
      channel: 'phone',
    };
    /** @type {Array<{ field: string, message: string }>} */
    const missing = [];
    if (!category.value) missing.push({ field: 'categoryId', message: 'Оберіть категорію' });
    else body.categoryId = Number(category.value);
    if (!body.address) missing.push({ field: 'address', message: 'Вкажіть адресу' });
    if (!body.description) missing.push({ field: 'description', message: 'Опишіть проблему' });
    if (missing.length) {
      showErrors(form, summary, { detail: 'Перевірте введені дані', errors: missing });
      return;
    }
    if (callId) body.sourceCallUniqueid = callId;
    /** @type {HTMLButtonElement} */ (submit).disabled = true;
    let note = '';
    try {
      let appeal;
      try {
        appeal = await api.register(body);
      } catch (err) {
        // A server that does not know the call link yet: register anyway, and say the link is missing.
        if (!(err instanceof ApiError) || err.status !== 400 || !callId || !JSON.stringify(err.errors).includes('sourceCallUniqueid')) throw err;
        delete body.sourceCallUniqueid;
        appeal = await api.register(body);
        note = 'Сервер не прийняв посилання на дзвінок: звернення зареєстровано без прив’язки до дзвінка.';
      }
      if (callId) pops.registered(callId, { id: appeal.id, number: appeal.number, emergency: appeal.emergency });
      showResult(result, appeal, note);
      form.hidden = true;
    } catch (err) {
      showErrors(form, summary, err);
    } finally {
      /** @type {HTMLButtonElement} */ (submit).disabled = false;
    }
  });
}

/** @param {HTMLElement} box @param {any} appeal @param {string} note */
function showResult(box, appeal, note) {
  replace(box,
    h('h2', null, 'Звернення зареєстровано'),
    h('dl', { class: 'facts' },
      h('dt', null, 'Номер'), h('dd', { class: 'result-number' }, appeal.number),
      h('dt', null, 'Виконавець'), h('dd', { class: 'result-executor' }, appeal.executor?.name ?? 'не визначено — передайте вручну'),
      h('dt', null, 'Термін'), h('dd', { class: 'result-deadline' }, fmtDateTime(appeal.deadlineAt)),
      appeal.emergency ? [h('dt', null, 'Аварійне'), h('dd', null, 'так — виконавця сповіщено')] : null,
      appeal.repeated ? [h('dt', null, 'Повторне'), h('dd', null, 'так — є попереднє звернення з цього питання')] : null),
    note ? h('p', { class: 'warn-text', role: 'status' }, note) : null,
    h('p', null, 'Назвіть заявнику номер звернення і термін розгляду.'),
    h('div', { class: 'actions' },
      h('a', { class: 'button primary', href: `#/appeals/${appeal.id}` }, 'Відкрити звернення'),
      h('a', { class: 'button', href: '#/appeals' }, 'До переліку'),
      h('a', { class: 'button', href: `#/appeals/new?r=${Date.now()}` }, 'Ще одне звернення')));
  box.hidden = false;
  box.setAttribute('tabindex', '-1');
  box.focus();
}
