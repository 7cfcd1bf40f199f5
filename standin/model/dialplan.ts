/**
 * A small reader for the extensions.conf the project ships: `exten =>` and `same =>` lines,
 * numbered and `n` priorities, `_X.` style patterns. Enough for the hotline, the queue fallback
 * and the caller simulators of the recordings.
 */
export interface DialplanStep {
  app: string;
  data: string;
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
    const prio = rest.slice(0, comma).trim();
    const appPart = rest.slice(comma + 1).trim();
    const am = /^([A-Za-z0-9_]+)(?:\((.*)\))?$/.exec(appPart);
    if (!am) continue;
    const steps = context.get(exten) ?? [];
    const step = { app: am[1], data: am[2] ?? '' };
    if (prio === 'n') steps.push(step);
    else steps[Number(prio) - 1] = step;
    context.set(exten, steps);
  }
  return plan;
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

/** Expands ${EXTEN}, ${EXTEN:n}, ${CALLERID(num)}, ${CALLERID(name)} and channel variables. */
export function substitute(data: string, vars: (name: string) => string | undefined): string {
  return data.replace(/\$\{([^}:]+)(?::(-?\d+))?\}/g, (_all, name: string, offset?: string) => {
    const value = vars(name) ?? '';
    return offset === undefined ? value : value.slice(Number(offset));
  });
}
