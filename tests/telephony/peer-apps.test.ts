import { PeerApps, type PeerAppsDeps } from '../../telephony/peer-apps';
import { silentLogger } from './helpers';

/** Leases as the database keeps them (holder, expiry), on a clock the test moves. */
function world() {
  let now = 0;
  const leases = new Map<string, { holder: string; until: number }>();
  const apps = new Map<string, string[]>();
  const adopted: string[][] = [];
  const deps = (holder: string, connected = () => true): PeerAppsDeps => ({
    acquire: async (name, ms) => {
      const l = leases.get(name);
      if (l && l.holder !== holder && l.until > now) return false;
      leases.set(name, { holder, until: now + ms });
      return true;
    },
    release: async (name) => {
      if (leases.get(name)?.holder === holder) leases.delete(name);
    },
    channelsOf: async (app) => apps.get(app) ?? [],
    adopt: async (ids) => {
      adopted.push(ids);
      for (const [app, chans] of apps) apps.set(app, chans.filter((c) => !ids.includes(c)));
    },
    connected,
  });
  return { leases, apps, adopted, deps, advance: (ms: number) => (now += ms) };
}

const clock = { now: () => new Date() };

describe('instances look after each other\'s IVR calls', () => {
  test('a live peer keeps its calls; a dead one\'s calls go to the dispatchers once seen on two passes', async () => {
    const w = world();
    const a = new PeerApps({ ownApp: 'kontakt-a', peerApps: ['kontakt-b'], clock, logger: silentLogger(), intervalMs: 1000 }, w.deps('a'));
    const b = new PeerApps({ ownApp: 'kontakt-b', peerApps: ['kontakt-a'], clock, logger: silentLogger(), intervalMs: 1000 }, w.deps('b'));
    w.apps.set('kontakt-b', ['call-1']);
    await b.tick();
    await a.tick();
    w.advance(1000);
    await b.tick();
    await a.tick();
    expect(w.adopted).toEqual([]);

    // b dies (kill -9): it renews nothing; a takes over once b's lease (3 intervals) lapses.
    w.apps.set('kontakt-b', ['call-1', 'call-2']);
    for (let i = 0; i < 2; i++) {
      w.advance(1000);
      await a.tick();
    }
    expect(w.adopted).toEqual([]);
    w.advance(1000);
    await a.tick(); // first pass with b's lease lapsed: seen once
    expect(w.adopted).toEqual([]);
    w.advance(1000);
    await a.tick();
    expect(w.adopted).toEqual([['call-1', 'call-2']]);
    // a took b's lease for the pass only: b, back, renews its own at once.
    expect(await w.deps('b').acquire('ari-app:kontakt-b', 3000)).toBe(true);
  });

  test('a call answered by a peer that has just come back is not taken from it', async () => {
    const w = world();
    const a = new PeerApps({ ownApp: 'kontakt-a', peerApps: ['kontakt-b'], clock, logger: silentLogger(), intervalMs: 1000 }, w.deps('a'));
    const b = new PeerApps({ ownApp: 'kontakt-b', peerApps: ['kontakt-a'], clock, logger: silentLogger(), intervalMs: 1000 }, w.deps('b'));
    await a.tick(); // b never started: its application is empty
    w.apps.set('kontakt-b', ['new-call']);
    await b.tick(); // b comes up and renews within the interval
    w.advance(1000);
    await a.tick();
    expect(w.adopted).toEqual([]);
  });

  test('an instance whose own ARI is down claims nothing, so its peers take over its calls', async () => {
    const w = world();
    let up = false;
    const b = new PeerApps({ ownApp: 'kontakt-b', peerApps: ['kontakt-a'], clock, logger: silentLogger(), intervalMs: 1000 }, w.deps('b', () => up));
    await b.tick();
    expect(w.leases.has('ari-app:kontakt-b')).toBe(false);
    up = true;
    await b.tick();
    expect(w.leases.get('ari-app:kontakt-b')?.holder).toBe('b');
    await b.stop();
    expect(w.leases.has('ari-app:kontakt-b')).toBe(false);
  });
});
