/** The console's entry: sign-in, the shell, and a small hash router over the views. */
import { h, replace } from './dom.js';
import { api } from './api.js';
import { session, handlesCalls } from './session.js';
import { realtime } from './socket.js';
import { pops, wirePops } from './pops.js';
import { applyTheme } from './theme.js';
import { renderLogin } from './views/login.js';
import { header } from './views/header.js';
import { popArea } from './views/pop-card.js';
import { renderAppealsList } from './views/appeals-list.js';
import { renderAppealForm } from './views/appeal-form.js';
import { renderAppealPage } from './views/appeal-page.js';
import { renderOutages } from './views/outages.js';
import { renderWallboard } from './views/wallboard.js';
import { renderCalls } from './views/calls.js';
import { callbackTasksPanel } from './views/callback-tasks.js';
import { installShortcuts } from './keyboard.js';
import { modal } from './views/modal.js';
import { presenceNow } from './views/presence.js';
import { verificationsPanel } from './views/verifications.js';
import { renderNotices } from './views/notices.js';

const root = /** @type {HTMLElement} */ (document.getElementById('app'));
/** @type {HTMLElement | null} */
let content = null;
/** @type {(() => void) | void} */
let cleanup;

applyTheme();
installShortcuts();
window.addEventListener('kontakt:unauthorized', () => signedOut('Сеанс завершено, увійдіть знову.'));
window.addEventListener('hashchange', route);
start();

async function start() {
  if (!session.token) return renderLogin(root, shell);
  try {
    session.saveUser(await api.me());
    shell();
  } catch {
    session.clear();
    renderLogin(root, shell);
  }
}

function shell() {
  const user = session.user;
  content = h('main', { id: 'content', class: 'content', tabindex: '-1' });
  const layout = h('div', { class: 'layout' }, handlesCalls(user) ? popArea() : null, content);
  replace(root, header(signOut), layout);
  wirePops();
  realtime.connect(/** @type {string} */ (session.token));
  route();
}

/** States in which the dispatcher is a member of the queue: signing out of the console takes them out. */
const IN_QUEUE = ['ready', 'paused', 'ringing', 'on_call'];

/** «Вийти»: one who is in the queue is told first that signing out takes them out of it (after the call, if on one). */
function signOut() {
  const p = presenceNow();
  if (!p || !IN_QUEUE.includes(p.state)) return leave();
  const onCall = p.state === 'on_call';
  modal({
    name: 'sign-out',
    title: 'Вийти з консолі?',
    body: h('p', null, onCall
      ? 'Ви зараз у черзі й розмовляєте. Після виходу з консолі вас буде виведено з черги, щойно завершиться розмова: нові дзвінки до вас не надходитимуть.'
      : 'Ви зараз у черзі дзвінків. Після виходу з консолі вас буде виведено з черги: нові дзвінки до вас не надходитимуть.'),
    actions: [
      { label: 'Залишитися', primary: true },
      { label: onCall ? 'Вийти після розмови' : 'Вийти й залишити чергу', danger: true, onClick: () => void leave() },
    ],
  });
}

async function leave() {
  try {
    await api.logout();
  } catch {
    /* the session ends here either way */
  }
  signedOut();
}

/** @param {string} [notice] */
function signedOut(notice) {
  // A question left open (the sign-out one, the shortcuts) belongs to the session that ended.
  for (const m of document.querySelectorAll('.modal-backdrop')) m.remove();
  realtime.disconnect();
  pops.clear();
  session.clear();
  if (typeof cleanup === 'function') cleanup();
  cleanup = undefined;
  content = null;
  history.replaceState(null, '', '#/');
  renderLogin(root, shell, notice);
}

function route() {
  if (!content || !session.user) return;
  if (typeof cleanup === 'function') cleanup();
  cleanup = undefined;
  const user = session.user;
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  let key = parts[0] ?? 'appeals';
  if (user.role === 'admin' && key === 'appeals') {
    replace(content, h('div', { class: 'page' }, h('h2', null, 'Адміністратор'),
      h('p', null, 'Звернення і дані заявників адміністраторові не показуються.'),
      h('p', null, 'Користувачів, категорії, виконавців і ключі доступу ведуть через програмний інтерфейс Контакту; як саме — у посібнику адміністратора (README).')));
    key = 'admin';
  } else if (key === 'appeals' && parts[1] === 'new' && handlesCalls(user)) {
    key = 'new';
    renderAppealForm(content, params);
  } else if (key === 'appeals' && parts[1]) {
    cleanup = renderAppealPage(content, decodeURIComponent(parts[1]));
  } else if (key === 'outages') {
    renderOutages(content);
  } else if (key === 'notices' && handlesCalls(user)) {
    cleanup = renderNotices(content);
  } else if (key === 'wallboard' && handlesCalls(user)) {
    cleanup = renderWallboard(content);
  } else if (key === 'calls' && handlesCalls(user)) {
    renderCalls(content);
    // Callers to call back come first on the calls page.
    const missed = callbackTasksPanel();
    (content.querySelector('.page') ?? content).prepend(missed.element);
    // Residents the verification callback could not reach: after the missed calls.
    const unverified = verificationsPanel();
    missed.element.after(unverified.element);
    cleanup = () => {
      missed.cleanup();
      unverified.cleanup();
    };
  } else {
    key = 'appeals';
    cleanup = renderAppealsList(content);
  }
  for (const a of document.querySelectorAll('.main-nav a')) {
    if (/** @type {HTMLElement} */ (a).dataset.route === key) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}
