import { answeredResult, afterAttempt, type NoticeRules } from '../../notices/notice-rules';
import { spokenNoticeText } from '../../notices/notice-speech';
import { NOTICE_STEPS } from '../../ivr/flow/notice-flow';

const steps = NOTICE_STEPS;
const rules: NoticeRules = { maxAttempts: 3, retryMinutes: 15, callable: (at) => new Date(Math.max(at.getTime(), Date.parse('2026-03-11T07:00:00Z'))) };

describe('what an answered notice call came to', () => {
  test.each([
    ['heard to the end, no key', [{ step: 'notice-menu', key: '' }, { step: 'goodbye', outcome: 'completed' }], 'listened'],
    ['1 then the end', [{ step: 'notice-menu', key: '1' }, { step: 'notice-menu', key: '' }, { step: 'goodbye', outcome: 'completed' }], 'listened'],
    ['9', [{ step: 'notice-menu', key: '9' }, { step: 'unsubscribed', outcome: 'caller_left' }], 'unsubscribed'],
    ['left during the menu', [{ step: 'notice-menu', outcome: 'caller_left' }], 'listened'],
    ['left during the text', [{ step: 'notice', outcome: 'caller_left' }], 'hung_up'],
    ['left during the intro', [{ step: 'intro', outcome: 'caller_left' }], 'hung_up'],
    ['a broken flow', [{ step: 'intro', outcome: 'failed' }], 'failed'],
  ])('%s', (_name, path, expected) => {
    expect(answeredResult(path, steps)).toBe(expected);
  });
});

describe('after an attempt', () => {
  const now = new Date('2026-03-10T10:00:00Z');
  test('listened and unsubscribed are final', () => {
    expect(afterAttempt('listened', 1, now, rules, false)).toEqual({ status: 'listened' });
    expect(afterAttempt('unsubscribed', 1, now, rules, false)).toEqual({ status: 'unsubscribed' });
  });
  test('no answer, busy, an early hang-up: again after the pause, inside the calling hours unless any hour is allowed', () => {
    const late = new Date('2026-03-10T19:00:00Z');
    expect(afterAttempt('no_answer', 1, now, rules, false)).toEqual({ status: 'queued', dueAt: new Date('2026-03-11T07:00:00Z') });
    expect(afterAttempt('hung_up', 2, late, rules, true)).toEqual({ status: 'queued', dueAt: new Date('2026-03-10T19:15:00Z') });
  });
  test('after the last attempt: unanswered, hung up or failed', () => {
    expect(afterAttempt('busy', 3, now, rules, false)).toEqual({ status: 'unanswered' });
    expect(afterAttempt('hung_up', 3, now, rules, false)).toEqual({ status: 'hung_up' });
    expect(afterAttempt('unknown', 3, now, rules, false)).toEqual({ status: 'failed' });
  });
});

describe('the notice text as the TTS reads it', () => {
  test('dates, times, ranges, phone numbers and plain numbers are written out', () => {
    const r = spokenNoticeText('12.03.2026 з 8:00 до 17:30 у будинках 1–15 не буде води; довідки за 1551 або 0800500123, бригад 3.');
    expect(r.readings).toEqual([
      { written: '12.03.2026', spoken: 'дванадцятого березня дві тисячі двадцять шостого року' },
      { written: 'з 8:00', spoken: 'з восьмої години' },
      { written: 'до 17:30', spoken: 'до сімнадцятої тридцять' },
      { written: '1–15', spoken: 'з першого по п\'ятнадцятий' },
      { written: '1551', spoken: 'тисяча п\'ятсот п\'ятдесят один' },
      { written: '0800500123', spoken: 'нуль вісім нуль нуль п\'ять нуль нуль один два три' },
      { written: '3', spoken: 'три' },
    ]);
    expect(r.spoken).not.toMatch(/\d/);
  });
  test('"о 9:05" and "об 11:00"', () => {
    expect(spokenNoticeText('о 9:05').spoken).toBe('о дев\'ятій нуль п\'ять');
    expect(spokenNoticeText('о 11:00').spoken).toBe('об одинадцятій годині');
  });
});
