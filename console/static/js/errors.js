/** Showing problem+json errors: the `detail` as a summary, each of `errors` next to its field. */
import { h, replace } from './dom.js';

const FIELD_NAMES = /** @type {Record<string, string>} */ ({
  phone: 'Телефон', applicantName: 'Ім’я заявника', applicantAddress: 'Адреса заявника', categoryId: 'Категорія', categoryCode: 'Категорія',
  address: 'Адреса', description: 'Опис', emergency: 'Аварійне', sourceCallUniqueid: 'Дзвінок', sourceCallId: 'Дзвінок',
  deadline: 'Новий термін', reason: 'Причина', result: 'Результат', comment: 'Коментар', executorId: 'Виконавець', duplicateOfId: 'Основне звернення',
  from: 'Дата з', to: 'Дата по', body: 'Запит',
});

/**
 * @param {HTMLElement} form
 * @param {HTMLElement} summary
 * @param {unknown} err
 */
export function showErrors(form, summary, err) {
  clearErrors(form, summary);
  const e = /** @type {{ detail?: string, message?: string, errors?: Array<{ field: string, message: string }> }} */ (err);
  const list = Array.isArray(e.errors) ? e.errors : [];
  const unplaced = [];
  for (const item of list) {
    const slot = form.querySelector(`.field[data-field="${CSS.escape(item.field)}"] .field-error`);
    if (slot) {
      slot.textContent = item.message;
      /** @type {HTMLElement} */ (slot).hidden = false;
      slot.parentElement?.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
    } else unplaced.push(item);
  }
  replace(summary,
    h('strong', null, e.detail ?? e.message ?? 'Помилка'),
    unplaced.length ? h('ul', null, unplaced.map((i) => h('li', null, `${FIELD_NAMES[i.field] ?? i.field}: ${i.message}`))) : null);
  summary.hidden = false;
}

/** @param {HTMLElement} form @param {HTMLElement} summary */
export function clearErrors(form, summary) {
  for (const slot of form.querySelectorAll('.field-error')) {
    slot.textContent = '';
    /** @type {HTMLElement} */ (slot).hidden = true;
  }
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  replace(summary);
  summary.hidden = true;
}
