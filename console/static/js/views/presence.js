/**
 * A call handler's place in the queue (dispatchers and the head): ready, pause with a reason, out
 * of the queue; what the PBX did with the last request (its refusal, with its own reason), a
 * pending leave after the current call, and the notice that they are being taken out of the queue.
 */
import { h, option, uid } from '../dom.js';
import { realtime } from '../socket.js';
import { session } from '../session.js';
import { PRESENCE_NAMES, PAUSE_REASONS, fmtTime } from '../format.js';

const IFACE_KEY = 'kontakt.agentInterface';
session.onClear(() => sessionStorage.removeItem(IFACE_KEY));

const LEAVING_REASONS = /** @type {Record<string, string>} */ ({
  sign_out: 'ви виходите з консолі',
  session_expired: 'сеанс роботи в консолі завершився',
  deactivated: 'ваш обліковий запис вимкнено',
  interface_changed: 'змінився ваш телефон у черзі',
});

/** @typedef {import('../socket.js').Presence} Presence */

/** The last state the server told for this user (null until it did). @type {Presence | null} */
let current = null;
/** @returns {Presence | null} */
export const presenceNow = () => current;
session.onClear(() => {
  current = null;
});

/** «перерва: навчання», «поза чергою», … @param {Presence} p */
export function presenceText(p) {
  if (p.state === 'paused') return `перерва: ${PAUSE_REASONS[p.pausedReason ?? ''] ?? 'без причини'}`;
  return PRESENCE_NAMES[p.state] ?? 'стан невідомий';
}

/** @returns {HTMLElement} */
export function presenceControls() {
  const user = session.user;
  const state = h('span', { class: 'presence-state', dataset: { state: 'unknown', pending: '' }, 'aria-live': 'polite' }, 'стан невідомий');
  const pending = h('span', { class: 'presence-pending badge warn', hidden: true }, 'виходжу після розмови');
  const ifaceId = uid('iface');
  const iface = /** @type {HTMLInputElement} */ (h('input', {
    id: ifaceId, name: 'agentInterface', class: 'iface', size: 10, placeholder: 'PJSIP/101',
    value: sessionStorage.getItem(IFACE_KEY) ?? user?.queueInterface ?? '',
  }));
  const reasonId = uid('reason');
  const reason = /** @type {HTMLSelectElement} */ (h('select', { id: reasonId, name: 'pauseReason' },
    ['break', 'paperwork', 'training'].map((r) => option(r, PAUSE_REASONS[r]))));
  const error = h('span', { class: 'presence-error', role: 'alert' });
  const notice = h('p', { class: 'presence-notice notice', role: 'alert', hidden: true });
  const ready = h('button', { type: 'button', class: 'ok', 'data-action': 'ready', 'aria-keyshortcuts': 'Alt+R', title: 'Alt+R' }, 'Готовий');
  const pause = h('button', { type: 'button', 'data-action': 'pause', 'aria-keyshortcuts': 'Alt+P', title: 'Alt+P' }, 'Перерва');
  const out = h('button', { type: 'button', 'data-action': 'sign-out' }, 'Вийти з черги');

  /** @param {Presence} p */
  const show = (p) => {
    if (!p || (user && p.userId !== user.id)) return;
    current = p;
    state.dataset.state = p.state;
    state.dataset.pending = p.pending ?? '';
    state.textContent = presenceText(p);
    pending.hidden = p.pending !== 'leave_after_call';
    if (p.agentInterface) iface.value = p.agentInterface;
    if (p.refusal) {
      error.textContent = `${p.refusal.message}${p.refusal.pbxReason ? ` (АТС: ${p.refusal.pbxReason})` : ''}`;
      error.setAttribute('data-refusal', p.refusal.action);
    } else {
      error.textContent = '';
      error.removeAttribute('data-refusal');
    }
  };
  /** @param {string} name @param {...unknown} args */
  const act = async (name, ...args) => {
    error.textContent = '';
    for (const b of [ready, pause, out]) /** @type {HTMLButtonElement} */ (b).disabled = true;
    try {
      show(await realtime.request(name, ...args));
    } catch (err) {
      error.textContent = /** @type {Error} */ (err).message;
    } finally {
      for (const b of [ready, pause, out]) /** @type {HTMLButtonElement} */ (b).disabled = false;
    }
  };
  ready.addEventListener('click', () => {
    const agentInterface = iface.value.trim();
    if (agentInterface) sessionStorage.setItem(IFACE_KEY, agentInterface);
    act('presence:ready', agentInterface ? { agentInterface } : {});
  });
  pause.addEventListener('click', () => act('presence:pause', { reason: reason.value }));
  out.addEventListener('click', () => act('presence:sign-out'));
  realtime.on('presence:changed', show);
  realtime.on('presence:leaving', (/** @type {import('../../../../realtime/contracts').PresenceLeaving} */ e) => {
    notice.textContent = e.afterCall
      ? `Після цієї розмови вас буде виведено з черги: ${LEAVING_REASONS[e.reason] ?? 'так вирішив сервер'} (${fmtTime(e.at)}).`
      : `Вас виведено з черги: ${LEAVING_REASONS[e.reason] ?? 'так вирішив сервер'} (${fmtTime(e.at)}).`;
    notice.hidden = false;
  });

  return h('div', { class: 'presence', role: 'group', 'aria-label': 'Стан у черзі' },
    h('span', { class: 'muted presence-label' }, 'У черзі:'), state, pending,
    h('label', { for: ifaceId, class: 'sr-only' }, 'Телефон (інтерфейс черги)'), iface,
    ready,
    h('label', { for: reasonId, class: 'sr-only' }, 'Причина перерви'), reason, pause,
    out, error, notice);
}
