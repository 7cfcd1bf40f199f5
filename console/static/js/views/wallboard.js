/** The wallboard: queue and dispatchers now, service today. */
import { h, replace } from '../dom.js';
import { realtime } from '../socket.js';
import { fmtDuration, fmtTime } from '../format.js';

/**
 * @param {HTMLElement} root
 * @returns {() => void} cleanup
 */
export function renderWallboard(root) {
  const board = h('div', { class: 'wallboard', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Завантаження…'));
  const status = h('p', { class: 'muted wallboard-status', role: 'status' });
  replace(root, h('div', { class: 'page wallboard-page' }, h('h2', null, 'Табло'), board, status));

  /** @param {import('../socket.js').Wallboard} w */
  const show = (w) => {
    const d = w.dispatchers;
    replace(board,
      tile('Абонентів у черзі', String(w.callersWaiting), w.callersWaiting > 0 ? 'warn' : '', 'waiting'),
      tile('Найдовше очікування', fmtDuration(w.longestWaitSeconds), w.longestWaitSeconds >= 60 ? 'danger' : '', 'longest'),
      tile('Рівень обслуговування сьогодні', w.serviceLevel === null ? '—' : `${Math.round(w.serviceLevel * 100)}%`,
        w.serviceLevel !== null && w.serviceLevel < 0.8 ? 'warn' : 'ok', 'service', `прийнято за 20 с: ${w.answeredWithin20sToday} з ${w.answeredToday}`),
      tile('Втрачено сьогодні', String(w.abandonedToday), w.abandonedToday > 0 ? 'warn' : '', 'abandoned'),
      h('section', { class: 'tile wide', 'data-tile': 'dispatchers', 'aria-label': 'Диспетчери за станом' },
        h('h3', null, 'Диспетчери'),
        h('dl', { class: 'dispatcher-states' },
          h('dt', null, 'готові'), h('dd', { class: 'ok-text' }, String(d.ready)),
          h('dt', null, 'розмовляють'), h('dd', null, String(d.onCall)),
          h('dt', null, 'дзвонить'), h('dd', null, String(d.ringing)),
          h('dt', null, 'на перерві'), h('dd', { class: 'warn-text' }, String(d.paused)),
          h('dt', null, 'поза чергою'), h('dd', { class: 'muted' }, String(d.signedOut)))));
    status.textContent = `Оновлено о ${fmtTime(w.at)}`;
  };
  const fetchNow = async () => {
    try {
      show(await realtime.request('wallboard:get'));
    } catch (err) {
      status.textContent = `Табло недоступне: ${/** @type {Error} */ (err).message}`;
      if (board.querySelector('.muted')) replace(board);
    }
  };
  fetchNow();
  const offUpdate = realtime.on('wallboard:update', show);
  const offConnected = realtime.on('connected', fetchNow);
  return () => {
    offUpdate();
    offConnected();
    // The server stops sending updates to a console that no longer shows the board.
    realtime.notify('wallboard:leave');
  };
}

/** @param {string} label @param {string} value @param {string} tone @param {string} key @param {string} [sub] */
function tile(label, value, tone, key, sub) {
  return h('section', { class: `tile ${tone}`, 'data-tile': key },
    h('h3', null, label), h('p', { class: 'tile-value' }, value), sub ? h('p', { class: 'muted' }, sub) : null);
}
