/**
 * The demo's content plan: once the simulated community has caught up with the present, the
 * demo operator's week is put on the calendar (a post a few minutes from now, then the week's
 * themes by layer, the month's plan with its weekly live session), an A/B test of two texts is
 * started over the groups (10% held out; variant B asks for an answer, which the simulated
 * community answers 1.5× as often: the test's true effect), two pushes go out in the week (a tip
 * in ten minutes, a promotion tomorrow evening), and a live session starts shortly in the busiest group.
 * The content tick (jobs.ts) then runs it all by itself: posts at their slots, reminders, the live
 * session's steps and its report. Idempotent per day: a restart finds what it planned.
 */
import type { Database } from '../db/database.ts';
import { createExperiment, startExperiment } from '../experiments/store.ts';
import { createPush } from '../pushes/store.ts';
import { localTime } from '../automation/conditions.ts';
import { addDays, weekStart, zonedInstant } from './calendar.ts';
import { defaultScript } from './live.ts';
import { createEntry, createLiveSession, savePlan } from './store.ts';

const WEEK_PLAN: { weekday: number; slot: string; theme: string; category: string; text: string }[] = [
  { weekday: 1, slot: '12:30', theme: '行业干货', category: 'professional', text: '本周干货：私域社群冷启动的 3 个关键动作，你做到了几个？' },
  { weekday: 2, slot: '20:00', theme: '热点讨论', category: 'hot', text: '今天的热点大家怎么看？欢迎在群里聊聊你的观点。' },
  { weekday: 3, slot: '20:00', theme: '打卡挑战', category: 'activity', text: '活动报名：本周打卡挑战开始啦！连续打卡 3 天有小礼物。' },
  { weekday: 4, slot: '09:00', theme: '破冰话题', category: 'universal', text: '早上好！聊聊你今天最想完成的一件事？' },
  { weekday: 6, slot: '10:00', theme: '新品体验', category: 'product', text: '新品体验官招募中，回复「体验」报名。' },
];

const DEMO_PUSHES: { title: string; category: 'professional' | 'promotion'; body: string; inMinutes?: number }[] = [
  { title: '本周干货', category: 'professional', body: '{group} 的朋友们，本周干货：社群留存的 5 个小技巧，欢迎收藏。', inMinutes: 10 },
  { title: '限时优惠', category: 'promotion', body: '限时优惠：会员年卡 8 折，仅限本群。' },
];

export interface DemoContent { entries: number; experimentId: number | null; liveSessionId: number | null; pushes: number }

export async function seedDemoContent(db: Database, workspaceId: number, now = new Date()): Promise<DemoContent> {
  const [w] = await db.query<{ timezone: string }>('select timezone from workspaces where id = $1', [workspaceId]);
  const tz = w?.timezone ?? 'Asia/Shanghai';
  const today = localTime(now, tz).day;
  const [already] = await db.query<{ n: number }>(`select count(*)::int as n from calendar_entries where workspace_id = $1 and theme = '今日开场' and day = $2`, [workspaceId, today]);
  const out: DemoContent = { entries: 0, experimentId: null, liveSessionId: null, pushes: 0 };
  if ((already?.n ?? 0) > 0) return out;
  const layers = (await db.query<{ layer: string }>(`select distinct layer from groups where workspace_id = $1 and status = 'active' order by layer`, [workspaceId])).map((r) => r.layer);
  if (layers.length === 0) return out;
  const layer = layers.includes('basic') ? 'basic' : layers[0]!;
  // A post three minutes from now: the calendar is seen running by itself at once.
  const soon = localTime(new Date(now.getTime() + 3 * 60_000), tz);
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  await createEntry(db, workspaceId, { day: soon.day, slot: hhmm(soon.minutes), layer, theme: '今日开场', category: 'universal', text: '大家好！今天的话题讨论：你最近在读什么书？' }, null);
  out.entries++;
  const monday = weekStart(today);
  for (const p of WEEK_PLAN) {
    const day = addDays(monday, (p.weekday + 6) % 7);
    if (day < today || zonedInstant(day, p.slot, tz).getTime() <= now.getTime() + 60_000) continue;
    for (const l of layers) {
      await createEntry(db, workspaceId, { day, slot: p.slot, layer: l, theme: p.theme, category: p.category, text: p.text }, null);
      out.entries++;
    }
  }
  const plan = await savePlan(db, workspaceId, today.slice(0, 7), {
    acquisitionTarget: 1000, topics: ['私域冷启动', '社群活跃', '直播转化'],
    live: { weekday: 4, slot: '20:00', title: '周四分享', layer }, kolTasks: [{ weekday: 1, slot: '10:00', title: 'KOL 发起本周话题', assigneeUserId: null }],
  }, null);
  out.entries += plan.added;

  // Variant B only adds a call to answer: the simulated community answers it pushAskReplyLift
  // (1.5×) as often as A (src/simulator/params.ts), the A/B test's known true effect.
  const e = await createExperiment(db, workspaceId, {
    name: `报名文案 ${today}`, category: 'activity', holdoutShare: 0.1, windowHours: 2,
    variants: [{ name: 'A', text: '活动报名：本周打卡挑战，连续 3 天有礼！' }, { name: 'B', text: '活动报名：本周打卡挑战，连续 3 天有礼！回复「1」立即参加' }],
  }, null);
  await startExperiment(db, workspaceId, e.id, { layer }, now);
  out.experimentId = e.id;

  // Two pushes of the week beside the calendar's: their reach, response and fatigue on the pushes page.
  for (const p of DEMO_PUSHES) {
    const at = p.inMinutes !== undefined ? new Date(now.getTime() + p.inMinutes * 60_000) : zonedInstant(addDays(today, 1), '20:00', tz);
    await createPush(db, workspaceId, {
      title: p.title, category: p.category, body: p.body, media: [], targets: { layers }, channels: ['group_post'], scheduledAt: at, guardOverride: null,
    }, null);
    out.pushes++;
  }

  const [busiest] = await db.query<{ group_id: number }>(
    `select group_id from events where workspace_id = $1 and type = 'message' and occurred_at > $2 group by group_id order by count(*) desc limit 1`,
    [workspaceId, new Date(now.getTime() - 86_400_000).toISOString()]);
  if (busiest) {
    const s = await createLiveSession(db, workspaceId, {
      title: '私域运营分享', groupIds: [Number(busiest.group_id)], startsAt: new Date(now.getTime() + 5 * 60_000).toISOString(),
      steps: defaultScript('私域运营分享', '王老师').map((st) => (st.kind === 'preview' ? { ...st, atMinute: -4 } : st)),
    }, null);
    out.liveSessionId = s.id;
  }
  return out;
}
