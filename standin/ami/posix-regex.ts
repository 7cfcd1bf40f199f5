/**
 * Asterisk compiles AMI filters as POSIX extended regular expressions (regcomp, REG_EXTENDED):
 * the same in JavaScript, with the bracket classes ([:space:], …) spelled out. Without
 * REG_NEWLINE, `.` matches a line break and `^`/`$` anchor the whole event text.
 */
const CLASSES: Record<string, string> = {
  space: '\\s', alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', xdigit: '0-9A-Fa-f', punct: '!-\\/:-@\\[-`{-~', blank: ' \\t',
};

export function posixRegex(source: string): RegExp {
  const js = source.replace(/\[:([a-z]+):\]/g, (whole, name: string) => {
    const cls = CLASSES[name];
    if (!cls) throw new Error(`unknown class ${whole}`);
    return cls;
  });
  return new RegExp(js, 's');
}
