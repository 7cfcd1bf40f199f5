/** A dispatcher's place in the queue: ready, pause with a reason, out of the queue. */
import { h, option, uid } from '../dom.js';
import { realtime } from '../socket.js';
import { session } from '../session.js';
import { PRESENCE_NAMES, PAUSE_REASONS } from '../format.js';

const IFACE_KEY = 'kontakt.agentInterface';

/** @returns {HTMLElement} */
export function presenceControls() {
  const user = session.user;
  const state = h('span', { class: 'presence-state', dataset: { state: 'unknown' }, 'aria-live': 'polite' }, 'стан невідомий');
  const ifaceId = uid('iface');
  const iface = /** @type {HTMLInputElement} */ (h('input', {
    id: ifaceId, name: 'agentInterface', class: 'iface', size: 10, placeholder: 'PJSIP/101',
    value: sessionStorage.getItem(IFACE_KEY) ?? user?.queueInterface ?? '',
  }));
  const reasonId = uid('reason');
  const reason = /** @type {HTMLSelectElement} */ (h('select', { id: reasonId, name: 'pauseReason' },
    ['break', 'paperwork', 'training'].map((r) => option(r, PAUSE_REASONS[r]))));
  const error = h('span', { class: 'presence-error', role: 'alert' });
  const ready = h('button', { type: 'button', class: 'ok', 'data-action': 'ready' }, 'Готовий');
  const pause = h('button', { type: 'button', 'data-action': 'pause' }, 'Перерва');
  const out = h('button', { type: 'button', 'data-action': 'sign-out' }, 'Вийти з черги');

  /** @param {import('../socket.js').Presence} p */
  const show = (p) => {
    if (user && p.userId !== user.id) return;
    state.dataset.state = p.state;
    const why = p.state === 'paused' && p.pausedReason ? ` (${PAUSE_REASONS[p.pausedReason] ?? p.pausedReason})` : '';
    state.textContent = `${PRESENCE_NAMES[p.state] ?? p.state}${why}`;
    if (p.agentInterface) iface.value = p.agentInterface;
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

  return h('div', { class: 'presence', role: 'group', 'aria-label': 'Стан у черзі' },
    h('span', { class: 'muted' }, 'У черзі:'), state,
    h('label', { for: ifaceId, class: 'sr-only' }, 'Телефон (інтерфейс черги)'), iface,
    ready,
    h('label', { for: reasonId, class: 'sr-only' }, 'Причина перерви'), reason, pause,
    out, error);
}
