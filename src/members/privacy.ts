/**
 * A person's rights over their data (PIPL, GDPR): export everything Qunyun holds about a member,
 * and erase it. Both are audited by member id (never by name); the API and the CLI call these.
 *
 * Export: one JSON document, written as a stream of chunks. The member, their identities, tags,
 * memberships (with the invite link that brought them in), the joins they referred, the audit
 * entries about them, then every message and every other event of theirs, read in pages by
 * (occurred_at, seq) along events_member_time_idx, so that 100k messages never sit in memory.
 * The pages are separate reads, not one snapshot: an event stored meanwhile may or may not appear.
 *
 * Erasure, in one transaction under the event log's append and projection locks (no batch of
 * theirs is half stored, no slice half projected):
 * - their platform identities are deleted and remembered only as a one-way hash
 *   (erased_identities, see src/events/erased.ts), which ingest uses to store any later or
 *   re-delivered event of theirs without text or names, on the placeholder member;
 * - the member row stays, as the anonymous placeholder "erased member #<hash>" with erased_at,
 *   so that memberships (group sizes), rollups and the log's member ids stay as they are;
 * - tags are deleted; audit entries about the member keep who, when, what and the member id but
 *   lose their detail (tag names);
 * - their events keep type, time, group, member id, message id, kind and counts, and lose text,
 *   names and emoji; their platform user id becomes a token in payloads and event ids; others'
 *   events that name them (mentions, inviter, group owner) name the token; edited texts of their
 *   messages are cleared; dead letters of theirs lose their raw body.
 * Figures (rollups, group sizes, actives) and a later `qunyun rollups rebuild` are unchanged: the
 * rollups read only what the erasure keeps. Not covered: other people's message texts that spell
 * the person's name (those are the other people's words), and connectors' own memories outside
 * the database (a WeCom reconcile no longer knows the erased member's user id; see the notes in
 * docs/console-api.md).
 */
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import type { AuditActor } from '../audit/record.ts';
import { recordAudit } from '../audit/record.ts';
import { AppError } from '../errors.ts';
import { erasedToken, identityHash } from '../events/erased.ts';
import { lockAppend, lockProjection } from '../events/locks.ts';
import { projectPending } from '../events/projector.ts';

export const EXPORT_FORMAT = 'qunyun.member-export/1';
/** Events read per page of the export. */
const PAGE = 1000;

/** The placeholder name of an erased member: derived from nothing personal. */
export function placeholderName(workspaceId: number, memberId: number): string {
  return `erased member #${createHash('sha256').update(`${workspaceId}:member:${memberId}`).digest('hex').slice(0, 8)}`;
}

interface MemberHead { id: number; name: string; firstSeenAt: Date; erasedAt: Date | null }

async function memberHead(db: Queryable, workspaceId: number, memberId: number, lock = false): Promise<MemberHead> {
  const [row] = await db.query<MemberHead>(
    `select id, display_name as name, first_seen_at as "firstSeenAt", erased_at as "erasedAt"
     from members where workspace_id = $1 and id = $2 ${lock ? 'for update' : ''}`, [workspaceId, memberId]);
  if (!row) throw new AppError('not_found', `no member ${memberId}`);
  return row;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const json = (v: unknown) => JSON.stringify(v);

/**
 * The audit entries about a member: on them (member:<id>), on a list of members with them, or an
 * action in a group naming them (mute, kick).
 */
const ABOUT_MEMBER = `a.workspace_id = $1 and (a.target = 'member:' || $2::text
  or (a.target like 'members:%' and $2::text = any(string_to_array(substr(a.target, 9), ',')))
  or a.detail->>'member' = $2::text)`;

/**
 * Checks the member, records the export in the audit log, and answers the document as chunks of
 * JSON text to write one after another. Throws not_found before anything is written.
 */
export async function exportMember(db: Database, actor: AuditActor, memberId: number, options: { pageSize?: number } = {}): Promise<AsyncIterable<string>> {
  const head = await memberHead(db, actor.workspaceId, memberId);
  await recordAudit(db, actor, { action: 'member.export', target: `member:${memberId}` });
  return exportChunks(db, actor.workspaceId, head, options.pageSize ?? PAGE);
}

async function* exportChunks(db: Queryable, workspaceId: number, head: MemberHead, page: number): AsyncGenerator<string> {
  const p = [workspaceId, head.id];
  const [workspace] = await db.query<{ id: number; slug: string; name: string; timezone: string }>(
    'select id, slug, name, timezone from workspaces where id = $1', [workspaceId]);
  yield `{"format":${json(EXPORT_FORMAT)},"exportedAt":${json(new Date().toISOString())},"workspace":${json(workspace)}`;
  yield `,"member":${json({ id: head.id, name: head.name, firstSeenAt: iso(head.firstSeenAt), erasedAt: iso(head.erasedAt) })}`;

  const identities = await db.query(
    `select i.account_id as "accountId", a.platform, a.name as "accountName", i.platform_user_id as "platformUserId",
            i.display_name as "displayName", i.is_bot as "isBot", i.profile_at as "profileAt"
     from member_identities i left join platform_accounts a on a.workspace_id = i.workspace_id and a.id = i.account_id
     where i.workspace_id = $1 and i.member_id = $2 order by i.account_id, i.platform_user_id`, p);
  yield `,"identities":${json(identities)}`;

  const tags = await db.query('select tag, created_at as "createdAt" from member_tags where workspace_id = $1 and member_id = $2 order by tag', p);
  yield `,"tags":${json(tags)}`;

  const memberships = await db.query(
    `select ms.group_id as "groupId", g.name as "groupName", ms.active, ms.first_joined_at as "firstJoinedAt",
            ms.joined_at as "joinedAt", ms.left_at as "leftAt", ms.state_at as "stateAt", ms.source,
            ms.invite_code as "inviteCode", ms.inviter_member_id as "inviterMemberId", ms.staff_id as "staffId",
            ms.leave_reason as "leaveReason",
            case when l.id is null then null else json_build_object('id', l.id, 'source', l.source, 'name', l.name, 'url', l.url,
              'createdBy', l.created_by, 'createdAt', l.created_at) end as "inviteLink"
     from memberships ms
     left join groups g on g.workspace_id = ms.workspace_id and g.id = ms.group_id
     left join invite_links l on l.workspace_id = ms.workspace_id and l.group_id = ms.group_id and l.code = ms.invite_code
     where ms.workspace_id = $1 and ms.member_id = $2 order by ms.first_joined_at nulls last, ms.group_id`, p);
  yield `,"memberships":${json(memberships)}`;

  const referrals = await db.query(
    `select ms.group_id as "groupId", count(*)::int as joins from memberships ms
     where ms.workspace_id = $1 and ms.inviter_member_id = $2 group by 1 order by 1`, p);
  yield `,"referrals":${json(referrals)}`;

  const audit = await db.query(
    `select a.id, a.at, a.actor_user_id as "actorUserId", a.action, a.target, a.detail
     from audit_log a where ${ABOUT_MEMBER} order by a.at, a.id`, p);
  yield `,"audit":${json(audit)}`;

  // Messages as the messages view shows them (latest edit, deletion, reactions), then every other event.
  let messages = 0, events = 0;
  yield ',"messages":[';
  for await (const rows of pages(db, workspaceId, head.id, 'message', page)) {
    yield (messages > 0 ? ',' : '') + rows.map((r) => json({
      groupId: r.group_id, groupName: r.group_name, platformMessageId: r.message_id, sentAt: iso(r.occurred_at),
      kind: r.payload.kind ?? 'text', text: r.edited_at ? r.edit_text : (r.payload.text ?? null),
      ...(r.edited_at ? { originalText: r.payload.text ?? null, editedAt: iso(r.edited_at) } : {}),
      deletedAt: iso(r.deleted_at), reactions: r.reactions ?? 0,
      replyTo: r.payload.replyTo ?? null, mentions: r.payload.mentions ?? [],
    })).join(',');
    messages += rows.length;
  }
  yield '],"events":[';
  for await (const rows of pages(db, workspaceId, head.id, 'other', page)) {
    yield (events > 0 ? ',' : '') + rows.map((r) => json({
      type: r.type, occurredAt: iso(r.occurred_at), groupId: r.group_id, groupName: r.group_name,
      platformEventId: r.platform_event_id, payload: r.payload,
    })).join(',');
    events += rows.length;
  }
  yield `],"counts":${json({ messages, events })}}\n`;
}

interface EventRow {
  seq: number; occurred_at: Date; type: string; group_id: number; group_name: string | null; platform_event_id: string;
  message_id: string | null; payload: Record<string, any>;
  edit_text: string | null; edited_at: Date | null; deleted_at: Date | null; reactions: number | null;
}

/**
 * The member's events (messages, or all others), a page at a time, by (occurred_at, seq). The
 * plain `occurred_at >=` bound lets each page start in the index where the last one ended (the row
 * comparison alone would not bound the index scan).
 */
async function* pages(db: Queryable, workspaceId: number, memberId: number, which: 'message' | 'other', size: number): AsyncGenerator<EventRow[]> {
  let after: { t: Date; seq: number } | undefined;
  for (;;) {
    const rows = await db.query<EventRow>(
      `select e.seq, e.occurred_at, e.type, e.group_id, g.name as group_name, e.platform_event_id, e.message_id, e.payload,
              c.text as edit_text, c.edited_at, c.deleted_at, c.reactions
       from events e
       left join groups g on g.workspace_id = e.workspace_id and g.id = e.group_id
       left join message_changes c on e.type = 'message' and c.workspace_id = e.workspace_id and c.group_id = e.group_id and c.message_id = e.message_id
       where e.workspace_id = $1 and e.member_id = $2 and ${which === 'message' ? "e.type = 'message'" : "e.type <> 'message'"}
         ${after ? 'and e.occurred_at >= $4 and (e.occurred_at, e.seq) > ($4, $5)' : ''}
       order by e.occurred_at, e.seq limit $3`,
      after ? [workspaceId, memberId, size, after.t, after.seq] : [workspaceId, memberId, size]);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    const last = rows.at(-1)!;
    after = { t: last.occurred_at, seq: last.seq };
  }
}

export interface ErasureResult {
  id: number;
  /** The placeholder name the member has now. */
  name: string;
  erasedAt: string;
  /** Platform identities removed (remembered only as hashes). */
  identities: number;
  /** Messages whose text was removed, and all their events (messages included) scrubbed. */
  messages: number;
  events: number;
  tags: number;
}

/**
 * Erases a member's personal data (see the header), in one transaction, and audits it. A member
 * already erased is a conflict. Pending events are projected first, so that what they would do
 * to the member (a newer name, a join's inviter) is done before, not after, the erasure.
 */
export async function eraseMember(db: Database, actor: AuditActor, memberId: number): Promise<ErasureResult> {
  const ws = actor.workspaceId;
  await memberHead(db, ws, memberId);
  await projectPending(db, ws);
  return db.transaction(async (tx) => {
    await lockAppend(tx, ws);
    await lockProjection(tx, ws);
    const head = await memberHead(tx, ws, memberId, true);
    if (head.erasedAt) throw new AppError('conflict', `member ${memberId} was erased already`);
    const ids = (await tx.query<{ acc: number; uid: string }>(
      'select account_id as acc, platform_user_id as uid from member_identities where workspace_id = $1 and member_id = $2 order by 1, 2',
      [ws, memberId])).map((i) => ({ ...i, hash: identityHash(ws, i.acc, i.uid) }));
    const accs = ids.map((i) => i.acc), uids = ids.map((i) => i.uid), tokens = ids.map((i) => erasedToken(i.hash));
    // The identities as a CTE, from parameters $n, $n+1, $n+2.
    const idList = (n: number) => `ids as (select * from unnest($${n}::int8[], $${n + 1}::text[], $${n + 2}::text[]) as x(acc, uid, token))`;

    await tx.query(
      `insert into erased_identities (workspace_id, account_id, identity_hash, member_id)
       select $1, x.acc, x.hash, $2 from unnest($3::int8[], $4::text[]) as x(acc, hash)
       on conflict do nothing`, [ws, memberId, accs, ids.map((i) => i.hash)]);

    // Their edited texts first: the messages are found through their events, which keep message ids.
    await tx.query(
      `update message_changes c set text = null
       from (select distinct group_id, message_id from events
             where workspace_id = $1 and member_id = $2 and type in ('message', 'edit') and message_id is not null) m
       where c.workspace_id = $1 and c.group_id = m.group_id and c.message_id = m.message_id and c.text is not null`, [ws, memberId]);

    // Their own events: personal fields out, their platform user id replaced by its token in the
    // payload and in the event id (as ingest will for a re-delivery: src/events/erased.ts).
    const [own] = await tx.query<{ events: number; messages: number }>(
      `with ${idList(3)},
       scrubbed as (update events e set
         platform_event_id = coalesce(replace(e.platform_event_id, i.uid, i.token), e.platform_event_id),
         payload = case when i.uid is null then e.payload - 'name' - 'text' - 'emoji' - 'userId'
           else e.payload - 'name' - 'text' - 'emoji'
             || jsonb_build_object('userId', i.token, 'eventId', replace(e.platform_event_id, i.uid, i.token)) end
       from events e0 left join ids i on i.acc = e0.account_id and i.uid = e0.payload->>'userId'
       where e0.workspace_id = $1 and e0.member_id = $2
         and e.workspace_id = e0.workspace_id and e.account_id = e0.account_id and e.platform_event_id = e0.platform_event_id
       returning e.type)
       select count(*)::int as events, (count(*) filter (where type = 'message'))::int as messages from scrubbed`, [ws, memberId, accs, uids, tokens]);

    // Others' events that name them: mentions, the inviter of a join, the owner of a group. No
    // index leads there: this reads the messages and joins of the person's accounts once, which an
    // erasure (rare, and one transaction) can afford.
    if (ids.length > 0) {
      await tx.query(
        `with ${idList(2)}
         update events e set payload = e.payload
           || case when jsonb_typeof(e.payload->'mentions') = 'array' then jsonb_build_object('mentions',
                (select coalesce(jsonb_agg(coalesce(i.token, m.v) order by m.o), '[]'::jsonb)
                 from jsonb_array_elements_text(e.payload->'mentions') with ordinality as m(v, o)
                 left join ids i on i.acc = e.account_id and i.uid = m.v)) else '{}'::jsonb end
           || case when e.payload ? 'ownerId' then jsonb_build_object('ownerId',
                coalesce((select token from ids where acc = e.account_id and uid = e.payload->>'ownerId'), e.payload->>'ownerId')) else '{}'::jsonb end
           || case when e.payload->'via' ? 'inviterId' then jsonb_build_object('via', (e.payload->'via') || jsonb_build_object('inviterId',
                coalesce((select token from ids where acc = e.account_id and uid = e.payload->'via'->>'inviterId'), e.payload->'via'->>'inviterId'))) else '{}'::jsonb end
         where e.workspace_id = $1 and e.account_id = any($2::int8[]) and e.type in ('message', 'join', 'join_request', 'group_created')
           and exists (select 1 from ids i where i.acc = e.account_id and (
             e.payload->'mentions' ? i.uid or e.payload->'via'->>'inviterId' = i.uid or e.payload->>'ownerId' = i.uid))`, [ws, accs, uids, tokens]);
      await tx.query(
        `with ${idList(2)}
         update dead_letters d set raw = '{"erased": true}'::jsonb
         from ids i where d.workspace_id = $1 and d.account_id = i.acc and d.raw->>'userId' = i.uid`, [ws, accs, uids, tokens]);
    }

    await tx.query('delete from member_identities where workspace_id = $1 and member_id = $2', [ws, memberId]);
    const [tags] = await tx.query<{ n: number }>(
      'with gone as (delete from member_tags where workspace_id = $1 and member_id = $2 returning tag) select count(*)::int as n from gone', [ws, memberId]);
    // Entries on this member alone (their tags); entries on many members or on a group stay whole.
    await tx.query(`update audit_log set detail = null where workspace_id = $1 and target = 'member:' || $2::text and detail is not null`, [ws, memberId]);
    const name = placeholderName(ws, memberId);
    const [done] = await tx.query<{ at: Date }>(
      'update members set display_name = $3, erased_at = now() where workspace_id = $1 and id = $2 returning erased_at as at', [ws, memberId, name]);
    const result: ErasureResult = {
      id: memberId, name, erasedAt: done!.at.toISOString(), identities: ids.length,
      messages: own!.messages, events: own!.events, tags: tags!.n,
    };
    await recordAudit(tx, actor, {
      action: 'member.erase', target: `member:${memberId}`,
      detail: { identities: result.identities, messages: result.messages, events: result.events, tags: result.tags },
    });
    return result;
  });
}
