/** The sign-in screen: login and password → a token in sessionStorage. */
import { h, field } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';

/**
 * @param {HTMLElement} root
 * @param {() => void} onSignedIn
 * @param {string} [notice]
 */
export function renderLogin(root, onSignedIn, notice) {
  const login = h('input', { name: 'login', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: !notice }, notice ?? '');
  const submit = /** @type {HTMLButtonElement} */ (h('button', { type: 'submit', class: 'primary' }, 'Увійти'));
  const form = h('form', { class: 'card login-card', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Контакт-центр міста'),
    h('p', { class: 'muted' }, 'Консоль диспетчера. Увійдіть, щоб працювати.'),
    field('Логін', login),
    field('Пароль', password),
    error,
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    try {
      const res = await api.login(/** @type {HTMLInputElement} */ (login).value.trim(), /** @type {HTMLInputElement} */ (password).value);
      session.save(res.token, res.user);
      onSignedIn();
    } catch (err) {
      error.textContent = /** @type {Error} */ (err).message;
      error.hidden = false;
      submit.disabled = false;
      /** @type {HTMLInputElement} */ (password).select();
    }
  });
  root.replaceChildren(h('main', { class: 'login-page' }, form));
  /** @type {HTMLInputElement} */ (login).focus();
}
