import { readConfig, describeConfig, ConfigError } from '../../core/config';

const SECRET_32 = 'x'.repeat(32);

function configError(env: Record<string, string>): ConfigError {
  try {
    readConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`readConfig accepted ${JSON.stringify(env)}`);
}

describe('readConfig', () => {
  test('an empty environment gives the embedded defaults', () => {
    const c = readConfig({});
    expect(c).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      HOST: '0.0.0.0',
      DATABASE_URL: 'sqlite:./data/kontakt.sqlite',
      DATABASE_POOL_MAX: 10,
      CITY_TIME_ZONE: 'Europe/Kyiv',
      DEFAULT_REGION: 'UA',
      ADMIN_LOGIN: 'admin',
      TOKEN_TTL_HOURS: 12,
      EMERGENCY_DEADLINE_HOURS: 24,
      REPEAT_WINDOW_DAYS: 30,
      LOG_LEVEL: 'info',
      TRUST_PROXY: false,
      CALL_RECORDS_FLUSH_MS: 1000,
    });
    expect(c.ADMIN_PASSWORD).toBeUndefined();
    expect(c.TOKEN_SECRET).toBeUndefined();
    expect(c.PUBLIC_URL).toBeUndefined();
  });

  test('an empty string counts as unset, and unrelated variables are ignored', () => {
    const c = readConfig({ PORT: '', CITY_TIME_ZONE: '', HOME: '/root', PATH: '/bin' });
    expect(c.PORT).toBe(3000);
    expect(c.CITY_TIME_ZONE).toBe('Europe/Kyiv');
    expect(c).not.toHaveProperty('HOME');
  });

  test('numbers and switches are coerced from their text', () => {
    const c = readConfig({
      PORT: '8080', TRUST_PROXY: 'yes', DATABASE_URL: 'mysql://kontakt:pw@db:3306/kontakt', TOKEN_SECRET: SECRET_32,
      CITY_TIME_ZONE: 'Europe/Warsaw', EMERGENCY_DEADLINE_HOURS: '12',
    });
    expect(c.PORT).toBe(8080);
    expect(c.TRUST_PROXY).toBe(true);
    expect(c.EMERGENCY_DEADLINE_HOURS).toBe(12);
    expect(c.CITY_TIME_ZONE).toBe('Europe/Warsaw');
    expect(readConfig({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
    expect(readConfig({ PORT: '0' }).PORT).toBe(0);
    expect(readConfig({ DATABASE_URL: 'mariadb://u:p@h/db' }).DATABASE_URL).toBe('mariadb://u:p@h/db');
  });

  test.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'postgres://u:p@h/db'],
    ['DATABASE_URL', './data/kontakt.sqlite'],
    ['CITY_TIME_ZONE', 'Europe/Zoriansk'],
    ['CITY_TIME_ZONE', 'Kyiv'],
    ['TOKEN_SECRET', 'x'.repeat(31)],
    ['ADMIN_PASSWORD', 'short'],
    ['LOG_LEVEL', 'verbose'],
    ['TRUST_PROXY', 'maybe'],
    ['CALL_RECORDS_FLUSH_MS', '0'],
    ['CALL_RECORDS_FLUSH_MS', '60000'],
  ])('%s=%s is a ConfigError that names the variable', (name, value) => {
    const err = configError({ [name]: value });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(new RegExp(`^\\s+${name}: `, 'm'));
    // Only the bad variable is named.
    const named = err.message.split('\n').slice(1).map((l) => l.trim().split(':')[0]);
    expect(named).toEqual([name]);
  });

  test('every bad variable is named in one error', () => {
    const err = configError({ PORT: 'abc', DATABASE_URL: 'oracle://x', CITY_TIME_ZONE: 'Nowhere/City', TOKEN_SECRET: 'short' });
    for (const name of ['PORT', 'DATABASE_URL', 'CITY_TIME_ZONE', 'TOKEN_SECRET']) expect(err.message).toContain(`${name}:`);
    expect(err.message).not.toContain('short'); // the value of a secret is not echoed
  });

  test('a 32-character TOKEN_SECRET is enough', () => {
    expect(readConfig({ TOKEN_SECRET: SECRET_32 }).TOKEN_SECRET).toBe(SECRET_32);
  });
});

describe('describeConfig', () => {
  test('masks the secrets and the database password, and keeps the rest', () => {
    const config = readConfig({
      ADMIN_PASSWORD: 'admin-secret-123', TOKEN_SECRET: 'token-secret-'.padEnd(40, 'z'),
      DATABASE_URL: 'mysql://kontakt:db-pass-42@db.local:3306/kontakt', PORT: '8080',
    });
    const shown = describeConfig(config);
    expect(shown.ADMIN_PASSWORD).toBe('***');
    expect(shown.TOKEN_SECRET).toBe('***');
    expect(shown.DATABASE_URL).toBe('mysql://kontakt:***@db.local:3306/kontakt');
    expect(shown.PORT).toBe(8080);
    const text = JSON.stringify(shown);
    for (const secret of ['admin-secret-123', 'token-secret-', 'db-pass-42']) expect(text).not.toContain(secret);
    // The configuration itself is left as it was.
    expect(config.DATABASE_URL).toContain('db-pass-42');
  });

  test('masks the Asterisk secrets too', () => {
    const shown = describeConfig(readConfig({ ARI_PASSWORD: 'ari-secret-1', AMI_SECRET: 'ami-secret-2' }));
    expect(shown.ARI_PASSWORD).toBe('***');
    expect(shown.AMI_SECRET).toBe('***');
    expect(JSON.stringify(shown)).not.toMatch(/ari-secret-1|ami-secret-2/);
  });

  test('a raw @ in the database password does not leave its tail in view', () => {
    const shown = describeConfig(readConfig({ DATABASE_URL: 'mysql://kontakt:p@ss-word@db:3306/kontakt' }));
    expect(shown.DATABASE_URL).toBe('mysql://kontakt:***@db:3306/kontakt');
  });

  test('unset secrets stay unset, and a URL without a password is shown as it is', () => {
    const shown = describeConfig(readConfig({ DATABASE_URL: 'sqlite:/var/lib/kontakt/db.sqlite' }));
    expect(shown.ADMIN_PASSWORD).toBeUndefined();
    expect(shown.TOKEN_SECRET).toBeUndefined();
    expect(shown.DATABASE_URL).toBe('sqlite:/var/lib/kontakt/db.sqlite');
    expect(describeConfig(readConfig({ DATABASE_URL: 'mysql://root@db/kontakt' })).DATABASE_URL).toBe('mysql://root@db/kontakt');
  });
});
