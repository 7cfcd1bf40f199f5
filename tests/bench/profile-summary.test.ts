/** The profile summary charges self time to owners, and `--phase` keeps only a phase's samples. */
import { summarizeProfile } from '../../bench/profile-summary';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });
// root → (idle) | pool.query (mysql2) | ws write (node internals, called by socket.io)
const profile = {
  startTime: 1_000_000,
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 4] },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('query', '/app/node_modules/mysql2/lib/connection.js') },
    { id: 4, callFrame: frame('emit', '/app/node_modules/socket.io/dist/socket.js'), children: [5] },
    { id: 5, callFrame: frame('writev', 'node:internal/stream_base_commons') },
  ],
  // 1 ms apart: 10 ms of mysql2 first, then 10 ms idle, then 10 ms of socket writes.
  samples: [...Array(10).fill(3), ...Array(10).fill(2), ...Array(10).fill(5)],
  timeDeltas: Array(30).fill(1000),
};

test('busy time by owner, idle left out, internals charged to their caller', () => {
  const s = summarizeProfile(profile);
  expect(s.busyMs).toBe(20);
  expect(s.owners.map((o) => [o.owner, o.ms])).toEqual([['mysql2', 10], ['node (internals)', 10]]);
  expect(s.callers.map((o) => [o.owner, o.ms])).toEqual([['mysql2', 10], ['socket.io', 10]]);
});

test('a window keeps only the samples taken in it', () => {
  // Samples are stamped 1,001,000 … 1,030,000 µs; the window holds the last ten (the socket writes).
  const s = summarizeProfile(profile, [1_020_500, 1_031_000]);
  expect(s.busyMs).toBe(10);
  expect(s.callers.map((o) => o.owner)).toEqual(['socket.io']);
});
