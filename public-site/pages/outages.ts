import { html, Html } from '../html';
import { page, field, PageContext, when } from './layout';
import type { PublicOutage } from '../../api/routes/public-outage-routes';
import { UTILITY_TITLES, KIND_TITLES } from '../../outages/outage-labels';

export interface OutagesPage {
  streets: string[];
  street: string;
  building: string;
  error?: string;
  /** The outages at the address asked for, or null when none was asked. */
  atAddress: PublicOutage[] | null;
  /** The street as found in the city's list. */
  streetName?: string;
  all: PublicOutage[];
}

function item(ctx: PageContext, o: PublicOutage): Html {
  return html`<li class="outage ${o.kind}">
<h3>${KIND_TITLES[o.kind]} ${UTILITY_TITLES[o.utility]}</h3>
<dl class="facts">
<dt>Де</dt><dd>${o.area}</dd>
<dt>${o.state === 'active' ? 'Відколи' : 'Початок'}</dt><dd>${when(new Date(o.startsAt), ctx.zone)}</dd>
<dt>До</dt><dd>${o.endsAt ? when(new Date(o.endsAt), ctx.zone) : 'час відновлення уточнюється'}</dd>
${o.reason ? html`<dt>Причина</dt><dd>${o.reason}</dd>` : ''}
${o.executor ? html`<dt>Куди телефонувати</dt><dd>${o.executor.name}${o.executor.phone ? html`, <a href="tel:${o.executor.phone.replace(/[^\d+]/g, '')}">${o.executor.phone}</a>` : ''}</dd>` : ''}
</dl>
</li>`;
}

function list(ctx: PageContext, title: string, id: string, items: PublicOutage[], empty: string): Html {
  return html`<section class="card" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>
${items.length ? html`<ul class="outages">${items.map((o) => item(ctx, o))}</ul>` : html`<p>${empty}</p>`}</section>`;
}

export function outagesPage(ctx: PageContext, p: OutagesPage): string {
  const now = p.all.filter((o) => o.state === 'active');
  const planned = p.all.filter((o) => o.state !== 'active');
  return page({ ...ctx, section: 'outages' }, 'Відключення', html`<h1>Відключення води, тепла, світла й газу</h1>
<form method="get" action="${ctx.base}/vidkliuchennia" class="card" role="search">
<h2>Чи є відключення за моєю адресою?</h2>
${p.error ? html`<p class="error" role="alert">${p.error}</p>` : ''}
${field({ name: 'vulytsia', label: 'Вулиця', list: 'streets', value: p.street, autocomplete: 'off' })}
<datalist id="streets">${p.streets.map((s) => html`<option value="${s}"></option>`)}</datalist>
${field({ name: 'budynok', label: 'Будинок (необов’язково)', value: p.building, autocomplete: 'off' })}
<button type="submit" class="primary">Перевірити</button>
</form>
${p.atAddress ? html`<div id="at-address" role="status">${list(ctx, `За адресою: ${p.streetName ?? p.street}${p.building ? `, ${p.building}` : ''}`, 'address-title', p.atAddress, 'За цією адресою відключень немає і найближчим часом не заплановано.')}</div>` : ''}
${list(ctx, 'Зараз у місті', 'now-title', now, 'Зараз відключень немає.')}
${list(ctx, 'Заплановані', 'planned-title', planned, 'Запланованих відключень немає.')}
<p>Ті самі відомості чує кожен, хто телефонує на гарячу лінію <a href="tel:${ctx.hotline}">${ctx.hotline}</a>. Стрічка для програм читання новин: <a href="/api/public/outages.atom">Atom</a>.</p>`);
}
