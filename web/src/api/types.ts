/** Types of the console API, mirroring docs/console-api.md (keep the two in step). */

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
export interface User {
  id: number;
  email: string;
  name: string;
}
export interface Workspace {
  id: number;
  name: string;
  slug: string;
  timezone: string;
}
export interface Session {
  user: User;
  workspace: Workspace;
  role: Role;
  workspaces: { id: number; name: string; role: Role }[];
}
export interface SetupInput {
  email: string;
  name: string;
  password: string;
  workspaceName: string;
}
export interface Invite {
  workspaceName: string;
  role: Role;
  email: string;
}

// ── Overview ─────────────────────────────────────────────────────────────────
export interface Totals {
  /** Memberships at the period's end: a person in two groups counts twice. */
  members: number;
  /** Distinct people in any group at the period's end. */
  people: number;
  groups: number;
  joins: number;
  leaves: number;
  messages: number;
  activeMembersDaily: number;
  activeMembersWeekly: number;
}
export interface Overview {
  range: { from: Day; to: Day };
  totals: Totals;
  previous: Totals;
  /** partial: today, a day not over yet. */
  series: { day: Day; messages: number; joins: number; leaves: number; activeMembers: number; partial: boolean }[];
}

// ── Facets ───────────────────────────────────────────────────────────────────
export interface Facets {
  purposes: string[];
  layers: string[];
  groupTags: string[];
  memberTags: string[];
  operators: { id: number; name: string }[];
}

// ── Groups ───────────────────────────────────────────────────────────────────
export type Health = 'healthy' | 'quiet' | 'silent' | 'full';
export const HEALTHS: readonly Health[] = ['healthy', 'quiet', 'silent', 'full'];

export interface Group {
  id: number;
  platformGroupId: string;
  platform: string;
  name: string;
  size: number;
  capacity: number;
  purpose: string | null;
  layer: string | null;
  status: string;
  operator: { id: number; name: string } | null;
  tags: string[];
  messagesPerDay: number;
  sparkline: number[];
  activeMembers7d: number;
  joins7d: number;
  leaves7d: number;
  ageDays: number;
  health: Health;
}
export type GroupSort = 'name' | 'size' | 'messagesPerDay' | 'activeMembers7d' | 'createdAt';
export interface GroupQuery extends ListParams {
  q?: string;
  purpose?: string;
  layer?: string;
  operatorId?: number;
  tag?: string;
  health?: Health[];
  sort?: GroupSort;
}
export type BulkGroupAction =
  | { action: 'tag' | 'untag' | 'setLayer'; value: string }
  | { action: 'assign'; value: number | null };

export interface MessageItem {
  id: number;
  member: { id: number; name: string };
  sentAt: Instant;
  kind: string;
  text: string | null;
  replyTo: number | null;
}
export interface GroupDetail extends Group {
  /** size: memberships begun and not ended by the day's end; partial: today. */
  series: { day: Day; size: number; messages: number; joins: number; leaves: number; activeMembers: number; partial: boolean }[];
  joinsBySource: { source: string; joins: number }[];
  topMembers: { id: number; name: string; messages: number }[];
  recentMessages: MessageItem[];
}
export interface GroupMember {
  id: number;
  name: string;
  joinedAt: Instant;
  source: string | null;
  active: boolean;
  messages30d: number;
}

// ── Members ──────────────────────────────────────────────────────────────────
export type Stage = 'new' | 'active' | 'silent' | 'churned';
export const STAGES: readonly Stage[] = ['new', 'active', 'silent', 'churned'];

export interface MemberRow {
  id: number;
  name: string;
  tags: string[];
  groups: number;
  lastActiveAt: Instant | null;
  messages30d: number;
  stage: Stage;
}
export type MemberSort = 'name' | 'lastActiveAt' | 'messages30d' | 'groups';
export interface MemberQuery extends ListParams {
  q?: string;
  tag?: string;
  groupId?: number;
  stage?: Stage;
  sort?: MemberSort;
}
export interface MemberDetail {
  id: number;
  name: string;
  firstSeenAt: Instant;
  stage: Stage;
  tags: string[];
  /** When the person's data was erased: the name is then a placeholder ("erased member #…"). */
  erasedAt: Instant | null;
  identities: { platform: string; platformUserId: string; displayName: string | null }[];
  groups: { id: number; name: string; active: boolean; joinedAt: Instant; leftAt: Instant | null; source: string | null }[];
  timeline: { at: Instant; type: 'join' | 'leave' | 'message' | 'tag'; groupName?: string; text?: string }[];
  activity: { day: Day; messages: number }[];
}

/** POST /api/members/:id/erase. */
export interface MemberErasure {
  id: number;
  /** The anonymous placeholder name the member has now. */
  name: string;
  erasedAt: Instant;
  identities: number;
  messages: number;
  events: number;
  tags: number;
}

// ── Settings ─────────────────────────────────────────────────────────────────
export interface Staff {
  id: number;
  email: string;
  name: string;
  role: Role;
  groups: number;
}
export interface InviteLink {
  url: string;
  expiresAt: Instant;
}
export type AccountStatus = 'active' | 'error' | 'disabled';
export interface Account {
  id: number;
  platform: string;
  name: string;
  externalId: string;
  status: AccountStatus;
  lastEventAt: Instant | null;
  groups: number;
  capabilities: string[];
  /** Capabilities the platform lacks, with why and what to do instead. */
  unsupported?: Array<{ capability: string; reason: string; instead?: string }>;
  error?: string;
  /** Why it is in error, as a code translated under accountFault.* with its parameters. */
  fault?: { code: string; params?: Record<string, string | number> };
  /** When an account in error is tried again (null: not until its settings change). */
  retry?: { nextAt: Instant | null; attempts: number };
  /** Where the platform delivers (for WeCom: the callback URL to enter in the app's settings). */
  webhookUrl?: string;
}
export interface AuditEntry {
  id: number;
  at: Instant;
  actor: { id: number; name: string } | null;
  action: string;
  target: string;
  detail: Record<string, unknown> | null;
  ip: string | null;
}
export interface AuditQuery extends ListParams {
  actorId?: number;
  action?: string;
  target?: string;
  from?: Day;
  to?: Day;
}

/** A request to join a group waiting for approval (GET /api/groups/:id/join-requests). */
export interface JoinRequest {
  /** The requester as a member: what approve and decline take. */
  memberId: number | null;
  userId: string;
  name: string;
  requestedAt: Instant;
  source: string | null;
  inviteCode: string | null;
  bio: string | null;
}
