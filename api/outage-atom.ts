import { outageTitle } from '../outages/outage-labels';
import type { PublicOutage } from './routes/public-outage-routes';

/** Escapes text for XML element content and attribute values. */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // Characters XML 1.0 forbids outright cannot be escaped, only dropped.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

function when(d: Date, zone: string): string {
  return new Intl.DateTimeFormat('uk-UA', { timeZone: zone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** The written summary of an entry: when, and why. */
export function outageSummary(o: PublicOutage, zone: string): string {
  const start = when(new Date(o.startsAt), zone);
  const period = o.endsAt ? `З ${start} до ${when(new Date(o.endsAt), zone)}.` : `З ${start}. Час відновлення уточнюється.`;
  return [period, o.reason ? `Причина: ${o.reason}.` : null, o.executor ? `Виконавець: ${o.executor.name}.` : null].filter(Boolean).join(' ');
}

/** An Atom 1.0 feed (RFC 4287) of current and upcoming outages, in Ukrainian. */
export function outagesAtom(outages: readonly PublicOutage[], o: { selfUrl: string; now: Date; zone: string; city: string }): string {
  // The latest change among the entries (ISO strings of one format order as times do); an empty feed is as of now.
  const updated = outages.map((x) => x.updatedAt).sort().pop() ?? o.now.toISOString();
  const entries = outages.map(
    (x) => `  <entry>
    <id>urn:kontakt:outage:${x.id}</id>
    <title>${xmlEscape(outageTitle(x))}</title>
    <updated>${x.updatedAt}</updated>
    <published>${x.startsAt}</published>
    <category term="${x.utility}"/>
    <summary>${xmlEscape(outageSummary(x, o.zone))}</summary>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="uk">
  <id>urn:kontakt:outages</id>
  <title>${xmlEscape(`Відключення комунальних послуг — ${o.city}`)}</title>
  <updated>${updated}</updated>
  <author><name>Контакт-центр</name></author>
  <link rel="self" type="application/atom+xml" href="${xmlEscape(o.selfUrl)}"/>
${entries.join('\n')}
</feed>
`;
}
