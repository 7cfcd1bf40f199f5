/** The signed-in session: the bearer token lives in sessionStorage (one tab, gone on close). */

const TOKEN_KEY = 'kontakt.token';
const USER_KEY = 'kontakt.user';

/**
 * @typedef {{ id: number, login: string, fullName: string, role: 'admin'|'head'|'dispatcher'|'executor', organizationId: number|null, queueInterface: string|null }} User
 */

export const session = {
  /** @returns {string | null} */
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  /** @returns {User | null} */
  get user() {
    const raw = sessionStorage.getItem(USER_KEY);
    try {
      return raw ? JSON.parse(raw) : null;
    } catch {
      return null;
    }
  },
  /**
   * @param {string} token
   * @param {User} user
   */
  save(token, user) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  /** @param {User} user */
  saveUser(user) {
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
    for (const fn of forgetters) fn();
  },
  /**
   * Something this person left on the screen (filters, a page number, calls) that the next person
   * at the desk must not find: forgotten when the session ends.
   * @param {() => void} fn
   */
  onClear(fn) {
    forgetters.add(fn);
  },
};

/** @type {Set<() => void>} */
const forgetters = new Set();

/** Roles that take calls and register appeals. */
export const HANDLER_ROLES = ['dispatcher', 'head'];

/** @param {User | null} user */
export const handlesCalls = (user) => !!user && HANDLER_ROLES.includes(user.role);
