/**
 * Test wiring for the WeCom connector: a fake WeCom corp whose callbacks reach the connector over
 * loopback HTTP, and a recording sink that validates events against the envelope and drops
 * repeated event ids the way ingest does. Test-only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEvent, type PlatformEvent } from '../../../src/events/envelope.ts';
import type { IngestResult } from '../../../src/events/ingest.ts';
import type { EventSink } from '../../../src/connectors/connector.ts';
import { createFakeWecom, type FakeWecom, type FakeWecomOptions } from './fake-server.ts';
import { createWecomConnector, type WecomConnector, type WecomConnectorOptions } from '../../../src/connectors/wecom/wecom-connector.ts';

export const CALLBACK_TOKEN = 'QunyunCallbackToken2026';
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

export interface RecordingSink {
  sink: EventSink;
  /** Events stored, first copy of each id only. */
  events: PlatformEvent[];
  /** Every batch handed over, duplicates included. */
  batches: unknown[][];
  /** The next `n` calls reject, as a database outage would. */
  failNext(n?: number): void;
  ofType<T extends PlatformEvent['type']>(type: T): Array<Extract<PlatformEvent, { type: T }>>;
}

export function recordingSink(): RecordingSink {
  const events: PlatformEvent[] = [];
  const batches: unknown[][] = [];
  const seen = new Set<string>();
  let failures = 0;
  return {
    events,
    batches,
    failNext(n = 1) {
      failures += n;
    },
    ofType: <T extends PlatformEvent['type']>(type: T) => events.filter((e): e is Extract<PlatformEvent, { type: T }> => e.type === type),
    async sink(batch): Promise<IngestResult> {
      if (failures > 0) {
        failures--;
        throw new Error('database unavailable');
      }
      batches.push(batch);
      const result: IngestResult = { stored: 0, duplicates: 0, rejected: [] };
      batch.forEach((raw, index) => {
        const parsed = parseEvent(raw);
        if (!parsed.ok) {
          result.rejected.push({ index, reason: parsed.reason });
          return;
        }
        if (seen.has(parsed.event.eventId)) {
          result.duplicates++;
          return;
        }
        seen.add(parsed.event.eventId);
        events.push(parsed.event);
        result.stored++;
      });
      if (result.rejected.length > 0) throw new Error(`connector produced invalid events: ${JSON.stringify(result.rejected)}`);
      return result;
    },
  };
}

export interface Rig {
  fake: FakeWecom;
  connector: WecomConnector;
  recorder: RecordingSink;
  callbackUrl: string;
  close(): Promise<void>;
}

/** A fake corp, a started connector, and the HTTP endpoint that joins them. */
export async function rig(o: { fake?: FakeWecomOptions; connector?: Partial<WecomConnectorOptions>; callbackTimeoutMs?: number } = {}): Promise<Rig> {
  const fake = createFakeWecom(o.fake);
  const apiRoot = await fake.listen();
  const connector = createWecomConnector({
    corpId: fake.corpId, secret: fake.secret, token: CALLBACK_TOKEN, encodingAesKey: AES_KEY, apiRoot,
    client: { sleep: async () => {}, random: () => 1 },
    ...o.connector,
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://local');
      void connector.handleCallback(req.method ?? 'GET', Object.fromEntries(url.searchParams), Buffer.concat(chunks)).then((a) => {
        res.writeHead(a.status, { 'content-type': 'text/plain' });
        res.end(a.body);
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`;
  fake.setCallbackTarget({ url: callbackUrl, token: CALLBACK_TOKEN, encodingAesKey: AES_KEY, ...(o.callbackTimeoutMs ? { timeoutMs: o.callbackTimeoutMs } : {}) });
  const recorder = recordingSink();
  await connector.start(recorder.sink);
  return {
    fake, connector, recorder, callbackUrl,
    async close() {
      await connector.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await fake.close();
    },
  };
}
