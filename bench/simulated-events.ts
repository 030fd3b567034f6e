/**
 * Simulated events for the benchmarks: runs the community simulator against the sandbox platform,
 * receives the platform's webhooks through the sandbox connector, and writes each distinct
 * envelope event as one line of NDJSON. The file is cached under .bench-cache/ by its parameters,
 * so a benchmark measures ingest, not the simulation.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createSandboxPlatform } from '../src/platform-sandbox/index.ts';
import { createSandboxConnector } from '../src/connectors/sandbox/index.ts';
import { runSimulation } from '../src/simulator/index.ts';

export interface SimulatedEventsOptions { groups: number; days: number; seed: number; limit: number }

export async function simulatedEventsFile(o: SimulatedEventsOptions, log = console.log): Promise<string> {
  const dir = path.resolve('.bench-cache');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `events-g${o.groups}-d${o.days}-s${o.seed}-n${o.limit}.ndjson`);
  if (existsSync(file)) return file;
  log(`simulating ${o.groups} groups × ${o.days} days (seed ${o.seed}) into ${path.relative(process.cwd(), file)} …`);
  const out = createWriteStream(`${file}.tmp`);
  const seen = new Set<string>();
  let written = 0;
  const platform = createSandboxPlatform({ seed: o.seed });
  const baseUrl = await platform.listen();
  const secret = 'bench-secret-bench-secret';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void connector.handleWebhook(Buffer.concat(chunks), req.headers).then((a) => {
        res.writeHead(a.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(a.body));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const account = platform.addAccount({ id: 'bench' });
  const connector = createSandboxConnector({
    baseUrl, token: account.token, webhookSecret: secret,
    webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
  });
  await connector.start(async (events) => {
    for (const e of events) {
      const id = (e as { eventId?: string }).eventId;
      if (!id || seen.has(id) || written >= o.limit) continue;
      seen.add(id);
      written++;
      out.write(`${JSON.stringify(e)}\n`);
    }
    return { stored: events.length, duplicates: 0, rejected: [] };
  });
  await runSimulation({ clientUrl: baseUrl, account: 'bench', seed: o.seed, groups: o.groups, days: o.days, start: new Date('2026-03-02T00:00:00+08:00') });
  await platform.flushDeliveries(600_000);
  await connector.stop();
  await platform.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  renameSync(`${file}.tmp`, file);
  log(`${written.toLocaleString('en-US')} distinct events written`);
  return file;
}

/** Reads the NDJSON file back in chunks of `size` parsed events. */
export async function* readEventChunks(file: string, size: number): AsyncGenerator<unknown[]> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let chunk: unknown[] = [];
  for await (const line of lines) {
    if (!line) continue;
    chunk.push(JSON.parse(line));
    if (chunk.length >= size) { yield chunk; chunk = []; }
  }
  if (chunk.length) yield chunk;
}
