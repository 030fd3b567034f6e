/**
 * The demo's operator starts a draw: once the simulated community has caught up with the
 * present, a red-packet draw opens in the busiest group of the last day and closes ten minutes
 * later (the activities job closes it and posts the winners with the revealed seed). Simulated
 * members and red-packet hunters enter it (src/simulator/activities.ts). One draw per demo day:
 * the start key makes a restart find the day's draw instead of opening another.
 */
import type { Database } from '../db/database.ts';
import { createActivity } from './store.ts';
import { dayInZone } from './streaks.ts';

export async function startDemoDraw(db: Database, workspaceId: number, now = new Date()): Promise<{ id: number; created: boolean } | null> {
  const [g] = await db.query<{ group_id: number }>(
    `select group_id from events where workspace_id = $1 and type = 'message' and occurred_at > $2 group by group_id order by count(*) desc limit 1`,
    [workspaceId, new Date(now.getTime() - 86_400_000)]);
  if (!g) return null;
  const day = dayInZone(now, 'Asia/Shanghai');
  return db.transaction((tx) => createActivity(tx, workspaceId, {
    kind: 'draw', groupId: Number(g.group_id), title: '每日红包', closesAt: new Date(now.getTime() + 10 * 60_000).toISOString(),
    config: { keyword: '抽奖', winners: 3, totalCents: 888, prize: '', eligibility: { activeWithinDays: 7, excludeBanned: true, excludeHunters: true, hunterMinOtherMessages: 1 } },
  }, { createdBy: null, origin: 'demo', key: `demo-draw:${day}`, now }));
}
