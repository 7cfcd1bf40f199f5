import { html, Html, attr } from '../html';
import { page, field, errorSummary, csrfField, PageContext, when } from './layout';
import type { SearchableCategory } from '../classifier-search';
import { HONEYPOT_FIELD } from '../spam-guard';
import { MAX_PHOTOS } from '../photos';
import type { Filed } from '../web-appeals';

export interface FilingForm {
  csrf: string;
  challenge: string;
  powBits: number;
  photoMaxMb: number;
  categories: SearchableCategory[];
  streets: string[];
  /** The plain-words search and what it found. */
  query: string;
  found: SearchableCategory[] | null;
  values: Record<string, string>;
  errors: Record<string, string>;
  general?: string;
}

function categorySelect(f: FilingForm): Html {
  const groups = new Map<string, SearchableCategory[]>();
  for (const c of f.categories) groups.set(c.groupName, [...(groups.get(c.groupName) ?? []), c]);
  const chosen = f.values.category ?? '';
  const error = f.errors.category;
  return html`<div class="field${error ? ' invalid' : ''}">
<label for="f-category">Категорія <span class="req">(обов’язково)</span></label>
${error ? html`<p class="error" id="f-category-error">${error}</p>` : ''}
<select id="f-category" name="category" required aria-required="true"${error ? html` aria-invalid="true" aria-describedby="f-category-error"` : ''}>
<option value="">— оберіть —</option>
${[...groups].map(([group, list]) => html`<optgroup label="${group}">${list.map((c) => html`<option value="${c.code}"${attr('selected', c.code === chosen)}>${c.name}</option>`)}</optgroup>`)}
</select>
</div>`;
}

function search(ctx: PageContext, f: FilingForm): Html {
  return html`<section class="card" aria-labelledby="search-title">
<h2 id="search-title">1. Що сталося?</h2>
<form method="get" action="${ctx.base}/zvernennia" role="search" class="search" data-category-search>
<label for="f-q">Опишіть кількома словами, наприклад: «немає води», «ліфт», «яма на дорозі»</label>
<div class="row"><input id="f-q" name="q" type="search" value="${f.query}" autocomplete="off"><button type="submit">Знайти</button></div>
</form>
<div id="search-results" aria-live="polite">
${f.found === null ? '' : f.found.length === 0
    ? html`<p>Нічого не знайдено. Оберіть категорію зі списку нижче.</p>`
    : html`<p>Знайдено ${f.found.length}. Оберіть одну:</p><ul class="found">${f.found.slice(0, 8).map((c) => html`<li><a href="${ctx.base}/zvernennia?q=${encodeURIComponent(f.query)}&amp;kategoriia=${c.code}#f-category" data-code="${c.code}">${c.name}</a>${c.emergency ? html` <span class="tag">аварійне</span>` : ''}</li>`)}</ul>`}
</div>
</section>`;
}

export function filingPage(ctx: PageContext, f: FilingForm): string {
  const v = f.values;
  const e = f.errors;
  return page({ ...ctx, section: 'file' }, 'Подати звернення', html`<h1>Подати звернення</h1>
<p>Звернення отримає диспетчер контакт-центру й передасть виконавцю. Ви одразу побачите його номер, виконавця і строк розгляду.</p>
${search(ctx, f)}
<form method="post" action="${ctx.base}/zvernennia" enctype="multipart/form-data" class="card" id="filing" data-pow-bits="${f.powBits}" data-photo-max-mb="${f.photoMaxMb}" novalidate>
${errorSummary(e, f.general)}
${csrfField(f.csrf)}
<input type="hidden" name="challenge" value="${f.challenge}">
<input type="hidden" name="pow" value="">
<div class="hp"><label for="f-${HONEYPOT_FIELD}">Залиште це поле порожнім</label><input id="f-${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off"></div>
<fieldset><legend>Проблема</legend>
${categorySelect(f)}
${field({ name: 'description', label: 'Опис', multiline: true, required: true, maxlength: 4000, value: v.description, error: e.description, hint: 'Що саме сталося, відколи, кого це стосується.' })}
</fieldset>
<fieldset><legend>Адреса проблеми</legend>
${field({ name: 'street', label: 'Вулиця', required: true, list: 'streets', value: v.street, error: e.street, autocomplete: 'off', hint: 'Почніть писати й оберіть вулицю з переліку міста.' })}
<datalist id="streets">${f.streets.map((s) => html`<option value="${s}"></option>`)}</datalist>
<div class="row3">
${field({ name: 'building', label: 'Будинок', required: true, value: v.building, error: e.building, inputmode: 'text', autocomplete: 'off' })}
${field({ name: 'entrance', label: 'Під’їзд', value: v.entrance, error: e.entrance, inputmode: 'numeric', autocomplete: 'off' })}
${field({ name: 'flat', label: 'Квартира', value: v.flat, error: e.flat, inputmode: 'numeric', autocomplete: 'off' })}
</div>
</fieldset>
<fieldset><legend>Фото (необов’язково)</legend>
<div class="field${e.photos ? ' invalid' : ''}">
<label for="f-photos">До ${MAX_PHOTOS} фото, кожне до ${f.photoMaxMb} МБ</label>
<p class="hint" id="f-photos-hint">Ми зменшимо фото й приберемо з них дані про місце зйомки. Їх побачать лише працівники, які розглядають звернення, і ви за своїм посиланням.</p>
${e.photos ? html`<p class="error" id="f-photos-error">${e.photos}</p>` : ''}
<input id="f-photos" name="photos" type="file" accept="image/*" multiple aria-describedby="f-photos-hint${e.photos ? ' f-photos-error' : ''}"${e.photos ? html` aria-invalid="true"` : ''}>
</div>
</fieldset>
<fieldset><legend>Ваші контакти</legend>
${field({ name: 'name', label: 'Ім’я', value: v.name, error: e.name, autocomplete: 'name', maxlength: 200 })}
${field({ name: 'phone', label: 'Телефон', type: 'tel', required: true, value: v.phone, error: e.phone, autocomplete: 'tel', inputmode: 'tel', hint: 'Наприклад, 050 123 45 67. Його бачать лише працівники контакт-центру та виконавець.' })}
${field({ name: 'email', label: 'Електронна пошта', type: 'email', value: v.email, error: e.email, autocomplete: 'email' })}
<div class="check"><input type="checkbox" id="f-consent" name="consent" value="1"${attr('checked', v.consent !== '0')}><label for="f-consent">Погоджуюсь, щоб мені зателефонували й запитали, чи проблему вирішено</label></div>
</fieldset>
<p class="small">Надсилаючи звернення, ви передаєте контакт-центру свої ім’я й телефон для його розгляду (Закон України «Про звернення громадян»).</p>
<p id="pow-status" class="small" aria-live="polite"></p>
<button type="submit" class="primary">Надіслати звернення</button>
</form>`);
}

export function filedPage(ctx: PageContext, filed: Filed, link: string): string {
  return page({ ...ctx, section: 'file' }, `Звернення ${filed.number} прийнято`, html`<h1>Звернення прийнято</h1>
<div class="card success" role="status">
<dl class="facts">
<dt>Номер</dt><dd class="number">${filed.number}</dd>
<dt>Виконавець</dt><dd class="executor">${filed.executor ?? 'визначить диспетчер'}</dd>
<dt>Строк розгляду</dt><dd class="deadline">до ${when(filed.deadlineAt, ctx.zone)}</dd>
</dl>
${filed.emergency ? html`<p><strong>Це аварійна категорія:</strong> виконавця сповіщено негайно. Якщо є небезпека, зателефонуйте на <a href="tel:${ctx.hotline}">${ctx.hotline}</a>.</p>` : ''}
</div>
<section class="card" aria-labelledby="link-title">
<h2 id="link-title">Ваше особисте посилання</h2>
<p>За ним ви побачите стан звернення, зможете доповнити його й підтвердити виконання. <strong>Збережіть його: ми показуємо його лише один раз.</strong> Не пересилайте його іншим.</p>
<p><a class="private-link" href="${link}">${link}</a></p>
<p>Також стан звернення можна дізнатися за номером і чотирма останніми цифрами телефону в розділі <a href="${ctx.base}/stezhyty">«Стежити за зверненням»</a>.</p>
</section>`);
}
