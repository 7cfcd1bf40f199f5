/**
 * A small in-page dialog (never window.confirm): a title, a body, buttons; Esc or the backdrop
 * closes it, focus goes to its first button and comes back where it was.
 */
import { h } from '../dom.js';

/**
 * @param {{ name: string, title: string, body: import('../dom.js').Child, actions: Array<{ label: string, primary?: boolean, danger?: boolean, onClick?: () => void }> }} o
 * @returns {() => void} closes it
 */
export function modal(o) {
  const before = /** @type {HTMLElement | null} */ (document.activeElement);
  const titleId = `modal-${o.name}-title`;
  /** @type {HTMLElement[]} */
  const buttons = [];
  const close = () => {
    backdrop.remove();
    document.removeEventListener('keydown', onKey, true);
    before?.focus?.();
  };
  for (const a of o.actions) {
    buttons.push(h('button', {
      type: 'button', class: a.primary ? 'primary' : a.danger ? 'danger' : '', 'data-modal-action': a.label,
      onclick: () => {
        close();
        a.onClick?.();
      },
    }, a.label));
  }
  const box = h('div', { class: 'modal card', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, 'data-modal': o.name },
    h('h2', { id: titleId }, o.title), o.body, h('div', { class: 'actions' }, buttons));
  const backdrop = h('div', { class: 'modal-backdrop' }, box);
  backdrop.addEventListener('click', (e) => {
    if (e.target === backdrop) close();
  });
  /** @param {KeyboardEvent} e */
  const onKey = (e) => {
    if (!backdrop.isConnected) {
      document.removeEventListener('keydown', onKey, true);
      return;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'Tab') {
      // Focus stays inside the dialog.
      const first = buttons[0];
      const last = buttons[buttons.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    }
  };
  document.addEventListener('keydown', onKey, true);
  document.body.append(backdrop);
  (buttons.find((b) => b.classList.contains('primary')) ?? buttons[0])?.focus();
  return close;
}
