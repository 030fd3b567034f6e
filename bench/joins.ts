/**
 * bench:joins — one live code over 50 groups, served by two `qunyun serve` processes on one
 * Postgres, under an open-loop load of join requests (default 2,000 per second for 30 s, half to
 * each process, each from a new visitor with one of five sources). Then every seated newcomer joins
 * on the "platform" (join events with the link's invite code, 5% of them delivered twice under new
 * ids) and the acquisition reactor attributes them. It prints throughput, client latency and the
 * server's routing time (Server-Timing), and checks: 0 groups above cap (reservations, loads,
 * members), 0 double attributions (a member or a reservation credited twice). Baseline, same run:
 * the code's read-only public endpoint at the same rate (ratio = routing p99 / read p99).
 * CPU time per routed request is given for the servers and for the database's Postgres backends
 * (from /proc, Linux), the figure to compare on a machine shared with other work.
 * On a shared machine the generator may not reach the target rate: the achieved rate is printed,
 * and a probe at a rate the machine sustains (`--probe-rate`, default 40/s, 10 s) gives what routing
 * costs without a queue in front of it.
 *
 * A warm-up at the same rate (`--warmup`, default 3 s; its own p99 printed, not counted) comes first:
 * a process that just started opens its database connections, prepares its statements and compiles
 * its hot code during its first second of load, which is not what a code that is busy for 30 s sees.
 * The pool's cap fits the warm-up, the load and the probe, so every request is routed to a seat.
 *
 *   node bench/joins.ts [--rate=2000] [--seconds=30] [--warmup=3] [--groups=50] [--cap=] [--rule=fill_first] [--probe-rate=40]
 *     [--processes=2] [--cpu-prof=<dir>] (one process and CPU profiles, for finding where the time goes)
 *     [--skip-joins] (routing only, for A/B runs: no joins phase; the cap checks on reservations and loads still run)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { addGroupToPool, createCode } from '../src/acquisition/codes.ts';
import { acquisitionReactor } from '../src/acquisition/reactor.ts';
import { RoutingRule } from '../src/acquisition/types.ts';
import { createTestDatabase } from '../src/db/test-databases.ts';
import { ingestBatch } from '../src/events/ingest.ts';
import { reactPending } from '../src/events/reactors.ts';
import { ingestScope } from '../test/support/ingest-scope.ts';
import { serve, type RunningServer } from '../test/support/qunyun-process.ts';
import { fmt, numberArg } from './support.ts';
import { Pool } from 'undici';

const rate = numberArg('rate', 2000);
const seconds = numberArg('seconds', 30);
const groups = numberArg('groups', 50);
const warmup = numberArg('warmup', 3);
const probeRate = numberArg('probe-rate', 40);
const cap = numberArg('cap', Math.ceil((rate * (warmup + seconds) + probeRate * 10) / groups));
const processes = Math.min(2, numberArg('processes', 2));
const rule = RoutingRule.parse(process.argv.find((a) => a.startsWith('--rule='))?.slice(7) ?? 'fill_first');
const SOURCES = ['shop', 'poster', 'callback', 'post', 'referral'];

const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** CPU seconds (user + system) a process has used so far, from /proc (0 where there is none). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

interface Load { sent: number; done: number; errors: number; skipped: number; client: number[]; server: number[]; kinds: Record<string, number>; elapsed: number }

/**
 * Open loop at a target rate: request i is due at i / rate seconds, whatever came back, and its
 * latency is counted from when it was due (a generator that fell behind does not hide the queue).
 * undici Pools with keep-alive connections per server, many requests in flight; never more than
 * `maxInFlight` waiting (the rest are counted as not sent).
 */
async function openLoop(urls: Array<(i: number) => string>, perSecond: number, durationS: number): Promise<Load> {
  const pools = urls.map((u) => new Pool(new URL(u(0)).origin, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 }));
  const load: Load = { sent: 0, done: 0, errors: 0, skipped: 0, client: [], server: [], kinds: {}, elapsed: 0 };
  const maxInFlight = 4000;
  const started = performance.now();
  const total = Math.round(perSecond * durationS);
  let inFlight = 0;
  // Each request through undici's dispatch with a plain handler (no body stream, no promise per
  // request): the generator shares the 2 cores with the servers and Postgres, so its own cost per
  // request (printed) is kept small. The answer's kind is read from its first bytes.
  const one = (i: number, dueAt: number) => new Promise<void>((settle) => {
    const which = i % urls.length;
    const url = new URL(urls[which]!(i));
    inFlight++;
    load.sent++;
    let status = 0;
    let body = '';
    const done = (ok: boolean) => {
      inFlight--;
      if (!ok) load.errors++;
      settle();
    };
    pools[which]!.dispatch({ method: 'GET', path: url.pathname + url.search }, {
      onRequestStart() { /* (nothing to do: required by undici) */ },
      onResponseStart(_c, statusCode, headers) {
        status = statusCode;
        const timing = /route;dur=([\d.]+)/.exec(String(headers['server-timing'] ?? ''));
        if (timing) load.server.push(Number(timing[1]));
      },
      onResponseData(_c, chunk) { if (body.length < 64) body += chunk.toString('latin1', 0, 64); },
      onResponseEnd() {
        load.client.push(performance.now() - dueAt);
        if (status !== 200) { done(false); return; }
        const kind = /^\{"kind":"([a-z]+)"/.exec(body)?.[1] ?? 'read';
        load.kinds[kind] = (load.kinds[kind] ?? 0) + 1;
        load.done++;
        done(true);
      },
      onResponseError() { done(false); },
    });
  });
  const pending: Array<Promise<void>> = [];
  let next = 0;
  while (next < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - started) / 1000) * perSecond) + 1);
    for (; next < due; next++) {
      if (inFlight >= maxInFlight) { load.skipped++; continue; }
      pending.push(one(next, started + (next / perSecond) * 1000));
    }
    // Until the next request is due (at least a turn of the event loop, for the answers).
    await new Promise((r) => setTimeout(r, Math.max(0, started + (next / perSecond) * 1000 - performance.now())));
  }
  await Promise.all(pending);
  load.elapsed = (performance.now() - started) / 1000;
  await Promise.all(pools.map((p) => p.close()));
  return load;
}

const t = await createTestDatabase('postgres');
const dataDir = mkdtempSync(join(tmpdir(), 'qunyun-bench-joins-'));
const servers: RunningServer[] = [];
try {
  const scope = await ingestScope(t.db, 'bench-joins');
  const at = new Date(Date.now() - 3600_000).toISOString();
  await ingestBatch(t.db, scope, Array.from({ length: groups }, (_, i) => ({ type: 'group_created', eventId: `g${i}`, occurredAt: at, groupId: `pg${i}`, name: `读书会 ${i + 1} 群`, capacity: 200_000 })));
  const groupRows = await t.db.query<{ id: number; pid: string }>('select id, platform_group_id as pid from groups where workspace_id = $1', [scope.workspaceId]);
  const code = await createCode(t.db, scope.workspaceId, { name: '读书会活码', source: 'shop', rule, firstPhase: Math.min(100, cap), sweetSpotMin: Math.min(150, cap), sweetSpotMax: Math.min(200, cap), hardCap: cap }, null);
  for (const g of groupRows) await addGroupToPool(t.db, scope.workspaceId, code, g.id, { url: `https://sandbox.example/+${g.pid}`, code: `link-${g.pid}`, expiresAt: null });
  await reactPending(t.db, scope.workspaceId, [acquisitionReactor]); // the reactor's cursor starts here
  // --cpu-prof=<dir>: each server writes a CPU profile there when it stops (open it in Chrome's DevTools).
  const profDir = process.argv.find((a) => a.startsWith('--cpu-prof='))?.slice('--cpu-prof='.length);
  const profEnv: Record<string, string> = profDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profDir}` } : {};
  for (const name of ['a', 'b'].slice(0, processes)) servers.push(await serve(join(dataDir, name), { DATABASE_URL: t.databaseUrl!, LOG_LEVEL: 'error', ...profEnv }));
  console.log(`${processes} process(es): ${servers.map((s) => s.url).join(", ")}; ${groups} groups, cap ${cap}, rule ${rule}; target ${fmt(rate)} req/s for ${seconds} s; load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);

  // CPU of the servers and of the Postgres backends serving this database, around a load.
  const backends = async () => (await t.db.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')).map((r) => r.pid);
  const cpuNow = async () => ({ servers: servers.reduce((n, s) => n + cpuSeconds(s.pid), 0), pg: new Map((await backends()).map((pid) => [pid, cpuSeconds(pid)])) });
  const cpuSince = async (before: Awaited<ReturnType<typeof cpuNow>>, requests: number) => {
    const after = await cpuNow();
    let pg = 0;
    for (const [pid, s] of after.pg) pg += s - (before.pg.get(pid) ?? 0);
    const per = (s: number) => (requests ? (s * 1000) / requests : 0);
    return { serversMsPerReq: +per(after.servers - before.servers).toFixed(3), postgresMsPerReq: +per(pg).toFixed(3) };
  };

  const routeUrl = (s: RunningServer) => (i: number) => `${s.url}/api/public/codes/${code.slug}/route?v=visitor-${i.toString(36).padStart(8, '0')}&s=${SOURCES[i % SOURCES.length]}`;
  // Statements and pool-row updates (each one a lock on a hot row) during the load, from Postgres's statistics.
  const dbStats = async () => (await t.db.query<{ xacts: number; updates: number }>(
    `select (select xact_commit + xact_rollback from pg_stat_database where datname = current_database())::int as xacts,
            (select n_tup_upd from pg_stat_user_tables where relname = 'live_code_groups')::int as updates`))[0]!;
  const warm = warmup > 0 ? await openLoop(servers.map((s) => (i: number) => routeUrl(s)(2_000_000_000 + i)), rate, warmup) : null;
  if (warm) console.log(`warm-up:   ${fmt(warm.done)} answered in ${warmup} s (not counted): server routing p50 ${pct(warm.server, 50).toFixed(2)} ms, p99 ${pct(warm.server, 99).toFixed(2)} ms`);
  const stats0 = await dbStats();
  const cpu0 = await cpuNow();
  const gen0 = process.cpuUsage();
  const load = await openLoop(servers.map(routeUrl), rate, seconds);
  const gen = process.cpuUsage(gen0);
  const cpu = await cpuSince(cpu0, load.done);
  const generatorMsPerReq = load.done ? +((gen.user + gen.system) / 1000 / load.done).toFixed(3) : 0;
  await new Promise((r) => setTimeout(r, 1500)); // (backends flush their statistics about once a second)
  const stats1 = await dbStats();
  const achieved = load.done / load.elapsed;
  console.log(`routing:   sent ${fmt(load.sent)}, answered ${fmt(load.done)} in ${load.elapsed.toFixed(1)} s = ${fmt(achieved)} req/s (target ${fmt(rate)}), errors ${load.errors}, not sent (generator saturated) ${load.skipped}`);
  console.log(`           answers ${JSON.stringify(load.kinds)}; CPU per request: servers ${cpu.serversMsPerReq.toFixed(3)} ms, Postgres ${cpu.postgresMsPerReq.toFixed(3)} ms, this generator ${generatorMsPerReq.toFixed(3)} ms; load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`           Postgres: ${fmt(stats1.xacts - stats0.xacts)} transactions, ${fmt(stats1.updates - stats0.updates)} pool-row updates (locks on a pool row) for ${fmt(load.done)} requests`);
  console.log(`           client latency p50 ${pct(load.client, 50).toFixed(1)} ms, p95 ${pct(load.client, 95).toFixed(1)} ms, p99 ${pct(load.client, 99).toFixed(1)} ms; server routing p50 ${pct(load.server, 50).toFixed(2)} ms, p95 ${pct(load.server, 95).toFixed(2)} ms, p99 ${pct(load.server, 99).toFixed(2)} ms`);

  // The same routing at a rate this machine sustains: what a request costs without a queue in front.
  const probe = await openLoop(servers.map((s) => (i: number) => routeUrl(s)(1_000_000_000 + i)), probeRate, 10);
  console.log(`probe:     ${fmt(probe.done / probe.elapsed)} req/s for 10 s: client p99 ${pct(probe.client, 99).toFixed(1)} ms, server routing p50 ${pct(probe.server, 50).toFixed(2)} ms, p99 ${pct(probe.server, 99).toFixed(2)} ms`);

  const cpuB0 = await cpuNow();
  const baseline = await openLoop(servers.map((s) => () => `${s.url}/api/public/codes/${code.slug}`), rate, Math.min(5, seconds));
  const cpuB = await cpuSince(cpuB0, baseline.done);
  console.log(`baseline:  read-only code endpoint ${fmt(baseline.done / baseline.elapsed)} req/s, client p99 ${pct(baseline.client, 99).toFixed(1)} ms; CPU per request: servers ${cpuB.serversMsPerReq.toFixed(3)} ms, Postgres ${cpuB.postgresMsPerReq.toFixed(3)} ms`);

  // Every seated newcomer joins through the group's link; 5% of the joins are delivered twice.
  const seated = await t.db.query<{ id: number; pid: string }>(
    `select r.id, g.platform_group_id as pid from code_reservations r join groups g on g.workspace_id = r.workspace_id and g.id = r.group_id
     where r.workspace_id = $1 and r.code_id = $2 order by r.id`, [scope.workspaceId, code.id]);
  const joinedAt = new Date().toISOString();
  const skipJoins = process.argv.includes('--skip-joins');
  const events = skipJoins ? [] : seated.flatMap((r, i) => {
    const join = { type: 'join', eventId: `j${r.id}`, occurredAt: joinedAt, groupId: r.pid, userId: `u${r.id}`, name: `新人${r.id}`, via: { inviteCode: `link-${r.pid}` } };
    return i % 20 === 0 ? [join, { ...join, eventId: `j${r.id}-again` }] : [join];
  });
  const joinStart = performance.now();
  for (let i = 0; i < events.length; i += 2000) await ingestBatch(t.db, scope, events.slice(i, i + 2000));
  while (await reactPending(t.db, scope.workspaceId, [acquisitionReactor]) > 0) { /* until the reactor has seen everything */ }
  // The servers' reactor loops may hold the cursor (one process works it at a time): wait until it reaches the log's end (5 min at most).
  for (let i = 0; i < 3000; i++) {
    const [c] = await t.db.query<{ behind: boolean }>(`select (select seq from reactor_cursors where workspace_id = $1 and reactor = 'acquisition') < (select projected_seq from workspaces where id = $1) as behind`, [scope.workspaceId]);
    if (!c?.behind) break;
    await new Promise((r) => setTimeout(r, 100));
    await reactPending(t.db, scope.workspaceId, [acquisitionReactor]);
  }
  const joinS = (performance.now() - joinStart) / 1000;

  const [check] = await t.db.query<{ over_reserved: number; over_load: number; over_members: number; attributions: number; members: number; reservations_used: number; reservations_distinct: number; joined: number }>(
    `select
       (select count(*)::int from live_code_groups p where p.workspace_id = $1 and p.code_id = $2 and
          (select count(*) from code_reservations r where r.workspace_id = p.workspace_id and r.code_id = p.code_id and r.group_id = p.group_id) > p.cap) as over_reserved,
       (select count(*)::int from live_code_groups p where p.workspace_id = $1 and p.code_id = $2 and p.load > p.cap) as over_load,
       (select count(*)::int from live_code_groups p join groups g on g.workspace_id = p.workspace_id and g.id = p.group_id where p.workspace_id = $1 and p.code_id = $2 and g.member_count > p.cap) as over_members,
       (select count(*)::int from code_attributions where workspace_id = $1 and code_id = $2) as attributions,
       (select count(distinct (group_id, member_id))::int from code_attributions where workspace_id = $1 and code_id = $2) as members,
       (select count(reservation_id)::int from code_attributions where workspace_id = $1 and code_id = $2) as reservations_used,
       (select count(distinct reservation_id)::int from code_attributions where workspace_id = $1 and code_id = $2) as reservations_distinct,
       (select count(*)::int from code_reservations where workspace_id = $1 and code_id = $2 and state = 'joined') as joined`, [scope.workspaceId, code.id]);
  const c = check!;
  const groupsAboveCap = Math.max(c.over_reserved, c.over_load, c.over_members);
  const doubleAttributions = (c.attributions - c.members) + (c.reservations_used - c.reservations_distinct);
  console.log(`joins:     ${fmt(events.length)} join events (${fmt(events.length - seated.length)} delivered twice) ingested and attributed in ${joinS.toFixed(1)} s`);
  console.log(`checks:    groups above cap ${groupsAboveCap} (reservations ${c.over_reserved}, load ${c.over_load}, members ${c.over_members}); attributions ${fmt(c.attributions)} for ${fmt(seated.length)} seated; double attributions ${doubleAttributions}`);
  const routingP99 = pct(load.server, 99);
  const ratio = routingP99 > 0 ? pct(load.client, 99) / Math.max(0.001, pct(baseline.client, 99)) : 0;
  console.log(`ratio:     client p99 routing / read-only = ${ratio.toFixed(2)}; server routing p99 ${routingP99.toFixed(2)} ms (goal ≤ 20 ms)`);
  console.log(JSON.stringify({
    bench: 'joins', processes, groups, cap, rule, targetRate: rate, seconds, warmupSeconds: warmup, warmupRoutingP99Ms: warm ? +pct(warm.server, 99).toFixed(2) : null, sent: load.sent, answered: load.done, achievedRate: Math.round(achieved),
    errors: load.errors, notSent: load.skipped, seated: load.kinds.group ?? 0, full: load.kinds.full ?? 0,
    clientP50Ms: +pct(load.client, 50).toFixed(2), clientP95Ms: +pct(load.client, 95).toFixed(2), clientP99Ms: +pct(load.client, 99).toFixed(2), routingP50Ms: +pct(load.server, 50).toFixed(2), routingP95Ms: +pct(load.server, 95).toFixed(2), routingP99Ms: +routingP99.toFixed(2),
    baselineReadP99Ms: +pct(baseline.client, 99).toFixed(2), ratioP99: +ratio.toFixed(2),
    serverCpuMsPerRoute: cpu.serversMsPerReq, postgresCpuMsPerRoute: cpu.postgresMsPerReq, generatorCpuMsPerRoute: generatorMsPerReq, serverCpuMsPerRead: cpuB.serversMsPerReq, postgresCpuMsPerRead: cpuB.postgresMsPerReq,
    probeRate, probeRoutingP50Ms: +pct(probe.server, 50).toFixed(2), probeRoutingP99Ms: +pct(probe.server, 99).toFixed(2), probeClientP99Ms: +pct(probe.client, 99).toFixed(2),
    loadAverage: loadavg().map((x) => +x.toFixed(2)), joinEvents: events.length, attributions: c.attributions, groupsAboveCap, doubleAttributions,
    pass: groupsAboveCap === 0 && doubleAttributions === 0 && c.attributions === seated.length && routingP99 <= 20,
  }));
} finally {
  for (const s of servers) await s.stop();
  await t.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
