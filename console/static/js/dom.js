/**
 * Building DOM safely. Every piece of data becomes a text node or an attribute value: nothing
 * here (or anywhere in the console) parses a string as HTML.
 */

/**
 * @typedef {Node | string | number | null | undefined | false | Array<any>} Child
 */

/**
 * Creates an element. Attributes: `class`, `for`, `dataset` (object), `on<event>` (functions),
 * booleans (`disabled`, `checked`, `hidden`, `required`, `selected`) as properties, `value` as a
 * property, anything else through setAttribute.
 * @param {string} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...Child} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = String(value);
    else if (key === 'for') /** @type {HTMLLabelElement} */ (el).htmlFor = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (['disabled', 'checked', 'hidden', 'required', 'selected', 'multiple', 'readOnly'].includes(key)) /** @type {any} */ (el)[key] = Boolean(value);
    else if (key === 'value') /** @type {any} */ (el).value = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/**
 * Appends children: strings and numbers as text nodes.
 * @param {Node} parent
 * @param {Child[]} children
 */
export function append(parent, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/**
 * Replaces all children of `parent`.
 * @param {Node} parent
 * @param {...Child} children
 */
export function replace(parent, ...children) {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

let idCounter = 0;
/** @param {string} prefix */
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/**
 * A labelled form field; the control gets an id the label points to.
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string} [hint]
 */
export function field(label, control, hint) {
  if (!control.id) control.id = uid('f');
  const hintEl = hint ? h('small', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  const error = h('small', { class: 'field-error', id: `${control.id}-error`, role: 'alert', hidden: true });
  return h('div', { class: 'field', dataset: { field: control.getAttribute('name') ?? '' } }, h('label', { for: control.id }, label), control, hintEl, error);
}

/**
 * @param {string} value
 * @param {string} text
 * @param {boolean} [selected]
 */
export function option(value, text, selected = false) {
  return h('option', { value, selected }, text);
}
