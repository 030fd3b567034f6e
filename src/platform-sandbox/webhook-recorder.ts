/**
 * A webhook endpoint for tests and benchmarks: records every delivery (raw body, headers) and
 * answers with the status `respond` picks, so retry and fault behaviour can be observed.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NativeEvent } from './native.ts';

export interface RecordedDelivery { raw: string; headers: IncomingHttpHeaders; events: NativeEvent[]; status: number }

export interface WebhookRecorder {
  url: string;
  deliveries: RecordedDelivery[];
  close(): Promise<void>;
}

export async function startWebhookRecorder(
  respond: (raw: string, headers: IncomingHttpHeaders, n: number) => number | Promise<number> = () => 200,
  keepBodies = true,
): Promise<WebhookRecorder> {
  const deliveries: RecordedDelivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      void (async () => {
        const status = await respond(raw, req.headers, deliveries.length);
        const events = keepBodies ? ((JSON.parse(raw) as { events: NativeEvent[] }).events) : [];
        deliveries.push({ raw: keepBodies ? raw : '', headers: req.headers, events, status });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end('{}');
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    deliveries,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
