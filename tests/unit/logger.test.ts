import { createLogger, maskPhone, maskPhonesIn } from '../../core/logger';

/** A logger writing to memory, and its lines parsed. */
function capture(level = 'trace') {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (s: string) => void lines.push(s) });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const PHONE = '+380501234567';
/** Every way the same number gets written; none may reach the log. */
const SPELLINGS = ['+380501234567', '380501234567', '0501234567', '050 123 45 67', '(050) 123-45-67', '+38 (050) 123-45-67', '050-123-45-67'];
/** The subscriber part is the identifying part: seven digits in a row, or with separators. */
function expectNoPhone(text: string): void {
  expect(text.replace(/[\s\-()]/g, '')).not.toMatch(/1234567/);
  for (const s of SPELLINGS) expect(text).not.toContain(s);
}

describe('masking phones', () => {
  test('maskPhone keeps the country code and the last two digits only', () => {
    expect(maskPhone(PHONE)).toBe('+380*****67');
    expect(maskPhone('0501234567')).toBe('050*****67');
    expect(maskPhone('123')).toBe('***');
  });

  test('maskPhonesIn masks every spelling inside a text and leaves other numbers alone', () => {
    for (const s of SPELLINGS) {
      const text = `Дзвінок з ${s} о 10:15, звернення 2026-000123, будинок 12`;
      const masked = maskPhonesIn(text);
      expectNoPhone(masked);
      expect(masked).toContain('2026-000123');
      expect(masked).toContain('10:15');
      expect(masked).toContain('будинок 12');
    }
  });
});

describe('the logger', () => {
  test('masks a phone in the message, in format arguments, and in fields at any depth', () => {
    const { logger, lines, records } = capture();
    logger.info(`Вхідний дзвінок з ${PHONE}`);
    logger.info('Дзвінок з %s переведено в чергу', '050 123 45 67');
    logger.warn(
      { phone: PHONE, caller: { number: '0501234567', history: ['(050) 123-45-67', { callerId: '380501234567' }] }, note: `передзвонити на ${PHONE}` },
      'fields',
    );
    expect(lines).toHaveLength(3);
    for (const line of lines) expectNoPhone(line);
    const [first, second, third] = records();
    expect(first!.msg).toBe('Вхідний дзвінок з +380*****67');
    expect(second!.msg).toBe('Дзвінок з 050*****67 переведено в чергу');
    expect(third).toMatchObject({ phone: '+380*****67', caller: { number: '050*****67', history: ['(050*****67', { callerId: '380*****67' }] } });
  });

  test("masks a child logger's fields, also of a child's child", () => {
    const { logger, lines, records } = capture();
    const call = logger.child({ callId: 'c-1', caller: PHONE });
    call.info('ringing');
    call.child({ transferTo: '067 111 22 33' }).info({ step: 'menu' }, 'transferred');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expectNoPhone(line);
      expect(line).not.toContain('1112233');
    }
    expect(records()[1]).toMatchObject({ callId: 'c-1', caller: '+380*****67', transferTo: '067*****33', step: 'menu' });
  });

  test("masks a phone in an error's message, stack and fields, and keeps it an error", () => {
    const { logger, lines, records } = capture();
    const err = Object.assign(new TypeError(`Duplicate entry '${PHONE}' for key 'phone'`), {
      sql: `INSERT INTO applicants (phone) VALUES ('${PHONE}')`,
      parameters: [PHONE],
    });
    logger.error({ err }, 'request failed');
    logger.error(err);
    expect(lines).toHaveLength(2);
    for (const line of lines) expectNoPhone(line);
    const [withMsg, bare] = records();
    expect(withMsg).toMatchObject({ msg: 'request failed', err: { type: 'TypeError', parameters: ['+380*****67'] } });
    expect((withMsg!.err as { stack: string }).stack).toMatch(/^TypeError: Duplicate entry/);
    expect(bare!.msg).toBe("Duplicate entry '+380*****67' for key 'phone'");
    expect(bare!.err).toMatchObject({ type: 'TypeError' });
  });

  test('redacts secrets under password, token and authorization, top-level and nested', () => {
    const { logger, lines, records } = capture();
    logger.info(
      {
        password: 'pw-top-1', token: 'tok-top-2', authorization: 'Bearer auth-top-3', secret: 'sec-top-4',
        user: { login: 'o.shevchuk', password: 'pw-nested-5', token: 'tok-nested-6' },
        headers: { authorization: 'Bearer auth-nested-7' },
        req: { method: 'GET', headers: { authorization: 'Bearer auth-req-8', cookie: 'sid=cookie-9' } },
      },
      'secrets',
    );
    const line = lines[0]!;
    for (const secret of ['pw-top-1', 'tok-top-2', 'auth-top-3', 'sec-top-4', 'pw-nested-5', 'tok-nested-6', 'auth-nested-7', 'auth-req-8', 'cookie-9']) {
      expect(line).not.toContain(secret);
    }
    expect(records()[0]).toMatchObject({
      password: '***', token: '***', authorization: '***', secret: '***',
      user: { login: 'o.shevchuk', password: '***', token: '***' },
      headers: { authorization: '***' },
      req: { method: 'GET', headers: { authorization: '***', cookie: '***' } },
    });
  });

  test('does not change what the caller passed in', () => {
    const { logger } = capture();
    const fields = { phone: PHONE, password: 'pw-1234567890' };
    logger.info(fields, 'x');
    expect(fields).toEqual({ phone: PHONE, password: 'pw-1234567890' });
  });

  test('honours the level', () => {
    const { logger, lines } = capture('warn');
    logger.info('not written');
    logger.warn('written');
    expect(lines).toHaveLength(1);
    const silent = capture('silent');
    silent.logger.error('nothing');
    expect(silent.lines).toHaveLength(0);
  });
});
