/**
 * The calls popping on this dispatcher's screen, by uniqueid, fed by the realtime events. Views
 * subscribe to 'change'.
 * @typedef {import('./socket.js').CallRinging} CallRinging
 * @typedef {{ pop: CallRinging, phase: 'ringing' | 'answered' | 'stopped' | 'ended', note: string, since: number }} PopEntry
 */
import { realtime } from './socket.js';
import { fmtDuration } from './format.js';

const STOP_NOTES = /** @type {Record<string, string>} */ ({
  answered_elsewhere: 'Дзвінок прийняв інший диспетчер',
  no_answer: 'Ви не відповіли — дзвінок пішов далі',
  caller_left: 'Абонент поклав слухавку',
});

class Pops extends EventTarget {
  constructor() {
    super();
    /** @type {Map<string, PopEntry>} */
    this.entries = new Map();
    /** Outages seen in pops this session (for the cut-offs screen when there is no outages API). */
    /** @type {Map<string, import('../../../realtime/contracts').PopOutage>} */
    this.outagesSeen = new Map();
  }
  changed() {
    this.dispatchEvent(new Event('change'));
  }
  /** @param {CallRinging} pop */
  ring(pop) {
    const old = this.entries.get(pop.uniqueid);
    this.entries.set(pop.uniqueid, { pop, phase: old && old.phase !== 'ringing' ? old.phase : 'ringing', note: old?.note ?? '', since: Date.now() });
    for (const o of pop.outages ?? []) this.outagesSeen.set(`${o.utility}|${o.area}|${o.startsAt}`, o);
    this.changed();
  }
  /** @param {string} uniqueid @param {PopEntry['phase']} phase @param {string} note */
  mark(uniqueid, phase, note) {
    const e = this.entries.get(uniqueid);
    if (!e) return;
    e.phase = phase;
    e.note = note;
    this.changed();
  }
  /** @param {string} uniqueid */
  remove(uniqueid) {
    if (this.entries.delete(uniqueid)) this.changed();
  }
  clear() {
    this.entries.clear();
    this.changed();
  }
  /** @param {string} uniqueid */
  get(uniqueid) {
    return this.entries.get(uniqueid) ?? null;
  }
}

export const pops = new Pops();

let wired = false;
/** Connects the store to the realtime events once. */
export function wirePops() {
  if (wired) return;
  wired = true;
  realtime.on('call:ringing', (/** @type {CallRinging} */ pop) => pops.ring(pop));
  realtime.on('call:answered', (/** @type {{ uniqueid: string }} */ e) => pops.mark(e.uniqueid, 'answered', 'Розмова триває'));
  realtime.on('call:ringing-stopped', (/** @type {{ uniqueid: string, reason: string }} */ e) => {
    pops.mark(e.uniqueid, 'stopped', STOP_NOTES[e.reason] ?? 'Дзвінок більше не надходить');
    // A call another dispatcher took is no longer this one's business: it fades away.
    if (e.reason === 'answered_elsewhere') setTimeout(() => pops.remove(e.uniqueid), 15000);
  });
  realtime.on('call:ended', (/** @type {{ uniqueid: string, talkSeconds: number | null }} */ e) => {
    const entry = pops.get(e.uniqueid);
    if (!entry) return;
    pops.mark(e.uniqueid, 'ended', e.talkSeconds !== null && e.talkSeconds !== undefined ? `Дзвінок завершено, розмова ${fmtDuration(e.talkSeconds)}` : 'Дзвінок завершено');
  });
  // A console that (re)connects asks what is ringing for it now, so no pop is lost.
  realtime.on('connected', async () => {
    try {
      const ringing = await realtime.request('calls:ringing-now');
      for (const pop of ringing ?? []) pops.ring(pop);
    } catch {
      /* the server may not know this event yet; pops still arrive as they ring */
    }
  });
}
