/**
 * The moderation reactor: follows the event log behind the projector (src/events/reactors.ts) and
 * decides on every live message, join and button press, exactly once.
 *
 * - message: the author's context (joined how long ago, clean messages: trusted members skip
 *   content checks, never flood and duplicate checks), the engine's decide() with the workspace's
 *   rules and classifier, then the ladder (decisions.ts). `/report` as a reply is a member's report.
 * - join: a person on the workspace's ban list (any of their identities, any platform) is removed
 *   at once; on Telegram the optional shared list (CAS) is asked; otherwise newcomer verification.
 * - button: a newcomer's verification press; a newcomer's message while asked a question is their answer.
 *
 * Effects are rows and outbox actions written with the reactor's transaction, under keys derived
 * from the event (`event:<account>:<platform event id>`): a duplicated event never acts twice.
 * Imported history is never acted on. Bots (including Qunyun's own posts) are not moderated.
 */
import { storableJson } from '../db/storable.ts';
import type { Queryable } from '../db/database.ts';
import type { Reactor, ReactorEvent } from '../events/reactors.ts';
import { findBan } from './bans.ts';
import type { CasLookup } from './cas.ts';
import { recordDecision } from './decisions.ts';
import { decide, type Decision, type MemberContext } from './index.ts';
import { enqueueActions, type OutboxAction } from './outbox.ts';
import { canTake, canVerify } from './platforms.ts';
import { recordReport } from './reports.ts';
import { answerQuestion, pressButton, startVerification } from './verification.ts';
import { workspaceEngine, type WorkspaceEngine } from './workspace-engine.ts';

export interface ModerationReactorOptions {
  /** The shared ban-list lookup (Telegram joins), when the workspace enables it. */
  cas?: CasLookup;
  /** The clock (tests). */
  now?: () => Date;
}

interface GroupInfo { name: string; platform: string }
interface MemberInfo { name: string; isBot: boolean; userId: string | null; prior: number; offences: number }

const REPORT = /^\/report(@\w+)?(\s|$)/i;

export function moderationReactor(options: ModerationReactorOptions = {}): Reactor {
  // Caches of compiled rules and group flood state live as long as this reactor.
  const cacheKey = {};
  const now = options.now ?? (() => new Date());
  return {
    name: 'moderation',
    types: ['message', 'join', 'button'],
    async react(tx, workspaceId, events) {
      const live = events.filter((e) => !e.imported && e.memberId !== null);
      if (!live.length) return;
      const engine = await workspaceEngine(tx, workspaceId, cacheKey);
      // Flood and duplicate state: rebuilt from the stored messages when another process (or a
      // rolled-back run) worked the events just before these.
      await engine.syncTraffic(events[0]!.seq, events[0]!.occurredAt);
      const groups = await groupInfo(tx, workspaceId, [...new Set(live.map((e) => e.groupId))]);
      const members = await memberInfo(tx, workspaceId, live, engine.options.trustAfterCleanMessages);
      for (const e of live) {
        const g = groups.get(e.groupId);
        const m = members.get(e.memberId!);
        if (!g || !m || m.isBot) continue;
        if (e.type === 'join') await onJoin(tx, workspaceId, e, g, m, engine, options.cas, now());
        else if (e.type === 'button' && e.payload.type === 'button') {
          await pressButton(tx, workspaceId, { groupId: e.groupId, memberId: e.memberId!, data: e.payload.data, now: now() });
        } else if (e.type === 'message' && e.payload.type === 'message' && !e.payload.isBot) {
          await onMessage(tx, workspaceId, e, g, m, engine, now());
          m.prior++;
        }
      }
      engine.sawUpTo(events[events.length - 1]!.seq);
    },
  };
}

const eventKey = (e: ReactorEvent) => `event:${e.accountId}:${e.payload.eventId}`;

async function onJoin(tx: Queryable, workspaceId: number, e: ReactorEvent, g: GroupInfo, m: MemberInfo, engine: WorkspaceEngine, cas: CasLookup | undefined, now: Date): Promise<void> {
  const memberId = e.memberId!;
  const ban = await findBan(tx, workspaceId, { memberId, platform: e.platform, ...(m.userId ? { platformUserId: m.userId } : {}) });
  let banned: Pick<Decision, 'rule' | 'category' | 'score' | 'evidence'> | null = ban
    ? { rule: 'banlist', category: null, score: 1, evidence: [{ detector: 'keywords', rule: 'banlist', category: 'custom', note: `on the workspace ban list (ban ${ban.id}): ${ban.reason}` }] }
    : null;
  const cfg = engine.options.cas;
  if (!banned && cas && cfg.enabled && e.platform === 'telegram' && m.userId && await cas.isBanned(cfg.url, m.userId, cfg.cacheMinutes)) {
    banned = { rule: 'cas', category: null, score: 1, evidence: [{ detector: 'keywords', rule: 'cas', category: 'custom', note: 'on the shared ban list (CAS)' }] };
  }
  if (banned) {
    const key = eventKey(e);
    const task = canTake(g.platform, 'ban') ? null
      : `在客户端将 ${m.name} 移出群「${g.name}」（在工作区黑名单上）。\nIn the ${g.platform} client, remove ${m.name} from "${g.name}" (on the workspace ban list).`;
    const rows = await tx.query<{ id: number }>(
      `insert into moderation_decisions (workspace_id, key, source, event_seq, group_id, member_id, rule, category, score, evidence, actions, state, task, occurred_at)
       values ($1, $2, 'join', $3, $4, $5, $6, 'ban', 1, $7, '{ban}', $8, $9, $10) on conflict (workspace_id, key) do nothing returning id`,
      [workspaceId, key, e.seq, e.groupId, memberId, banned.rule, storableJson(banned.evidence), task ? 'task' : 'applied', task, e.occurredAt]);
    if (rows[0] && !task) {
      await enqueueActions(tx, workspaceId, [{ key: `moderation:${key}:ban`, kind: 'ban', groupId: e.groupId, memberId, payload: {}, origin: `moderation:decision:${rows[0].id}` } as OutboxAction]);
    }
    return;
  }
  const v = engine.options.verification;
  if (v.enabled && canVerify(g.platform)) {
    await startVerification(tx, workspaceId, { groupId: e.groupId, memberId, seq: e.seq, name: m.name, now }, v);
  }
}

async function onMessage(tx: Queryable, workspaceId: number, e: ReactorEvent, g: GroupInfo, m: MemberInfo, engine: WorkspaceEngine, now: Date): Promise<void> {
  if (e.payload.type !== 'message') return;
  const p = e.payload;
  const text = p.text ?? '';
  const joinedAt = await joinedAtOf(tx, workspaceId, e.groupId, e.memberId!);
  // A newcomer asked a verification question (within a day of joining): this message is the answer.
  if (joinedAt && e.occurredAt.getTime() - joinedAt.getTime() < 86_400_000
    && await answerQuestion(tx, workspaceId, { groupId: e.groupId, memberId: e.memberId!, text, now })) return;
  if (REPORT.test(text.trim())) {
    if (p.replyTo) await recordReport(tx, workspaceId, { seq: e.seq, groupId: e.groupId, reporterMemberId: e.memberId, messageId: p.replyTo, reportMessageId: p.messageId, platform: g.platform, at: e.occurredAt });
    return;
  }
  const trusted = m.offences === 0 && m.prior >= engine.options.trustAfterCleanMessages;
  const member: MemberContext = {
    memberId: String(e.memberId), cleanMessages: m.offences ? 0 : m.prior, trusted,
    ...(joinedAt ? { joinedAt: joinedAt.getTime() } : {}),
  };
  const d = decide({ id: p.messageId, text, at: e.occurredAt.getTime(), ...(p.mentions?.length ? { mentions: p.mentions.length } : {}) },
    member, engine.compiled, engine.groupState(e.groupId));
  if (d.action === 'allow') return;
  const ruleName = engine.compiled.rules.find((r) => r.id === d.rule)?.name ?? d.rule ?? undefined;
  await recordDecision(tx, workspaceId, {
    key: eventKey(e), via: 'auto', eventSeq: e.seq, groupId: e.groupId, memberId: e.memberId, messageId: p.messageId, text,
    engine: d, occurredAt: e.occurredAt, rulesVersion: engine.version, now,
  }, { ladder: engine.ladder, options: engine.options, platform: g.platform, groupName: g.name, memberName: m.name, ...(ruleName ? { ruleName } : {}) });
  m.offences++;
}

async function groupInfo(tx: Queryable, workspaceId: number, ids: number[]): Promise<Map<number, GroupInfo>> {
  const rows = await tx.query<{ id: number; name: string; platform: string }>(
    `select g.id, g.name, a.platform from groups g join platform_accounts a on a.workspace_id = g.workspace_id and a.id = g.account_id
     where g.workspace_id = $1 and g.id = any($2::bigint[])`, [workspaceId, ids]);
  return new Map(rows.map((r) => [r.id, { name: r.name, platform: r.platform }]));
}

/**
 * Per member of the batch: name, bot or not, their platform user id on the event's account, how
 * many messages they posted before the batch (counted up to what trust needs) and their decisions
 * of the last 30 days not undone.
 */
async function memberInfo(tx: Queryable, workspaceId: number, events: ReactorEvent[], trustAfter: number): Promise<Map<number, MemberInfo>> {
  const first = new Map<number, { seq: number; accountId: number }>();
  for (const e of events) if (!first.has(e.memberId!)) first.set(e.memberId!, { seq: e.seq, accountId: e.accountId });
  const ids = [...first.keys()];
  const rows = await tx.query<{ id: number; name: string; is_bot: boolean | null; user_id: string | null; prior: number; offences: number }>(
    `select u.id, m.display_name as name, mi.is_bot, mi.platform_user_id as user_id,
            (select count(*)::int from (select 1 from events e where e.workspace_id = $1 and e.member_id = u.id and e.type = 'message' and e.seq < u.seq limit $5) x) as prior,
            (select count(*)::int from moderation_decisions d where d.workspace_id = $1 and d.member_id = u.id and d.state <> 'undone'
               and d.rule is not null and d.created_at > now() - interval '30 days') as offences
     from unnest($2::bigint[], $3::bigint[], $4::bigint[]) as u(id, seq, account)
     join members m on m.workspace_id = $1 and m.id = u.id
     left join lateral (select is_bot, platform_user_id from member_identities where workspace_id = $1 and member_id = u.id and account_id = u.account limit 1) mi on true`,
    [workspaceId, ids, ids.map((i) => first.get(i)!.seq), ids.map((i) => first.get(i)!.accountId), trustAfter]);
  return new Map(rows.map((r) => [r.id, { name: r.name, isBot: r.is_bot ?? false, userId: r.user_id, prior: r.prior, offences: r.offences }]));
}

async function joinedAtOf(tx: Queryable, workspaceId: number, groupId: number, memberId: number): Promise<Date | null> {
  const rows = await tx.query<{ joined_at: Date | null }>('select joined_at from memberships where workspace_id = $1 and group_id = $2 and member_id = $3', [workspaceId, groupId, memberId]);
  return rows[0]?.joined_at ?? null;
}
