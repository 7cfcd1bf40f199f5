/**
 * Asterisk's split of application and function arguments (main/app.c __ast_app_separate_args
 * with remove_chars, as AST_STANDARD_APP_ARGS uses it): commas separate, except inside double
 * quotes, parentheses or brackets; the quotes and a backslash before a character are removed.
 */
export function separateArgs(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let paren = 0;
  let bracket = 0;
  let quote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      quote = !quote;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      continue;
    }
    if (!quote) {
      if (c === '(') paren++;
      else if (c === ')' && paren > 0) paren--;
      else if (c === '[') bracket++;
      else if (c === ']' && bracket > 0) bracket--;
      else if (c === ',' && !paren && !bracket) {
        out.push(cur);
        cur = '';
        continue;
      }
    }
    cur += c;
  }
  out.push(cur);
  return out;
}
