/**
 * The floor process (`bench/floor-server.ts <port> <database url>`): a bare Socket.IO server in
 * its own process, nothing of Kontakt. `echo` answers at once (the bare round trip across a
 * process boundary); `history` runs the bare history query first (the least a pop can cost).
 */
import http from 'node:http';
import { Server } from 'socket.io';
import { openBareHistory } from './bare-history';

async function main(): Promise<void> {
  const [port, databaseUrl] = process.argv.slice(2);
  const history = await openBareHistory(databaseUrl);
  const server = http.createServer();
  const io = new Server(server, { transports: ['websocket'] });
  io.on('connection', (socket) => {
    socket.on('echo', (n: number) => socket.emit('echo', n));
    socket.on('history', async (n: number, phone: string) => {
      const rows = await history.query(phone);
      socket.emit('history', n, rows);
    });
  });
  await new Promise<void>((resolve) => server.listen(Number(port), '127.0.0.1', () => resolve()));
  process.send?.('listening');
  const stop = (): void => {
    io.close();
    void history.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`floor-server: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
