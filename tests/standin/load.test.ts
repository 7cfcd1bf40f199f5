/** 1,000 concurrent calls in Stasis, handled by one ari-client, without the stand-in falling over. */
import type Ari from 'ari-client';
import { standin, ariClient, stopAri } from './helpers';

it('holds 1,000 concurrent calls', async () => {
  const s = await standin({ timeScale: 0.01 });
  s.setEventLog(false);
  const client: Ari.Client = await ariClient(s);
  try {
    let started = 0;
    client.on('StasisStart', (_e, ch) => {
      started++;
      void ch.answer().catch(() => undefined);
    });
    const calls = s.placeCalls(1000, (i) => ({ from: `050${String(i).padStart(7, '0')}` }));
    // Generous waits: ari-client opens a connection per request, 1,000 at once can overflow the
    // stand-in's listen queue, and on a loaded machine the last ones then wait for SYN retries
    // (1, 3, 7, 15, 31 s). Once in CI the answers took longer than 20 s; alone this takes 3 s.
    await s.waitFor(() => started === 1000, 60000, '1000 StasisStart');
    await s.waitFor(() => [...s.model.channels.values()].filter((c) => c.state === 'Up').length === 1000, 60000, '1000 answered');
    const list = await client.channels.list();
    expect(list.length).toBe(1000);
    expect((await client.applications.get({ applicationName: 'kontakt' })).channel_ids.length).toBe(1000);
    calls.forEach((c) => c.hangup());
    await Promise.all(calls.map((c) => c.ended));
    expect(s.model.channels.size).toBe(0);
  } finally {
    stopAri(client);
    await s.stop();
  }
}, 150000);
