import { callerE164 } from '../../../ivr/flow/caller-number';
import { compactPath } from '../../../ivr/flow/ivr-path';

describe('compactPath', () => {
  test('menus and keys, no key as "-", outcome entries left out', () => {
    expect(compactPath([
      { step: 'main', key: '7' }, { step: 'main', key: '' }, { step: 'main', key: '2' },
      { step: 'appeal-menu', key: '0' }, { step: 'dispatcher-appeals', outcome: 'transferred' },
    ])).toBe('main:7,main:-,main:2,appeal-menu:0');
    expect(compactPath([])).toBe('');
  });

  test('a long path keeps the latest menus within the limit', () => {
    const path = Array.from({ length: 100 }, (_, i) => ({ step: 'main', key: String(i % 10) }));
    const text = compactPath(path, 40);
    expect(text.length).toBeLessThanOrEqual(40);
    expect(text.startsWith('..,')).toBe(true);
    expect(text.endsWith('main:7,main:8,main:9')).toBe(true);
  });
});

describe('callerE164', () => {
  test.each([
    ['+380501234567', '+380501234567'],
    ['0501234567', '+380501234567'],
    ['380501234567', '+380501234567'],
    ['(050) 123-45-67', '+380501234567'],
    ['anonymous', null],
    ['', null],
    [null, null],
    ['123', null],
  ])('%p → %p', (input, expected) => {
    expect(callerE164(input)).toBe(expected);
  });
});
