/**
 * Keyboard first: the shortcuts a dispatcher uses all shift long, and the help overlay that lists
 * them (`?`). Keys are matched by their physical position (event.code), so they work the same with
 * the Ukrainian layout on.
 */
import { h } from './dom.js';
import { modal } from './views/modal.js';

/** The list shown in the help overlay and in the README. */
export const SHORTCUTS = [
  ['Alt+R', 'готовий приймати дзвінки'],
  ['Alt+P', 'перерва (з причиною, обраною поруч)'],
  ['Alt+N', 'зареєструвати звернення з картки дзвінка (без дзвінка — нове звернення)'],
  ['Enter', 'у формі — наступне поле'],
  ['Ctrl+Enter', 'зберегти форму (зареєструвати, виконати дію)'],
  ['/', 'до пошуку в переліку звернень'],
  ['Alt+A', 'перелік звернень'],
  ['Alt+C', 'дзвінки'],
  ['?', 'ця довідка'],
  ['Esc', 'закрити довідку чи вікно'],
];

/** @param {EventTarget | null} t */
const typingIn = (t) => t instanceof HTMLElement && (t.matches('input, textarea, select') || t.isContentEditable);

/** @param {string} selector */
function press(selector) {
  const el = /** @type {HTMLElement | null} */ (document.querySelector(selector));
  if (!el || /** @type {HTMLButtonElement} */ (el).disabled) return false;
  el.click();
  return true;
}

export function showShortcuts() {
  if (document.querySelector('.modal[data-modal="shortcuts"]')) return;
  modal({
    name: 'shortcuts',
    title: 'Клавіші',
    body: h('dl', { class: 'shortcuts' }, SHORTCUTS.map(([keys, what]) => [h('dt', null, h('kbd', null, keys)), h('dd', null, what)])),
    actions: [{ label: 'Закрити', primary: true }],
  });
}

let installed = false;
/** Listens once for the console's shortcuts. */
export function installShortcuts() {
  if (installed) return;
  installed = true;
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || !document.querySelector('header.top')) return;
    /** @type {(() => boolean | void) | null} */
    let action = null;
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      action = ({
        KeyR: () => press('.presence [data-action="ready"]'),
        KeyP: () => press('.presence [data-action="pause"]'),
        KeyN: () => press('.pop-card .pop-register') || ((location.hash = '#/appeals/new'), true),
        KeyA: () => ((location.hash = '#/appeals'), true),
        KeyC: () => press('.main-nav a[data-route="calls"]'),
      })[e.code] ?? null;
    } else if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      action = () => {
        const active = document.activeElement;
        const form = /** @type {HTMLFormElement | null} */ (active?.closest('form') ?? document.querySelector('#content form.appeal-form:not([hidden]), #content form.move-form'));
        if (!form) return false;
        form.requestSubmit();
        return true;
      };
    } else if (!e.altKey && !e.ctrlKey && !e.metaKey && !typingIn(e.target)) {
      if (e.key === '?') action = () => (showShortcuts(), true);
      else if (e.key === '/') action = () => {
        const search = /** @type {HTMLInputElement | null} */ (document.querySelector('.filters input[name="q"]'));
        search?.focus();
        return !!search;
      };
    }
    if (action && action() !== false) e.preventDefault();
  });
}

/**
 * Enter in a one-line field of the form moves to the next field (the form is saved with
 * Ctrl+Enter or its button), as dispatchers type a caller's words field by field.
 * @param {HTMLFormElement | HTMLElement} form
 */
export function enterMovesOn(form) {
  form.addEventListener('keydown', (e) => {
    const ke = /** @type {KeyboardEvent} */ (e);
    const t = /** @type {HTMLElement} */ (ke.target);
    if (ke.key !== 'Enter' || ke.ctrlKey || ke.metaKey || ke.altKey || ke.shiftKey || !(t instanceof HTMLInputElement || t instanceof HTMLSelectElement)) return;
    if (t instanceof HTMLInputElement && ['checkbox', 'submit', 'button'].includes(t.type)) return;
    const fields = /** @type {HTMLElement[]} */ ([...form.querySelectorAll('input:not([type="hidden"]), select, textarea, button[type="submit"]')])
      .filter((el) => !(/** @type {HTMLInputElement} */ (el).disabled) && el.offsetParent !== null);
    const next = fields[fields.indexOf(t) + 1];
    if (!next) return;
    ke.preventDefault();
    next.focus();
  });
}
