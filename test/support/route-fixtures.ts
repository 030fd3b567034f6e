/**
 * A valid request for every state-changing route, for the tests that walk every route
 * (src/server/audit-coverage.test.ts: each call leaves an audit entry; src/server/tenancy.test.ts:
 * the same call with another workspace's ids answers 404). A new POST/PUT/PATCH/DELETE route
 * fails those tests until it has an entry here: key `METHOD /url/:with/:params` as registered.
 */
import type { Community } from './community.ts';

/** Ids a fixture may use: those of the workspace the call is made in (or of another, to probe). */
export interface World {
  c: Community;
  /** A staff member other than the caller (not an owner). */
  staffUserId: number;
  /** State passed from one call to the next (e.g. an invitation's token). */
  state: Record<string, string>;
}

export interface Fixture {
  payload?: unknown;
  /** Why the route writes no audit entry (a check that changes nothing). Absent: it must write one. */
  noAudit?: string;
  /** Run with no session (sign-in, set-up, invitations): the caller is who it signs in. */
  anonymous?: boolean;
}

type Make = (w: World) => Fixture;
const g = (w: World, pid = 'g-a') => w.c.groups[pid]!;
const automationRule = { name: 'Welcome', trigger: { kind: 'join' }, actions: [{ kind: 'post', template: '欢迎 {name}' }] };

export const routeFixtures: Record<string, Make> = {
  'POST /api/setup': () => ({ anonymous: true, payload: { email: 'first@example.com', name: 'First', password: 'first password', workspaceName: 'First' } }),
  'POST /api/login': (w) => ({ anonymous: true, payload: { email: w.state.email, password: w.state.password } }),
  'POST /api/logout': () => ({ payload: {} }),
  'POST /api/logout/all': () => ({ payload: {} }),
  'POST /api/password': () => ({ payload: { currentPassword: 'correct horse battery', newPassword: 'a brand new passphrase' } }),
  'POST /api/session/workspace': (w) => ({ payload: { workspaceId: w.c.workspaceId } }),
  'POST /api/invites/:token/accept': () => ({ anonymous: true, payload: { name: 'Invited', password: 'invited password' } }),
  'PATCH /api/workspace': () => ({ payload: { name: 'Renamed', health: { quietMessagesPerDay: 3 } } }),
  'PATCH /api/staff/:id': () => ({ payload: { role: 'operator' } }),
  'DELETE /api/staff/:id': () => ({}),
  'POST /api/staff/invites': () => ({ payload: { email: `invitee-${Date.now()}@example.com`, role: 'viewer' } }),
  'POST /api/groups/bulk': (w) => ({ payload: { ids: [g(w), g(w, 'g-b')], action: 'tag', value: 'vip' } }),
  'PUT /api/members/:id/tags': () => ({ payload: { tags: ['kol', 'beijing'] } }),
  'POST /api/members/bulk-tag': (w) => ({ payload: { ids: [w.c.members['alice'], w.c.members['bob']], add: ['new'], remove: [] } }),
  // Erases alice for good: the coverage test walks it near the end (LAST), after the tag routes.
  'POST /api/members/:id/erase': () => ({ payload: { confirm: 'ERASE' } }),
  'POST /api/members/:id/links': (w) => ({ payload: { memberId: w.c.members['bob'] } }),
  'POST /api/members/:id/unlink': () => ({}),
  // Renaming needs no running connector; enabling and disabling are walked in test/e2e/wecom.test.ts.
  'PATCH /api/accounts/:id': () => ({ payload: { name: 'Renamed bot' } }),
  'POST /api/automations': () => ({ payload: automationRule }),
  'PUT /api/automations/:id': () => ({ payload: { ...automationRule, name: 'Welcome v2' } }),
  'DELETE /api/automations/:id': () => ({}),
  'POST /api/automations/dry-run': () => ({ payload: { rule: automationRule, days: 7 }, noAudit: 'a dry run changes nothing' }),
  'PUT /api/welcome/:groupId': () => ({ payload: { enabled: true, batchSize: 3, batchMinutes: 5, nicknamePattern: '城市-姓名-行业' } }),
  'POST /api/activities': (w) => ({ payload: { kind: 'draw', groupId: g(w), title: '周五抽奖', config: { keyword: '抽奖', winners: 1 } } }),
  'POST /api/activities/:id/close': () => ({ payload: {} }),
  'POST /api/kols/review': () => ({ payload: {} }),
  'POST /api/review/refresh': () => ({ payload: { kind: 'health' } }),
  // Moderation: a draft (version 1 of the world), its dry run and enabling; a ban of bob, lifted; an import.
  'POST /api/moderation/rules': () => ({ payload: { rules: { builtins: true, rules: [{ id: 'kw', detector: 'keywords', category: 'custom', keywords: ['团购'] }] }, ladder: { default: { steps: [{ delete: true, warn: true }] } }, options: {} } }),
  'POST /api/moderation/rules/:version/dry-run': () => ({ payload: { days: 7 } }),
  'POST /api/moderation/rules/:version/enable': () => ({ payload: {} }),
  'POST /api/moderation/bans': (w) => ({ payload: { memberId: w.c.members['bob'], reason: 'spam' } }),
  'POST /api/moderation/bans/:id/lift': () => ({ payload: {} }),
  'POST /api/moderation/bans/import': () => ({ payload: { csv: 'platform,user_id,reason\nsandbox,stranger,spam\n' } }),
  'POST /api/codes': () => ({ payload: { name: '活码', source: 'shop' } }),
  'POST /api/pushes/library': () => ({ payload: { title: '周末干货', category: 'professional', body: '{group} 的朋友们，本周干货', tags: ['weekly'] } }),
  'PUT /api/pushes/library/:id': () => ({ payload: { title: '周末干货 v2', category: 'professional', body: '本周干货', media: [{ kind: 'link', url: 'https://example.com/a' }] } }),
  'DELETE /api/pushes/library/:id': () => ({}),
  'POST /api/pushes': (w) => ({ payload: { title: '新品', category: 'product', body: '新品上架 {group}', targets: { groups: [g(w)] }, channels: ['group_post'] } }),
  'POST /api/pushes/:id/cancel': () => ({ payload: {} }),
  'PUT /api/pushes/guard': () => ({ payload: { caps: [{ name: 'commercial', categories: ['product', 'promotion'], max: 1, days: 7 }], quietHours: { from: '21:00', to: '08:30' }, holidayCategories: ['promotion'], activityCategories: ['activity'], activityAvoidWeekdays: [0, 6], whenCapped: 'defer' } }),
  // Content calendar, A/B tests, live sessions (src/server/routes/content.ts).
  'POST /api/calendar/entries': () => ({ payload: { day: '2026-06-02', slot: '20:00', layer: 'basic', theme: '行业热点', category: 'hot', text: '今天聊聊 AI 客服' } }),
  'POST /api/calendar/entries/:id/move': () => ({ payload: { day: '2026-06-03', slot: '12:30' } }),
  'DELETE /api/calendar/entries/:id': () => ({}),
  'PUT /api/calendar/plan': () => ({ payload: { month: '2026-06-01', plan: { acquisitionTarget: 300, topics: ['AI'], live: { weekday: 4, slot: '20:00', title: '周四分享', layer: 'basic' } } } }),
  'POST /api/calendar/feed': () => ({ payload: {} }),
  'PUT /api/calendar/chat': () => ({ payload: { chat: null } }),
  // Read-only API keys (src/server/routes/reports.ts): one made, then revoked.
  'POST /api/api-keys': () => ({ payload: { name: 'Metabase' } }),
  'POST /api/api-keys/:id/revoke': () => ({ payload: {} }),
  'POST /api/experiments': () => ({ payload: { name: '海报颜色', variants: [{ name: 'A', text: '红色' }, { name: 'B', text: '蓝色' }] } }),
  'POST /api/experiments/:id/start': (w) => ({ payload: { groupIds: [g(w), g(w, 'g-b')] } }),
  // Conversion (src/orders/routes.ts): an import, the window, a customer mapped to bob, a group's cost.
  'POST /api/orders/import': () => ({ payload: { format: 'csv', content: 'order_id,amount,paid_at,customer_id\nFX-1,199.00,2026-05-03 14:20,CRM-1\n', fileName: 'orders.csv' } }),
  'PATCH /api/orders/settings': () => ({ payload: { windowDays: 14 } }),
  'POST /api/orders/customers': (w) => ({ payload: { kind: 'customer_id', value: 'CRM-1', memberId: w.c.members['bob'] } }),
  'PUT /api/orders/costs': (w) => ({ payload: { kind: 'group', targetId: g(w), costCents: 50000, note: '投放' } }),
  'POST /api/live-sessions': (w) => ({ payload: { title: '私域运营', guest: '王老师', groupIds: [g(w)], startsAt: '2026-06-04T12:00:00.000Z' } }),
};

/**
 * Routes still without a fixture, each with why. Their owners replace an entry here with a fixture
 * above; the coverage test lists these as gaps and fails if one no longer exists (stale entry).
 */
export const pendingFixtures: Record<string, string> = {
  'PATCH /api/codes/:id': 'needs a live code (and for groups a running connector); its audit entry is checked in src/server/routes/codes.test.ts',
  'POST /api/codes/:id/groups': 'needs a live code (and for groups a running connector); its audit entry is checked in src/server/routes/codes.test.ts',
  'POST /api/codes/:id/groups/:groupId/close': 'needs a live code (and for groups a running connector); its audit entry is checked in src/server/routes/codes.test.ts',
  'POST /api/codes/:id/open-group': 'needs a live code (and for groups a running connector); its audit entry is checked in src/server/routes/codes.test.ts',
  'POST /api/codes/:id/staff': 'needs a live code (and for groups a running connector); its audit entry is checked in src/server/routes/codes.test.ts',
  'POST /api/codes/:id/orders': 'needs a live code (and for groups a running connector); its audit entry is checked in src/server/routes/codes.test.ts',
  'POST /api/code-entries/:id/approve': 'needs a live code (and for groups a running connector); its audit entry is checked in src/server/routes/codes.test.ts',
  'POST /api/code-entries/:id/reject': 'needs a live code (and for groups a running connector); its audit entry is checked in src/server/routes/codes.test.ts',
  'POST /api/code-tasks/:id/done': 'needs a live code (and for groups a running connector); its audit entry is checked in src/server/routes/codes.test.ts',
  'POST /api/public/codes/:slug/entries': 'a visitor\'s threshold submission on a code\'s public page, not an operator action (no audit); checked in src/server/routes/codes.test.ts',
  'POST /api/campaigns': 'needs a live code; its audit entry is checked in src/server/routes/campaigns.test.ts',
  'POST /api/campaigns/:id/status': 'needs a campaign; its audit entry is checked in src/server/routes/campaigns.test.ts',
  'POST /api/campaigns/:id/participants': 'needs a campaign; its audit entry is checked in src/server/routes/campaigns.test.ts',
  'POST /api/campaigns/:id/referrals/:referralId/review': 'needs a referral (made by the reactor); its audit entry is checked in src/server/routes/campaigns.test.ts',
  'POST /api/accounts/telegram/check': 'needs a (fake) Telegram Bot API; its audit entry is checked in test/e2e/telegram.test.ts',
  'POST /api/accounts': 'needs a (fake) platform to connect to; its audit entry is checked in test/e2e/telegram.test.ts',
  'POST /api/groups/:id/messages': 'needs a running connector; its audit entry is checked in test/e2e/telegram.test.ts',
  'POST /api/groups/:id/members/:memberId/mute': 'needs a running connector; its audit entry is checked in test/e2e/telegram.test.ts',
  'POST /api/groups/:id/members/:memberId/kick': 'needs a running connector; its audit entry is checked in test/e2e/telegram.test.ts',
  'POST /api/groups/:id/invite-links': 'needs a running connector; its audit entry is checked in test/e2e/telegram.test.ts',
  'POST /api/groups/:id/join-requests/:memberId/approve': 'needs a running connector and a pending request; its audit entry is checked in test/e2e/telegram.test.ts',
  'POST /api/groups/:id/join-requests/:memberId/decline': 'needs a running connector and a pending request; its audit entry is checked in test/e2e/telegram.test.ts',
  'POST /api/moderation/decisions/:id/undo': 'needs a moderation decision (made by the reactor); its audit entry is checked in src/server/routes/moderation.test.ts',
  'POST /api/moderation/decisions/:id/not-spam': 'needs a moderation decision (made by the reactor); its audit entry is checked in src/server/routes/moderation.test.ts',
  'POST /api/moderation/decisions/:id/confirm': 'needs a moderation decision (made by the reactor); its audit entry is checked in src/server/routes/moderation.test.ts',
  'POST /api/moderation/decisions/:id/appeal-link': 'needs a moderation decision (made by the reactor); its audit entry is checked in src/server/routes/moderation.test.ts',
  'POST /api/moderation/appeals/:id/decide': "needs a member's appeal; its audit entry is checked in src/server/routes/moderation.test.ts",
  'POST /api/appeal/:token': "needs an appeal link; its audit entry is checked in src/server/routes/moderation.test.ts",
};

/** The value of a route parameter in a world: by the parameter's name, else by the segment before it. */
export function paramValue(w: World, url: string, name: string): string | undefined {
  const segments = url.split('/');
  const before = segments[segments.indexOf(`:${name}`) - 1];
  const key = name === 'id' ? before : name;
  switch (key) {
    case 'groups': case 'groupId': return String(g(w));
    case 'members': case 'memberId': return String(w.c.members['alice']);
    case 'staff': case 'userId': case 'staffId': return String(w.staffUserId);
    case 'accounts': case 'accountId': return String(w.c.accountId);
    case 'token': return url.startsWith('/api/appeal/') ? (w.state.appealToken ?? '1.1.aaaaaaaaaaaaaaaaaaaaaaaa') : w.state.inviteToken;
    // The rule the coverage walk created (POST /api/automations); elsewhere an id no workspace of the test has.
    case 'automations': return w.state.automationId ?? '999999';
    case 'activities': return w.state.activityId;
    // Moderation: the world's first rule version, its ban, and ids of records it may not have (their routes answer 404).
    case 'version': return w.state.ruleVersion ?? '1';
    case 'bans': return w.state.banId ?? '999999';
    case 'decisions': return w.state.decisionId ?? '999999';
    case 'appeals': return w.state.appealId ?? '999999';
    case 'codes': return w.state.codeId;
    // The content and push the coverage walk created; elsewhere ids no workspace of the test has.
    case 'library': return w.state.contentId ?? '999999';
    case 'pushes': return w.state.pushId ?? '999999';
    case 'code-entries': return w.state.entryId;
    case 'code-tasks': return w.state.taskId;
    case 'entries': return w.state.calendarEntryId;
    case 'experiments': return w.state.experimentId;
    case 'live-sessions': return w.state.liveSessionId;
    case 'campaigns': return w.state.campaignId ?? '999999';
    case 'referralId': return w.state.referralId ?? '999999';
    case 'api-keys': return w.state.apiKeyId ?? '999999';
    default: return undefined;
  }
}

/** The route's URL with its parameters filled from the world; undefined when one is unknown. */
export function fillUrl(w: World, url: string): string | undefined {
  let out = url;
  for (const m of url.matchAll(/:([A-Za-z]+)/g)) {
    const v = paramValue(w, url, m[1]!);
    if (v === undefined) return undefined;
    out = out.replace(`:${m[1]}`, encodeURIComponent(v));
  }
  return out;
}
