/**
 * The AMI event filter Kontakt asks the PBX for: on every event a real Asterisk 22.7.0 sent in the
 * recordings, it passes exactly the events the normaliser reads, and never one it would drop.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AMI_EVENT_FILTER, AMI_EVENTS_READ, normalizeAmiEvent } from '../../telephony/ami-event-normalizer';
import { posixRegex } from '../../standin/ami/posix-regex';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'asterisk');

/** Every event message the PBX wrote, as its text and as asterisk-manager's lower-cased fields. */
function recordedEvents(): Array<{ name: string; text: string; fields: Record<string, string> }> {
  const out: Array<{ name: string; text: string; fields: Record<string, string> }> = [];
  for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
    const rec = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as { log?: Array<{ kind: string; text?: string }> };
    const bytes = (rec.log ?? []).filter((e) => e.kind === 'ami-bytes').map((e) => e.text ?? '').join('');
    for (const text of bytes.split('\r\n\r\n')) {
      const fields = Object.fromEntries(text.split('\r\n').map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      if (fields.event && !fields.actionid) out.push({ name: fields.event, text: `${text}\r\n\r\n`, fields });
    }
  }
  return out;
}

test('the filter passes exactly the events read, on what a real Asterisk sent', () => {
  const filter = posixRegex(AMI_EVENT_FILTER);
  const events = recordedEvents();
  expect(events.length).toBeGreaterThan(500);
  const passed = new Set(events.filter((e) => filter.test(e.text)).map((e) => e.name));
  const dropped = new Set(events.filter((e) => !filter.test(e.text)).map((e) => e.name));
  expect([...passed].every((name) => (AMI_EVENTS_READ as readonly string[]).includes(name))).toBe(true);
  expect([...dropped]).toEqual(expect.arrayContaining(['Newexten', 'VarSet', 'DeviceStateChange', 'HangupRequest', 'SoftHangupRequest', 'Newchannel']));
  // Nothing the normaliser turns into a call event is filtered out.
  const read = events.filter((e) => normalizeAmiEvent(e.fields, new Date()) !== null);
  expect(read.length).toBeGreaterThan(50);
  expect(read.filter((e) => !filter.test(e.text)).map((e) => e.name)).toEqual([]);
  // Most of what the PBX says is not for Kontakt.
  expect(passed.size).toBeLessThan(dropped.size);
});
