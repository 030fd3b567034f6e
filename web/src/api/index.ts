/** One function per endpoint of docs/console-api.md. */
import { api } from './client.ts';
import type {
  Account,
  Activity,
  ActivityDetail,
  CheckinLeaderboard,
  KolOverview,
  MemberTrust,
  NewActivity,
  AuditEntry,
  AuditQuery,
  BulkGroupAction,
  Facets,
  Group,
  GroupDetail,
  GroupInviteLink,
  GroupMember,
  GroupQuery,
  Invite,
  InviteLink,
  JoinRequest,
  ListParams,
  MemberDetail,
  MemberErasure,
  LinkedMember,
  ModerationAppeal,
  ModerationBan,
  ModerationBanImport,
  ModerationDecision,
  ModerationDraft,
  ModerationDryRun,
  ModerationQueueState,
  ModerationRules,
  ModerationRuleStats,
  ModerationRuleVersion,
  PublicAppeal,
  MemberQuery,
  MemberRow,
  NewAccount,
  Overview,
  RangeQuery,
  Page,
  Push,
  Role,
  Session,
  SetupInput,
  SetupStatus,
  Staff,
  TelegramCheck,
  User,
  Workspace,
  ReviewEngagement,
  ReviewFunnels,
  ReviewHealth,
  ReviewRetention,
  ReviewKpis,
  OrderList,
  OrderRoi,
  OrderImport,
  OrderSettings,
  OrderCosts,
} from './types.ts';

export * from './types.ts';
export { ApiError, configureClient } from './client.ts';

type Q = Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>;
const q = (params: object): Q => params as Q;

export const sessionApi = {
  setupStatus: () => api.get<SetupStatus>('/api/setup', undefined, { allowUnauthorized: true }),
  setup: (input: SetupInput) => api.post<{ user: User }>('/api/setup', input, { allowUnauthorized: true, quiet: true }),
  login: (email: string, password: string) =>
    api.post<{ user: User }>('/api/login', { email, password }, { allowUnauthorized: true, quiet: true }),
  logout: () => api.post<void>('/api/logout', {}, { allowUnauthorized: true }),
  /** Ends every session of the user, this one included. */
  logoutEverywhere: () => api.post<void>('/api/logout/all', {}, { allowUnauthorized: true }),
  /** Changes the password; the user's other sessions are signed out. Field errors come back as issues. */
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/api/password', { currentPassword, newPassword }, { quiet: true }),
  /** The current session, or null when signed out. */
  current: async (): Promise<Session | null> => {
    try {
      return await api.get<Session>('/api/session', undefined, { allowUnauthorized: true });
    } catch (error) {
      if ((error as { status?: number }).status === 401) return null;
      throw error;
    }
  },
  switchWorkspace: (workspaceId: number) => api.post<void>('/api/session/workspace', { workspaceId }),
  invite: (token: string) => api.get<Invite>(`/api/invites/${encodeURIComponent(token)}`, undefined, { allowUnauthorized: true }),
  /** A new account (name, password), or the invited email's existing account (its password). */
  acceptInvite: (token: string, name: string, password: string) =>
    api.post<{ user: User }>(`/api/invites/${encodeURIComponent(token)}/accept`, { name, password }, { allowUnauthorized: true, quiet: true }),
};

export const overviewApi = {
  get: (range: RangeQuery, signal?: AbortSignal) => api.get<Overview>('/api/overview', q(range), { signal }),
};

export const facetsApi = {
  get: (signal?: AbortSignal) => api.get<Facets>('/api/facets', undefined, { signal }),
};

export const groupsApi = {
  list: (query: GroupQuery, signal?: AbortSignal) => api.get<Page<Group>>('/api/groups', q(query), { signal }),
  bulk: (ids: number[], action: BulkGroupAction) => api.post<{ updated: number }>('/api/groups/bulk', { ids, ...action }),
  get: (id: number, range: RangeQuery, signal?: AbortSignal) =>
    api.get<GroupDetail>(`/api/groups/${id}`, q(range), { signal }),
  members: (id: number, params: ListParams, signal?: AbortSignal) =>
    api.get<Page<GroupMember>>(`/api/groups/${id}/members`, q(params), { signal }),
  joinRequests: (id: number, signal?: AbortSignal) => api.get<{ items: JoinRequest[] }>(`/api/groups/${id}/join-requests`, undefined, { signal }),
  decideJoinRequest: (id: number, memberId: number, decision: 'approve' | 'decline') =>
    api.post<{ status: 'approved' | 'declined' }>(`/api/groups/${id}/join-requests/${memberId}/${decision}`, {}),
};

/** Operators' actions on a group, carried out on its platform; failures are shown inline by the caller (quiet). */
export const groupActionsApi = {
  post: (id: number, text: string) => api.post<Push>(`/api/groups/${id}/messages`, { text }, { quiet: true }),
  pushes: (id: number, params: ListParams, signal?: AbortSignal) => api.get<Page<Push>>(`/api/groups/${id}/pushes`, q(params), { signal }),
  mute: (id: number, memberId: number, minutes: number) =>
    api.post<{ until: string }>(`/api/groups/${id}/members/${memberId}/mute`, { minutes }, { quiet: true }),
  kick: (id: number, memberId: number) => api.post<{ ok: true }>(`/api/groups/${id}/members/${memberId}/kick`, {}, { quiet: true }),
  createInviteLink: (id: number, input: { source: string; name?: string; memberLimit?: number; requiresApproval?: boolean }) =>
    api.post<GroupInviteLink>(`/api/groups/${id}/invite-links`, input, { quiet: true }),
  inviteLinks: (id: number, params: ListParams, signal?: AbortSignal) =>
    api.get<Page<GroupInviteLink>>(`/api/groups/${id}/invite-links`, q(params), { signal }),
};

/** Connecting platform accounts (admin): failures are shown next to the form (quiet). */
export const accountsApi = {
  checkTelegram: (token: string, apiRoot?: string) =>
    api.post<TelegramCheck>('/api/accounts/telegram/check', apiRoot ? { token, apiRoot } : { token }, { quiet: true }),
  create: (input: NewAccount) => api.post<Account>('/api/accounts', input, { quiet: true }),
};

export const membersApi = {
  list: (query: MemberQuery, signal?: AbortSignal) => api.get<Page<MemberRow>>('/api/members', q(query), { signal }),
  get: (id: number, signal?: AbortSignal) => api.get<MemberDetail>(`/api/members/${id}`, undefined, { signal }),
  setTags: (id: number, tags: string[]) => api.put<{ tags: string[] }>(`/api/members/${id}/tags`, { tags }),
  /** The export is a download (content-disposition: attachment): a link to it, not a fetch. */
  exportUrl: (id: number) => `/api/members/${id}/export`,
  erase: (id: number) => api.post<MemberErasure>(`/api/members/${id}/erase`, { confirm: 'ERASE' }),
  bulkTag: (ids: number[], add: string[], remove: string[]) =>
    api.post<{ updated: number }>('/api/members/bulk-tag', { ids, add, remove }),
  /** Linked identities: members who are the same person (the ban list covers them all). */
  links: (id: number, signal?: AbortSignal) => api.get<{ items: LinkedMember[] }>(`/api/members/${id}/links`, undefined, { signal }),
  link: (id: number, memberId: number) => api.post<{ linked: number[] }>(`/api/members/${id}/links`, { memberId }),
  unlink: (id: number) => api.post<{ ok: true }>(`/api/members/${id}/unlink`, {}),
};

export const settingsApi = {
  workspace: (signal?: AbortSignal) => api.get<Workspace>('/api/workspace', undefined, { signal }),
  updateWorkspace: (patch: { name?: string; timezone?: string }) => api.patch<Workspace>('/api/workspace', patch),
  staff: (params: ListParams, signal?: AbortSignal) => api.get<Page<Staff>>('/api/staff', q(params), { signal }),
  setRole: (id: number, role: Role) => api.patch<Staff>(`/api/staff/${id}`, { role }),
  removeStaff: (id: number) => api.delete<void>(`/api/staff/${id}`),
  invite: (email: string, role: Role) => api.post<InviteLink>('/api/staff/invites', { email, role }),
  accounts: (params: ListParams, signal?: AbortSignal) => api.get<Page<Account>>('/api/accounts', q(params), { signal }),
  audit: (query: AuditQuery, signal?: AbortSignal) => api.get<Page<AuditEntry>>('/api/audit', q(query), { signal }),
};

/** Activities (polls, quizzes, draws), check-ins, the daily card, KOLs and trust levels. */
export const activitiesApi = {
  list: (params: ListParams, signal?: AbortSignal) => api.get<Page<Activity>>('/api/activities', q(params), { signal }),
  get: (id: number, signal?: AbortSignal) => api.get<ActivityDetail>(`/api/activities/${id}`, undefined, { signal }),
  create: (input: NewActivity) => api.post<Activity>('/api/activities', input),
  close: (id: number) => api.post<Activity>(`/api/activities/${id}/close`, {}),
  /** A download for `qunyun draw verify --file`. */
  drawRecordUrl: (id: number) => `/api/activities/${id}/draw.json`,
  leaderboard: (query: { groupId?: number; day?: string }, signal?: AbortSignal) => api.get<CheckinLeaderboard>('/api/checkins/leaderboard', q(query), { signal }),
  /** The daily card is an image: its address, not a fetch. */
  dailyCardUrl: (query: { day?: string; text?: string; name?: string; memberId?: number; groupId?: number }) =>
    `/api/daily-card.png?${new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString()}`,
  kols: (signal?: AbortSignal) => api.get<KolOverview>('/api/kols', undefined, { signal }),
  review: () => api.post<{ promoted: number; eliminated: number; kept: number; trustPromoted: number; trustDemoted: number }>('/api/kols/review', {}),
  trust: (memberId: number, signal?: AbortSignal) => api.get<MemberTrust>(`/api/members/${memberId}/trust`, undefined, { signal }),
};

/** Moderation (issue #13): rules with dry run, the queue, the ban list, appeals. */
export const moderationApi = {
  rules: (signal?: AbortSignal) => api.get<ModerationRules>('/api/moderation/rules', undefined, { signal }),
  saveDraft: (draft: ModerationDraft) => api.post<ModerationRuleVersion>('/api/moderation/rules', draft, { quiet: true }),
  dryRun: (version: number, days: number) => api.post<ModerationDryRun>(`/api/moderation/rules/${version}/dry-run`, { days }),
  enable: (version: number) => api.post<ModerationRuleVersion>(`/api/moderation/rules/${version}/enable`, {}),
  stats: (days: number, signal?: AbortSignal) => api.get<{ items: ModerationRuleStats[] }>('/api/moderation/stats', { days }, { signal }),
  queue: (params: { state?: ModerationQueueState; rule?: string; limit: number; offset: number }, signal?: AbortSignal) =>
    api.get<Page<ModerationDecision>>('/api/moderation/decisions', q(params), { signal }),
  act: (id: number, verb: 'undo' | 'not-spam' | 'confirm') => api.post<{ ok: boolean }>(`/api/moderation/decisions/${id}/${verb}`, {}),
  appealLink: (id: number, send: boolean) => api.post<{ url: string; sent: boolean }>(`/api/moderation/decisions/${id}/appeal-link`, { send }),
  bans: (params: { all?: 'true' | 'false'; limit: number; offset: number }, signal?: AbortSignal) => api.get<Page<ModerationBan>>('/api/moderation/bans', q(params), { signal }),
  ban: (memberId: number, reason: string) => api.post<{ id: number; created: boolean }>('/api/moderation/bans', { memberId, reason }),
  lift: (id: number) => api.post<{ ok: boolean }>(`/api/moderation/bans/${id}/lift`, {}),
  /** The export is a download: a link to it. */
  exportUrl: '/api/moderation/bans.csv',
  importCsv: (csv: string) => api.post<ModerationBanImport>('/api/moderation/bans/import', { csv }),
  appeals: (params: { state?: 'open' | 'accepted' | 'rejected'; limit: number; offset: number }, signal?: AbortSignal) =>
    api.get<Page<ModerationAppeal>>('/api/moderation/appeals', q(params), { signal }),
  decideAppeal: (id: number, accept: boolean) => api.post<{ decisionId: number }>(`/api/moderation/appeals/${id}/decide`, { accept }),
  publicAppeal: (token: string, signal?: AbortSignal) => api.get<PublicAppeal>(`/api/appeal/${encodeURIComponent(token)}`, undefined, { signal, allowUnauthorized: true }),
  fileAppeal: (token: string, text: string) => api.post<{ ok: boolean }>(`/api/appeal/${encodeURIComponent(token)}`, { text }, { allowUnauthorized: true, quiet: true }),
};

/** 复盘 (issue #17): engagement, retention cohorts, funnels, health and dead-group warnings. */
export const reviewApi = {
  engagement: (range: { from: string; to: string }, signal?: AbortSignal) => api.get<ReviewEngagement>('/api/review/engagement', q(range), { signal }),
  retention: (range: { from: string; to: string; grain: 'week' | 'month' }, signal?: AbortSignal) => api.get<ReviewRetention>('/api/review/retention', q(range), { signal }),
  funnels: (range: { from: string; to: string }, signal?: AbortSignal) => api.get<ReviewFunnels>('/api/review/funnels', q(range), { signal }),
  health: (signal?: AbortSignal) => api.get<ReviewHealth>('/api/review/health', undefined, { signal }),
  kpis: (range: { from: string; to: string }, signal?: AbortSignal) => api.get<ReviewKpis>('/api/review/kpis', q(range), { signal }),
  /** Recomputes a stored report now (the reads serve the one refreshed in the background). */
  refresh: (body: { kind: 'engagement' | 'retention' | 'funnels' | 'health'; from?: string; to?: string; grain?: 'week' | 'month' }) =>
    api.post<{ kind: string; computedAt: string; computeMs: number }>('/api/review/refresh', body),
};

/** Conversion: orders, their import and webhook, customers mapped to members, costs, ROI (src/orders/routes.ts). */
export const ordersApi = {
  list: (query: { from: string; to: string; status?: 'all' | 'matched' | 'unmatched' }, signal?: AbortSignal) => api.get<OrderList>('/api/orders', q(query), { signal }),
  roi: (range: { from: string; to: string }, signal?: AbortSignal) => api.get<OrderRoi>('/api/orders/roi', q(range), { signal }),
  importFile: (body: { format: 'csv' | 'xlsx'; content: string; fileName?: string }) => api.post<OrderImport>('/api/orders/import', body, { quiet: true }),
  settings: (signal?: AbortSignal) => api.get<OrderSettings>('/api/orders/settings', undefined, { signal }),
  updateSettings: (body: { windowDays?: number; rotateSecret?: boolean }) => api.patch<OrderSettings>('/api/orders/settings', body),
  mapCustomer: (body: { kind: 'customer_id' | 'phone'; value: string; memberId: number }) => api.post<{ value: string; matched: number }>('/api/orders/customers', body),
  costs: (signal?: AbortSignal) => api.get<OrderCosts>('/api/orders/costs', undefined, { signal }),
  setCost: (body: { kind: 'campaign' | 'code' | 'group'; targetId: number; costCents: number | null; note?: string }) => api.put<{ ok: true }>('/api/orders/costs', body),
};
