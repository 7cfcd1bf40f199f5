/** The header: who is signed in, the link to the server of events, presence, navigation, sign-out. */
import { h } from '../dom.js';
import { session, handlesCalls } from '../session.js';
import { realtime } from '../socket.js';
import { ROLE_NAMES } from '../format.js';
import { toggleTheme } from '../theme.js';
import { presenceControls } from './presence.js';
import { showShortcuts } from '../keyboard.js';

const LINK_TEXT = /** @type {Record<string, string>} */ ({
  connecting: 'з’єднання…', connected: 'на зв’язку', disconnected: 'немає зв’язку', unavailable: 'події недоступні', refused: 'події недоступні',
});

/**
 * Opens yesterday's report (an HTML page with charts) in a new tab for the head. The API wants the
 * bearer token, so the page is fetched here and shown from a blob: URL; the tab is opened at
 * once, inside the click, so that pop-up blockers let it through.
 * @param {Event} event
 */
async function openYesterdayReport(event) {
  event.preventDefault();
  const tab = window.open('', '_blank');
  try {
    const res = await fetch('/api/reports/daily/yesterday?format=html', { headers: { authorization: `Bearer ${session.token}` } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const url = URL.createObjectURL(await res.blob());
    if (tab) tab.location.href = url;
    else window.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch {
    if (tab) tab.document.body.textContent = 'Не вдалося відкрити звіт за вчора. Спробуйте пізніше.';
  }
}

/** @param {() => void} onSignOut */
export function header(onSignOut) {
  const user = session.user;
  const link = h('span', { class: 'link-state', role: 'status', 'aria-live': 'polite' });
  const showLink = () => {
    link.dataset.state = realtime.state;
    link.textContent = LINK_TEXT[realtime.state] ?? realtime.state;
    link.title = realtime.stateDetail;
  };
  realtime.on('link', showLink);
  showLink();

  const calls = handlesCalls(user);
  const nav = h('nav', { class: 'main-nav', 'aria-label': 'Розділи' },
    user?.role === 'admin' ? null : h('a', { href: '#/appeals', 'data-route': 'appeals' }, 'Звернення'),
    calls ? h('a', { href: '#/appeals/new', 'data-route': 'new' }, 'Нове звернення') : null,
    calls ? h('a', { href: '#/calls', 'data-route': 'calls' }, 'Дзвінки') : null,
    h('a', { href: '#/outages', 'data-route': 'outages' }, 'Відключення'),
    calls ? h('a', { href: '#/notices', 'data-route': 'notices' }, 'Оповіщення') : null,
    calls ? h('a', { href: '#/wallboard', 'data-route': 'wallboard' }, 'Табло') : null,
    user?.role === 'head' || user?.role === 'admin'
      ? h('a', { href: '/api/reports/daily/yesterday?format=html', onclick: openYesterdayReport, title: 'Звіт контакт-центру за вчора з графіками (нова вкладка)' }, 'Звіт за вчора')
      : null);

  return h('header', { class: 'top' },
    h('div', { class: 'top-row' },
      h('strong', { class: 'brand' }, 'Контакт'),
      nav,
      h('span', { class: 'spacer' }),
      link,
      h('span', { class: 'who' }, h('span', { class: 'user-name' }, user?.fullName ?? ''), h('span', { class: 'who-sep' }, ' · '), h('span', { class: 'user-role' }, ROLE_NAMES[user?.role ?? ''] ?? '')),
      h('button', { type: 'button', class: 'link', onclick: showShortcuts, 'aria-label': 'Клавіші (?)', title: 'Клавіші (?)' }, '⌨', h('span', { class: 'wide-only' }, ' Клавіші')),
      h('button', { type: 'button', class: 'link', onclick: toggleTheme, 'aria-label': 'Змінити тему (світла/темна)', title: 'Змінити тему (світла/темна)' }, '◐', h('span', { class: 'wide-only' }, ' Тема')),
      h('button', { type: 'button', class: 'sign-out', onclick: onSignOut }, 'Вийти')),
    // The head takes calls too (regulation 5.2: at night the head may be the one answering).
    calls ? h('div', { class: 'top-row presence-row' }, presenceControls()) : null);
}
