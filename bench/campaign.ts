/**
 * bench:campaign — referral completions at scale: a simulated campaign's referrals
 * (src/simulator/referrals.ts, with fraudsters and their ground truth) are each completed —
 * assessed by the anti-fraud rules and the inviter's rewards settled (src/campaigns/store.ts
 * reassess, what the reactor and the upkeep run) — with 5% of completions delivered again later
 * and 10% delivered twice at the same moment, by several workers at once. Completions come in
 * runs of `--batch` (what one reactor transaction gets from the event log, up to 1,000, or one
 * upkeep chunk of 500; `--batch=1` is one completion per transaction): a concurrent duplicate is
 * the same completion in a second run going at the same moment, a later duplicate is in a later
 * run. Checks: rewards (issued + held for review) = eligible completions exactly (a coupon per
 * credited or held friend), every reward key once, stock never below zero; then a scarce campaign
 * (stock far below the completions, every run delivered twice at once): rewards = stock exactly,
 * stock 0. Prints the fraud flags' precision and recall against the ground truth (and which
 * honest friends were flagged, by verdict and rule), the throughput, and its ratio to a baseline
 * measured in the same run (empty transactions through the same pool and workers).
 *
 * Sizes: 100,000 completions on Postgres by default. PGlite (`--engine=pglite`, the embedded
 * install: one connection, transactions one at a time) defaults to 10,000 completions.
 *
 * Where the time went (issue #15, `--profile`): at one completion per transaction, 8 workers wait
 * mostly on each other — for the participant's row (a farm's burst of friends, concurrent twins)
 * and for the campaign's row, which every reward's stock update locks until commit — so a
 * completion cost 12-24 empty transactions. Runs of completions pay those waits once per run, and
 * reassess is set-based, so a run costs about a dozen statements whatever its size.
 *
 *   node bench/campaign.ts [--engine=postgres|pglite] [--completions=100000] [--batch=200] [--workers=8] [--scarce=3000] [--scarce-stock=500] [--profile]
 */
import { createTestDatabase, type Engine } from '../src/db/test-databases.ts';
import type { Database, Queryable } from '../src/db/database.ts';
import { createCode } from '../src/acquisition/codes.ts';
import { ensureWorkspace } from '../src/workspaces/workspaces.ts';
import { isFlagged, scoreFlags, type ReferralStatus } from '../src/campaigns/fraud.ts';
import { createCampaign, reassess } from '../src/campaigns/store.ts';
import { CampaignSettings } from '../src/campaigns/types.ts';
import { planReferrals } from '../src/simulator/referrals.ts';
import { Rng } from '../src/simulator/rng.ts';
import { fmt, numberArg } from './support.ts';
import { loadavg } from 'node:os';

const ENGINE: Engine = process.argv.includes('--engine=pglite') ? 'pglite' : 'postgres';
const N = numberArg('completions', ENGINE === 'pglite' ? 10_000 : 100_000);
const BATCH = numberArg('batch', 200);
const PROFILE = process.argv.includes('--profile');
const WORKERS = numberArg('workers', 8);
const SCARCE = numberArg('scarce', 3000);
const SCARCE_STOCK = numberArg('scarce-stock', 500);
const HOUR = 3600_000;

/** Runs tasks with `workers` at a time; each task is one run of completions, or two runs at the same moment. */
async function run(tasks: number[][][], work: (ids: number[]) => Promise<void>): Promise<{ ms: number; retries: number }> {
  let next = 0, retries = 0;
  const once = async (ids: number[]) => {
    for (let attempt = 0; ; attempt++) {
      try { return await work(ids); } catch (err) {
        // A deadlock or serialization failure is retried, as a platform re-delivers.
        const code = (err as { code?: string }).code;
        if (attempt < 5 && (code === '40P01' || code === '40001')) { retries++; continue; }
        throw err;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: WORKERS }, async () => {
    while (next < tasks.length) {
      const t = tasks[next++]!;
      await Promise.all(t.map(once));
    }
  }));
  return { ms: performance.now() - t0, retries };
}

/**
 * The completions in runs of `batch`: 10% of them also in a twin run going at the same moment,
 * 5% again in a run later on.
 */
function deliveries(ids: number[], rng: Rng, batch: number): { tasks: number[][][]; deliveries: number; duplicated: number; concurrent: number } {
  const tasks: number[][][] = [];
  const later: number[] = [];
  let duplicated = 0, concurrent = 0;
  for (let i = 0; i < ids.length; i += batch) {
    const run = ids.slice(i, i + batch);
    const twin: number[] = [];
    for (const id of run) {
      if (rng.chance(0.10)) { twin.push(id); concurrent++; }
      if (rng.chance(0.05)) { later.push(id); duplicated++; }
    }
    tasks.push(twin.length ? [run, twin] : [run]);
  }
  // Re-deliveries come later, among the others, in runs of their own size.
  for (let i = 0; i < later.length; i += batch) {
    const run = later.slice(i, i + batch);
    const first = Math.max(...run.map((id) => Math.ceil(id / batch)));
    tasks.splice(first + rng.int(tasks.length - first + 1), 0, [run]);
  }
  return { tasks, deliveries: ids.length + duplicated + concurrent, duplicated, concurrent };
}

async function main() {
  const t = await createTestDatabase(ENGINE, { persistent: false });
  const db: Database = t.db;
  try {
    // The plan, scaled so that it has N referrals (fraudsters in the default proportions).
    const scale = N / 560;
    const plan = planReferrals({
      participants: Math.ceil(150 * scale), selfInviters: Math.ceil(10 * scale), ringMembers: Math.ceil(12 * scale), farmers: Math.ceil(4 * scale), seed: 42,
    });
    const referrals = plan.referrals.slice(0, N);
    const now = new Date();
    const start = new Date(now.getTime() - (plan.params.days + 5) * 24 * HOUR);
    const at = (h: number | null) => (h === null || start.getTime() + h * HOUR > now.getTime() ? null : new Date(start.getTime() + h * HOUR));
    const w = await ensureWorkspace(db, 'bench-campaign');
    const code = await createCode(db, w.id, { name: 'bench', source: 'campaign' }, null);
    const settings = CampaignSettings.parse({ kind: 'coupon', goal: 1000, tiers: [{ at: 1, reward: '10 元券' }] });
    const campaign = await createCampaign(db, w.id, { name: '压测活动', codeId: code.id, settings, stock: N, startsAt: start }, null);
    // Members: participants 1..P, friends P+1..P+F (ids given, the sequence moved past them).
    const P = plan.participants.length;
    const t1 = performance.now();
    await db.query(`insert into members (workspace_id, id, display_name, first_seen_at) select $1, g, 'm' || g, $2 from generate_series(1, $3::int) g`, [w.id, start, P + referrals.length]);
    await db.query(`select setval(pg_get_serial_sequence('members', 'id'), $1)`, [P + referrals.length + 1]);
    await db.query(
      `insert into campaign_participants (workspace_id, id, campaign_id, member_id, name, token, device_hash, started_at)
       select $1, g, $2, g, 'p' || g, 't' || g, d, $3 from unnest($4::text[]) with ordinality as u(d, g)`,
      [w.id, campaign.id, start, plan.participants.map((p) => p.device)]);
    await db.query(`select setval(pg_get_serial_sequence('campaign_participants', 'id'), $1)`, [P + 1]);
    const cols = { pid: [] as number[], inv: [] as number[], join: [] as Date[], spoke: [] as (Date | null)[], left: [] as (Date | null)[], ip: [] as string[], dev: [] as string[] };
    referrals.forEach((r, i) => {
      cols.pid.push(r.participant + 1); cols.inv.push(P + i + 1); cols.join.push(at(r.joinAt)!); cols.spoke.push(at(r.speakAt)); cols.left.push(at(r.leaveAt)); cols.ip.push(r.ip); cols.dev.push(r.device);
    });
    for (let i = 0; i < referrals.length; i += 20_000) {
      const s = (xs: unknown[]) => xs.slice(i, i + 20_000);
      await db.query(
        `insert into campaign_referrals (workspace_id, id, campaign_id, participant_id, inviter_member_id, invitee_member_id, group_id, joined_at, spoke_at, left_at, ip_hash, device_hash)
         select $1, $2::int + o, $3, pid, pid, inv, 1, j, sp, lf, ip, dev
         from unnest($4::bigint[], $5::bigint[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::text[], $10::text[]) with ordinality as u(pid, inv, j, sp, lf, ip, dev, o)`,
        [w.id, i, campaign.id, s(cols.pid), s(cols.inv), s(cols.join), s(cols.spoke), s(cols.left), s(cols.ip), s(cols.dev)]);
    }
    await db.query(`select setval(pg_get_serial_sequence('campaign_referrals', 'id'), $1)`, [referrals.length + 1]);
    await db.query('analyze');
    const setupMs = performance.now() - t1;

    // Baseline: empty transactions through the same pool and workers.
    const baseIds = Array.from({ length: 5000 }, (_, i) => i);
    const base = await run(baseIds.map((i) => [[i]]), async () => { await db.transaction(async (tx) => { await tx.query('select 1'); }); });
    const basePerSec = baseIds.length / (base.ms / 1000);

    const rng = new Rng(7);
    const ids = referrals.map((_, i) => i + 1);
    const d = deliveries(ids, rng, BATCH);
    const deliveriesCount = d.deliveries;
    const cpu0 = process.cpuUsage();
    const prof = new Map<string, { n: number; ms: number }>();
    const wrap = (tx: Queryable): Queryable => ({ query: async (text: string, params?: unknown[]) => {
      const t0 = performance.now();
      try { return await tx.query(text, params); } finally { const k = text.replace(/\s+/g, ' ').slice(0, 90); const e = prof.get(k) ?? { n: 0, ms: 0 }; e.n++; e.ms += performance.now() - t0; prof.set(k, e); }
    } } as Queryable);
    const done = await run(d.tasks, async (run) => { await db.transaction((tx) => reassess(PROFILE ? wrap(tx) : tx, w.id, run, now)); });
    // --profile: where the time goes, by statement (wall time, lock waits included).
    if (PROFILE) for (const [k, v] of [...prof].sort((a, b) => b[1].ms - a[1].ms)) console.log(`${v.ms.toFixed(0).padStart(8)} ms ${String(v.n).padStart(6)}× ${k}`);
    const cpu = process.cpuUsage(cpu0);
    const perSec = referrals.length / (done.ms / 1000);
    const deliveriesPerSec = deliveriesCount / (done.ms / 1000);
    const transactions = d.tasks.reduce((a, x) => a + x.length, 0);

    const statuses = await db.query<{ id: number; status: ReferralStatus; reasons: { rule: string }[] }>('select id, status, reasons from campaign_referrals where workspace_id = $1 and campaign_id = $2', [w.id, campaign.id]);
    const byStatus: Record<string, number> = {};
    for (const s of statuses) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
    const eligible = (byStatus.credited ?? 0) + (byStatus.held ?? 0);
    const rw = (await db.query<{ status: string; n: number; keys: number }>(
      `select status, count(*)::int as n, count(distinct (member_id, key))::int as keys from campaign_rewards where workspace_id = $1 and campaign_id = $2 group by status`, [w.id, campaign.id]));
    const rewards: Record<string, number> = Object.fromEntries(rw.map((r) => [r.status, r.n]));
    const distinctKeys = (await db.query<{ n: number }>('select count(distinct (member_id, key))::int as n from campaign_rewards where workspace_id = $1 and campaign_id = $2', [w.id, campaign.id]))[0]!.n;
    const given = (rewards.issued ?? 0) + (rewards.held ?? 0);
    const stockLeft = (await db.query<{ stock: number }>('select stock from campaigns where workspace_id = $1 and id = $2', [w.id, campaign.id]))[0]!.stock;
    const truth = referrals.map((r) => r.fraud !== null);
    const fpBy: Record<string, number> = {}, fnBy: Record<string, number> = {};
    for (const s of statuses) {
      const r = referrals[Number(s.id) - 1]!;
      const k = `${s.status}:${[...new Set(s.reasons.map((x) => x.rule))].join('+')}`;
      if (isFlagged(s.status) && r.fraud === null) fpBy[k] = (fpBy[k] ?? 0) + 1;
      if (!isFlagged(s.status) && r.fraud !== null) fnBy[r.fraud] = (fnBy[r.fraud] ?? 0) + 1;
    }
    const score = scoreFlags(statuses.map((s) => ({ flagged: isFlagged(s.status), fraud: truth[Number(s.id) - 1]! })));

    // Scarce: a second campaign over the first friends, stock far below, every completion delivered twice at once.
    const scarce = await createCampaign(db, w.id, { name: '限量', codeId: code.id, settings, stock: SCARCE_STOCK, startsAt: start }, null);
    await db.query(
      `insert into campaign_participants (workspace_id, campaign_id, member_id, name, token, device_hash, started_at)
       select workspace_id, $3, member_id, name, 's' || token, device_hash, started_at from campaign_participants where workspace_id = $1 and campaign_id = $2`, [w.id, campaign.id, scarce.id]);
    await db.query(
      `insert into campaign_referrals (workspace_id, campaign_id, participant_id, inviter_member_id, invitee_member_id, group_id, joined_at, spoke_at, left_at, ip_hash, device_hash)
       select r.workspace_id, $3, p2.id, r.inviter_member_id, r.invitee_member_id, 1, r.joined_at, r.joined_at, null, 'ip' || r.id, 'dev' || r.id
       from campaign_referrals r
       join campaign_participants p on p.workspace_id = r.workspace_id and p.id = r.participant_id
       join campaign_participants p2 on p2.workspace_id = r.workspace_id and p2.campaign_id = $3 and p2.member_id = p.member_id
       where r.workspace_id = $1 and r.campaign_id = $2 and r.status = 'credited' order by r.id limit $4`, [w.id, campaign.id, scarce.id, SCARCE]);
    const scarceIds = (await db.query<{ id: number }>('select id from campaign_referrals where workspace_id = $1 and campaign_id = $2', [w.id, scarce.id])).map((r) => Number(r.id));
    const scarceRuns: number[][][] = [];
    for (let i = 0; i < scarceIds.length; i += BATCH) { const r = scarceIds.slice(i, i + BATCH); scarceRuns.push([r, r]); }
    await run(scarceRuns, async (run) => { await db.transaction((tx) => reassess(tx, w.id, run, now)); });
    const sr = await db.query<{ status: string; n: number }>('select status, count(*)::int as n from campaign_rewards where workspace_id = $1 and campaign_id = $2 group by status', [w.id, scarce.id]);
    const scarceRewards: Record<string, number> = Object.fromEntries(sr.map((r) => [r.status, r.n]));
    const scarceStock = (await db.query<{ stock: number }>('select stock from campaigns where workspace_id = $1 and id = $2', [w.id, scarce.id]))[0]!.stock;
    const scarceGiven = (scarceRewards.issued ?? 0) + (scarceRewards.held ?? 0);
    const minStock = Math.min(stockLeft, scarceStock);

    const ok = given === eligible && distinctKeys === rw.reduce((a, r) => a + r.n, 0) && stockLeft === N - given && minStock >= 0
      && scarceGiven === Math.min(SCARCE_STOCK, scarceIds.length) && (scarceIds.length < SCARCE_STOCK || scarceStock === 0);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const load = loadavg().map((x) => x.toFixed(2)).join(' ');
    console.log(`bench:campaign — ${fmt(referrals.length)} referrals of ${fmt(P)} participants (set up in ${fmt(setupMs)} ms), runs of ${BATCH}, ${WORKERS} workers, ${ENGINE === 'pglite' ? 'PGlite (embedded: one connection)' : 'Postgres'}; load ${load}`);
    console.log(`deliveries   ${fmt(deliveriesCount)} (${fmt(d.duplicated)} delivered again later, ${fmt(d.concurrent)} twice at once) in ${fmt(transactions)} transactions, ${fmt(done.retries)} retried after a deadlock`);
    console.log(`time         ${(done.ms / 1000).toFixed(1)} s: ${fmt(perSec)} completions/s, ${fmt(deliveriesPerSec)} deliveries/s; bench process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (baseline empty transactions ${fmt(basePerSec)}/s; a delivery costs ${(basePerSec / deliveriesPerSec).toFixed(2)}× an empty transaction)`);
    console.log(`referrals    ${Object.entries(byStatus).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
    console.log(`rewards      issued ${fmt(rewards.issued ?? 0)} + held ${fmt(rewards.held ?? 0)} = ${fmt(given)}; eligible completions (credited + held) ${fmt(eligible)} → ${given === eligible ? 'exactly once' : 'MISMATCH'}; stock left ${fmt(stockLeft)} of ${fmt(N)}`);
    console.log(`scarce       ${fmt(scarceIds.length)} completions ×2 at once, stock ${SCARCE_STOCK}: rewards ${fmt(scarceGiven)}, out of stock ${fmt(scarceRewards.out_of_stock ?? 0)}, stock left ${scarceStock}`);
    console.log(`fraud flags  precision ${pct(score.precision)}, recall ${pct(score.recall)} (tp ${fmt(score.truePositives)}, fp ${fmt(score.falsePositives)}, fn ${fmt(score.falseNegatives)})`);
    console.log(`  false flags by verdict: ${Object.entries(fpBy).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${fmt(v)}`).join(', ') || 'none'}; missed by kind: ${Object.entries(fnBy).map(([k, v]) => `${k} ${fmt(v)}`).join(', ') || 'none'}`);
    console.log(`checks       ${ok ? 'ok' : 'FAILED'}`);
    console.log(JSON.stringify({
      bench: 'campaign', completions: referrals.length, deliveries: deliveriesCount, duplicated: d.duplicated, concurrentDuplicates: d.concurrent,
      eligible, rewardsIssued: rewards.issued ?? 0, rewardsHeld: rewards.held ?? 0, exactlyOnce: given === eligible, minStock, stockLeft,
      scarce: { completions: scarceIds.length, stock: SCARCE_STOCK, rewards: scarceGiven, stockLeft: scarceStock },
      precision: Number(score.precision.toFixed(4)), recall: Number(score.recall.toFixed(4)),
      engine: ENGINE, batch: BATCH, workers: WORKERS, seconds: Number((done.ms / 1000).toFixed(1)), completionsPerSec: Math.round(perSec), deliveriesPerSec: Math.round(deliveriesPerSec),
      baselinePerSec: Math.round(basePerSec), ratio: Number((basePerSec / deliveriesPerSec).toFixed(2)), retries: done.retries, falseFlags: fpBy, load: loadavg().map((x) => Number(x.toFixed(2))), ok,
    }));
    if (!ok) process.exitCode = 1;
  } finally {
    await t.drop();
  }
}

await main();
