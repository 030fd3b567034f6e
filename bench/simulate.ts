/**
 * bench:simulate — 500 groups × 30 simulated days, end to end: the community simulator drives the
 * sandbox platform, whose webhooks reach Qunyun's HTTP server and go through the ingest queue
 * into the database (PGlite and Postgres). Baseline, in the same run: the same simulation with
 * its webhooks answered by a receiver that verifies and translates them but stores nothing.
 *
 *   npm run bench:simulate [-- --groups=500 --days=30 --engines=pglite,postgres]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.ts';
import { startStack } from '../src/cli/stack.ts';
import { startSandboxCommunity } from '../src/cli/sandbox-community.ts';
import { createSandboxPlatform } from '../src/platform-sandbox/index.ts';
import { createSandboxConnector } from '../src/connectors/sandbox/index.ts';
import { runSimulation } from '../src/simulator/index.ts';
import { benchDatabase, engines, fmt, numberArg, peakRssMb } from './support.ts';

const groups = numberArg('groups', 500);
const days = numberArg('days', 30);
const seed = 1;
const start = new Date('2026-03-02T00:00:00+08:00');

/** The simulation with a receiver that acknowledges without storing: the cost of everything but Qunyun's storage. */
async function baseline(): Promise<{ seconds: number; events: number }> {
  const platform = createSandboxPlatform({ seed });
  const baseUrl = await platform.listen();
  const account = platform.addAccount({ id: 'baseline' });
  let events = 0;
  const secret = 'baseline-secret-baseline';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void connector.handleWebhook(Buffer.concat(chunks), req.headers).then((a) => { res.writeHead(a.status); res.end(JSON.stringify(a.body)); });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const connector = createSandboxConnector({ baseUrl, token: account.token, webhookSecret: secret, webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
  await connector.start(async (batch) => { events += batch.length; return { stored: batch.length, duplicates: 0, rejected: [] }; });
  const t = performance.now();
  await runSimulation({ clientUrl: baseUrl, account: 'baseline', seed, groups, days, start });
  await platform.flushDeliveries(600_000);
  const seconds = (performance.now() - t) / 1000;
  await connector.stop();
  await platform.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  return { seconds, events };
}

async function full(engine: 'pglite' | 'postgres'): Promise<{ seconds: number; events: number; stored: number }> {
  const target = await benchDatabase(engine);
  try {
    const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: target.dataDir, ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}) });
    const stack = await startStack(config, { host: '127.0.0.1', port: 0, worker: false, db: target.db });
    try {
      const t = performance.now();
      const community = await startSandboxCommunity(stack, { seed, groups, namespace: `bench-${engine}`, mode: { kind: 'run', start, days } });
      await community.done;
      const seconds = (performance.now() - t) / 1000;
      const stats = community.stats();
      await community.stop();
      const [row] = await target.db.query<{ n: number }>('select count(*)::int as n from events');
      return { seconds, events: stats.emitted, stored: row!.n };
    } finally {
      await stack.stop();
    }
  } finally {
    await target.drop();
  }
}

console.log(`${groups} groups × ${days} simulated days, seed ${seed}`);
const base = await baseline();
const baseRate = base.events / base.seconds;
console.log(`baseline (no storage)  ${base.seconds.toFixed(1)} s  ${fmt(baseRate)} events/s  (${fmt(base.events)} events delivered)`);
const figures: Record<string, number> = { baseline_s: Number(base.seconds.toFixed(1)), baseline_events_per_s: Math.round(baseRate) };
for (const engine of engines()) {
  const r = await full(engine);
  const rate = r.events / r.seconds;
  console.log(`${engine.padEnd(8)} end to end  ${r.seconds.toFixed(1)} s  ${fmt(rate)} events/s  (${fmt(r.stored)} events stored; ${(rate / baseRate * 100).toFixed(0)}% of baseline)`);
  figures[`${engine}_s`] = Number(r.seconds.toFixed(1));
  figures[`${engine}_events_per_s`] = Math.round(rate);
  figures[`${engine}_ratio`] = Number((rate / baseRate).toFixed(3));
  figures[`${engine}_events`] = r.stored;
}
console.log(`peak RSS ${peakRssMb()} MB`);
console.log(JSON.stringify({ bench: 'simulate', groups, days, ...figures, peak_rss_mb: peakRssMb() }));
