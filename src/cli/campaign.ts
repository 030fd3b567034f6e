/**
 * `qunyun campaign simulate`: plays a simulated referral campaign (src/simulator/referrals.ts)
 * end to end into the configured database — a workspace, a live code, a campaign, participants,
 * friends who visit links, join, speak and leave, fraudsters among them — and prints its funnel,
 * rewards and the fraud flags' precision and recall against the simulator's ground truth. The
 * campaign stays in the database: the console shows its funnel, leaderboard and fraud review.
 */
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { parseFlags, UsageError, type Command } from './args.ts';

const int = (name: string, min: number, max: number) => z.coerce.number({ error: `--${name} is a number` }).int().min(min).max(max);

const Flags = z.object({
  workspace: z.string().regex(/^[a-z0-9-]{2,40}$/, '--workspace is a slug (a-z, 0-9, -)').default('campaign-sim'),
  kind: z.enum(['invite', 'help', 'team', 'cut', 'coupon', 'rank']).default('invite'),
  goal: int('goal', 1, 1000).default(3),
  stock: int('stock', 0, 10_000_000).default(500),
  participants: int('participants', 1, 100_000).default(150),
  selfInviters: int('self-inviters', 0, 10_000).default(10),
  ringMembers: int('ring-members', 0, 10_000).default(12),
  farmers: int('farmers', 0, 10_000).default(4),
  seed: int('seed', 0, 2 ** 31 - 1).default(7),
  json: z.boolean().default(false),
}).strict();

const help = `Usage: qunyun campaign simulate [--workspace campaign-sim] [--kind invite|help|team|cut|coupon|rank]
         [--goal 3] [--stock 500] [--participants 150] [--self-inviters 10] [--ring-members 12]
         [--farmers 4] [--seed 7] [--json]

Runs a simulated referral campaign end to end into the configured database (DATABASE_URL or the
data folder) and prints its funnel (visits → joins → credited → rewarded), rewards, and the
precision and recall of the fraud flags against the simulator's ground truth.`;

export const campaignCommand: Command = {
  name: 'campaign',
  help,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') { console.log(this.help); return sub === undefined ? 2 : 0; }
    if (sub !== 'simulate') throw new UsageError(`campaign: unknown subcommand ${JSON.stringify(sub)} (try: simulate)`);
    const s = { type: 'string' } as const;
    const parsed = parseFlags('campaign simulate', rest, {
      workspace: s, kind: s, goal: s, stock: s, participants: s, selfInviters: s, ringMembers: s, farmers: s, seed: s, json: { type: 'boolean' },
    }, Flags);
    if (parsed === 'help') { console.log(this.help); return 0; }
    const f = parsed.flags;
    const config = loadConfig();
    const { openConfiguredDatabase } = await import('../db/database.ts');
    const { migrate } = await import('../db/migrate.ts');
    const { planReferrals } = await import('../simulator/referrals.ts');
    const { simulateCampaign } = await import('../campaigns/simulate.ts');
    const { CampaignSettings } = await import('../campaigns/types.ts');
    const db = await openConfiguredDatabase(config);
    try {
      await migrate(db);
      const plan = planReferrals({ participants: f.participants, selfInviters: f.selfInviters, ringMembers: f.ringMembers, farmers: f.farmers, seed: f.seed });
      const settings = CampaignSettings.parse({
        kind: f.kind, goal: f.goal, friendReward: f.kind === 'invite' ? '新人红包 5 元' : undefined,
        tiers: f.kind === 'rank' ? [{ at: 1, reward: '冠军大礼包' }, { at: 10, reward: '前十名纪念品' }]
          : f.kind === 'coupon' ? [{ at: 1, reward: '10 元券' }] : [{ at: f.goal, reward: '课程一节' }],
        ...(f.kind === 'team' ? { teamHours: 48 } : {}), ...(f.kind === 'cut' ? { priceCents: 9900, floorCents: 100 } : {}),
      });
      const slug = `${f.workspace}`;
      const r = await simulateCampaign(db, plan, { slug, settings, stock: f.stock });
      if (f.json) { console.log(JSON.stringify({ campaignId: r.campaign.id, slug: r.campaign.slug, funnel: r.funnel, rewards: r.rewards, stockLeft: r.stockLeft, statuses: r.statuses, fraud: r.fraud })); return 0; }
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      console.log(`campaign ${r.campaign.id} "${r.campaign.name}" (${f.kind}) in workspace ${slug}: page /k/${r.campaign.slug}`);
      console.log(`funnel    visits ${r.funnel.visits} → joins ${r.funnel.joins} → credited ${r.funnel.credited} → rewarded participants ${r.funnel.rewarded}`);
      console.log(`referrals ${Object.entries(r.statuses).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      console.log(`rewards   ${Object.entries(r.rewards).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}; stock left ${r.stockLeft}`);
      console.log(`fraud     precision ${pct(r.fraud.precision)}, recall ${pct(r.fraud.recall)} (tp ${r.fraud.truePositives}, fp ${r.fraud.falsePositives}, fn ${r.fraud.falseNegatives})`);
      for (const [k, v] of Object.entries(r.fraud.byKind)) console.log(`          ${k}: ${v.caught} of ${v.of} flagged`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
