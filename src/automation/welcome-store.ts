/**
 * The welcome ritual in the database. Each join (not imported, not a bot) becomes a pending row
 * keyed by its event, in the transaction that moves the reactor's cursor, so a join is recorded
 * exactly once, whatever the deliveries. A flush (after each reaction, and every minute from the
 * worker for batches that waited M minutes) claims pending rows with `for update skip locked`,
 * writes a batch naming its newcomers and enqueues its welcome (outbox key `welcome:<batch>`),
 * the nickname reminder for those whose name breaks the group's format, and a greeting task with
 * a private message for each seed member. A pending row leaves the queue only by getting its batch.
 */
import type { Queryable } from '../db/database.ts';
import { enqueueActions, type OutboxAction } from '../outbox/outbox.ts';
import { isStale, type StoredEvent } from './engine.ts';
import {
  badNicknames, defaultWelcomeSettings, greetingText, nicknameReminderText, takeBatches, welcomeText,
  WelcomeSettings, type Newcomer, type WelcomeSettingsInput,
} from './welcome.ts';

/** Settings of a group: its own, else the workspace default (group 0), else disabled defaults. */
export async function welcomeSettingsOf(tx: Queryable, workspaceId: number, groupIds: readonly number[]): Promise<Map<number, WelcomeSettings>> {
  const rows = await tx.query<{ groupId: number; settings: unknown }>(
    `select group_id as "groupId", settings from welcome_settings where workspace_id = $1 and group_id = any($2::bigint[])`,
    [workspaceId, [0, ...new Set(groupIds)]]);
  const parse = (v: unknown) => { const r = WelcomeSettings.safeParse(v); return r.success ? r.data : null; };
  const byGroup = new Map(rows.map((r) => [r.groupId, parse(r.settings)]));
  const fallback = byGroup.get(0) ?? { ...defaultWelcomeSettings(), enabled: false };
  return new Map(groupIds.map((g) => [g, byGroup.get(g) ?? fallback]));
}

export async function saveWelcomeSettings(tx: Queryable, workspaceId: number, groupId: number, input: WelcomeSettingsInput): Promise<WelcomeSettings> {
  const settings = WelcomeSettings.parse(input);
  await tx.query(`insert into welcome_settings (workspace_id, group_id, settings) values ($1, $2, $3)
    on conflict (workspace_id, group_id) do update set settings = excluded.settings, updated_at = now()`, [workspaceId, groupId, JSON.stringify(settings)]);
  return settings;
}

/** The demo's welcome ritual (serve --demo): newcomers welcomed in batches of 5 (or after 10 minutes); an operator's own settings are kept. */
export async function ensureDemoWelcome(tx: Queryable, workspaceId: number): Promise<void> {
  const settings = WelcomeSettings.parse({
    enabled: true, batchSize: 5, batchMinutes: 10, purpose: '这里是品牌会员交流群，分享好物、答疑和福利。',
    rulesLink: '不发广告、不私加好友拉人、不刷屏', nicknamePattern: '城市-姓名-行业',
  });
  await tx.query(`insert into welcome_settings (workspace_id, group_id, settings) values ($1, 0, $2) on conflict do nothing`, [workspaceId, JSON.stringify(settings)]);
}

/** Records the joins of enabled groups as pending welcomes; marks greeting tasks of seed members who wrote. */
export async function welcomeReact(tx: Queryable, workspaceId: number, events: readonly StoredEvent[], now: Date): Promise<void> {
  const joins = events.filter((e) => e.type === 'join' && !e.imported && e.memberId !== null && !(e.payload as { isBot?: boolean }).isBot && !isStale(e.occurredAt, now));
  if (joins.length > 0) {
    const settings = await welcomeSettingsOf(tx, workspaceId, joins.map((e) => e.groupId));
    const wanted = joins.filter((e) => settings.get(e.groupId)?.enabled);
    if (wanted.length > 0) {
      await tx.query(
        `insert into welcome_pending (workspace_id, group_id, event_key, member_id, name, joined_at, seq)
         select $1, x.group_id, x.event_key, x.member_id, coalesce(x.name, m.display_name), x.joined_at, x.seq
           from unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::timestamptz[], $7::bigint[]) as x(group_id, event_key, member_id, name, joined_at, seq)
           join members m on m.workspace_id = $1 and m.id = x.member_id
         on conflict do nothing`,
        [workspaceId, wanted.map((e) => e.groupId), wanted.map((e) => `e${e.accountId}:${e.payload.eventId}`), wanted.map((e) => e.memberId),
          wanted.map((e) => e.payload.name ?? null), wanted.map((e) => e.occurredAt), wanted.map((e) => e.seq)]);
      await flushWelcomes(tx, workspaceId, now, [...new Set(wanted.map((e) => e.groupId))]);
    }
  }
  const messages = events.filter((e) => e.type === 'message' && !e.imported && e.memberId !== null);
  if (messages.length > 0) {
    await tx.query(`update welcome_greetings w set done_at = x.at from unnest($2::bigint[], $3::bigint[], $4::timestamptz[]) as x(group_id, member_id, at)
      where w.workspace_id = $1 and w.group_id = x.group_id and w.seed_member_id = x.member_id and w.done_at is null and w.created_at <= x.at`,
      [workspaceId, messages.map((e) => e.groupId), messages.map((e) => e.memberId), messages.map((e) => e.occurredAt)]);
  }
}

/** Sends the batches that are due (N newcomers, or the first waited M minutes). Returns the batches written. */
export async function flushWelcomes(tx: Queryable, workspaceId: number, now: Date, groupIds?: readonly number[]): Promise<number> {
  const rows = await tx.query<{ groupId: number; eventKey: string; memberId: number; name: string; joinedAt: Date }>(
    `select group_id as "groupId", event_key as "eventKey", member_id as "memberId", name, joined_at as "joinedAt"
       from welcome_pending where workspace_id = $1 and batch_id is null ${groupIds ? 'and group_id = any($2::bigint[])' : ''}
      order by group_id, joined_at, member_id for update skip locked`,
    groupIds ? [workspaceId, groupIds] : [workspaceId]);
  if (rows.length === 0) return 0;
  const byGroup = new Map<number, typeof rows>();
  for (const r of rows) { const l = byGroup.get(r.groupId); if (l) l.push(r); else byGroup.set(r.groupId, [r]); }
  const settings = await welcomeSettingsOf(tx, workspaceId, [...byGroup.keys()]);
  const names = new Map((await tx.query<{ id: number; name: string }>('select id, name from groups where workspace_id = $1 and id = any($2::bigint[])',
    [workspaceId, [...byGroup.keys()]])).map((g) => [g.id, g.name]));
  // Every batch of every group, then written with a few set-based statements (a burst of
  // thousands of joins is one flush, not thousands of round trips).
  const planned: Array<{ groupId: number; batch: Newcomer[]; eventKeys: string[]; text: string; bad: Newcomer[]; s: WelcomeSettings; groupName: string }> = [];
  for (const [groupId, pending] of byGroup) {
    const s = settings.get(groupId)!;
    // One newcomer per member (a join delivered twice under two ids, a join-leave-join): named once.
    const firstOf = new Map<number, Newcomer>();
    for (const p of pending) if (!firstOf.has(p.memberId)) firstOf.set(p.memberId, { memberId: p.memberId, name: p.name, joinedAt: p.joinedAt });
    const groupName = names.get(groupId) ?? '';
    for (const batch of takeBatches([...firstOf.values()], s, now)) {
      const members = new Set(batch.map((n) => n.memberId));
      planned.push({
        groupId, batch, s, groupName, text: welcomeText(s, groupName, batch), bad: badNicknames(s, batch),
        eventKeys: pending.filter((p) => members.has(p.memberId)).map((p) => p.eventKey),
      });
    }
  }
  if (planned.length === 0) return 0;
  const ids = await tx.query<{ id: number }>(
    `with input as (select * from unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) with ordinality as x(group_id, member_ids, names, text, bad, ord))
     insert into welcome_batches (workspace_id, group_id, member_ids, names, text, bad_nickname_ids)
     select $1, group_id, member_ids::bigint[], names::jsonb, text, bad::bigint[] from input order by ord
     returning id`,
    [workspaceId, planned.map((p) => p.groupId), planned.map((p) => `{${p.batch.map((n) => n.memberId).join(',')}}`),
      planned.map((p) => JSON.stringify(p.batch.map((n) => n.name))), planned.map((p) => p.text), planned.map((p) => `{${p.bad.map((n) => n.memberId).join(',')}}`)]);
  // Ids of a bigserial come in insertion order, which is the input order (order by ord).
  const batchIds = ids.map((r) => r.id).sort((a, b) => a - b);
  const keyRows = planned.flatMap((p, i) => p.eventKeys.map((k) => [p.groupId, k, batchIds[i]!] as const));
  await tx.query(`update welcome_pending w set batch_id = x.batch_id from unnest($2::bigint[], $3::text[], $4::bigint[]) as x(group_id, event_key, batch_id)
    where w.workspace_id = $1 and w.group_id = x.group_id and w.event_key = x.event_key and w.batch_id is null`,
    [workspaceId, keyRows.map((r) => r[0]), keyRows.map((r) => r[1]), keyRows.map((r) => r[2])]);
  const outbox: OutboxAction[] = [];
  const greetings: Array<[number, number, number]> = [];
  planned.forEach((p, i) => {
    const id = batchIds[i]!;
    const origin = `welcome:batch:${id}`;
    outbox.push({ key: `welcome:${id}`, kind: 'post', groupId: p.groupId, payload: { text: p.text }, origin });
    if (p.bad.length > 0) outbox.push({ key: `welcome:${id}:nickname`, kind: 'post', groupId: p.groupId, payload: { text: nicknameReminderText(p.s, p.groupName, p.bad) }, origin });
    const seeds = p.s.seedMemberIds.filter((m) => !p.batch.some((n) => n.memberId === m));
    if (seeds.length > 0) {
      const greeting = greetingText(p.s, p.groupName, p.batch);
      for (const seed of seeds) {
        greetings.push([id, seed, p.groupId]);
        outbox.push({ key: `welcome:${id}:greet:${seed}`, kind: 'private_message', groupId: p.groupId, memberId: seed, payload: { text: greeting }, origin });
      }
    }
  });
  if (greetings.length > 0) {
    await tx.query(`insert into welcome_greetings (workspace_id, batch_id, seed_member_id, group_id) select $1, * from unnest($2::bigint[], $3::bigint[], $4::bigint[]) on conflict do nothing`,
      [workspaceId, greetings.map((g) => g[0]), greetings.map((g) => g[1]), greetings.map((g) => g[2])]);
  }
  const written = planned.length;
  if (outbox.length > 0) await enqueueActions(tx, workspaceId, outbox);
  return written;
}
