/**
 * The weekly digest of one operator (周报): what happened in their groups last week (Monday to
 * Sunday in the workspace's time zone) against the week before — members, joins and leaves,
 * writers, messages, the response to posts, health scores and how they moved since the last
 * digest, dead-group warnings, the posts that got the most response — and what to do next.
 *
 * Plain data and plain functions: the digest is stored as codes and numbers (language-neutral)
 * and put into words where it is shown: the console (i18n), or `digestText` for chat and e-mail.
 */

export interface WeekFigures { messages: number; writers: number; joins: number; leaves: number }

export interface DigestGroup {
  groupId: number; name: string; members: number; messages: number; writers: number;
  score: number | null;
  /** The score of the previous digest, when there was one with this group. */
  previousScore: number | null;
}

export interface DigestPost { key: string; groupId: number; groupName: string; title: string; kind: string; responders: number; breadth: number }
export interface DigestWarning { groupId: number; name: string; risk: number; reasons: string[]; suggestion: string }

export type NextStepCode =
  | 'startAutomation' /** a dead-group warning: start the suggested automation */
  | 'reviveSilent' /** groups with no message all week */
  | 'healthDropped' /** a score fell by 0.5 or more since the last digest */
  | 'noPosts' /** nothing was posted to the groups */
  | 'lowResponse' /** posts got a response rate under 20% */
  | 'welcomeNewcomers' /** more joins than usual: greet them */
  | 'keepGoing';

export interface NextStep { code: NextStepCode; groupIds: number[]; values: Record<string, number> }

export interface Digest {
  week: { from: string; to: string };
  groups: number;
  members: number;
  thisWeek: WeekFigures;
  lastWeek: WeekFigures;
  posts: number;
  /** Share of posts that got any response within 2 hours (null: no post). */
  responseRate: number | null;
  /** Average share of the audience that responded. */
  breadth: number | null;
  perGroup: DigestGroup[];
  warnings: DigestWarning[];
  topPosts: DigestPost[];
  next: NextStep[];
}

/** What to do next, from the figures: most urgent first, at most 5. */
export function nextSteps(d: Omit<Digest, 'next'>): NextStep[] {
  const out: NextStep[] = [];
  if (d.warnings.length) out.push({ code: 'startAutomation', groupIds: d.warnings.map((w) => w.groupId), values: { groups: d.warnings.length } });
  const silent = d.perGroup.filter((g) => g.messages === 0);
  if (silent.length) out.push({ code: 'reviveSilent', groupIds: silent.map((g) => g.groupId), values: { groups: silent.length } });
  const dropped = d.perGroup.filter((g) => g.score !== null && g.previousScore !== null && g.previousScore - g.score >= 0.5);
  if (dropped.length) out.push({ code: 'healthDropped', groupIds: dropped.map((g) => g.groupId), values: { groups: dropped.length } });
  if (d.groups > 0 && d.posts === 0) out.push({ code: 'noPosts', groupIds: [], values: {} });
  else if (d.responseRate !== null && d.responseRate < 0.2) out.push({ code: 'lowResponse', groupIds: [], values: { rate: Math.round(d.responseRate * 100) } });
  if (d.thisWeek.joins > 0 && d.thisWeek.joins > d.lastWeek.joins) out.push({ code: 'welcomeNewcomers', groupIds: [], values: { joins: d.thisWeek.joins } });
  if (out.length === 0) out.push({ code: 'keepGoing', groupIds: [], values: {} });
  return out.slice(0, 5);
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const delta = (now: number, before: number) => (now === before ? '±0' : now > before ? `+${now - before}` : `${now - before}`);

const WORDS = {
  'zh-CN': {
    title: (from: string, to: string) => `群运周报 ${from} ~ ${to}`,
    groups: '群', members: '成员', messages: '消息', writers: '发言人数', joins: '入群', leaves: '退群',
    response: '帖子响应率', posts: '帖子', warnings: '死群预警', top: '响应最多的帖子', next: '下一步',
    score: '健康分', vsLast: '较上周',
    step: {
      startAutomation: (v: Record<string, number>) => `${v.groups} 个群有死群风险：启用建议的自动化（每日话题/欢迎语）`,
      reviveSilent: (v: Record<string, number>) => `${v.groups} 个群一周无人发言：发一个话题或活动唤醒`,
      healthDropped: (v: Record<string, number>) => `${v.groups} 个群健康分下降：查看健康页的原因`,
      noPosts: () => '上周没有发帖：排一条内容或活动',
      lowResponse: (v: Record<string, number>) => `帖子响应率仅 ${v.rate}%：换个话题、时间或加互动`,
      welcomeNewcomers: (v: Record<string, number>) => `新入群 ${v.joins} 人：欢迎并引导他们发第一条消息`,
      keepGoing: () => '一切正常：保持节奏',
    },
  },
  en: {
    title: (from: string, to: string) => `Qunyun weekly digest ${from} – ${to}`,
    groups: 'Groups', members: 'Members', messages: 'Messages', writers: 'Writers', joins: 'Joins', leaves: 'Leaves',
    response: 'Post response rate', posts: 'posts', warnings: 'Dead-group warnings', top: 'Posts with the most response', next: 'What to do next',
    score: 'health', vsLast: 'vs. the week before',
    step: {
      startAutomation: (v: Record<string, number>) => `${v.groups} group(s) at risk of going silent: start the suggested automation (daily topic/welcome)`,
      reviveSilent: (v: Record<string, number>) => `${v.groups} group(s) had no message all week: post a topic or an activity`,
      healthDropped: (v: Record<string, number>) => `${v.groups} group(s) lost health: see the reasons on the health page`,
      noPosts: () => 'Nothing was posted last week: plan a post or an activity',
      lowResponse: (v: Record<string, number>) => `Posts got only ${v.rate}% response: try another topic, time or a question`,
      welcomeNewcomers: (v: Record<string, number>) => `${v.joins} newcomers: welcome them and get them to write`,
      keepGoing: () => 'All is well: keep the pace',
    },
  },
} as const;

export type DigestLanguage = keyof typeof WORDS;

/** The digest as plain text (chat and e-mail): a subject and a body. */
export function digestText(d: Digest, lang: DigestLanguage = 'zh-CN', link?: string): { subject: string; body: string } {
  const w = WORDS[lang];
  const t = d.thisWeek, l = d.lastWeek;
  const lines = [
    w.title(d.week.from, d.week.to),
    `${w.groups} ${d.groups} · ${w.members} ${d.members}`,
    `${w.messages} ${t.messages} (${delta(t.messages, l.messages)}) · ${w.writers} ${t.writers} (${delta(t.writers, l.writers)}) · ${w.joins} ${t.joins} · ${w.leaves} ${t.leaves} (${w.vsLast})`,
    `${w.response} ${pct(d.responseRate)} (${d.posts} ${w.posts})`,
  ];
  if (d.warnings.length) {
    lines.push('', `${w.warnings}:`);
    for (const x of d.warnings.slice(0, 5)) lines.push(`- ${x.name} (${Math.round(x.risk * 100)}%)`);
  }
  const moved = d.perGroup.filter((g) => g.score !== null && g.previousScore !== null && g.score !== g.previousScore);
  if (moved.length) {
    lines.push('', `${w.score}:`);
    for (const g of moved.slice(0, 5)) lines.push(`- ${g.name} ${g.previousScore!.toFixed(1)} → ${g.score!.toFixed(1)}`);
  }
  if (d.topPosts.length) {
    lines.push('', `${w.top}:`);
    for (const p of d.topPosts) lines.push(`- ${p.title} · ${p.groupName} · ${p.responders}`);
  }
  lines.push('', `${w.next}:`);
  for (const s of d.next) lines.push(`- ${w.step[s.code](s.values)}`);
  if (link) lines.push('', link);
  return { subject: w.title(d.week.from, d.week.to), body: lines.join('\n') };
}
