/**
 * Day ranges of the pages (workspace-zone `YYYY-MM-DD`) and the queries the list pages build from
 * their address: pure functions, shared by the pages and by the start-up preload (lib/preload.ts),
 * so that both ask for exactly the same address.
 */
import { GROUP_STAGES, HEALTHS, STAGES, type GroupQuery, type GroupStage, type Grain, type GroupSort, type Health, type MemberQuery, type MemberSort, type Stage } from '../api/index.ts';
import { today, toDay } from './zone.ts';

export interface DayRange {
  from: string;
  to: string;
  /** All history: from the first day with activity (the server resolves `from`). */
  all?: boolean;
  /** The grain asked for; none: the range's (≤ 90 days by day, ≤ 2 years by week, longer by month). */
  grain?: Grain;
}

export function lastDays(n: number): DayRange {
  const end = today();
  return { from: toDay(end.subtract(n - 1, 'day')), to: toDay(end) };
}

/** The API query of a range. */
export function rangeQuery(r: DayRange): { from?: string; to?: string; all?: boolean; grain?: Grain } {
  return { ...(r.all ? { all: true } : { from: r.from, to: r.to }), ...(r.grain ? { grain: r.grain } : {}) };
}

/** The overview's range from its address (`from`/`to`, `all`, `grain`); the last 30 days by default. */
export function rangeFromParams(params: URLSearchParams): DayRange {
  const from = params.get('from');
  const to = params.get('to');
  const grain = params.get('grain');
  const valid = (d: string | null) => d !== null && /^\d{4}-\d{2}-\d{2}$/.test(d);
  const base: DayRange = params.get('all') === 'true' ? { ...lastDays(1), all: true } : valid(from) && valid(to) && from! <= to! ? { from: from!, to: to! } : lastDays(30);
  return grain === 'day' || grain === 'week' || grain === 'month' ? { ...base, grain } : base;
}

const GROUP_SORTS: GroupSort[] = ['name', 'size', 'messagesPerDay', 'activeMembers7d', 'createdAt'];
const MEMBER_SORTS: MemberSort[] = ['name', 'lastActiveAt', 'messages30d', 'groups'];

function paging(params: URLSearchParams): { page: number; pageSize: number } {
  const num = (key: string, fallback: number) => {
    const value = Number(params.get(key));
    return params.has(key) && Number.isFinite(value) ? value : fallback;
  };
  return { page: Math.max(1, num('page', 1)), pageSize: Math.min(200, Math.max(10, num('size', 20))) };
}

const orderOf = (params: URLSearchParams) => (params.get('order') === 'asc' ? 'asc' : params.get('order') === 'desc' ? 'desc' : undefined);

/** The group list's filters, sort and page from its address. */
export function groupsFromParams(params: URLSearchParams) {
  const { page, pageSize } = paging(params);
  const sortParam = params.get('sort');
  const filters = {
    q: params.get('q') ?? undefined,
    purpose: params.get('purpose') ?? undefined,
    layer: params.get('layer') ?? undefined,
    tag: params.get('tag') ?? undefined,
    operatorId: params.get('operatorId') ? Number(params.get('operatorId')) : undefined,
    health: params.getAll('health').filter((h): h is Health => (HEALTHS as readonly string[]).includes(h)),
    stage: params.getAll('stage').filter((s): s is GroupStage => (GROUP_STAGES as readonly string[]).includes(s)),
  };
  const sort = GROUP_SORTS.includes(sortParam as GroupSort) ? (sortParam as GroupSort) : undefined;
  const order = orderOf(params);
  const query: GroupQuery = { ...filters, sort, order, limit: pageSize, offset: (page - 1) * pageSize };
  return { page, pageSize, sort, order, filters, query };
}

/** The member list's filters, sort and page from its address. */
export function membersFromParams(params: URLSearchParams) {
  const { page, pageSize } = paging(params);
  const sortParam = params.get('sort');
  const stageParam = params.get('stage');
  const filters = {
    q: params.get('q') ?? undefined,
    tag: params.get('tag') ?? undefined,
    groupId: params.get('groupId') ? Number(params.get('groupId')) : undefined,
    stage: STAGES.includes(stageParam as Stage) ? (stageParam as Stage) : undefined,
  };
  const sort = MEMBER_SORTS.includes(sortParam as MemberSort) ? (sortParam as MemberSort) : undefined;
  const order = orderOf(params);
  const query: MemberQuery = { ...filters, sort, order, limit: pageSize, offset: (page - 1) * pageSize };
  return { page, pageSize, sort, order, filters, query };
}
