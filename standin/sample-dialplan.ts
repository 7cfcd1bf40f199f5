import fs from 'node:fs';
import path from 'node:path';

/** The project's sample Asterisk configuration (what the README tells a PBX to load). */
const SAMPLE_EXTENSIONS = path.join(__dirname, '../asterisk/extensions.conf');

/**
 * One context of the sample `extensions.conf`, renamed (`hotline-two-instances` as `hotline`):
 * the stand-in then runs the production dialplan for that path instead of a copy of it.
 */
export function sampleContextAs(name: string, as: string): string {
  const text = fs.readFileSync(SAMPLE_EXTENSIONS, 'utf8');
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const context = new RegExp(`^\\[${escaped}\\]\\n(?:(?!\\[).*\\n)*`, 'm').exec(text)?.[0];
  if (!context) throw new Error(`no [${name}] in ${SAMPLE_EXTENSIONS}`);
  return context.replace(`[${name}]`, `[${as}]`);
}
