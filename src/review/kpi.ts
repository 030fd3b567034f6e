/**
 * Operator KPIs tied to outcomes (复盘: compare groups and reward the best operators; issue #17
 * item 5), as plain functions over plain figures. Each group in a period has:
 * - retention: of the members who joined in the period and can be measured (joined 14+ days ago),
 *   the share who wrote again in their days 7–13 (W1, as in the cohorts and funnels);
 * - response rate: of the pushes and activities posted, the share that got a response within the
 *   window (src/review/engagement.ts: bots and red-packet hunters left out);
 * - conversion: members who bought (orders matched and attributed to the group: src/orders) ÷ members;
 * - task completion: of what the operator had to get done, the share done: the group's pushes in
 *   the period that went out (a WeCom push waits for a staff member to confirm it in the client;
 *   a failed one did not go out), and the operator's own calendar entries that were due (done ÷ due,
 *   cancelled ones left out). Activities run and revenue are shown beside, not scored.
 * An operator's figures add up their groups' (each rate: sum of numerators ÷ sum of denominators).
 * The leaderboard's score is the mean of an operator's percentile ranks among the operators on the
 * four rates (0–100; a rate with nothing to measure is left out of the mean), so that a small
 * conversion rate weighs as much as a large response rate.
 */

export interface GroupFigures {
  groupId: number; name: string; operatorId: number | null; members: number;
  newcomers: number; w1Eligible: number; w1Retained: number;
  posts: number; answered: number;
  buyers: number; orders: number; revenueCents: number;
  pushes: number; pushesSent: number; activities: number;
}

export interface Rate { done: number; of: number; rate: number | null }

export interface GroupKpi extends GroupFigures {
  retention: number | null; responseRate: number | null; conversion: number | null; taskCompletion: number | null;
}

export interface OperatorFigures { userId: number; name: string; calendarDue: number; calendarDone: number }

export interface OperatorKpi {
  userId: number; name: string; groups: number; members: number; newcomers: number;
  retention: Rate; responseRate: Rate; conversion: Rate; taskCompletion: Rate;
  orders: number; revenueCents: number; activities: number; calendarDue: number; calendarDone: number;
  score: number | null; rank: number | null;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
export const rate = (done: number, of: number): Rate => ({ done, of, rate: of > 0 ? round(done / of) : null });

export function groupKpi(g: GroupFigures): GroupKpi {
  return {
    ...g,
    retention: rate(g.w1Retained, g.w1Eligible).rate,
    responseRate: rate(g.answered, g.posts).rate,
    conversion: rate(g.buyers, g.members).rate,
    taskCompletion: rate(g.pushesSent, g.pushes).rate,
  };
}

/** Percentile rank of each value among the non-null ones (0 lowest, 1 highest; ties share); null stays null. */
export function percentileRanks(values: ReadonlyArray<number | null>): Array<number | null> {
  const known = values.filter((v): v is number => v !== null);
  return values.map((v) => {
    if (v === null) return null;
    if (known.length === 1) return 1;
    const below = known.filter((x) => x < v).length, equal = known.filter((x) => x === v).length;
    return (below + (equal - 1) / 2) / (known.length - 1);
  });
}

/** One row per operator with groups, ranked by score (then revenue, then name). */
export function operatorKpis(groups: readonly GroupFigures[], operators: readonly OperatorFigures[]): OperatorKpi[] {
  const rows = operators.map((op): OperatorKpi => {
    const mine = groups.filter((g) => g.operatorId === op.userId);
    const sum = (f: (g: GroupFigures) => number) => mine.reduce((s, g) => s + f(g), 0);
    return {
      userId: op.userId, name: op.name, groups: mine.length, members: sum((g) => g.members), newcomers: sum((g) => g.newcomers),
      retention: rate(sum((g) => g.w1Retained), sum((g) => g.w1Eligible)),
      responseRate: rate(sum((g) => g.answered), sum((g) => g.posts)),
      conversion: rate(sum((g) => g.buyers), sum((g) => g.members)),
      taskCompletion: rate(sum((g) => g.pushesSent) + op.calendarDone, sum((g) => g.pushes) + op.calendarDue),
      orders: sum((g) => g.orders), revenueCents: sum((g) => g.revenueCents), activities: sum((g) => g.activities),
      calendarDue: op.calendarDue, calendarDone: op.calendarDone, score: null, rank: null,
    };
  }).filter((r) => r.groups > 0);
  const keys = ['retention', 'responseRate', 'conversion', 'taskCompletion'] as const;
  const ranks = keys.map((k) => percentileRanks(rows.map((r) => r[k].rate)));
  rows.forEach((r, i) => {
    const mine = ranks.map((col) => col[i]!).filter((x): x is number => x !== null);
    r.score = mine.length ? Math.round((mine.reduce((s, x) => s + x, 0) / mine.length) * 100) : null;
  });
  rows.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || b.revenueCents - a.revenueCents || a.name.localeCompare(b.name) || a.userId - b.userId);
  let rank = 0;
  rows.forEach((r, i) => {
    if (r.score === null) return;
    rank = i > 0 && rows[i - 1]!.score === r.score && rows[i - 1]!.revenueCents === r.revenueCents ? rank : i + 1;
    r.rank = rank;
  });
  return rows;
}
