import nodeHttp from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  body: string;
  headers: nodeHttp.IncomingHttpHeaders;
}

/**
 * A local webhook receiver answering each request with the next status of `answers` (the last
 * one repeats; null never answers, as a hung receiver).
 */
export async function webhookReceiver(answers: (number | null)[] = [200]) {
  const received: ReceivedWebhook[] = [];
  const server = nodeHttp.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      const status = answers[Math.min(received.length - 1, answers.length - 1)];
      if (status != null) res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
