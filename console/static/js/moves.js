/**
 * Which moves the console offers: a copy of the server's lifecycle table (appeals/state-machine.ts),
 * only to decide which buttons to show; the server still decides and answers 409 otherwise.
 */
export const MOVES = /** @type {Record<string, { from: string[], roles: string[], label: string, needs: Array<'comment'|'reason'|'result'|'executorId'|'duplicateOf'> }>} */ ({
  assign: { from: ['new', 'assigned', 'in_progress', 'returned'], roles: ['dispatcher', 'head'], label: 'Передати виконавцю', needs: ['executorId', 'comment'] },
  start: { from: ['assigned', 'returned'], roles: ['executor', 'dispatcher', 'head'], label: 'Взяти в роботу', needs: ['comment'] },
  complete: { from: ['assigned', 'in_progress', 'returned'], roles: ['executor', 'dispatcher', 'head'], label: 'Виконано', needs: ['result'] },
  confirm: { from: ['done'], roles: ['dispatcher', 'head'], label: 'Підтвердити виконання', needs: ['comment'] },
  return: { from: ['done'], roles: ['dispatcher', 'head'], label: 'Повернути на доопрацювання', needs: ['reason'] },
  reject: { from: ['new', 'assigned', 'in_progress', 'returned'], roles: ['dispatcher', 'head'], label: 'Відхилити', needs: ['reason'] },
  duplicate: { from: ['new', 'assigned', 'in_progress', 'returned'], roles: ['dispatcher', 'head'], label: 'Позначити дублікатом', needs: ['duplicateOf', 'comment'] },
});
export const EXTENDABLE = ['new', 'assigned', 'in_progress', 'returned'];

/** @param {string} status @param {string} role */
export function movesFor(status, role) {
  return Object.entries(MOVES).filter(([, m]) => m.from.includes(status) && m.roles.includes(role)).map(([name]) => name);
}
