/** Light or dark theme (dark for the night shift); remembered on this computer. */
const KEY = 'kontakt.theme';

export function applyTheme() {
  const saved = localStorage.getItem(KEY);
  const dark = saved ? saved === 'dark' : window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function toggleTheme() {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  localStorage.setItem(KEY, next);
  applyTheme();
}
