import { LIFECYCLE, MOVES, Move, OPEN_STATUSES, FINAL_STATUSES, STATUS_NAMES, isOverdue } from '../../appeals/state-machine';
import { APPEAL_STATUSES, AppealStatus } from '../../models/appeal';
import type { ActorRole } from '../../appeals/actor';

/**
 * The lifecycle written out by hand: for each status, where each move leads (null: not allowed).
 * A change to LIFECYCLE must be made here too, on purpose.
 */
const EXPECTED: Record<AppealStatus, Record<Move, AppealStatus | null>> = {
  //            assign        start          complete  confirm      return      reject      duplicate   decline
  new:         { assign: 'assigned', start: null, complete: null, confirm: null, return: null, reject: 'rejected', duplicate: 'duplicate', decline: null },
  assigned:    { assign: 'assigned', start: 'in_progress', complete: 'done', confirm: null, return: null, reject: 'rejected', duplicate: 'duplicate', decline: 'new' },
  in_progress: { assign: 'assigned', start: null, complete: 'done', confirm: null, return: null, reject: 'rejected', duplicate: 'duplicate', decline: 'new' },
  done:        { assign: null, start: null, complete: null, confirm: 'confirmed', return: 'returned', reject: null, duplicate: null, decline: null },
  confirmed:   { assign: null, start: null, complete: null, confirm: null, return: null, reject: null, duplicate: null, decline: null },
  returned:    { assign: 'assigned', start: 'in_progress', complete: 'done', confirm: null, return: null, reject: 'rejected', duplicate: 'duplicate', decline: 'new' },
  rejected:    { assign: null, start: null, complete: null, confirm: null, return: null, reject: null, duplicate: null, decline: null },
  duplicate:   { assign: null, start: null, complete: null, confirm: null, return: null, reject: null, duplicate: null, decline: null },
};

/** Who may make each move. The admin manages users, not appeals; executors do the work but do not judge it. */
const ROLES: Record<Move, ActorRole[]> = {
  assign: ['dispatcher', 'head', 'system'],
  start: ['executor', 'dispatcher', 'head', 'system'],
  complete: ['executor', 'dispatcher', 'head', 'system'],
  confirm: ['dispatcher', 'head', 'system'],
  return: ['dispatcher', 'head', 'system'],
  reject: ['dispatcher', 'head'],
  duplicate: ['dispatcher', 'head'],
  decline: ['executor'],
};
const ALL_ROLES: ActorRole[] = ['admin', 'head', 'dispatcher', 'executor', 'system'];

function target(status: AppealStatus, move: Move): AppealStatus | null {
  const rule = LIFECYCLE[move];
  return rule.from.includes(status) ? rule.to : null;
}

describe('the lifecycle table', () => {
  test('the expected table covers every status and every move', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...APPEAL_STATUSES].sort());
    for (const row of Object.values(EXPECTED)) expect(Object.keys(row).sort()).toEqual([...MOVES].sort());
    expect(Object.keys(LIFECYCLE).sort()).toEqual([...MOVES].sort());
  });

  const pairs = APPEAL_STATUSES.flatMap((status) => MOVES.map((move) => [status, move, EXPECTED[status][move]] as const));
  test.each(pairs)('%s × %s → %s', (status, move, expected) => {
    expect(target(status, move)).toBe(expected);
  });

  test.each(MOVES.flatMap((move) => ALL_ROLES.map((role) => [move, role, ROLES[move].includes(role)] as const)))(
    '%s by %s allowed: %s',
    (move, role, allowed) => {
      expect(LIFECYCLE[move].roles.includes(role)).toBe(allowed);
    },
  );

  test('each move names its Ukrainian label and lists no status twice', () => {
    for (const move of MOVES) {
      expect(LIFECYCLE[move].label).toMatch(/^[а-щьюяєіїґ' ]+$/i);
      expect(new Set(LIFECYCLE[move].from).size).toBe(LIFECYCLE[move].from.length);
    }
  });
});

describe('open and final statuses', () => {
  test('open statuses are exactly those the executor still owes work in', () => {
    expect([...OPEN_STATUSES].sort()).toEqual(['assigned', 'in_progress', 'new', 'returned']);
    expect([...FINAL_STATUSES].sort()).toEqual(['confirmed', 'duplicate', 'rejected']);
  });

  test('done is neither: the work is reported and waits for the applicant to confirm it', () => {
    expect(OPEN_STATUSES).not.toContain('done');
    expect(FINAL_STATUSES).not.toContain('done');
    const covered = [...OPEN_STATUSES, ...FINAL_STATUSES, 'done'];
    expect(covered.sort()).toEqual([...APPEAL_STATUSES].sort());
  });

  test('no move leaves a final status, and reject and duplicate end any open one', () => {
    for (const status of FINAL_STATUSES) for (const move of MOVES) expect(target(status, move)).toBeNull();
    // reject and duplicate end an appeal from any open status
    for (const status of OPEN_STATUSES) {
      expect(target(status, 'reject')).toBe('rejected');
      expect(target(status, 'duplicate')).toBe('duplicate');
    }
  });

  test('every status can be reached from new, and every open one can still end', () => {
    const reached = new Set<AppealStatus>(['new']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const s of [...reached]) for (const m of MOVES) {
        const t = target(s, m);
        if (t && !reached.has(t)) (reached.add(t), (grew = true));
      }
    }
    expect([...reached].sort()).toEqual([...APPEAL_STATUSES].sort());
    for (const s of [...OPEN_STATUSES, 'done' as const]) expect(MOVES.some((m) => FINAL_STATUSES.includes(target(s, m)!))).toBe(true);
  });

  test('every status has a Ukrainian name', () => {
    for (const s of APPEAL_STATUSES) expect(STATUS_NAMES[s]).toMatch(/[а-щьюяєіїґ]/i);
    expect(new Set(Object.values(STATUS_NAMES)).size).toBe(APPEAL_STATUSES.length);
  });
});

describe('isOverdue', () => {
  const deadline = new Date('2026-04-04T20:59:59.000Z');
  const before = new Date('2026-04-04T20:59:58.999Z');
  const after = new Date('2026-04-04T21:00:00.000Z');

  test.each(APPEAL_STATUSES.map((s) => [s, OPEN_STATUSES.includes(s)] as const))(
    '%s past its deadline is overdue: %s',
    (status, overdue) => {
      expect(isOverdue(status, deadline, after)).toBe(overdue);
    },
  );

  test('not before the deadline, nor at its very second', () => {
    for (const status of OPEN_STATUSES) {
      expect(isOverdue(status, deadline, before)).toBe(false);
      expect(isOverdue(status, deadline, deadline)).toBe(false);
      expect(isOverdue(status, deadline, new Date(deadline.getTime() + 1))).toBe(true);
    }
  });
});
