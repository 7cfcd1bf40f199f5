import { normalizePhone, tryNormalizePhone } from '../../appeals/phone';
import { ValidationError } from '../../core/errors';

function rejection(input: unknown): ValidationError {
  try {
    normalizePhone(input as string);
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error(`normalizePhone accepted ${JSON.stringify(input)}`);
}

describe('normalizePhone', () => {
  test.each([
    '+380501234567',
    '380501234567',
    '0501234567',
    '050 123 45 67',
    '(050) 123-45-67',
    '050-123-45-67',
    '050.123.45.67',
    '+38 (050) 123-45-67',
    '+38 050 123 45 67',
    '+380 (50) 123-45-67',
    '+380 50 123 4567',
    '38 050 1234567',
    '  050 123 45 67  ',
    // the old trunk prefix 8 that many residents still dial
    '8 050 123 45 67',
    '8 (050) 123-45-67',
    '80501234567',
  ])('the mobile written as %p is +380501234567', (input) => {
    expect(normalizePhone(input)).toBe('+380501234567');
  });

  test.each(['+380442345678', '380442345678', '0442345678', '044 234 56 78', '(044) 234-56-78', '+38 (044) 234-56-78'])(
    'the Kyiv landline written as %p is +380442345678',
    (input) => {
      expect(normalizePhone(input)).toBe('+380442345678');
    },
  );

  test('other Ukrainian kinds of number: the free 0 800 line', () => {
    expect(normalizePhone('0 800 123 456')).toBe('+380800123456');
  });

  // A resident may call from a foreign SIM (many live or work abroad): a number that is really
  // valid in its own country is kept in E.164; one that is not is rejected like any other.
  test.each([
    ['+48 601 234 567', '+48601234567'],
    ['+48601234567', '+48601234567'],
    ['0048 601 234 567', '+48601234567'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+7 912 345 67 89', '+79123456789'],
  ])('the foreign number %p is %p', (input, e164) => {
    expect(normalizePhone(input)).toBe(e164);
  });

  test('a national number of another country is read in the region given', () => {
    expect(normalizePhone('601 234 567', 'PL')).toBe('+48601234567');
    // ...and is not a Ukrainian number by default
    expect(rejection('601 234 567').code).toBe('invalid_phone');
  });

  test.each([
    ['empty', ''],
    ['blank', '   '],
    ['letters', 'abc'],
    ['letters inside', '050-abc-45-67'],
    ['an extension in words', '050 123 45 67 доб. 2'],
    ['too short', '12345'],
    ['a short number', '1551'],
    ['a local number without its code', '2345678'],
    ['a digit short', '050123456'],
    ['a digit short in E.164', '+38050123456'],
    ['a digit too many', '05012345678'],
    ['the old prefix with a digit short', '8 050 123 45 6'],
    ['the old prefix before no operator', '8 000 123 45 67'],
    ['far too long', '+380501234567890'],
    ['no such operator code', '0001234567'],
    ['no such operator code in E.164', '+380001234567'],
    ['no such country', '+999 123 456 789'],
    ['an invalid Polish number', '+48 000 000 000'],
    ['a Polish number a digit short', '+4860123456'],
    ['an invalid Russian number', '+7 000 000 00 00'],
    ['garbage', '!!!@@@'],
    ['far too long garbage', 'x'.repeat(100)],
  ])('%s (%p) is an invalid_phone ValidationError', (_label, input) => {
    const err = rejection(input);
    expect(err.code).toBe('invalid_phone');
    expect(err.kind).toBe('validation');
    expect(err.message).toBe('Невірний номер телефону');
    expect(err.details).toEqual([{ field: 'phone', message: expect.stringContaining('не є номером телефону') }]);
  });

  test.each([
    ['undefined', undefined],
    ['null', null],
    ['a number instead of text', 501234567],
  ])('%s is an invalid_phone ValidationError, not a crash', (_label, input) => {
    expect(rejection(input).code).toBe('invalid_phone');
  });

  test('the error quotes at most 40 characters of what was given', () => {
    const err = rejection('x'.repeat(100));
    const message = (err.details as { message: string }[])[0]!.message;
    expect(message).toContain('x'.repeat(40));
    expect(message).not.toContain('x'.repeat(41));
  });
});

describe('tryNormalizePhone', () => {
  test('returns null for a hidden or garbled caller id instead of throwing', () => {
    expect(tryNormalizePhone(undefined)).toBeNull();
    expect(tryNormalizePhone(null)).toBeNull();
    expect(tryNormalizePhone('')).toBeNull();
    expect(tryNormalizePhone('anonymous')).toBeNull();
    expect(tryNormalizePhone('12345')).toBeNull();
    expect(tryNormalizePhone('0501234567')).toBe('+380501234567');
    expect(tryNormalizePhone('601 234 567', 'PL')).toBe('+48601234567');
  });
});
