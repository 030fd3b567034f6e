/**
 * Funnels by source and by live code (复盘: new members by source, activation, reach by channel):
 * scanned (routed by a live code: a reservation, src/acquisition) → joined → first message →
 * active at W1 (wrote in days 7–13 after joining) → converted (paid an order matched to them, on
 * or after joining: src/orders). Also the referral coefficient and KOL coverage. Pure functions.
 */

export interface FunnelJoin { key: string; memberId: number; joined: string; inviter: boolean; firstMessage: boolean; activeW1: boolean | null; converted?: boolean }
export interface FunnelRow { key: string; scanned: number | null; joined: number; firstMessage: number; activeW1: number; w1Eligible: number; firstMessageRate: number; w1Rate: number | null; converted: number; convertedRate: number }

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** One row per key (source or code), most joins first; `scanned` by key where known. */
export function funnels(joins: readonly FunnelJoin[], scanned: ReadonlyMap<string, number> = new Map()): FunnelRow[] {
  const by = new Map<string, FunnelJoin[]>();
  for (const j of joins) { const l = by.get(j.key); if (l) l.push(j); else by.set(j.key, [j]); }
  for (const k of scanned.keys()) if (!by.has(k)) by.set(k, []);
  return [...by].map(([key, list]) => {
    const first = list.filter((j) => j.firstMessage).length;
    const eligible = list.filter((j) => j.activeW1 !== null);
    const w1 = eligible.filter((j) => j.activeW1).length;
    const converted = list.filter((j) => j.converted).length;
    return {
      key, scanned: scanned.has(key) ? scanned.get(key)! : null, joined: list.length, firstMessage: first, activeW1: w1, w1Eligible: eligible.length,
      firstMessageRate: list.length ? round(first / list.length) : 0, w1Rate: eligible.length ? round(w1 / eligible.length) : null,
      converted, convertedRate: list.length ? round(converted / list.length) : 0,
    };
  }).sort((a, b) => b.joined - a.joined || a.key.localeCompare(b.key));
}

/**
 * Referral coefficient: joins brought by a member (an inviter) ÷ the other joins of the period —
 * how many more newcomers each newcomer from elsewhere brings along.
 */
export function referralCoefficient(joins: readonly Pick<FunnelJoin, 'inviter'>[]): { referred: number; other: number; k: number } {
  const referred = joins.filter((j) => j.inviter).length, other = joins.length - referred;
  return { referred, other, k: other ? round(referred / other) : 0 };
}
