/**
 * bench:health — the dead-group early warning (src/review/health.ts) on simulated groups whose
 * fate is known: the simulator decides at a group's creation whether it falls silent in its first
 * month (unoperatedSilent30dShare / operatedSilent30dShare, KOL groups less often; seed members
 * of operated groups keep them going), and that decision is the ground truth. Each group's first
 * 7 days (calendar days in the community's zone, as group_daily holds them) give the signals; the
 * model scores them; the bench prints the AUC (target ≥ 0.80), precision and recall at the alert
 * threshold, and, as the baseline measured in the same run, the AUC of the plainest signal
 * (first-week message count). The model's coefficients were fitted on seed 101, 300 groups (`--fit` refits
 * and prints them); the default seeds here are others.
 *
 *   npm run bench:health [-- --groups=400 --seeds=1,2,3] [-- --fit --seeds=101]
 */
import { Community, type SimAction } from '../src/simulator/community.ts';
import { auc, deadGroupRisk, firstWeekSignals, warningFeatures, WARNING_MODEL, type FirstWeekDay, type FirstWeekSignals, type WarningFeature } from '../src/review/health.ts';
import { numberArg } from './support.ts';

const groups = numberArg('groups', 400);
const seedsArg = process.argv.find((a) => a.startsWith('--seeds='));
const seeds = (seedsArg ? seedsArg.slice(8) : '1,2,3').split(',').map(Number);
const fit = process.argv.includes('--fit');
const DAY = 86_400_000, HOUR = 3_600_000;
const OFFSET = 8 * HOUR; // the simulator's community time (utcOffsetHours 8)
const localDay = (t: number) => Math.floor((t + OFFSET) / DAY);

interface Sample { signals: FirstWeekSignals; dies: boolean; operated: boolean }

function simulate(seed: number): Sample[] {
  const spread = 10, start = Date.parse('2026-03-02T00:00:00+08:00');
  const c = new Community({ seed, groups, start: new Date(start), days: spread });
  const end = start + (spread + 8) * DAY;
  const ids = new Map<string, number>();
  const num = (u: string) => { let n = ids.get(u); if (n === undefined) ids.set(u, n = ids.size + 1); return n; };
  const days = new Map<string, Map<number, { messages: number; joins: number; leaves: number; writers: Set<number> }>>();
  const add = (a: SimAction) => {
    const g = a['groupId'] as string | undefined;
    if (!g) return;
    const d = localDay(Date.parse(a.at));
    let per = days.get(g);
    if (!per) days.set(g, per = new Map());
    let row = per.get(d);
    if (!row) per.set(d, row = { messages: 0, joins: 0, leaves: 0, writers: new Set() });
    if (a.type === 'message') { row.messages++; row.writers.add(num(a['userId'] as string)); }
    else if (a.type === 'join') row.joins++;
    else if (a.type === 'leave' || a.type === 'kick') row.leaves++;
  };
  for (let t = start; t < end; t += HOUR) for (const a of c.advance(t, t + HOUR)) add(a);
  const out: Sample[] = [];
  for (const g of c.groups) {
    const first = localDay(g.createdAt);
    if ((first + 7) * DAY - OFFSET > end) continue; // first week not over by the end of the run
    const per = days.get(g.id);
    const week: FirstWeekDay[] = Array.from({ length: 7 }, (_, i) => {
      const r = per?.get(first + i);
      return r ? { messages: r.messages, joins: r.joins, leaves: r.leaves, writers: [...r.writers] } : { messages: 0, joins: 0, leaves: 0, writers: [] };
    });
    out.push({ signals: firstWeekSignals(week), dies: g.diesAt < g.createdAt + 30 * DAY, operated: g.operated });
  }
  return out;
}

/** Logistic regression by gradient descent (few features, a few thousand rows). */
function fitModel(samples: Sample[]) {
  const keys = Object.keys(WARNING_MODEL.coefficients) as WarningFeature[];
  const X = samples.map((s) => warningFeatures(s.signals));
  const y = samples.map((s) => (s.dies ? 1 : 0));
  let b = 0;
  const w = Object.fromEntries(keys.map((k) => [k, 0])) as Record<WarningFeature, number>;
  for (let it = 0; it < 20000; it++) {
    let gb = 0;
    const gw = Object.fromEntries(keys.map((k) => [k, 0])) as Record<WarningFeature, number>;
    X.forEach((x, i) => {
      let z = b;
      for (const k of keys) z += w[k] * x[k];
      const e = 1 / (1 + Math.exp(-z)) - y[i]!;
      gb += e;
      for (const k of keys) gw[k] += e * x[k];
    });
    b -= (0.3 * gb) / X.length;
    for (const k of keys) w[k] -= (0.3 * gw[k]) / X.length;
  }
  return { intercept: b, coefficients: w };
}

const samples = seeds.flatMap((s) => simulate(s));
if (fit) {
  const m = fitModel(samples);
  console.log('fitted:', JSON.stringify({ intercept: +m.intercept.toFixed(2), coefficients: Object.fromEntries(Object.entries(m.coefficients).map(([k, v]) => [k, +v.toFixed(2)])) }));
}
const risks = samples.map((s) => deadGroupRisk(s.signals));
const dies = samples.map((s) => s.dies);
const modelAuc = auc(risks, dies);
const baselineAuc = auc(samples.map((s) => -s.signals.messages), dies);
const alerts = risks.map((r) => r >= WARNING_MODEL.threshold);
const tp = alerts.filter((a, i) => a && dies[i]).length;
const alerted = alerts.filter(Boolean).length;
const positives = dies.filter(Boolean).length;
const precision = alerted ? tp / alerted : 0;
const recall = positives ? tp / positives : 0;
const operated = samples.filter((s) => s.operated);
const unoperated = samples.filter((s) => !s.operated);
const silentShare = (l: Sample[]) => (l.length ? l.filter((s) => s.dies).length / l.length : 0);
const r3 = (x: number) => Math.round(x * 1000) / 1000;
console.log(`groups with a whole first week: ${samples.length} (seeds ${seeds.join(', ')}; ${operated.length} operated, ${unoperated.length} unoperated)`);
console.log(`silent by day 30 (ground truth): operated ${(silentShare(operated) * 100).toFixed(0)}%, unoperated ${(silentShare(unoperated) * 100).toFixed(0)}%`);
console.log(`AUC from first-week signals: ${r3(modelAuc)} (target ≥ 0.80); baseline (first-week messages alone): ${r3(baselineAuc)}; ratio ${r3(modelAuc / baselineAuc)}`);
console.log(`at the alert threshold ${WARNING_MODEL.threshold}: ${alerted} alerts, precision ${r3(precision)}, recall ${r3(recall)}`);
console.log(JSON.stringify({ bench: 'health', groups: samples.length, seeds, auc: r3(modelAuc), baselineAuc: r3(baselineAuc), threshold: WARNING_MODEL.threshold, alerts: alerted, precision: r3(precision), recall: r3(recall), target: 0.8, pass: modelAuc >= 0.8 }));
