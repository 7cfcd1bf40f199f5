/** Words and numbers as the console shows them, in Ukrainian, in the city's time zone. */

export const TIME_ZONE = 'Europe/Kyiv';

const dateTime = new Intl.DateTimeFormat('uk-UA', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const dateOnly = new Intl.DateTimeFormat('uk-UA', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const timeOnly = new Intl.DateTimeFormat('uk-UA', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** @param {string | null | undefined} iso */
export const fmtDateTime = (iso) => (iso ? dateTime.format(new Date(iso)) : '—');
const dayTime = new Intl.DateTimeFormat('uk-UA', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });
/** 06.12, 08:45: for lists, where the year is this year's. @param {string | null | undefined} iso */
export const fmtDayTime = (iso) => (iso ? dayTime.format(new Date(iso)) : '—');
/** @param {string | null | undefined} iso */
export const fmtDate = (iso) => (iso ? dateOnly.format(new Date(iso)) : '—');
/** @param {string | null | undefined} iso */
export const fmtTime = (iso) => (iso ? timeOnly.format(new Date(iso)) : '—');

/** @param {number | null | undefined} seconds */
export function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m ? `${m} хв ${String(s % 60).padStart(2, '0')} с` : `${s} с`;
}

/** +380501234567 → +380 50 123 45 67 (other numbers as they are). @param {string | null | undefined} e164 */
export function fmtPhone(e164) {
  if (!e164) return 'номер приховано';
  const m = /^\+380(\d{2})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  return m ? `+380 ${m[1]} ${m[2]} ${m[3]} ${m[4]}` : e164;
}

export const ROLE_NAMES = /** @type {Record<string, string>} */ ({
  admin: 'адміністратор', head: 'начальник центру', dispatcher: 'диспетчер', executor: 'виконавець',
});

// Served by the server from the appeals domain (console/serve-console.ts).
export { STATUS_NAMES, OPEN_STATUSES } from './dictionary.js';

export const PRESENCE_NAMES = /** @type {Record<string, string>} */ ({
  signed_out: 'поза чергою', ready: 'готовий', paused: 'перерва', on_call: 'розмова', ringing: 'дзвонить', unavailable: 'телефон недоступний',
});
export const PAUSE_REASONS = /** @type {Record<string, string>} */ ({
  break: 'перерва', paperwork: 'робота з документами', training: 'навчання', other: 'інше',
});

export const CALL_REASONS = /** @type {Record<string, string>} */ ({
  emergency: 'аварія або проблема',
  dispatcher: 'попросив диспетчера',
  appeal_status: 'щодо стану звернення',
  menu_failures: 'не впорався з меню',
  adopted: 'дзвінок поза голосовим меню',
  verification: 'контрольний дзвінок',
  verification_dispute: 'контрольний дзвінок: заявник просить диспетчера',
  abandoned_callback: 'зворотний дзвінок: не дочекався відповіді',
});

export const UTILITY_NAMES = /** @type {Record<string, string>} */ ({
  cold_water: 'холодна вода', hot_water: 'гаряча вода', heating: 'опалення', power: 'електроенергія', gas: 'газ', sewage: 'водовідведення',
});

export const DISPOSITIONS = /** @type {Record<string, string>} */ ({
  in_progress: 'триває', ivr_only: 'лише голосове меню', answered: 'прийнято', abandoned: 'пропущено', failed: 'збій', not_reached: 'не додзвонилися',
});

export const EVENT_NAMES = /** @type {Record<string, string>} */ ({
  registered: 'зареєстровано', status_changed: 'зміна стану', deadline_extended: 'термін продовжено', extend: 'термін продовжено',
  assign: 'передано виконавцю', start: 'взято в роботу', complete: 'виконано', confirm: 'підтверджено', return: 'повернуто на доопрацювання',
  reject: 'відхилено', duplicate: 'дублікат', emergency_alert: 'аварійне сповіщення', call_linked: 'прив’язано дзвінок',
  progress: 'хід виконання', decline: 'відмова виконавця', overdue: 'строк порушено',
  applicant_comment: 'доповнення заявника',
});

/** What each key of the hotline menu does, for the IVR path in words. */
const IVR_KEYS = /** @type {Record<string, Record<string, string>>} */ ({
  main: { '1': 'аварія або проблема', '2': 'стан звернень', '3': 'відключення ще раз', '0': 'диспетчер' },
  'appeal-menu': { '0': 'диспетчер', '*': 'головне меню' },
  question: { '1': 'проблему вирішено', '2': 'проблему не вирішено', '0': 'диспетчер' },
});
/** The menus by name (ivr/flow/*.ts). */
const IVR_MENUS = /** @type {Record<string, string>} */ ({ main: 'головне меню', 'appeal-menu': 'меню звернень', question: 'контрольне питання' });
/** Where a call left the menu for the dispatchers, in words. */
const IVR_TRANSFERS = /** @type {Record<string, string>} */ ({
  emergency: 'з’єднано з диспетчером: аварія',
  dispatcher: 'з’єднано з диспетчером',
  'dispatcher-appeals': 'з’єднано з диспетчером: стан звернення',
  'dispatcher-after-failures': 'з’єднано з диспетчером після помилок у меню',
  'verification-dispute': 'з’єднано з диспетчером: заявник не згоден',
  'callback-to-queue': 'зворотний дзвінок, з’єднано з диспетчером',
});
const IVR_OUTCOMES = /** @type {Record<string, string>} */ ({
  transferred: 'з’єднано з диспетчером', completed: 'прослухав і завершив', caller_left: 'поклав слухавку в меню', failed: 'збій меню',
});

/**
 * [{step:'main', key:'1'}, {step:'emergency', outcome:'transferred'}] →
 * ["натиснув 1 — аварія або проблема", "з’єднано з диспетчером: аварія"]. Nothing raw: a step
 * the console does not know is left out rather than shown by its name.
 * @param {Array<{ step?: string, menu?: string, key?: string, outcome?: string }> | null | undefined} path
 * @returns {string[]}
 */
export function ivrPathWords(path) {
  if (!Array.isArray(path)) return [];
  /** @type {string[]} */
  const words = [];
  for (const e of path) {
    const step = String(e.step ?? e.menu ?? '');
    if (e.outcome) {
      const text = e.outcome === 'transferred' ? IVR_TRANSFERS[step] ?? IVR_OUTCOMES.transferred : IVR_OUTCOMES[e.outcome];
      if (text) words.push(text);
      continue;
    }
    if (e.key === undefined || e.key === null) continue;
    const menu = IVR_MENUS[step];
    const where = step === 'main' || !menu ? '' : ` (${menu})`;
    if (e.key === '') {
      words.push(`нічого не натиснув${where}`);
      continue;
    }
    const key = String(e.key);
    const meaning = IVR_KEYS[step]?.[key] ?? (IVR_KEYS[step] ? 'невірний вибір' : null);
    words.push(`натиснув ${key}${meaning ? ` — ${meaning}` : ''}${where}`);
  }
  return words;
}

/** How an appeal came in. @param {string} c */
export const channelName = (c) => (/** @type {Record<string, string>} */ ({
  phone: 'телефоном', online: 'онлайн', open311: 'із зовнішньої системи', cctv: 'відеонагляд', dispatcher: 'диспетчером',
}))[c] ?? 'іншим способом';

/** dd.mm.yyyy → yyyy-mm-dd (the API's date), or null when it is not a real date. @param {string} text */
export function parseUaDate(text) {
  const m = /^\s*(\d{1,2})[.\/-](\d{1,2})[.\/-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** yyyy-mm-dd → dd.mm.yyyy. @param {string | null | undefined} iso */
export const uaDate = (iso) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? `${m[3]}.${m[2]}.${m[1]}` : '';
};

/** "N звернень" with the right Ukrainian plural. @param {number} n @param {[string, string, string]} forms */
export function plural(n, [one, few, many]) {
  const d = n % 10;
  const dd = n % 100;
  if (d === 1 && dd !== 11) return `${n} ${one}`;
  if (d >= 2 && d <= 4 && (dd < 12 || dd > 14)) return `${n} ${few}`;
  return `${n} ${many}`;
}
