/**
 * Types of the console API. The answers are aliases of the types generated from the server's
 * OpenAPI document (schema.d.ts, `npm run gen:api`): a server change that breaks the console fails
 * `npm run typecheck:web`. Query parameter types and constants stay written out here.
 */
import type { paths } from './schema.d.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = paths[P][M];
/** The JSON answer (200 or 201) of an operation. */
export type Answer<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T
  : Operation<P, M> extends { responses: { 201: { content: { 'application/json': infer T } } } } ? T
  : never;
/** The JSON body an operation takes. */
export type RequestBody<P extends keyof paths, M extends Method = 'post'> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Item<L> = L extends { items: Array<infer T> } ? T : never;

export type Role = 'owner' | 'admin' | 'operator' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'admin', 'operator', 'viewer'];

/** `YYYY-MM-DD` in the workspace's time zone. */
export type Day = string;
/** ISO 8601 timestamp. */
export type Instant = string;

export interface ApiErrorBody {
  error: string;
  message: string;
  issues?: { path: string; message: string }[];
  retryAfterSeconds?: number;
  /** not_supported: what can be done instead on that platform. */
  instead?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface ListParams {
  limit?: number;
  offset?: number;
  sort?: string;
  order?: 'asc' | 'desc';
}

// ── Session and set-up ───────────────────────────────────────────────────────
export type Session = Answer<'/api/session'>;
export type User = Session['user'];
/** The workspace; its settings' answer (GET /api/workspace) also carries the latest time zone recompute. */
export type Workspace = Session['workspace'] & Partial<Pick<Answer<'/api/workspace'>, 'recompute'>>;
export type RollupRecompute = NonNullable<Answer<'/api/workspace'>['recompute']>;
export type SetupInput = RequestBody<'/api/setup'>;
export type SetupStatus = Answer<'/api/setup'>;
export type Invite = Answer<'/api/invites/{token}'>;

// ── Overview ─────────────────────────────────────────────────────────────────
export type Overview = Answer<'/api/overview'>;
export type Totals = Overview['totals'];
/** The grain of a series: one point per day, week or month. */
export type Grain = Overview['grain'];
/** A range of a figure: from…to, or all history (from the first day with activity); a grain to override the range's. */
export interface RangeQuery {
  from?: Day;
  to?: Day;
  all?: boolean;
  grain?: Grain;
}

// ── Facets ───────────────────────────────────────────────────────────────────
export type Facets = Answer<'/api/facets'>;

// ── Groups ───────────────────────────────────────────────────────────────────
export type Health = 'healthy' | 'quiet' | 'silent' | 'full';
export const HEALTHS: readonly Health[] = ['healthy', 'quiet', 'silent', 'full'];

export type GroupStage = 'new' | 'growing' | 'mature' | 'declining' | 'dormant';
export const GROUP_STAGES: readonly GroupStage[] = ['new', 'growing', 'mature', 'declining', 'dormant'];

export type Group = Item<Answer<'/api/groups'>>;
export type GroupSort = 'name' | 'size' | 'messagesPerDay' | 'activeMembers7d' | 'createdAt';
export interface GroupQuery extends ListParams {
  q?: string;
  purpose?: string;
  layer?: string;
  operatorId?: number;
  tag?: string;
  health?: Health[];
  stage?: GroupStage[];
  sort?: GroupSort;
}
export type BulkGroupAction =
  | { action: 'tag' | 'untag' | 'setLayer'; value: string }
  | { action: 'assign'; value: number | null };

export type GroupDetail = Answer<'/api/groups/{id}'>;
export type MessageItem = GroupDetail['recentMessages'][number];
export type GroupMember = Item<Answer<'/api/groups/{id}/members'>>;

// ── Members ──────────────────────────────────────────────────────────────────
export type Stage = 'new' | 'active' | 'silent' | 'churned';
export const STAGES: readonly Stage[] = ['new', 'active', 'silent', 'churned'];

export type MemberRow = Item<Answer<'/api/members'>>;
export type MemberSort = 'name' | 'lastActiveAt' | 'messages30d' | 'groups';
export interface MemberQuery extends ListParams {
  q?: string;
  tag?: string;
  groupId?: number;
  stage?: Stage;
  sort?: MemberSort;
}
export type MemberDetail = Answer<'/api/members/{id}'>;
/** POST /api/members/:id/erase. */
export type MemberErasure = Answer<'/api/members/{id}/erase', 'post'>;
export type LinkedMember = Answer<'/api/members/{id}/links', 'get'>['items'][number];

// ── Settings ─────────────────────────────────────────────────────────────────
export type Staff = Item<Answer<'/api/staff'>>;
export type InviteLink = Answer<'/api/staff/invites', 'post'>;
export type Account = Item<Answer<'/api/accounts'>>;
export type NewAccount = RequestBody<'/api/accounts'>;
export type TelegramCheck = Answer<'/api/accounts/telegram/check', 'post'>;
export type AccountStatus = Account['status'];
export type AuditEntry = Item<Answer<'/api/audit'>>;
export interface AuditQuery extends ListParams {
  actorId?: number;
  action?: string;
  target?: string;
  from?: Day;
  to?: Day;
}

/** A request to join a group waiting for approval (GET /api/groups/:id/join-requests). */
export type JoinRequest = Item<Answer<'/api/groups/{id}/join-requests'>>;
export type Push = Item<Answer<'/api/groups/{id}/pushes'>>;
export type PushState = Push['state'];
export type GroupInviteLink = Item<Answer<'/api/groups/{id}/invite-links'>>;

// ── Activities, check-ins, trust and KOLs ─────────────────────────────────────
export type Activity = Answer<'/api/activities/{id}'>['activity'];
export type ActivityDetail = Answer<'/api/activities/{id}'>;
export type NewActivity = RequestBody<'/api/activities'>;
export type CheckinLeaderboard = Answer<'/api/checkins/leaderboard'>;
export type KolOverview = Answer<'/api/kols'>;
export type KolRow = KolOverview['kols'][number];
export type MemberTrust = Answer<'/api/members/{id}/trust'>;
// ---- moderation (issue #13) ----
export type ModerationRules = Answer<'/api/moderation/rules'>;
export type ModerationRuleVersion = ModerationRules['versions'][number];
export type ModerationDraft = RequestBody<'/api/moderation/rules'>;
export type ModerationDryRun = Answer<'/api/moderation/rules/{version}/dry-run', 'post'>;
export type ModerationDecision = Item<Answer<'/api/moderation/decisions'>>;
export type ModerationEvidence = ModerationDecision['evidence'][number];
export type ModerationBan = Item<Answer<'/api/moderation/bans'>>;
export type ModerationAppeal = Item<Answer<'/api/moderation/appeals'>>;
export type ModerationRuleStats = Answer<'/api/moderation/stats'>['items'][number];
export type ModerationBanImport = Answer<'/api/moderation/bans/import', 'post'>;
export type PublicAppeal = Answer<'/api/appeal/{token}'>;
export type ModerationQueueState = 'open' | 'applied' | 'review' | 'task' | 'confirmed' | 'undone';

// 复盘 (review): src/server/routes/review.ts
export type ReviewEngagement = Answer<'/api/review/engagement'>;
export type ReviewRetention = Answer<'/api/review/retention'>;
export type ReviewFunnels = Answer<'/api/review/funnels'>;
export type ReviewHealth = Answer<'/api/review/health'>;
// Operator KPIs and conversion (issue #17 items 5, 6): src/server/routes/kpi.ts, src/orders/routes.ts
export type ReviewKpis = Answer<'/api/review/kpis'>;
export type OrderList = Answer<'/api/orders'>;
export type OrderRow = OrderList['items'][number];
export type OrderRoi = Answer<'/api/orders/roi'>;
export type OrderRoiRow = OrderRoi['byGroup'][number];
export type OrderImport = Answer<'/api/orders/import', 'post'>;
export type OrderSettings = Answer<'/api/orders/settings'>;
export type OrderCosts = Answer<'/api/orders/costs'>;
