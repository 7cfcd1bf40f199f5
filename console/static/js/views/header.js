/** The header: who is signed in, the link to the server of events, presence, navigation, sign-out. */
import { h } from '../dom.js';
import { session, handlesCalls } from '../session.js';
import { realtime } from '../socket.js';
import { ROLE_NAMES } from '../format.js';
import { toggleTheme } from '../theme.js';
import { presenceControls } from './presence.js';

const LINK_TEXT = /** @type {Record<string, string>} */ ({
  connecting: 'з’єднання…', connected: 'на зв’язку', disconnected: 'немає зв’язку', unavailable: 'події недоступні', refused: 'події недоступні',
});

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
    calls ? h('a', { href: '#/wallboard', 'data-route': 'wallboard' }, 'Табло') : null);

  return h('header', { class: 'top' },
    h('div', { class: 'top-row' },
      h('strong', { class: 'brand' }, 'Контакт'),
      nav,
      h('span', { class: 'spacer' }),
      link,
      h('span', { class: 'who' }, h('span', { class: 'user-name' }, user?.fullName ?? ''), ' · ', h('span', { class: 'user-role' }, ROLE_NAMES[user?.role ?? ''] ?? user?.role ?? '')),
      h('button', { type: 'button', class: 'link', onclick: toggleTheme, 'aria-label': 'Змінити тему (світла/темна)' }, '◐ Тема'),
      h('button', { type: 'button', onclick: onSignOut }, 'Вийти')),
    user?.role === 'dispatcher' ? h('div', { class: 'top-row presence-row' }, presenceControls()) : null);
}
