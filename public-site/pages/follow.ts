import { html, Html } from '../html';
import { page, field, errorSummary, csrfField, PageContext, when } from './layout';
import type { PublicAppealView, PublicHistoryLine } from '../web-appeals';
import { MAX_PHOTOS } from '../photos';

export function followForm(ctx: PageContext, o: { csrf: string; values: Record<string, string>; errors: Record<string, string>; general?: string }): string {
  return page({ ...ctx, section: 'follow' }, 'Стежити за зверненням', html`<h1>Стежити за зверненням</h1>
<p>Відкрийте своє особисте посилання, яке ви отримали, подавши звернення, або вкажіть номер звернення і чотири останні цифри телефону, з якого його подано.</p>
<form method="post" action="${ctx.base}/stezhyty" class="card" novalidate>
${errorSummary(o.errors, o.general)}
${csrfField(o.csrf)}
${field({ name: 'number', label: 'Номер звернення', required: true, value: o.values.number, error: o.errors.number, hint: 'Наприклад, 2026-000123', autocomplete: 'off', inputmode: 'numeric' })}
${field({ name: 'phoneLast4', label: 'Чотири останні цифри телефону', required: true, value: o.values.phoneLast4, error: o.errors.phoneLast4, inputmode: 'numeric', autocomplete: 'off', maxlength: 4 })}
<button type="submit" class="primary">Дізнатися стан</button>
</form>`);
}

function history(ctx: PageContext, lines: PublicHistoryLine[]): Html {
  return html`<section class="card" aria-labelledby="history-title"><h2 id="history-title">Історія</h2>
<ol class="history">${lines.map((l) => html`<li><time datetime="${l.at.toISOString()}">${when(l.at, ctx.zone)}</time> <span>${l.text}</span>${l.comment ? html`<blockquote class="pre">${l.comment}</blockquote>` : ''}</li>`)}</ol>
</section>`;
}

function facts(ctx: PageContext, a: { number: string; statusName: string; status: string; executor: string | null; deadlineAt: Date; category?: string | null }): Html {
  return html`<dl class="facts">
<dt>Номер</dt><dd class="number">${a.number}</dd>
${a.category ? html`<dt>Категорія</dt><dd>${a.category}</dd>` : ''}
<dt>Стан</dt><dd class="status status-${a.status}">${a.statusName}</dd>
<dt>Виконавець</dt><dd class="executor">${a.executor ?? 'ще не визначено'}</dd>
<dt>Строк розгляду</dt><dd>до ${when(a.deadlineAt, ctx.zone)}</dd>
</dl>`;
}

export function statusByNumberPage(ctx: PageContext, a: { number: string; statusName: string; status: string; executor: string | null; deadlineAt: Date; history: PublicHistoryLine[] }): string {
  return page({ ...ctx, section: 'follow' }, `Звернення ${a.number}`, html`<h1>Звернення ${a.number}</h1>
<div class="card" role="status">${facts(ctx, a)}</div>
${history(ctx, a.history)}
<p class="small">Щоб доповнити звернення, додати фото або підтвердити виконання, відкрийте особисте посилання, яке ви отримали, подавши звернення на сайті. Або зателефонуйте на <a href="tel:${ctx.hotline}">${ctx.hotline}</a>.</p>`);
}

export interface HolderPage {
  view: PublicAppealView;
  /** The private link's path (base + /z/<token>), for forms and photos. */
  self: string;
  csrf: string;
  photoMaxMb: number;
  errors: Record<string, string>;
  values: Record<string, string>;
  general?: string;
  /** What was just done: shown once, announced. */
  notice?: string;
}

export function holderPage(ctx: PageContext, p: HolderPage): string {
  const a = p.view;
  const e = p.errors;
  const verification = a.awaitingVerification ? html`<section class="card verify" aria-labelledby="verify-title">
<h2 id="verify-title">Виконавець повідомив, що проблему вирішено. Це так?</h2>
<p>Ваша відповідь замінить дзвінок контролю виконання.</p>
<form method="post" action="${p.self}/pidtverdzhennia" class="choices">
${csrfField(p.csrf)}
<button type="submit" name="choice" value="confirmed" class="primary">Виконано</button>
<button type="submit" name="choice" value="returned" class="secondary">Не виконано</button>
</form>
</section>` : '';
  const addition = a.open ? html`<section class="card" aria-labelledby="add-title">
<h2 id="add-title">Доповнити звернення</h2>
<form method="post" action="${p.self}/dopovnennia" enctype="multipart/form-data" data-photo-max-mb="${p.photoMaxMb}" novalidate>
${errorSummary(e, p.general)}
${csrfField(p.csrf)}
${field({ name: 'comment', label: 'Коментар', multiline: true, maxlength: 1000, value: p.values.comment, error: e.comment })}
${a.photosLeft > 0 ? html`<div class="field${e.photos ? ' invalid' : ''}">
<label for="f-photos">Фото (можна ще ${a.photosLeft}, кожне до ${p.photoMaxMb} МБ)</label>
${e.photos ? html`<p class="error" id="f-photos-error">${e.photos}</p>` : ''}
<input id="f-photos" name="photos" type="file" accept="image/*" multiple${e.photos ? html` aria-invalid="true" aria-describedby="f-photos-error"` : ''}>
</div>` : html`<p class="small">До звернення вже додано ${MAX_PHOTOS} фото.</p>`}
<button type="submit" class="primary">Надіслати</button>
</form>
</section>` : '';
  return page({ ...ctx, section: 'follow' }, `Звернення ${a.number}`, html`<h1>Звернення ${a.number}</h1>
${p.notice ? html`<p class="card success" role="status">${p.notice}</p>` : ''}
<div class="card">${facts(ctx, a)}</div>
${verification}
${a.photos.length ? html`<section class="card" aria-labelledby="photos-title"><h2 id="photos-title">Ваші фото</h2>
<ul class="photos">${a.photos.map((ph, i) => html`<li><a href="${p.self}/foto/${ph.id}"><img src="${p.self}/foto/${ph.id}" alt="Фото ${i + 1} до звернення ${a.number}" width="${ph.width}" height="${ph.height}" loading="lazy"></a></li>`)}</ul></section>` : ''}
${addition}
${history(ctx, a.history)}`);
}
