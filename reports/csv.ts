/**
 * CSV that Excel in a Ukrainian locale opens as it is: UTF-8 with a BOM (so Cyrillic survives),
 * `;` between fields (the locale's list separator), CRLF line ends, decimal commas, and quotes
 * around any field holding a separator, a quote or a line break.
 */
export type CsvValue = string | number | null | undefined;

const BOM = '\uFEFF';

function field(v: CsvValue): string {
  if (v == null) return '';
  const text = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : String(v).replace('.', ',')) : v;
  // A leading = + - @ would be read by Excel as a formula: neutralised for text (never for numbers).
  const safe = typeof v === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: CsvValue[][]): string {
  return BOM + rows.map((r) => r.map(field).join(';')).join('\r\n') + '\r\n';
}
