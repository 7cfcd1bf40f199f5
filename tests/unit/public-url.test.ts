import { readConfig, publicBaseUrl, ConfigError } from '../../core/config';

describe('PUBLIC_URL: the address discovery publishes', () => {
  test('defaults to HOST and PORT, localhost for a wildcard host', () => {
    expect(publicBaseUrl(readConfig({}))).toBe('http://localhost:3000');
    expect(publicBaseUrl(readConfig({ HOST: '10.0.0.5', PORT: '8080' }))).toBe('http://10.0.0.5:8080');
    expect(publicBaseUrl(readConfig({ HOST: '::1' }))).toBe('http://[::1]:3000');
    // PORT=0 takes any free port: the caller passes the one actually listened on.
    expect(publicBaseUrl(readConfig({ HOST: '127.0.0.1', PORT: '0' }), 41234)).toBe('http://127.0.0.1:41234');
  });

  test('a configured address wins, without its trailing slash', () => {
    expect(publicBaseUrl(readConfig({ PUBLIC_URL: 'https://311.zoriansk.example/kontakt/' }), 41234)).toBe('https://311.zoriansk.example/kontakt');
  });

  test.each(['javascript:alert(1)', 'ftp://files.example', 'https://x.example/?a=1', 'https://x.example/#top', 'https://user:pw@x.example', 'not a url'])(
    '%s is refused at start, naming the variable',
    (value) => {
      expect(() => readConfig({ PUBLIC_URL: value })).toThrow(ConfigError);
      expect(() => readConfig({ PUBLIC_URL: value })).toThrow(/PUBLIC_URL/);
    },
  );
});
