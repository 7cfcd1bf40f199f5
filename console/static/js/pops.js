/**
 * The calls popping on this dispatcher's screen, by uniqueid, fed by the realtime events. Views
 * subscribe to 'change'. The cards are the dispatcher's working area for a call, so they are kept
 * in this tab's sessionStorage and come back after a reload in every state (ringing, answered,
 * ended), with the appeals registered during the call; signing out forgets them.
 * @typedef {import('./socket.js').CallRinging} CallRinging
 * @typedef {{ id: number, number: string, emergency: boolean }} RegisteredAppeal
 * @typedef {{ pop: CallRinging, phase: 'ringing' | 'answered' | 'stopped' | 'ended', note: string, since: number, registered: RegisteredAppeal[] }} PopEntry
 */
import { realtime } from './socket.js';
import { session } from './session.js';
import { api } from './api.js';
import { fmtDuration } from './format.js';

const STORE_KEY = 'kontakt.pops';
/** A card nobody closed is dropped after this long (a shift's break, not a day). */
const KEEP_MS = 4 * 3600_000;

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
    this.restore();
  }
  changed() {
    this.save();
    this.dispatchEvent(new Event('change'));
  }
  save() {
    try {
      if (this.entries.size) sessionStorage.setItem(STORE_KEY, JSON.stringify([...this.entries.values()]));
      else sessionStorage.removeItem(STORE_KEY);
    } catch {
      /* a full or disabled storage only loses the cards on reload */
    }
  }
  restore() {
    try {
      /** @type {PopEntry[]} */
      const saved = JSON.parse(sessionStorage.getItem(STORE_KEY) ?? '[]');
      for (const e of saved) {
        if (!e?.pop?.uniqueid || Date.now() - e.since > KEEP_MS) continue;
        // A ringing card from before the reload is not known to ring any more: the server says what still does.
        this.entries.set(e.pop.uniqueid, { ...e, phase: e.phase === 'ringing' ? 'stopped' : e.phase, registered: e.registered ?? [] });
      }
    } catch {
      sessionStorage.removeItem(STORE_KEY);
    }
  }
  /** @param {CallRinging} pop */
  ring(pop) {
    const old = this.entries.get(pop.uniqueid);
    const phase = old && old.phase === 'answered' ? 'answered' : old && old.phase === 'ended' ? 'ended' : 'ringing';
    this.entries.set(pop.uniqueid, { pop, phase, note: phase === 'ringing' ? '' : old?.note ?? '', since: old?.since ?? Date.now(), registered: old?.registered ?? [] });
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
  /**
   * An appeal registered during this call: the card shows it and leads to it.
   * @param {string} uniqueid @param {RegisteredAppeal} appeal
   */
  registered(uniqueid, appeal) {
    const e = this.entries.get(uniqueid);
    if (!e || e.registered.some((a) => a.id === appeal.id)) return;
    e.registered.push(appeal);
    this.changed();
  }
  /** @param {string} uniqueid */
  remove(uniqueid) {
    if (this.entries.delete(uniqueid)) this.changed();
  }
  clear() {
    this.entries.clear();
    this.outagesSeen.clear();
    this.changed();
  }
  /** @param {string} uniqueid */
  get(uniqueid) {
    return this.entries.get(uniqueid) ?? null;
  }
}

export const pops = new Pops();
session.onClear(() => pops.clear());

let wired = false;
/** Connects the store to the realtime events once. */
export function wirePops() {
  if (wired) return;
  wired = true;
  realtime.on('call:ringing', (/** @type {CallRinging} */ pop) => pops.ring(pop));
  realtime.on('call:answered', (/** @type {{ uniqueid: string }} */ e) => pops.mark(e.uniqueid, 'answered', 'Розмова триває'));
  realtime.on('call:ringing-stopped', (/** @type {{ uniqueid: string, reason: string }} */ e) => {
    if (pops.get(e.uniqueid)?.phase === 'answered') return;
    pops.mark(e.uniqueid, 'stopped', STOP_NOTES[e.reason] ?? 'Дзвінок більше не надходить');
    // A call another dispatcher took is no longer this one's business: it fades away.
    if (e.reason === 'answered_elsewhere') setTimeout(() => pops.remove(e.uniqueid), 15000);
  });
  realtime.on('call:ended', (/** @type {{ uniqueid: string, talkSeconds: number | null }} */ e) => {
    const entry = pops.get(e.uniqueid);
    if (!entry) return;
    pops.mark(e.uniqueid, 'ended', e.talkSeconds !== null && e.talkSeconds !== undefined ? `Дзвінок завершено, розмова ${fmtDuration(e.talkSeconds)}` : 'Дзвінок завершено');
  });
  // From a conversation to ready, paused or out of the queue: the conversation is over, also for a
  // card whose end was not sent (the state a console hears first on connecting is not a change).
  /** @type {string | null} */
  let lastState = null;
  realtime.on('link', () => {
    if (realtime.state !== 'connected') lastState = null;
  });
  realtime.on('presence:changed', (/** @type {import('./socket.js').Presence} */ p) => {
    if (p.userId !== session.user?.id) return;
    const wasTalking = lastState === 'on_call';
    lastState = p.state;
    if (!wasTalking || !['ready', 'paused', 'signed_out'].includes(p.state)) return;
    for (const e of pops.entries.values()) if (e.phase === 'answered') pops.mark(e.pop.uniqueid, 'ended', 'Дзвінок завершено');
  });
  // A console that (re)connects asks what is ringing for it now, so no pop is lost.
  realtime.on('connected', async () => {
    const talking = [...pops.entries.values()].filter((e) => e.phase === 'answered');
    try {
      const ringing = await realtime.request('calls:ringing-now');
      for (const pop of ringing ?? []) pops.ring(pop);
    } catch {
      /* the server may not know this event yet; pops still arrive as they ring */
    }
    await closeEndedConversations(talking);
  });
}

/**
 * Cards still saying «Розмова» after a reload or a lost connection: the call may have ended while
 * the console was away (its end was sent to nobody). The call log says which did.
 */
/** @param {import('./pops.js').PopEntry[]} talking  the cards in conversation when the console connected */
async function closeEndedConversations(talking) {
  if (!talking.length) return;
  const since = Math.min(...talking.map((e) => Date.parse(e.pop.at) || e.since)) - 60_000;
  try {
    const res = await api.calls({ from: new Date(since).toISOString(), pageSize: 100 });
    for (const c of res?.items ?? []) {
      if (!c.endedAt || !talking.some((e) => e.pop.uniqueid === c.uniqueid) || !['answered', 'ended'].includes(pops.get(c.uniqueid)?.phase ?? '')) continue;
      pops.mark(c.uniqueid, 'ended', typeof c.talkSeconds === 'number' ? `Дзвінок завершено, розмова ${fmtDuration(c.talkSeconds)}` : 'Дзвінок завершено');
    }
  } catch {
    /* the cards stay as they are; the next presence change closes them */
  }
}
