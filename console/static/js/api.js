/** The REST API: JSON with a bearer token; errors arrive as problem+json and become ApiError. */
import { session } from './session.js';

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} detail
   * @param {Array<{ field: string, message: string }>} [errors]
   */
  constructor(status, code, detail, errors = []) {
    super(detail);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = Array.isArray(errors) ? errors : [];
  }
}

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function request(method, path, body) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  const token = session.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'Сервер недоступний. Перевірте з’єднання.');
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const detail = data?.detail ?? (res.status === 404 ? 'Не знайдено' : `Помилка сервера (${res.status})`);
    const err = new ApiError(res.status, data?.code ?? `http_${res.status}`, detail, data?.errors);
    if (res.status === 401 && path !== '/api/auth/login') window.dispatchEvent(new CustomEvent('kontakt:unauthorized'));
    throw err;
  }
  return data;
}

/**
 * @param {Record<string, unknown>} params
 */
export function queryString(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

let categoriesCache = /** @type {Promise<any[]> | null} */ (null);
let organizationsCache = /** @type {Promise<any[]> | null} */ (null);

export const api = {
  /** @param {string} login @param {string} password */
  login: (login, password) => request('POST', '/api/auth/login', { login, password }),
  logout: () => request('POST', '/api/auth/logout'),
  me: () => request('GET', '/api/auth/me'),
  /** @returns {Promise<Array<{ id: number, code: string, name: string, groupName: string, emergency: boolean, active: boolean, defaultExecutorId: number|null }>>} */
  categories: () => (categoriesCache ??= request('GET', '/api/categories?active=true').catch((e) => ((categoriesCache = null), Promise.reject(e)))),
  /** @returns {Promise<Array<{ id: number, name: string, shortName: string, active: boolean }>>} */
  organizations: () => (organizationsCache ??= request('GET', '/api/organizations').catch((e) => ((organizationsCache = null), Promise.reject(e)))),
  /** @param {Record<string, unknown>} filters */
  appeals: (filters) => request('GET', `/api/appeals${queryString(filters)}`),
  /** @param {number | string} ref */
  appeal: (ref) => request('GET', `/api/appeals/${encodeURIComponent(String(ref))}`),
  /** @param {Record<string, unknown>} body */
  register: (body) => request('POST', '/api/appeals', body),
  /** @param {number} id @param {string} move @param {Record<string, unknown>} body */
  move: (id, move, body) => request('POST', `/api/appeals/${id}/${move}`, body),
  /** @param {number} id @param {string} deadline @param {string} reason */
  extend: (id, deadline, reason) => request('POST', `/api/appeals/${id}/extend`, { deadline, reason }),
  /** @param {string} phone */
  applicantByPhone: (phone) => request('GET', `/api/applicants/by-phone/${encodeURIComponent(phone)}`),
  /** @param {Record<string, unknown>} [params] */
  calls: (params = {}) => request('GET', `/api/calls${queryString(params)}`),
  /** @param {number} callId @param {number} appealId */
  linkCall: (callId, appealId) => request('POST', `/api/calls/${callId}/appeals`, { appealId }),
  outages: () => request('GET', '/api/outages'),
  forgetReference() {
    categoriesCache = null;
    organizationsCache = null;
  },
};
