import { DateTime } from 'luxon';
import { html, Html, attr } from '../html';

/** What every page needs to know about where it is served. */
export interface PageContext {
  /** '/misto' beside the console, '' on the site's own host. */
  base: string;
  city: string;
  cityGenitive: string;
  hotline: string;
  zone: string;
  /** Which section of the menu is open. */
  section?: 'home' | 'file' | 'follow' | 'outages';
}

export const SECTIONS = [
  { key: 'file', path: '/zvernennia', label: 'Подати звернення' },
  { key: 'follow', path: '/stezhyty', label: 'Стежити за зверненням' },
  { key: 'outages', path: '/vidkliuchennia', label: 'Відключення' },
] as const;

/** A date and time in the city's zone, as people write it: «10 березня 2026, 11:00». */
export function when(at: Date, zone: string): string {
  return DateTime.fromJSDate(at).setZone(zone).setLocale('uk').toFormat('d MMMM yyyy, HH:mm');
}

export function emergencyNotice(ctx: PageContext): Html {
  return html`<aside class="emergency" aria-labelledby="emergency-title">
<p id="emergency-title"><strong>Небезпека для життя, здоров’я чи майна?</strong> Не пишіть — телефонуйте:</p>
<ul class="numbers">
<li><a href="tel:101">101</a> пожежа</li><li><a href="tel:102">102</a> поліція</li><li><a href="tel:103">103</a> швидка</li><li><a href="tel:104">104</a> газ</li>
<li><a href="tel:${ctx.hotline}">${ctx.hotline}</a> гаряча лінія міста (аварії, цілодобово)</li>
</ul>
<p class="small">Звернення з цього сайту розглядають у звичайному порядку, це не екстрена лінія.</p>
</aside>`;
}

/** The whole page: one stylesheet, one deferred script, no fonts, no third parties. */
export function page(ctx: PageContext, title: string, main: Html | Html[]): string {
  const nav = SECTIONS.map((s) => html`<li><a href="${ctx.base}${s.path}"${attr('aria-current="page"', ctx.section === s.key)}>${s.label}</a></li>`);
  return `<!doctype html>${html`<html lang="uk">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Контакт-центр міста ${ctx.cityGenitive}</title>
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="${ctx.base}/static/site.css">
<link rel="alternate" type="application/atom+xml" title="Відключення в місті" href="/api/public/outages.atom">
<script src="${ctx.base}/static/site.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Перейти до змісту</a>
<header class="top">
<a class="brand" href="${ctx.base}/"${attr('aria-current="page"', ctx.section === 'home')}>Контакт-центр міста ${ctx.cityGenitive}</a>
<nav aria-label="Розділи сайту"><ul>${nav}</ul></nav>
</header>
${emergencyNotice(ctx)}
<main id="main" tabindex="-1">
${main}
</main>
<footer class="bottom">
<p>Гаряча лінія: <a href="tel:${ctx.hotline}">${ctx.hotline}</a>. Сайт не стежить за відвідувачами і нічого не передає стороннім сервісам.</p>
</footer>
</body>
</html>`}`;
}

export interface FieldSpec {
  name: string;
  label: string;
  value?: string;
  type?: string;
  error?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  list?: string;
  multiline?: boolean;
  maxlength?: number;
  pattern?: string;
}

/** A labelled input with its hint and error tied to it (aria-describedby), marked invalid when wrong. */
export function field(f: FieldSpec): Html {
  const id = `f-${f.name}`;
  const described = [f.hint ? `${id}-hint` : '', f.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = html` id="${id}" name="${f.name}"${f.required ? html` required aria-required="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}${f.error ? html` aria-invalid="true"` : ''}${f.maxlength ? html` maxlength="${f.maxlength}"` : ''}${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}`;
  const control = f.multiline
    ? html`<textarea${common} rows="5">${f.value ?? ''}</textarea>`
    : html`<input type="${f.type ?? 'text'}"${common} value="${f.value ?? ''}"${f.inputmode ? html` inputmode="${f.inputmode}"` : ''}${f.list ? html` list="${f.list}"` : ''}${f.pattern ? html` pattern="${f.pattern}"` : ''}>`;
  return html`<div class="field${f.error ? ' invalid' : ''}">
<label for="${id}">${f.label}${f.required ? html` <span class="req">(обов’язково)</span>` : ''}</label>
${f.hint ? html`<p class="hint" id="${id}-hint">${f.hint}</p>` : ''}
${f.error ? html`<p class="error" id="${id}-error">${f.error}</p>` : ''}
${control}
</div>`;
}

/** The list of what is wrong, at the top of a form, announced when the page opens. */
export function errorSummary(errors: Record<string, string>, general?: string): Html {
  const items = Object.entries(errors);
  if (!items.length && !general) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">Форму не надіслано</h2>
${general ? html`<p>${general}</p>` : ''}
${items.length ? html`<ul>${items.map(([name, message]) => html`<li><a href="#f-${name}">${message}</a></li>`)}</ul>` : ''}
</div>`;
}

/** The hidden fields every form carries: the CSRF token. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="csrf" value="${token}">`;
}
