/** The screen-pop: who is calling, their appeals, what they pressed, cut-offs at their address. */
import { h, replace } from '../dom.js';
import { pops } from '../pops.js';
import { subscribeButton } from './notices.js';
import { fmtPhone, fmtDateTime, fmtDuration, ivrPathWords, CALL_REASONS, UTILITY_NAMES, plural } from '../format.js';

/** @param {import('../pops.js').PopEntry} entry */
function card(entry) {
  const p = entry.pop;
  const phaseText = { ringing: 'Дзвонить', answered: 'Розмова', stopped: 'Не дзвонить', ended: 'Завершено' }[entry.phase];
  const emergency = p.reason === 'emergency';
  const openCount = p.appeals.filter((a) => a.open).length;
  const path = ivrPathWords(p.ivrPath);
  const registerHref = `#/appeals/new?call=${encodeURIComponent(p.uniqueid)}${p.callerNumber ? `&phone=${encodeURIComponent(p.callerNumber)}` : ''}`;
  const close = h('button', { type: 'button', class: 'link', 'aria-label': 'Закрити картку дзвінка' }, '✕');
  close.addEventListener('click', () => pops.remove(p.uniqueid));

  return h('article', { class: `pop-card phase-${entry.phase}${emergency ? ' emergency' : ''}`, 'data-uniqueid': p.uniqueid, 'aria-label': `Дзвінок ${fmtPhone(p.callerNumber)}` },
    h('header', { class: 'pop-head' },
      h('span', { class: `badge phase` }, phaseText),
      h('strong', { class: 'pop-number' }, fmtPhone(p.callerNumber)),
      emergency ? h('span', { class: 'badge danger' }, 'АВАРІЯ') : null,
      close),
    entry.note ? h('p', { class: 'pop-note', role: 'status' }, entry.note) : null,
    h('p', { class: `pop-recent${p.calledInLast24h > 0 ? ' warn-text' : ''}` }, `дзвонив за останні 24 год: ${p.calledInLast24h}`),
    h('dl', { class: 'pop-facts' },
      h('dt', null, 'Заявник'), h('dd', { class: 'pop-name' }, p.applicant?.fullName || (p.applicant ? 'ім’я не вказано' : 'новий абонент')),
      h('dt', null, 'Адреса'), h('dd', { class: 'pop-address' }, p.applicant?.address || '—'),
      h('dt', null, 'Очікував'), h('dd', null, fmtDuration(p.waitSeconds)),
      h('dt', null, 'Причина'), h('dd', null, p.reason ? (CALL_REASONS[p.reason] ?? p.reason) : '—'),
      h('dt', null, 'Голосове меню'), h('dd', { class: 'pop-ivr' }, path.length ? path.join('; ') : 'без вибору в меню'),
      p.verificationOf ? [h('dt', null, 'Контроль виконання'), h('dd', null, `звернення ${p.verificationOf.number}`)] : null,
    ),
    p.outages?.length
      ? h('section', { class: 'pop-outages', 'aria-label': 'Відключення за адресою' },
        h('h3', null, 'Відключення за адресою'),
        h('ul', null, p.outages.map((o) => h('li', { class: o.kind === 'emergency' ? 'danger-text' : '' },
          `${UTILITY_NAMES[o.utility] ?? o.utility}, ${o.kind === 'emergency' ? 'аварійне' : 'планове'}: ${o.area}; з ${fmtDateTime(o.startsAt)}${o.endsAt ? ` до ${fmtDateTime(o.endsAt)}` : ', кінець невідомий'}`))))
      : null,
    h('section', { class: 'pop-appeals', 'aria-label': 'Звернення абонента' },
      h('h3', null, p.appeals.length ? `Звернення: ${plural(p.appeals.length, ['останнє', 'останні', 'останніх'])}, відкритих ${openCount}` : 'Звернень ще не було'),
      p.appeals.length
        ? h('ul', { class: 'pop-appeal-list' }, p.appeals.map((a) => h('li', { class: a.overdue ? 'overdue' : a.open ? 'open' : 'closed' },
          h('a', { href: `#/appeals/${a.id}` }, a.number), ' ',
          h('span', { class: 'status' }, a.statusName), ' · ', a.category,
          h('br'),
          h('small', null, `виконавець: ${a.executor ?? '—'}; термін: ${fmtDateTime(a.deadlineAt)}`), ' ',
          a.open ? h('span', { class: 'badge' }, 'відкрите') : null,
          a.overdue ? h('span', { class: 'badge danger' }, 'прострочене') : null,
          a.repeated ? h('span', { class: 'badge warn' }, 'повторне') : null)))
        : null),
    h('footer', { class: 'pop-actions' },
      h('a', { class: 'button primary', href: registerHref }, 'Зареєструвати звернення'), subscribeButton(p.callerNumber)),
  );
}

/** @returns {HTMLElement} the area that holds the cards, kept up to date */
export function popArea() {
  const area = h('section', { class: 'pop-area', 'aria-label': 'Вхідні дзвінки', 'aria-live': 'assertive' });
  const render = () => {
    const entries = [...pops.entries.values()].sort((a, b) => b.since - a.since);
    replace(area, entries.map(card));
    area.hidden = entries.length === 0;
  };
  pops.addEventListener('change', render);
  render();
  return area;
}
