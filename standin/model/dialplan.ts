/**
 * A small reader for the extensions.conf the project ships: `exten =>` and `same =>` lines,
 * numbered and `n` priorities, `_X.` style patterns. Enough for the hotline, the queue fallback
 * and the caller simulators of the recordings.
 */
export interface DialplanStep {
  app: string;
  data: string;
  /** Priority label: `same => n(label),App()`. */
  label?: string;
}

export type Dialplan = Map<string, Map<string, DialplanStep[]>>;

export function parseExtensions(text: string): Dialplan {
  const plan: Dialplan = new Map();
  let context: Map<string, DialplanStep[]> | undefined;
  let lastExten: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/;.*$/, '').trim();
    if (!line) continue;
    const ctx = /^\[([^\]]+)\]/.exec(line);
    if (ctx) {
      context = ctx[1] === 'general' || ctx[1] === 'globals' ? undefined : new Map();
      if (context) plan.set(ctx[1], context);
      lastExten = undefined;
      continue;
    }
    if (!context) continue;
    const m = /^(exten|same)\s*=>\s*(.*)$/.exec(line);
    if (!m) continue;
    let rest = m[2];
    let exten: string;
    if (m[1] === 'exten') {
      const comma = rest.indexOf(',');
      exten = rest.slice(0, comma).trim();
      rest = rest.slice(comma + 1);
    } else {
      if (!lastExten) continue;
      exten = lastExten;
    }
    lastExten = exten;
    const comma = rest.indexOf(',');
    const prioPart = rest.slice(0, comma).trim();
    const appPart = rest.slice(comma + 1).trim();
    const am = /^([A-Za-z0-9_]+)(?:\((.*)\))?$/.exec(appPart);
    if (!am) continue;
    const pm = /^(n|\d+)(?:\(([^)]*)\))?$/.exec(prioPart);
    if (!pm) continue;
    const steps = context.get(exten) ?? [];
    const step: DialplanStep = { app: am[1], data: am[2] ?? '' };
    if (pm[2]) step.label = pm[2].trim();
    if (pm[1] === 'n') steps.push(step);
    else steps[Number(pm[1]) - 1] = step;
    context.set(exten, steps);
  }
  return plan;
}

/** `exten => 101,hint,PJSIP/101` lines: `101@context` → the device the hint follows (the first of `&` lists). */
export function parseHints(text: string): Map<string, string> {
  const hints = new Map<string, string>();
  let context = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/;.*$/, '').trim();
    const ctx = /^\[([^\]]+)\]/.exec(line);
    if (ctx) context = ctx[1];
    const h = /^exten\s*=>\s*([^,]+),\s*hint\s*,\s*([^&,\s]+)/i.exec(line);
    if (h && context) hints.set(`${h[1].trim()}@${context}`, h[2].trim());
  }
  return hints;
}

/** Asterisk pattern match for `_X.`, `_+X.`, `_NXX` style extensions. */
function matchPattern(pattern: string, exten: string): boolean {
  if (!pattern.startsWith('_')) return pattern === exten;
  let re = '^';
  for (const ch of pattern.slice(1)) {
    if (ch === 'X') re += '[0-9]';
    else if (ch === 'Z') re += '[1-9]';
    else if (ch === 'N') re += '[2-9]';
    else if (ch === '.') re += '.+';
    else if (ch === '!') re += '.*';
    else re += ch.replace(/[\\^$*+?()[\]{}|]/g, '\\$&');
  }
  return new RegExp(re + '$').test(exten);
}

/** The steps for an extension: exact match first, then the first pattern that fits. */
export function findExtension(plan: Dialplan, context: string, exten: string): DialplanStep[] | undefined {
  const ctx = plan.get(context);
  if (!ctx) return undefined;
  const exact = ctx.get(exten);
  if (exact) return exact;
  for (const [pattern, steps] of ctx) if (pattern.startsWith('_') && matchPattern(pattern, exten)) return steps;
  return undefined;
}

/** Contexts of `extra` replace the same-named contexts of `base`; new ones are added. */
export function mergeDialplans(base: Dialplan, extra: Dialplan): Dialplan {
  const out: Dialplan = new Map(base);
  for (const [name, ctx] of extra) out.set(name, ctx);
  return out;
}

/** The priority (1-based) of a label or number in an extension's steps; undefined if none. */
export function resolvePriority(steps: DialplanStep[] | undefined, prio: string): number | undefined {
  const p = prio.trim();
  if (/^\d+$/.test(p)) return Number(p);
  const i = steps?.findIndex((s) => s?.label === p) ?? -1;
  return i >= 0 ? i + 1 : undefined;
}

/**
 * Expands ${VAR}, ${VAR:offset[:length]}, functions such as ${CALLERID(num)} / ${RAND(0,1)},
 * then $[expression]s, innermost first, as pbx_substitute_variables does.
 */
export function substitute(data: string, vars: (name: string) => string | undefined): string {
  let out = data;
  for (let guard = 0; guard < 20 && /\$\{[^{}]*\}/.test(out); guard++) {
    out = out.replace(/\$\{([^{}]*)\}/g, (_all, inner: string) => {
      const m = /^(.*?)(?::(-?\d+)(?::(\d+))?)?$/.exec(inner)!;
      const value = vars(m[1]) ?? '';
      if (m[2] === undefined) return value;
      const from = Number(m[2]);
      const sliced = value.slice(from < 0 ? Math.max(0, value.length + from) : from);
      return m[3] === undefined ? sliced : sliced.slice(0, Number(m[3]));
    });
  }
  for (let guard = 0; guard < 20 && /\$\[[^[\]]*\]/.test(out); guard++) {
    out = out.replace(/\$\[([^[\]]*)\]/g, (_all, expr: string) => evaluateExpression(expr));
  }
  return out;
}

type Token = { kind: 'op'; v: string } | { kind: 'val'; v: string };

function tokenize(expr: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = expr.slice(i, i + 2);
    if (['!=', '<=', '>=', '=~'].includes(two)) {
      out.push({ kind: 'op', v: two });
      i += 2;
    } else if ('=<>&|!()+-*/%'.includes(c)) {
      out.push({ kind: 'op', v: c });
      i++;
    } else if (c === '"') {
      const end = expr.indexOf('"', i + 1);
      const stop = end < 0 ? expr.length : end;
      out.push({ kind: 'val', v: expr.slice(i + 1, stop) });
      i = stop + 1;
    } else {
      let j = i;
      while (j < expr.length && !/\s/.test(expr[j]) && !'=<>&|!()+-*/%"'.includes(expr[j])) j++;
      out.push({ kind: 'val', v: expr.slice(i, j) });
      i = j;
    }
  }
  return out;
}

const isNum = (v: string): boolean => /^-?\d+(\.\d+)?$/.test(v.trim());
const truthy = (v: string): boolean => v !== '' && !(isNum(v) && Number(v) === 0);

/**
 * Asterisk's $[...] (ast_expr2): `|` `&` (lowest), comparisons (numeric when both sides are
 * numbers, else as strings), `+ - * / %`, unary `!` and `-`, parentheses, quoted strings.
 * Comparisons and `!` give 1 or 0; `a | b` is a if a is true, else b; `a & b` is a if both are.
 */
export function evaluateExpression(expr: string): string {
  const toks = tokenize(expr);
  let pos = 0;
  const peek = (): Token | undefined => toks[pos];
  const isOp = (v: string): boolean => peek()?.kind === 'op' && peek()!.v === v;
  const primary = (): string => {
    const t = toks[pos++];
    if (!t) return '';
    if (t.kind === 'val') return t.v;
    if (t.v === '(') {
      const v = or();
      if (isOp(')')) pos++;
      return v;
    }
    if (t.v === '!') return truthy(primary()) ? '0' : '1';
    if (t.v === '-') return String(-Number(primary()));
    return '';
  };
  const mul = (): string => {
    let l = primary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = toks[pos++].v;
      const r = primary();
      const a = Number(l);
      const b = Number(r);
      l = String(op === '*' ? a * b : op === '/' ? Math.trunc(a / b) : a % b);
    }
    return l;
  };
  const add = (): string => {
    let l = mul();
    while (isOp('+') || isOp('-')) {
      const op = toks[pos++].v;
      const r = mul();
      l = String(op === '+' ? Number(l) + Number(r) : Number(l) - Number(r));
    }
    return l;
  };
  const cmp = (): string => {
    let l = add();
    while (['=', '!=', '<', '>', '<=', '>='].some(isOp)) {
      const op = toks[pos++].v;
      const r = add();
      const [a, b]: [number | string, number | string] = isNum(l) && isNum(r) ? [Number(l), Number(r)] : [l, r];
      const res = op === '=' ? a === b : op === '!=' ? a !== b : op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
      l = res ? '1' : '0';
    }
    return l;
  };
  const and = (): string => {
    let l = cmp();
    while (isOp('&')) {
      pos++;
      const r = cmp();
      l = truthy(l) && truthy(r) ? l : '0';
    }
    return l;
  };
  const or = (): string => {
    let l = and();
    while (isOp('|')) {
      pos++;
      const r = and();
      l = truthy(l) ? l : truthy(r) ? r : '0';
    }
    return l;
  };
  return or();
}

/** GotoIf's condition: true unless empty or a number equal to 0 (pbx_checkcondition). */
export function checkCondition(v: string): boolean {
  return truthy(v.trim());
}
