/**
 * Verifiable draws (lotteries and red-packet style draws) by commit and reveal. Before entries
 * close, Qunyun picks a random seed and posts its SHA-256 (the commitment) to the group; after
 * they close it reveals the seed, and the winners follow from the seed and the sorted entries
 * alone, so anyone holding the export can re-run the draw (`qunyun draw verify`) and must get the
 * same winners — and no one, Qunyun included, can change the seed once its hash is public.
 *
 * Randomness: a stream of SHA-256(seed ":" counter) blocks, read 4 bytes at a time, with
 * rejection sampling so every index is equally likely; a Fisher–Yates shuffle over the sorted
 * entry keys takes the first `winners` places. Red-packet amounts are cut from the same stream.
 *
 * Eligibility is decided before the draw from plain facts: active in the last N days, not banned,
 * one entry per person (entries are keyed by member), and "red-packet hunters" — members whose
 * only messages in the window are draw entries or red-packet claims — left out when the rule says so.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

/** The commitment posted before the draw: SHA-256 of the seed's hex text. */
export function commitmentOf(seed: string): string {
  return createHash('sha256').update(seed, 'utf8').digest('hex');
}

/** An endless deterministic stream of unsigned 32-bit numbers from a seed. */
export class SeedStream {
  private counter = 0;
  private block: Buffer = Buffer.alloc(0);
  private offset = 0;
  private readonly seed: string;
  private readonly label: string;
  constructor(seed: string, label = 'draw') {
    this.seed = seed;
    this.label = label;
  }
  private nextUint32(): number {
    if (this.offset + 4 > this.block.length) {
      this.block = createHash('sha256').update(`${this.seed}:${this.label}:${this.counter++}`, 'utf8').digest();
      this.offset = 0;
    }
    const v = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  /** A uniform integer in [0, n). */
  below(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new Error(`below(n) needs 1 ≤ n ≤ 2^32, got ${n}`);
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const v = this.nextUint32();
      if (v < limit) return v % n;
    }
  }
}

/** Sorted unique entry keys: the order every verifier uses. */
export function canonicalEntries(entries: readonly string[]): string[] {
  return [...new Set(entries)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The winners (in place order) drawn from the seed and the entries. */
export function drawWinners(seed: string, entries: readonly string[], winners: number): string[] {
  const pool = canonicalEntries(entries);
  const stream = new SeedStream(seed);
  const take = Math.min(winners, pool.length);
  for (let i = 0; i < take; i++) {
    const j = i + stream.below(pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, take);
}

/**
 * Red-packet amounts (in cents) for the winners, in the winners' order: the total cut at
 * winners-1 random points, each share at least one cent. The largest share is 手气最佳.
 */
export function redPacketShares(seed: string, winnerCount: number, totalCents: number): number[] {
  if (winnerCount <= 0) return [];
  if (totalCents < winnerCount) throw new Error(`a red packet of ${totalCents} cents cannot give ${winnerCount} winners a cent each`);
  const stream = new SeedStream(seed, 'red-packet');
  const cuts = new Set<number>();
  while (cuts.size < winnerCount - 1) cuts.add(1 + stream.below(totalCents - 1));
  const points = [0, ...[...cuts].sort((a, b) => a - b), totalCents];
  return points.slice(1).map((p, i) => p - points[i]!);
}

export interface EligibilityRules {
  /** Only members with a message in the last N days before the draw opened (0 = anyone). */
  activeWithinDays: number;
  excludeBanned: boolean;
  /** Leave out members whose only messages in the window were draw entries or red-packet claims. */
  excludeHunters: boolean;
  /** A member needs at least this many other messages in the window not to count as a hunter. */
  hunterMinOtherMessages: number;
}

export const DEFAULT_ELIGIBILITY: EligibilityRules = { activeWithinDays: 30, excludeBanned: true, excludeHunters: true, hunterMinOtherMessages: 1 };

export interface Candidate {
  memberId: number;
  /** Days since the member's last message before the draw opened (null = never wrote). */
  daysSinceActive: number | null;
  banned: boolean;
  /** Messages in the window that were not draw entries or red-packet claims. */
  otherMessages: number;
}

export type Exclusion = 'inactive' | 'banned' | 'red_packet_hunter';

/** Splits candidates into eligible members and excluded ones with their reason. One entry per member. */
export function checkEligibility(candidates: readonly Candidate[], rules: EligibilityRules): { eligible: number[]; excluded: { memberId: number; reason: Exclusion }[] } {
  const eligible: number[] = [];
  const excluded: { memberId: number; reason: Exclusion }[] = [];
  const seen = new Set<number>();
  for (const c of candidates) {
    if (seen.has(c.memberId)) continue;
    seen.add(c.memberId);
    if (rules.excludeBanned && c.banned) excluded.push({ memberId: c.memberId, reason: 'banned' });
    else if (rules.activeWithinDays > 0 && (c.daysSinceActive === null || c.daysSinceActive > rules.activeWithinDays)) excluded.push({ memberId: c.memberId, reason: 'inactive' });
    else if (rules.excludeHunters && c.otherMessages < rules.hunterMinOtherMessages) excluded.push({ memberId: c.memberId, reason: 'red_packet_hunter' });
    else eligible.push(c.memberId);
  }
  return { eligible, excluded };
}

/** The entry key of a member (what is sorted and drawn). */
export const entryKey = (memberId: number): string => `member:${memberId}`;

/** A draw as exported for verification (`qunyun draw verify --file`). */
export const DrawRecord = z.object({
  drawId: z.number().int().optional(),
  commitment: z.string().regex(/^[0-9a-f]{64}$/, 'commitment is 64 hex characters (SHA-256)'),
  seed: z.string().min(1).describe('revealed seed'),
  entries: z.array(z.string().min(1)).describe('eligible entry keys'),
  winnersWanted: z.number().int().min(1),
  winners: z.array(z.string()),
  totalCents: z.number().int().min(0).optional(),
  shares: z.array(z.number().int()).optional(),
}).strict();
export type DrawRecord = z.infer<typeof DrawRecord>;

export interface Verification { ok: boolean; problems: string[]; recomputedWinners: string[]; recomputedShares?: number[] }

/** Re-runs a draw from its revealed seed and entries and compares with what was announced. */
export function verifyDraw(record: DrawRecord): Verification {
  const problems: string[] = [];
  if (commitmentOf(record.seed) !== record.commitment) problems.push('the seed does not hash to the commitment posted before the draw');
  const recomputedWinners = drawWinners(record.seed, record.entries, record.winnersWanted);
  if (JSON.stringify(recomputedWinners) !== JSON.stringify(record.winners)) problems.push(`winners differ: announced ${record.winners.join(', ')}; recomputed ${recomputedWinners.join(', ')}`);
  let recomputedShares: number[] | undefined;
  if (record.totalCents !== undefined && record.totalCents > 0) {
    recomputedShares = redPacketShares(record.seed, recomputedWinners.length, record.totalCents);
    if (record.shares && JSON.stringify(record.shares) !== JSON.stringify(recomputedShares)) problems.push('red-packet shares differ');
  }
  return { ok: problems.length === 0, problems, recomputedWinners, ...(recomputedShares ? { recomputedShares } : {}) };
}
