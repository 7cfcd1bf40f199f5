import { noCallReason, statusWithoutCall } from '../../verifications/verification-rules';

const applicant = (over: Partial<{ phone: string | null; doNotCall: boolean; consentToCalls: boolean }> = {}) => ({
  phone: '+380501234567', doNotCall: false, consentToCalls: true, ...over,
});

describe('who is not called to verify the work, and where that is recorded', () => {
  test.each([
    ['a hotline caller who consented', applicant(), 'phone', null],
    ['an Open311 resident with a phone who consented earlier (a known applicant)', applicant(), 'open311', null],
    ['an Open311 resident nobody asked for consent', applicant({ consentToCalls: false }), 'open311', 'online'],
    ['an Open311 resident with no phone (no applicant card)', null, 'open311', 'online'],
    ['someone who asked not to be called, even online', applicant({ doNotCall: true }), 'open311', 'do_not_call'],
    ['a hotline caller who withdrew consent', applicant({ consentToCalls: false }), 'phone', 'do_not_call'],
    ['an appeal with nobody to call (a CCTV incident)', null, 'cctv', 'no_phone'],
  ] as const)('%s', (_name, who, channel, reason) => {
    expect(noCallReason(who, channel)).toBe(reason);
  });

  test('reached online is not a failure for the dispatchers’ list; the rest are', () => {
    expect(statusWithoutCall('online')).toBe('online');
    expect(statusWithoutCall('no_phone')).toBe('not_reached');
    expect(statusWithoutCall('do_not_call')).toBe('not_reached');
  });
});
