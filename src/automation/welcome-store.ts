/**
 * The welcome ritual in the database. Each join (not imported, not a bot; one reported more than a
 * day late only within the group's lateJoinDays while the member is still in the group) becomes
 * a pending row keyed by its event, in the transaction that moves the reactor's cursor, so a join
 * is recorded exactly once, whatever the deliveries. A flush (after each reaction, and every minute
 * from the worker for batches that waited M minutes) takes the waiting rows with `for update skip
 * locked`, writes a batch naming its newcomers and enqueues its welcome (outbox key `welcome:<batch>`),
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
  const joins = events.filter((e) => e.type === 'join' && !e.imported && e.memberId !== null && !(e.payload as { isBot?: boolean }).isBot);
  if (joins.length > 0) {
    const settings = await welcomeSettingsOf(tx, workspaceId, joins.map((e) => e.groupId));
    // A join reported late is welcomed within the group's window while the member is still there.
    const late = joins.filter((e) => isStale(e.occurredAt, now));
    const stillIn = late.length === 0 ? new Set<string>() : new Set((await tx.query<{ key: string }>(
      `select ms.group_id || ':' || ms.member_id as key from memberships ms join unnest($2::bigint[], $3::bigint[]) as x(group_id, member_id)
         on ms.group_id = x.group_id and ms.member_id = x.member_id where ms.workspace_id = $1 and ms.active`,
      [workspaceId, late.map((e) => e.groupId), late.map((e) => e.memberId)])).map((r) => r.key));
    const wanted = joins.filter((e) => {
      const s = settings.get(e.groupId);
      if (!s?.enabled) return false;
      if (!isStale(e.occurredAt, now)) return true;
      return now.getTime() - e.occurredAt.getTime() <= s.lateJoinDays * 86_400_000 && stillIn.has(`${e.groupId}:${e.memberId}`);
    });
    if (wanted.length > 0) {
      await flushWelcomes(tx, workspaceId, now, [...new Set(wanted.map((e) => e.groupId))], wanted.map((e) => ({
        groupId: e.groupId, eventKey: `e${e.accountId}:${e.payload.eventId}`, memberId: e.memberId!, name: e.payload.name ?? null, joinedAt: e.occurredAt, seq: e.seq,
      })));
    }
  }
  const messages = events.filter((e) => e.type === 'message' && !e.imported && e.memberId !== null);
  if (messages.length > 0) {
    await tx.query(`update welcome_greetings w set done_at = x.at from unnest($2::bigint[], $3::bigint[], $4::timestamptz[]) as x(group_id, member_id, at)
      where w.workspace_id = $1 and w.group_id = x.group_id and w.seed_member_id = x.member_id and w.done_at is null and w.created_at <= x.at`,
      [workspaceId, messages.map((e) => e.groupId), messages.map((e) => e.memberId), messages.map((e) => e.occurredAt)]);
  }
}

/** A join being recorded now (the reactor's), not yet a pending row. */
export interface IncomingJoin { groupId: number; eventKey: string; memberId: number; name: string | null; joinedAt: Date; seq: number }

/**
 * Records incoming joins and sends the batches that are due (N newcomers, or the first waited M
 * minutes) among them and the joins already waiting. Returns the batches written.
 *
 * An incoming join is inserted once, already carrying its batch when it makes one now (batch ids
 * are drawn from the sequence first), so a burst costs one write per join; `on conflict do nothing
 * returning` is its claim: a join another transaction recorded first is left out of this one's
 * batches (and a batch left empty is not written).
 */
export async function flushWelcomes(tx: Queryable, workspaceId: number, now: Date, groupIds?: readonly number[], incoming: readonly IncomingJoin[] = []): Promise<number> {
  const waiting = await tx.query<{ groupId: number; eventKey: string; memberId: number; name: string; joinedAt: Date }>(
    `select group_id as "groupId", event_key as "eventKey", member_id as "memberId", name, joined_at as "joinedAt"
       from welcome_pending where workspace_id = $1 and batch_id is null ${groupIds ? 'and group_id = any($2::bigint[])' : ''}
      order by group_id, joined_at, member_id for update skip locked`,
    groupIds ? [workspaceId, groupIds] : [workspaceId]);
  const waitingKeys = new Set(waiting.map((r) => `${r.groupId}:${r.eventKey}`));
  const fresh = incoming.filter((j) => !waitingKeys.has(`${j.groupId}:${j.eventKey}`));
  const unnamed = [...new Set(fresh.filter((j) => j.name === null).map((j) => j.memberId))];
  const displayNames = new Map(unnamed.length === 0 ? [] : (await tx.query<{ id: number; name: string }>(
    'select id, display_name as name from members where workspace_id = $1 and id = any($2::bigint[])', [workspaceId, unnamed])).map((m) => [m.id, m.name]));
  const rows = [...waiting, ...fresh.map((j) => ({ groupId: j.groupId, eventKey: j.eventKey, memberId: j.memberId, name: j.name ?? displayNames.get(j.memberId) ?? '', joinedAt: j.joinedAt }))];
  if (rows.length === 0) return 0;
  const byGroup = new Map<number, typeof rows>();
  for (const r of rows) { const l = byGroup.get(r.groupId); if (l) l.push(r); else byGroup.set(r.groupId, [r]); }
  const settings = await welcomeSettingsOf(tx, workspaceId, [...byGroup.keys()]);
  const names = new Map((await tx.query<{ id: number; name: string }>('select id, name from groups where workspace_id = $1 and id = any($2::bigint[])',
    [workspaceId, [...byGroup.keys()]])).map((g) => [g.id, g.name]));
  // The batches over waiting and incoming joins, in memory first.
  type Cut = { groupId: number; batch: Newcomer[]; eventKeys: string[] };
  const cuts: Cut[] = [];
  for (const [groupId, pending] of byGroup) {
    const s = settings.get(groupId)!;
    // One newcomer per member (a join delivered twice under two ids, a join-leave-join): named once.
    const firstOf = new Map<number, Newcomer>();
    for (const p of pending) if (!firstOf.has(p.memberId)) firstOf.set(p.memberId, { memberId: p.memberId, name: p.name, joinedAt: p.joinedAt });
    for (const batch of takeBatches([...firstOf.values()], s, now)) {
      const members = new Set(batch.map((n) => n.memberId));
      cuts.push({ groupId, batch, eventKeys: pending.filter((p) => members.has(p.memberId)).map((p) => p.eventKey) });
    }
  }
  const reserved = cuts.length === 0 ? [] : (await tx.query<{ id: number }>(
    `select nextval(pg_get_serial_sequence('welcome_batches', 'id'))::bigint as id from generate_series(1, $1::int)`, [cuts.length])).map((r) => Number(r.id));
  const batchOf = new Map<string, number>();
  cuts.forEach((c, i) => { for (const k of c.eventKeys) batchOf.set(`${c.groupId}:${k}`, reserved[i]!); });
  // Record the incoming joins (each once: the claim), with their batch when they have one now.
  const claimed = fresh.length === 0 ? new Set<string>() : new Set((await tx.query<{ key: string }>(
    `insert into welcome_pending (workspace_id, group_id, event_key, member_id, name, joined_at, seq, batch_id)
     select $1, * from unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::timestamptz[], $7::bigint[], $8::bigint[])
     on conflict do nothing returning group_id || ':' || event_key as key`,
    [workspaceId, fresh.map((j) => j.groupId), fresh.map((j) => j.eventKey), fresh.map((j) => j.memberId),
      fresh.map((j) => j.name ?? displayNames.get(j.memberId) ?? ''), fresh.map((j) => j.joinedAt), fresh.map((j) => j.seq),
      fresh.map((j) => batchOf.get(`${j.groupId}:${j.eventKey}`) ?? null)])).map((r) => r.key));
  const ours = (groupId: number, key: string) => waitingKeys.has(`${groupId}:${key}`) || claimed.has(`${groupId}:${key}`);
  const planned: Array<{ id: number; groupId: number; batch: Newcomer[]; eventKeys: string[]; text: string; bad: Newcomer[]; s: WelcomeSettings; groupName: string }> = [];
  cuts.forEach((c, i) => {
    const keys = c.eventKeys.filter((k) => ours(c.groupId, k));
    const keptMembers = new Set(byGroup.get(c.groupId)!.filter((p) => keys.includes(p.eventKey)).map((p) => p.memberId));
    const batch = c.batch.filter((n) => keptMembers.has(n.memberId));
    if (batch.length === 0) return;
    const s = settings.get(c.groupId)!;
    const groupName = names.get(c.groupId) ?? '';
    planned.push({ id: reserved[i]!, groupId: c.groupId, batch, eventKeys: keys, s, groupName, text: welcomeText(s, groupName, batch), bad: badNicknames(s, batch) });
  });
  if (planned.length === 0) return 0;
  await tx.query(
    `insert into welcome_batches (id, workspace_id, group_id, member_ids, names, text, bad_nickname_ids)
     select x.id, $1, x.group_id, x.member_ids::bigint[], x.names::jsonb, x.text, x.bad::bigint[]
       from unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[]) as x(id, group_id, member_ids, names, text, bad)`,
    [workspaceId, planned.map((p) => p.id), planned.map((p) => p.groupId), planned.map((p) => `{${p.batch.map((n) => n.memberId).join(',')}}`),
      planned.map((p) => JSON.stringify(p.batch.map((n) => n.name))), planned.map((p) => p.text), planned.map((p) => `{${p.bad.map((n) => n.memberId).join(',')}}`)]);
  // Joins that were already waiting get their batch now (the incoming ones were inserted with it).
  const keyRows = planned.flatMap((p) => p.eventKeys.filter((k) => waitingKeys.has(`${p.groupId}:${k}`)).map((k) => [p.groupId, k, p.id] as const));
  if (keyRows.length > 0) {
    await tx.query(`update welcome_pending w set batch_id = x.batch_id from unnest($2::bigint[], $3::text[], $4::bigint[]) as x(group_id, event_key, batch_id)
      where w.workspace_id = $1 and w.group_id = x.group_id and w.event_key = x.event_key and w.batch_id is null`,
      [workspaceId, keyRows.map((r) => r[0]), keyRows.map((r) => r[1]), keyRows.map((r) => r[2])]);
  }
  const outbox: OutboxAction[] = [];
  const greetings: Array<[number, number, number]> = [];
  planned.forEach((p) => {
    const id = p.id;
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
