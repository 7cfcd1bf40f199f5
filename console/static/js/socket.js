/**
 * The realtime connection (Socket.IO, protocol in realtime/contracts.ts). The client library is
 * served by the Socket.IO server itself; when the server has no realtime part the console keeps
 * working without pops and says so.
 *
 * @typedef {import('../../../realtime/contracts').CallRinging} CallRinging
 * @typedef {import('../../../realtime/contracts').Presence} Presence
 * @typedef {import('../../../realtime/contracts').Wallboard} Wallboard
 * @typedef {'connecting' | 'connected' | 'disconnected' | 'unavailable' | 'refused'} LinkState
 */

const SERVER_EVENTS = [
  'call:ringing', 'call:ringing-stopped', 'call:answered', 'call:ended',
  'presence:changed', 'presence:leaving', 'appeal:changed', 'appeal:emergency', 'wallboard:update',
  'notice:progress',
];
const ACK_TIMEOUT_MS = 5000;

class Realtime extends EventTarget {
  constructor() {
    super();
    /** @type {any} */
    this.socket = null;
    /** @type {LinkState} */
    this.state = 'disconnected';
    /** @type {string} */
    this.stateDetail = '';
  }

  /** @param {LinkState} state @param {string} [detail] */
  setState(state, detail = '') {
    this.state = state;
    this.stateDetail = detail;
    this.dispatchEvent(new CustomEvent('link', { detail: { state, detail } }));
  }

  /**
   * Subscribes to a server event (or 'link', 'connected'); returns the unsubscribe function.
   * @param {string} name
   * @param {(payload: any) => void} fn
   */
  on(name, fn) {
    /** @param {Event} e */
    const listener = (e) => fn(/** @type {CustomEvent} */ (e).detail);
    this.addEventListener(name, listener);
    return () => this.removeEventListener(name, listener);
  }

  /** @param {string} token */
  async connect(token) {
    this.disconnect();
    this.setState('connecting');
    const io = await loadClient();
    if (!io) {
      this.setState('unavailable', 'Сервер подій недоступний: спливаючі картки дзвінків і табло не працюватимуть.');
      return;
    }
    const socket = io({ auth: { token }, transports: ['websocket', 'polling'], reconnectionDelayMax: 5000 });
    this.socket = socket;
    for (const name of SERVER_EVENTS) {
      socket.on(name, (/** @type {any} */ payload) => this.dispatchEvent(new CustomEvent(name, { detail: payload })));
    }
    socket.on('connect', () => {
      this.setState('connected');
      this.dispatchEvent(new CustomEvent('connected'));
    });
    socket.on('disconnect', (/** @type {string} */ reason) => {
      if (reason === 'io server disconnect') this.setState('refused', 'Сервер закрив з’єднання.');
      else this.setState('disconnected', 'Зв’язок втрачено, перепідключення…');
    });
    socket.on('connect_error', (/** @type {Error & { data?: any }} */ err) => {
      const message = err?.data?.message ?? err?.message ?? '';
      if (!socket.active) this.setState('refused', `Сервер подій відмовив: ${message}`);
      else this.setState('disconnected', 'Немає зв’язку з сервером подій, повторюю спробу…');
    });
  }

  disconnect() {
    if (this.socket) {
      this.socket.removeAllListeners();
      this.socket.disconnect();
    }
    this.socket = null;
    this.setState('disconnected');
  }

  /**
   * Tells the server something that needs no answer; nothing is sent while disconnected.
   * @param {string} name
   */
  notify(name) {
    if (this.socket?.connected) this.socket.emit(name);
  }

  /**
   * Emits with an acknowledgement. Resolves with the Ack's data, rejects with its error message.
   * @param {string} name
   * @param {...unknown} args
   * @returns {Promise<any>}
   */
  async request(name, ...args) {
    if (!this.socket || !this.socket.connected) throw new Error('Немає з’єднання з сервером подій');
    /** @type {{ ok: boolean, data?: any, error?: { code: string, message: string } }} */
    const ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(name, ...args).catch(() => {
      throw new Error('Сервер подій не відповів вчасно');
    });
    if (!ack || !ack.ok) throw new Error(ack?.error?.message ?? 'Сервер подій відмовив');
    return ack.data;
  }
}

/**
 * The Socket.IO client from the `socket.io` package (the same version as the server), bundled at
 * start-up as a chunk of its own that loads only after sign-in (console/console-assets.ts).
 * @returns {Promise<any>}
 */
async function loadClient() {
  try {
    // @ts-ignore resolved by the bundler
    return (await import('kontakt:socket.io')).io;
  } catch {
    return null;
  }
}

export const realtime = new Realtime();
