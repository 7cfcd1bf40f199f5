import { afterUnsuccessfulAttempt, firstDue, noCallReason, VerificationRules } from '../../verifications/verification-rules';
import { classifyUnanswered } from '../../telephony/outbound-causes';
import { choiceOf, verificationFlow, verificationIntro, VERIFICATION_TEXTS } from '../../ivr/flow/verification-flow';
import { nextCallingMoment, parseCallingHours } from '../../jobs/calling-hours';
import { runFlow } from '../../ivr/flow/interpreter';
import type { CallChannel } from '../../ivr/call-channel';

const hours = parseCallingHours('09:00-20:00', 'Europe/Kyiv');
const rules: VerificationRules = { delayMinutes: 120, retryMinutes: 60, maxAttempts: 3, callable: (at) => nextCallingMoment(at, hours) };

describe('verification rules', () => {
  test('the first call: the delay after completion, moved into calling hours', () => {
    expect(firstDue(new Date('2026-03-10T10:00:00Z'), rules).toISOString()).toBe('2026-03-10T12:00:00.000Z');
    // Done at 19:00 Kyiv: 21:00 is too late, the resident hears from us at 09:00 next day.
    expect(firstDue(new Date('2026-03-10T17:00:00Z'), rules).toISOString()).toBe('2026-03-11T07:00:00.000Z');
  });

  test('after an unsuccessful attempt: again after the retry time until the last attempt, then the list', () => {
    const now = new Date('2026-03-10T10:00:00Z');
    expect(afterUnsuccessfulAttempt(1, now, rules)).toEqual({ status: 'scheduled', dueAt: new Date('2026-03-10T11:00:00Z') });
    expect(afterUnsuccessfulAttempt(2, now, rules)).toEqual({ status: 'scheduled', dueAt: new Date('2026-03-10T11:00:00Z') });
    expect(afterUnsuccessfulAttempt(3, now, rules)).toEqual({ status: 'not_reached', reason: 'max_attempts' });
    // 19:30 Kyiv + 1 h is past 20:00: next morning.
    expect(afterUnsuccessfulAttempt(1, new Date('2026-03-10T17:30:00Z'), rules)).toEqual({ status: 'scheduled', dueAt: new Date('2026-03-11T07:00:00Z') });
  });

  test('who is not called', () => {
    expect(noCallReason(null)).toBe('no_phone');
    expect(noCallReason({ phone: '', doNotCall: false, consentToCalls: true })).toBe('no_phone');
    expect(noCallReason({ phone: '+380501234567', doNotCall: true, consentToCalls: true })).toBe('do_not_call');
    expect(noCallReason({ phone: '+380501234567', doNotCall: false, consentToCalls: false })).toBe('do_not_call');
    expect(noCallReason({ phone: '+380501234567', doNotCall: false, consentToCalls: true })).toBeNull();
  });
});

describe('how an unanswered outbound call ended (causes as in the recordings)', () => {
  test.each([
    [17, false, 100, 'busy'],
    [21, false, 100, 'rejected'],
    [19, true, 30000, 'no_answer'],
    [18, false, 500, 'no_answer'],
    [0, true, 1000, 'no_answer'], // rang, then the originate timed out (ChannelDestroyed cause 0)
    [0, false, 29500, 'no_answer'], // no ringing seen (Local channel), but the ring time ran out
    [0, false, 5, 'failed'], // a dialplan place that does not exist: cause 0 at once
    [20, false, 5, 'failed'],
    [34, false, 5, 'failed'],
  ])('cause %i (rang %s, after %i ms) → %s', (cause, rang, elapsed, expected) => {
    expect(classifyUnanswered(cause, rang, elapsed, 30000)).toBe(expected);
  });
});

describe('the verification flow', () => {
  test('the resident hears the centre, the appeal number digit by digit and its category', () => {
    const intro = verificationIntro('Зорянська', '2026-000123', 'Відсутнє холодне водопостачання');
    expect(intro).toContain('контакт-центр міста Зорянська');
    expect(intro).toContain('звернення номер дві тисячі двадцять шість, нуль нуль нуль, один два три');
    expect(intro).toContain('тема: Відсутнє холодне водопостачання.');
  });

  test('the keys: 1 confirmed, 2 returned, 0 a dispatcher; others are no choice', () => {
    expect(choiceOf({ step: 'question', key: '1' })).toBe('confirmed');
    expect(choiceOf({ step: 'question', key: '2' })).toBe('returned');
    expect(choiceOf({ step: 'question', key: '0' })).toBe('dispute');
    expect(choiceOf({ step: 'question', key: '7' })).toBeNull();
    expect(choiceOf({ step: 'question', key: '' })).toBeNull();
    expect(choiceOf({ step: 'main', key: '1' })).toBeNull();
  });

  /** An in-memory channel: keys to give at each gather, texts said. */
  function channel(keys: string[]): CallChannel & { said: string[]; transferred: Record<string, string> | null } {
    const said: string[] = [];
    return {
      id: 'c1', callerId: null, gone: false, said, transferred: null,
      answer: async () => undefined,
      play: async (media) => {
        said.push(...media);
        return 'finished';
      },
      gather: async () => keys.shift() ?? '',
      clearKeys: () => undefined,
      async transfer(t) {
        this.transferred = t.variables;
      },
      hangup: async () => undefined,
    };
  }
  const run = (keys: string[]) => {
    const ch = channel(keys);
    const flow = verificationFlow({ cityNameGenitive: 'Зорянська', appealNumber: '2026-000123', categoryName: 'Вода', queueContext: 'dispatchers', menuTimeoutMs: 10 });
    const services = { outageAnnouncement: async () => '', appealStatus: async () => null, mediaFor: async (t: string) => t };
    const noop = () => undefined;
    return runFlow(flow, ch, services, { callId: 'c1', logger: { debug: noop, info: noop, warn: noop, error: noop } }).then((r) => ({ r, ch }));
  };

  test('the question and the answers, as the resident hears them', async () => {
    const one = await run(['1']);
    expect(one.r.outcome).toBe('completed');
    expect(one.ch.said).toEqual([expect.stringContaining('Вас турбує'), VERIFICATION_TEXTS.question, VERIFICATION_TEXTS.confirmed]);
    expect(VERIFICATION_TEXTS.question).toBe('Якщо проблему вирішено, натисніть один. Якщо ні — натисніть два. Щоб поговорити з диспетчером, натисніть нуль.');

    const invalidThenTwo = await run(['5', '2']);
    expect(invalidThenTwo.ch.said).toContain('Невірний вибір.');
    expect(invalidThenTwo.ch.said.at(-1)).toBe(VERIFICATION_TEXTS.returned);

    const silent = await run([]);
    expect(silent.ch.said.filter((t) => t === VERIFICATION_TEXTS.question)).toHaveLength(2);
    expect(silent.ch.said.at(-1)).toBe(VERIFICATION_TEXTS.noAnswer);

    const dispute = await run(['0']);
    expect(dispute.r.outcome).toBe('transferred');
    expect(dispute.ch.transferred).toMatchObject({ KONTAKT_REASON: 'verification_dispute' });
  });
});
