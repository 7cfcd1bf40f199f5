/**
 * The screen-pop: who is calling, their appeals, what they pressed, cut-offs at their address, and
 * the appeals registered during the call (the card leads to them instead of inviting a second one).
 */
import { h, replace } from '../dom.js';
import { pops } from '../pops.js';
import { subscribeButton } from './notices.js';
import { fmtPhone, fmtDateTime, fmtDuration, ivrPathWords, CALL_REASONS, UTILITY_NAMES, plural } from '../format.js';

const PHASE_TEXT = { ringing: 'Дзвонить', answered: 'Розмова', stopped: 'Не дзвонить', ended: 'Завершено' };

/** @param {import('../pops.js').PopEntry} entry */
export function registerHref(entry) {
  const p = entry.pop;
  return `#/appeals/new?call=${encodeURIComponent(p.uniqueid)}${p.callerNumber ? `&phone=${encodeURIComponent(p.callerNumber)}` : ''}`;
}

/** @param {import('../pops.js').PopEntry} entry */
function card(entry) {
  const p = entry.pop;
  const emergency = p.reason === 'emergency';
  const registered = entry.registered ?? [];
  const earlier = p.appeals.filter((a) => !registered.some((r) => r.id === a.id));
  const openCount = earlier.filter((a) => a.open).length + registered.length;
  const path = ivrPathWords(p.ivrPath);
  const close = h('button', { type: 'button', class: 'link', 'aria-label': 'Закрити картку дзвінка' }, '✕');
  close.addEventListener('click', () => pops.remove(p.uniqueid));

  return h('article', { class: `pop-card phase-${entry.phase}${emergency ? ' emergency' : ''}`, 'data-uniqueid': p.uniqueid, 'data-phase': entry.phase, 'aria-label': `Дзвінок ${fmtPhone(p.callerNumber)}` },
    h('header', { class: 'pop-head' },
      h('span', { class: 'badge phase' }, PHASE_TEXT[entry.phase]),
      h('strong', { class: 'pop-number phone' }, fmtPhone(p.callerNumber)),
      emergency ? h('span', { class: 'badge danger', title: 'Абонент у голосовому меню обрав «аварія або проблема»' }, 'натиснув «аварія»') : null,
      close),
    entry.note ? h('p', { class: 'pop-note', role: 'status' }, entry.note) : null,
    registered.length ? registeredBox(registered) : null,
    h('div', { class: 'pop-actions actions' },
      registered.length
        ? [
          h('a', { class: 'button primary pop-open-appeal', href: `#/appeals/${registered.at(-1)?.id}` }, `Відкрити звернення ${registered.at(-1)?.number}`),
          h('a', { class: 'button pop-register', href: registerHref(entry), 'data-shortcut': 'register' }, 'Інша проблема — ще одне звернення'),
        ]
        : h('a', { class: 'button primary pop-register', href: registerHref(entry), 'data-shortcut': 'register', 'aria-keyshortcuts': 'Alt+N' }, 'Зареєструвати звернення'),
      subscribeButton(p.callerNumber)),
    h('p', { class: `pop-recent${p.calledInLast24h > 0 ? ' warn-text' : ''}` }, `дзвонив за останні 24 год: ${p.calledInLast24h}`),
    h('dl', { class: 'pop-facts' },
      h('dt', null, 'Заявник'), h('dd', { class: 'pop-name' }, p.applicant?.fullName || (p.applicant ? 'ім’я не вказано' : 'новий абонент')),
      h('dt', null, 'Адреса'), h('dd', { class: 'pop-address' }, p.applicant?.address || '—'),
      h('dt', null, 'Очікував'), h('dd', null, fmtDuration(p.waitSeconds)),
      h('dt', null, 'Причина'), h('dd', null, p.reason ? (CALL_REASONS[p.reason] ?? 'інше') : '—'),
      h('dt', null, 'Голосове меню'), h('dd', { class: 'pop-ivr' }, path.length ? path.join('; ') : 'без вибору в меню'),
      p.verificationOf ? [h('dt', null, 'Контроль виконання'), h('dd', null, h('a', { href: `#/appeals/${p.verificationOf.appealId}` }, `звернення ${p.verificationOf.number}`))] : null,
    ),
    p.outages?.length
      ? h('section', { class: 'pop-outages', 'aria-label': 'Відключення за адресою' },
        h('h3', null, 'Відключення за адресою'),
        h('ul', null, p.outages.map((o) => h('li', { class: o.kind === 'emergency' ? 'danger-text' : '' },
          `${UTILITY_NAMES[o.utility] ?? 'комунальна послуга'}, ${o.kind === 'emergency' ? 'аварійне' : 'планове'}: ${o.area}; з ${fmtDateTime(o.startsAt)}${o.endsAt ? ` до ${fmtDateTime(o.endsAt)}` : ', кінець невідомий'}`))))
      : null,
    h('section', { class: 'pop-appeals', 'aria-label': 'Звернення абонента' },
      h('h3', { class: 'pop-appeals-title' }, earlier.length || registered.length
        ? `Звернення: ${plural(earlier.length + registered.length, ['останнє', 'останні', 'останніх'])}, відкритих ${openCount}`
        : 'Звернень ще не було'),
      earlier.length
        ? h('ul', { class: 'pop-appeal-list' }, earlier.map((a) => h('li', { class: a.overdue ? 'overdue' : a.open ? 'open' : 'closed' },
          h('a', { href: `#/appeals/${a.id}` }, a.number), ' ',
          h('span', { class: 'status' }, a.statusName), ' · ', a.category,
          h('br'),
          h('small', null, `виконавець: ${a.executor ?? '—'}; термін: ${fmtDateTime(a.deadlineAt)}`), ' ',
          a.open ? h('span', { class: 'badge' }, 'відкрите') : null,
          a.overdue ? h('span', { class: 'badge danger' }, 'прострочене') : null,
          a.repeated ? h('span', { class: 'badge warn' }, 'повторне') : null)))
        : null),
  );
}

/** @param {import('../pops.js').RegisteredAppeal[]} list */
function registeredBox(list) {
  return h('section', { class: 'pop-registered', 'aria-label': 'Зареєстровано під час дзвінка' },
    h('h3', null, 'Зареєстровано під час цього дзвінка'),
    h('ul', null, list.map((a) => h('li', null,
      h('a', { href: `#/appeals/${a.id}` }, `№ ${a.number}`), a.emergency ? h('span', { class: 'badge danger' }, 'аварійне') : null))));
}

/** @returns {HTMLElement} the area that holds the cards, kept up to date */
export function popArea() {
  const area = h('section', { class: 'pop-area', 'aria-label': 'Вхідні дзвінки', 'aria-live': 'assertive' });
  let ringingBefore = new Set();
  const render = () => {
    const entries = [...pops.entries.values()].sort((a, b) => b.since - a.since);
    // Re-rendering must not take the focus away from the card's buttons the dispatcher is on.
    const active = /** @type {HTMLElement | null} */ (area.contains(document.activeElement) ? document.activeElement : null);
    const focused = active ? { id: active.closest('.pop-card')?.getAttribute('data-uniqueid') ?? '', label: active.textContent } : null;
    replace(area, entries.map(card));
    area.hidden = entries.length === 0;
    const ringingNow = new Set(entries.filter((e) => e.phase === 'ringing').map((e) => e.pop.uniqueid));
    const fresh = [...ringingNow].find((id) => !ringingBefore.has(id));
    ringingBefore = ringingNow;
    const typing = document.activeElement && document.activeElement.matches('input, textarea, select, [contenteditable]');
    if (fresh && !typing) {
      // A new call: the work is on its card (unless the dispatcher is typing somewhere).
      /** @type {HTMLElement | null} */ (area.querySelector(`.pop-card[data-uniqueid="${CSS.escape(fresh)}"] .pop-register`))?.focus({ preventScroll: true });
    } else if (focused) {
      const again = [...area.querySelectorAll(`.pop-card[data-uniqueid="${CSS.escape(focused.id)}"] a, .pop-card[data-uniqueid="${CSS.escape(focused.id)}"] button`)]
        .find((el) => el.textContent === focused.label);
      /** @type {HTMLElement | undefined} */ (again)?.focus({ preventScroll: true });
    }
  };
  pops.addEventListener('change', render);
  render();
  return area;
}
