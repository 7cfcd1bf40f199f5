/**
 * Just enough of Asterisk's config reading to check the sample configuration in asterisk/:
 * the .conf format, AMI privilege classes, and AMI's legacy `eventfilter` matching.
 */

export interface ConfEntry {
  key: string;
  value: string;
  line: number;
}

export interface ConfSection {
  name: string;
  /** `[name](!)`: a template, not an object of its own. */
  isTemplate: boolean;
  /** Templates this section inherits, `[101](dispatcher-phone)`. */
  inherits: string[];
  entries: ConfEntry[];
}

/**
 * Reads an Asterisk .conf file: `[section]` or `[section](!,template)` headers, `key = value`
 * and `key => value` lines, `;` comments (not `\;`). Sections may repeat (pjsip.conf `[trunk]`
 * as aor, endpoint and identify): each header starts a new one.
 */
export function parseConf(text: string): ConfSection[] {
  const sections: ConfSection[] = [];
  let current: ConfSection | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|[^\\]);.*$/, '$1').trim();
    if (!line) return;
    const header = /^\[([^\]]+)\](?:\(([^)]*)\))?$/.exec(line);
    if (header) {
      const opts = (header[2] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      current = { name: header[1].trim(), isTemplate: opts.includes('!'), inherits: opts.filter((o) => o !== '!'), entries: [] };
      sections.push(current);
      return;
    }
    const kv = /^([^=]+?)\s*=>?\s*(.*)$/.exec(line);
    if (!kv || !current) throw new Error(`line ${i + 1}: not a section header or key=value: ${raw}`);
    current.entries.push({ key: kv[1].trim(), value: kv[2].trim(), line: i + 1 });
  });
  return sections;
}

/** The sections called `name` (several in pjsip.conf). */
export function sections(conf: ConfSection[], name: string): ConfSection[] {
  return conf.filter((s) => s.name === name);
}

/** The one section called `name`. */
export function section(conf: ConfSection[], name: string): ConfSection {
  const found = sections(conf, name);
  if (found.length !== 1) throw new Error(`expected one [${name}], found ${found.length}`);
  return found[0];
}

/** Every value of `key` in a section, with what it inherits from templates (templates first). */
export function values(conf: ConfSection[], s: ConfSection, key: string): string[] {
  const inherited = s.inherits.flatMap((t) => values(conf, section(conf, t), key));
  return [...inherited, ...s.entries.filter((e) => e.key === key).map((e) => e.value)];
}

/** The last value of `key` (later lines win, as in Asterisk), or undefined. */
export function value(conf: ConfSection[], s: ConfSection, key: string): string | undefined {
  return values(conf, s, key).at(-1);
}

// ---- AMI privileges --------------------------------------------------------------------------

/** `read=agent,call` → {'agent', 'call'} (Asterisk's get_perm: names separated by commas). */
export function permClasses(v: string | undefined): Set<string> {
  return new Set((v ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
}

/**
 * Whether a user with these write classes may send an action registered with `authority`
 * (the classes of ast_manager_register_xml): an action with no class is open to every user,
 * otherwise one shared class is enough (manager.c: `writeperm & authority || authority == 0`).
 */
export function mayWrite(write: Set<string>, authority: string[]): boolean {
  if (write.has('all')) return true;
  return authority.length === 0 || authority.some((c) => write.has(c));
}

/** Whether an event of these classes reaches a user with these read classes: all of them are needed. */
export function mayRead(read: Set<string>, eventClasses: string[]): boolean {
  if (read.has('all')) return true;
  return eventClasses.every((c) => read.has(c));
}

// ---- AMI legacy event filters ----------------------------------------------------------------

/**
 * A POSIX extended regular expression (regcomp REG_EXTENDED, what Asterisk compiles an
 * eventfilter with) as a JavaScript one, for the subset a filter needs: literals, `^`, `$`,
 * `.`, `*`, `+`, `?`, `|`, groups, brackets with the named classes below. Escapes that exist in
 * JavaScript or PCRE but not in POSIX (`\s`, `\d`, `\r`, `(?...)`, ...) are refused, so a filter
 * that would not do in Asterisk what it does here fails the test instead of passing it.
 * regexec without REG_NEWLINE: `.` matches a line break and `^`/`$` anchor the whole text.
 */
export function posixEre(pattern: string): RegExp {
  if (/\\[a-zA-Z0-9]|\(\?|\{\d*,?\d*\}\?/.test(pattern)) throw new Error(`not a POSIX ERE (or outside this subset): ${pattern}`);
  const named: Record<string, string> = { space: ' \\t\\n\\r\\f\\v', blank: ' \\t', digit: '0-9', alpha: 'A-Za-z', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z' };
  const js = pattern.replace(/\[:([a-z]+):\]/g, (_all, name: string) => {
    const cls = named[name];
    if (!cls) throw new Error(`unknown POSIX class [:${name}:] in ${pattern}`);
    return cls;
  });
  return new RegExp(js, 's');
}

export interface EventFilter {
  exclude: boolean;
  re: RegExp;
  source: string;
}

/** The `eventfilter=` lines of a manager.conf user: `!` in front makes an exclude filter. */
export function eventFilters(user: ConfSection): EventFilter[] {
  return user.entries
    .filter((e) => e.key.startsWith('eventfilter'))
    .map((e) => {
      if (e.key !== 'eventfilter') throw new Error(`line ${e.line}: only legacy filters are modelled here: ${e.key}`);
      const exclude = e.value.startsWith('!');
      const source = exclude ? e.value.slice(1) : e.value;
      if (!source) throw new Error(`line ${e.line}: empty filter`);
      return { exclude, re: posixEre(source), source };
    });
}

/**
 * manager.c should_send_event: no filters → everything; include filters only → an event
 * matching any of them; exclude filters only → an event matching none; both → matching an
 * include and then no exclude. Each filter is searched in the whole event text.
 */
export function eventPasses(filters: EventFilter[], eventText: string): boolean {
  const includes = filters.filter((f) => !f.exclude);
  const excludes = filters.filter((f) => f.exclude);
  const included = includes.length === 0 || includes.some((f) => f.re.test(eventText));
  return included && !excludes.some((f) => f.re.test(eventText));
}

/** An event as Asterisk renders it before filtering: `Event:` and `Privilege:` first, CRLF lines, a blank line. */
export function eventText(name: string, classes: string[], fields: Array<[string, string]>): string {
  const lines = [`Event: ${name}`, `Privilege: ${[...classes, 'all'].join(',')}`, ...fields.map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

// ---- Addresses -------------------------------------------------------------------------------

/** Loopback or private (RFC 1918, IPv6 ULA) address: where ARI and AMI may listen. */
export function isLoopbackOrPrivate(addr: string): boolean {
  const a = addr.trim().toLowerCase();
  if (a === '::1' || /^f[cd][0-9a-f]{2}:/.test(a)) return true;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (!m) return false;
  const [o1, o2] = [Number(m[1]), Number(m[2])];
  return o1 === 127 || o1 === 10 || (o1 === 172 && o2 >= 16 && o2 <= 31) || (o1 === 192 && o2 === 168);
}
