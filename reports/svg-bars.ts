import { escapeHtml } from './html-escape';

export interface Bar {
  label: string;
  value: number;
  /** Shown after the bar instead of the value (e.g. "85,7"). */
  text?: string;
}

export interface BarChartOptions {
  /** Read out by screen readers and shown as the chart's tooltip. */
  title: string;
  color?: string;
  /** The value of a full-length bar; the largest value by default. */
  max?: number;
  /** Bars beyond this are left out (the tables keep every row). */
  limit?: number;
}

const WIDTH = 720;
const LABEL_WIDTH = 260;
const VALUE_WIDTH = 60;
const ROW = 24;
const BAR = 16;
const LABEL_CHARS = 38;

const shorten = (s: string) => (s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 1)}…` : s);
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1).replace('.', ','));

/**
 * A horizontal bar chart as inline SVG, drawn on the server. Only presentation attributes (no
 * style attributes, no script), so it renders under a strict Content-Security-Policy.
 */
export function barChart(bars: Bar[], o: BarChartOptions): string {
  const shown = bars.slice(0, o.limit ?? bars.length);
  const max = Math.max(o.max ?? 0, ...shown.map((b) => b.value), 1);
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = Math.max(shown.length, 1) * ROW + 8;
  const rows = shown.map((b, i) => {
    const y = 4 + i * ROW;
    const w = Math.max(0, Math.round((plot * b.value) / max));
    return (
      `<g><title>${escapeHtml(`${b.label}: ${b.text ?? fmt(b.value)}`)}</title>` +
      `<text x="${LABEL_WIDTH - 8}" y="${y + 13}" text-anchor="end" font-size="12" font-family="sans-serif" fill="#222">${escapeHtml(shorten(b.label))}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${w}" height="${BAR}" fill="${o.color ?? '#2f6fb3'}" rx="2"></rect>` +
      `<text x="${LABEL_WIDTH + w + 6}" y="${y + 13}" font-size="12" font-family="sans-serif" fill="#222">${escapeHtml(b.text ?? fmt(b.value))}</text></g>`
    );
  });
  const empty = shown.length ? '' : `<text x="${LABEL_WIDTH}" y="17" font-size="12" font-family="sans-serif" fill="#666">Немає даних</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${escapeHtml(o.title)}" ` +
    `width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}"><title>${escapeHtml(o.title)}</title>${rows.join('')}${empty}</svg>`
  );
}
