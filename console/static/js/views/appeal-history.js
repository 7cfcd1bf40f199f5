/**
 * An appeal's history in words: when, what happened (a reassignment names both executors, a
 * completion its result), and who did it (a person's name, an API key's name, a part of the system).
 * The words for people come from the server (appeals/history-words.ts).
 */
import { h } from '../dom.js';
import { fmtDateTime, STATUS_NAMES, EVENT_NAMES } from '../format.js';

/**
 * @typedef {{ type: string, fromStatus: string | null, toStatus: string | null, who?: string, comment: string | null, at: string,
 *   executor?: { id: number, name: string } | null, previousExecutor?: { id: number, name: string } | null, result?: string | null,
 *   data?: Record<string, any> | null }} HistoryLine
 */

/** @param {HistoryLine} e */
export function eventWords(e) {
  if (e.type === 'registered') return 'зареєстровано';
  if (e.type === 'status_changed') {
    if (e.toStatus === 'assigned' && e.previousExecutor !== undefined && e.fromStatus !== 'new') {
      return `передано іншому виконавцю: ${e.previousExecutor?.name ?? 'без виконавця'} → ${e.executor?.name ?? 'не вказано'}`;
    }
    if (e.toStatus === 'assigned') return `передано виконавцю${e.executor ? `: ${e.executor.name}` : ''}`;
    if (e.toStatus === 'new' && e.previousExecutor) return `виконавець відмовився: ${e.previousExecutor.name} — не їхня компетенція`;
    if (e.toStatus === 'done') return 'виконано';
    return STATUS_NAMES[e.toStatus ?? ''] ?? 'зміна стану';
  }
  return EVENT_NAMES[e.type] ?? 'подія';
}

/** @param {HistoryLine} e */
function stateWords(e) {
  if (!e.toStatus) return '';
  if (e.fromStatus === e.toStatus) return STATUS_NAMES[e.toStatus] ?? '';
  return `${e.fromStatus ? `${STATUS_NAMES[e.fromStatus] ?? ''} → ` : ''}${STATUS_NAMES[e.toStatus] ?? ''}`;
}

/** @param {HistoryLine[]} history */
export function historySection(history) {
  return h('section', { class: 'card history-card' },
    h('h3', null, 'Історія'),
    h('ol', { class: 'history' }, history.map((e) => h('li', { class: `history-line type-${e.type}`, 'data-to': e.toStatus ?? '' },
      h('div', { class: 'history-head' },
        h('time', { datetime: e.at }, fmtDateTime(e.at)),
        h('strong', { class: 'history-what' }, eventWords(e)),
        stateWords(e) ? h('span', { class: 'muted history-state' }, stateWords(e)) : null),
      h('div', { class: 'history-who' }, h('span', { class: 'muted' }, 'Хто: '), e.who ?? 'система'),
      e.result ? h('div', { class: 'history-result pre' }, h('span', { class: 'muted' }, 'Результат: '), e.result) : null,
      e.comment ? h('div', { class: 'history-comment pre' }, h('span', { class: 'muted' }, 'Коментар: '), e.comment) : null))));
}
