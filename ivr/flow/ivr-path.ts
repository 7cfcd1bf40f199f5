import { PathEntry } from './flow-types';

/** Longest KONTAKT_IVR_PATH passed to the dialplan; older menus are dropped first. */
export const MAX_COMPACT_PATH = 200;

/**
 * The menus a caller went through and the keys pressed, compactly, for a channel variable:
 * "main:1", "main:7,main:-,main:2,appeal-menu:0" ('-' = no key in time). Outcome entries
 * are left out (the outcome travels as KONTAKT_REASON).
 */
export function compactPath(path: readonly PathEntry[], maxLength = MAX_COMPACT_PATH): string {
  const parts = path.filter((e) => e.key !== undefined).map((e) => `${e.step}:${e.key === '' ? '-' : e.key}`);
  let text = parts.join(',');
  while (text.length > maxLength && parts.length > 1) {
    parts.shift();
    text = `..,${parts.join(',')}`;
  }
  return text.length > maxLength ? text.slice(-maxLength) : text;
}
