import { html } from '../html';
import { page, PageContext } from './layout';

export function homePage(ctx: PageContext, activeOutages: number): string {
  return page({ ...ctx, section: 'home' }, 'Головна', html`<h1>Контакт-центр міста ${ctx.cityGenitive}</h1>
<p>Повідомте про проблему в місті, дізнайтеся, як розглядають ваше звернення, і перевірте відключення — без реєстрації й без застосунків.</p>
<ul class="tiles">
<li><a href="${ctx.base}/zvernennia"><strong>Подати звернення</strong><span>Немає води, не працює ліфт, яма на дорозі…</span></a></li>
<li><a href="${ctx.base}/stezhyty"><strong>Стежити за зверненням</strong><span>За особистим посиланням або номером</span></a></li>
<li><a href="${ctx.base}/vidkliuchennia"><strong>Відключення</strong><span>${activeOutages ? `Зараз у місті: ${activeOutages}` : 'Зараз відключень немає'}</span></a></li>
</ul>`);
}

/** A page with one message: a refusal, a missing link, a limit reached. */
export function messagePage(ctx: PageContext, title: string, message: string, back?: { href: string; label: string }): string {
  return page(ctx, title, html`<h1>${title}</h1>
<div class="card" role="alert"><p>${message}</p></div>
${back ? html`<p><a href="${back.href}">${back.label}</a></p>` : ''}`);
}
