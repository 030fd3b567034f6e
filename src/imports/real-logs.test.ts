/**
 * Figures that are true (issue #12, item 4) on real logs and a multi-chat export: sizes, stages,
 * first-seen dates and names after an import are checked against what the raw file says, computed
 * here with plain code over the file (never through Qunyun's functions).
 *
 * - A #ubuntu IRC log without join lines (../shared/data/ubuntu_irc, logs from 2008 on): whoever
 *   wrote is in the channel; nobody is "churned".
 * - A #ubuntu IRC log with joins and leaves, where a member leaves and joins again within the same
 *   minute (the log's resolution): the later line wins.
 * - A Telegram full-account export with several chats whose times overlap: a member's first-seen
 *   date is their earliest event in the whole file, not in the batch where they first appear.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import type { Database } from '../db/database.ts';
import { ingestBatch, type IngestScope } from '../events/ingest.ts';
import { getGroupDetail } from '../groups/detail.ts';
import { listMembers } from '../members/queries.ts';
import { workspaceSettings } from '../workspaces/settings.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../workspaces/workspaces.ts';
import { importHistory } from './import-history.ts';
import { makeTelegramExport } from './make-telegram-export.ts';

const IRC = path.resolve(import.meta.dirname, '../../../shared/data/ubuntu_irc');
const noJoins = path.join(IRC, 'dev/2016-12-19_20.raw.txt');
const quitRejoin = path.join(IRC, 'test/2007-01-11_12.raw.txt');
const ircMissing = !existsSync(noJoins) || !existsSync(quitRejoin)
  ? `the IRC logs are not here (${IRC}; see ../shared/data/README.md)` : false;

const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-real-logs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// ---- The raw files, read with plain code -------------------------------------------------------

interface Line { no: number; at: Date; kind: 'message' | 'join' | 'leave'; nick: string; mentions: string[] }

/** `[HH:MM] <nick> text` and `=== nick [...] has joined|left #ubuntu`; a `===` line has the time of the line before. */
function readIrc(file: string): Line[] {
  const date = path.basename(file).slice(0, 10);
  const raw = readFileSync(file, 'utf8').split('\n');
  const nicks = new Set<string>();
  for (const l of raw) { const m = /^\[\d\d:\d\d\] <([^>]+)>/.exec(l); if (m) nicks.add(m[1]!); }
  let day = Date.parse(`${date}T00:00:00Z`);
  let prev = -1;
  let at: Date | undefined;
  const out: Line[] = [];
  const pendingSystem: Array<Omit<Line, 'at'>> = [];
  raw.forEach((l, no) => {
    const msg = /^\[(\d\d):(\d\d)\] <([^>]+)> ?(.*)$/.exec(l);
    if (msg) {
      const minute = Number(msg[1]) * 60 + Number(msg[2]);
      if (minute < prev) day += 86_400_000; // past midnight
      prev = minute;
      at = new Date(day + minute * 60_000);
      for (const p of pendingSystem.splice(0)) out.push({ ...p, at });
      const to = /^([^\s:,]+)[:,]\s/.exec(msg[4]!)?.[1];
      out.push({ no, at, kind: 'message', nick: msg[3]!, mentions: to && to !== msg[3] && nicks.has(to) ? [to] : [] });
      return;
    }
    const sys = /^=== (\S+) .*has (joined|left) #/i.exec(l);
    if (!sys) return;
    const line = { no, kind: sys[2] === 'joined' ? 'join' as const : 'leave' as const, nick: sys[1]!, mentions: [] };
    if (at) out.push({ ...line, at }); else pendingSystem.push(line);
  });
  return out;
}

interface Expected {
  inside: Set<string>; firstSeen: Map<string, number>; names: Map<string, string>; everyone: Set<string>;
  /** Who was in at the end of each day, replaying the lines. */
  sizeByDay: Map<string, number>;
  /**
   * The size of a day as memberships give it: members whose first join or message came by the
   * day's end and who were still in at the end of the log or left last after that day. It differs
   * from sizeByDay by those who were out at a day's end and came back on a later day.
   */
  membershipSizeByDay: Map<string, number>;
}

/** The day of a time in Asia/Shanghai (the test workspaces' zone: UTC+8, no daylight saving). */
const shanghaiDay = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Replays the lines in file order: in after a join or a message, out after a leave. */
function replayIrc(lines: Line[]): Expected {
  const inside = new Set<string>(), firstSeen = new Map<string, number>(), names = new Map<string, string>(), everyone = new Set<string>();
  const sizeByDay = new Map<string, number>();
  const see = (nick: string, at: Date) => {
    everyone.add(nick);
    if (!firstSeen.has(nick) || firstSeen.get(nick)! > at.getTime()) firstSeen.set(nick, at.getTime());
  };
  for (const l of lines) {
    see(l.nick, l.at);
    for (const m of l.mentions) see(m, l.at);
    if (l.kind === 'leave') inside.delete(l.nick);
    else { inside.add(l.nick); names.set(l.nick, l.nick); }
    sizeByDay.set(shanghaiDay(l.at), inside.size); // the size at the end of the day: its last line's
  }
  const firstIn = new Map<string, string>(), lastLeave = new Map<string, string>();
  for (const l of lines) {
    if (l.kind !== 'leave' && !firstIn.has(l.nick)) firstIn.set(l.nick, shanghaiDay(l.at));
    if (l.kind === 'leave') lastLeave.set(l.nick, shanghaiDay(l.at));
  }
  const membershipSizeByDay = new Map([...sizeByDay.keys()].map((day) => [day,
    [...firstIn].filter(([nick, first]) => first <= day && (inside.has(nick) || lastLeave.get(nick)! > day)).length]));
  return { inside, firstSeen, names, everyone, sizeByDay, membershipSizeByDay };
}

function ircEvents(file: string, lines: Line[]): unknown[] {
  const group = `irc:${path.basename(file)}`;
  return lines.map((l) => {
    const base = { eventId: `${group}:${l.no}`, occurredAt: l.at.toISOString(), groupId: group, userId: `irc:${l.nick}` };
    if (l.kind === 'leave') return { ...base, type: 'leave' };
    if (l.kind === 'join') return { ...base, type: 'join', name: l.nick };
    return { ...base, type: 'message', messageId: String(l.no), name: l.nick, text: 'x', ...(l.mentions.length ? { mentions: l.mentions.map((m) => `irc:${m}`) } : {}) };
  });
}

// ---- What Qunyun shows ---------------------------------------------------------------------------

interface Shown { size: number; inside: Set<string>; firstSeen: Map<string, number>; names: Map<string, string>; churned: number; members: number }

async function shown(db: Database, s: IngestScope, platformGroupId: string, prefix = ''): Promise<Shown> {
  const [g] = await db.query<{ id: number; member_count: number }>(
    'select id, member_count from groups where workspace_id = $1 and platform_group_id = $2', [s.workspaceId, platformGroupId]);
  const inside = await db.query<{ uid: string }>(
    `select i.platform_user_id as uid from memberships ms join member_identities i on i.workspace_id = ms.workspace_id and i.member_id = ms.member_id
     where ms.workspace_id = $1 and ms.group_id = $2 and ms.active`, [s.workspaceId, g!.id]);
  const people = await db.query<{ uid: string; name: string; first: Date }>(
    `select i.platform_user_id as uid, m.display_name as name, m.first_seen_at as first from member_identities i
     join members m on m.workspace_id = i.workspace_id and m.id = i.member_id where i.workspace_id = $1 and i.account_id = $2`,
    [s.workspaceId, s.accountId]);
  const actor = { userId: 0, workspaceId: s.workspaceId, role: 'owner' as const, ip: '127.0.0.1' };
  const churned = await listMembers(db, actor, { limit: 1, offset: 0, sort: 'name', order: 'asc', stage: 'churned' });
  const all = await listMembers(db, actor, { limit: 1, offset: 0, sort: 'name', order: 'asc' });
  const strip = (uid: string) => uid.slice(prefix.length);
  return {
    size: g!.member_count, inside: new Set(inside.map((r) => strip(r.uid))),
    firstSeen: new Map(people.map((p) => [strip(p.uid), p.first.getTime()])),
    names: new Map(people.map((p) => [strip(p.uid), p.name])),
    churned: churned.total, members: all.total,
  };
}

/** The group page's size per day over the log's days. */
async function sizeSeries(db: Database, s: IngestScope, platformGroupId: string, days: string[]): Promise<Map<string, number>> {
  const [g] = await db.query<{ id: number }>('select id from groups where workspace_id = $1 and platform_group_id = $2', [s.workspaceId, platformGroupId]);
  const detail = await getGroupDetail(db, s.workspaceId, (await workspaceSettings(db, s.workspaceId)).health, g!.id, { from: days[0]!, to: days.at(-1)! });
  return new Map(detail!.series.map((d) => [d.day, d.size]));
}

/** Names expected: the name the file gives, else (only ever mentioned or removed) the platform id. */
function expectedNames(e: Expected, idOf: (nick: string) => string): Map<string, string> {
  return new Map([...e.everyone].map((n) => [n, e.names.get(n) ?? idOf(n)]));
}

forEachEngine('figures from real logs', (ctx) => {
  async function scope(slug: string, platform: string): Promise<IngestScope> {
    const { db } = ctx();
    const w = await ensureWorkspace(db, slug);
    const a = await ensurePlatformAccount(db, w.id, platform, 'import', 'import');
    return { workspaceId: w.id, accountId: a.id, timezone: w.timezone };
  }
  async function ingestAll(s: IngestScope, events: unknown[], batch: number) {
    for (let i = 0; i < events.length; i += batch) {
      const r = await ingestBatch(ctx().db, s, events.slice(i, i + batch));
      assert.deepEqual(r.rejected, []);
    }
  }

  test('an IRC log without joins: every writer is in the channel, none churned, first seen at their first line, named', { skip: ircMissing }, async () => {
    const lines = readIrc(noJoins);
    assert.equal(lines.filter((l) => l.kind !== 'message').length, 0, 'a log without join or leave lines');
    const want = replayIrc(lines);
    const s = await scope('irc-no-joins', 'irc');
    await ingestAll(s, ircEvents(noJoins, lines), 100);
    const got = await shown(ctx().db, s, `irc:${path.basename(noJoins)}`, 'irc:');
    assert.ok(want.inside.size > 100, `${want.inside.size} writers`);
    assert.equal(got.size, want.inside.size);
    assert.deepEqual([...got.inside].sort(), [...want.inside].sort());
    assert.equal(got.members, want.everyone.size);
    // Only people mentioned but never seen writing are in no group.
    assert.equal(got.churned, want.everyone.size - want.inside.size);
    assert.deepEqual(got.firstSeen, want.firstSeen);
    assert.deepEqual(got.names, expectedNames(want, (n) => `irc:${n}`));
    const days = [...want.sizeByDay.keys()];
    assert.deepEqual(await sizeSeries(ctx().db, s, `irc:${path.basename(noJoins)}`, days), want.sizeByDay, 'size at the end of each day: the writers so far');
    assert.deepEqual(want.membershipSizeByDay, want.sizeByDay);
  });

  test('an IRC log with joins and leaves: a leave and a rejoin in the same minute keep the member in', { skip: ircMissing }, async () => {
    const lines = readIrc(quitRejoin);
    // The file has members who leave and join again within one minute (its resolution).
    const rejoins = lines.filter((l, i) => l.kind === 'join'
      && lines.slice(0, i).reverse().find((o) => o.nick === l.nick && o.kind !== 'message')?.kind === 'leave'
      && lines.slice(0, i).reverse().find((o) => o.nick === l.nick && o.kind === 'leave')!.at.getTime() === l.at.getTime());
    assert.ok(rejoins.length >= 3, `${rejoins.length} same-minute rejoins`);
    const want = replayIrc(lines);
    const s = await scope('irc-rejoins', 'irc');
    await ingestAll(s, ircEvents(quitRejoin, lines), 97);
    const got = await shown(ctx().db, s, `irc:${path.basename(quitRejoin)}`, 'irc:');
    for (const r of rejoins) if (want.inside.has(r.nick)) assert.ok(got.inside.has(r.nick), `${r.nick} rejoined at ${r.at.toISOString()}`);
    assert.equal(got.size, want.inside.size);
    assert.deepEqual([...got.inside].sort(), [...want.inside].sort());
    assert.equal(got.churned, want.everyone.size - want.inside.size);
    assert.deepEqual(got.firstSeen, want.firstSeen);
    assert.deepEqual(got.names, expectedNames(want, (n) => `irc:${n}`));
    const days = [...want.sizeByDay.keys()];
    const series = await sizeSeries(ctx().db, s, `irc:${path.basename(quitRejoin)}`, days);
    assert.deepEqual(series, want.membershipSizeByDay, 'size at the end of each day, as memberships give it');
    assert.equal(series.get(days.at(-1)!), want.sizeByDay.get(days.at(-1)!), 'the last day: who is in');
  });

  test('a Telegram export of several chats: sizes per chat, first seen across chats, names from the file', async () => {
    const file = path.join(dir, 'multi.json');
    await makeTelegramExport(file, { messages: 3000, chats: 3, members: 150, seed: 12 });
    // The file, replayed with plain code: chats in order, messages in order.
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { chats: { list: Array<{ id: number; messages: Array<Record<string, any>> }> } };
    const idByName = new Map<string, string>();
    for (const c of doc.chats.list) for (const m of c.messages) {
      if (m.from_id) idByName.set(m.from, m.from_id);
      if (m.actor_id) idByName.set(m.actor, m.actor_id);
    }
    const firstSeen = new Map<string, number>(), names = new Map<string, string>();
    const insideByChat = new Map<string, Set<string>>();
    const inFirstChat = new Map<string, number>();
    let chatIndex = 0;
    const see = (uid: string, t: number) => {
      if (!firstSeen.has(uid) || firstSeen.get(uid)! > t) firstSeen.set(uid, t);
      if (chatIndex === 0 && !inFirstChat.has(uid)) inFirstChat.set(uid, t);
    };
    for (const [i, c] of doc.chats.list.entries()) {
      chatIndex = i;
      const inside = new Set<string>();
      insideByChat.set(`tg-export:${c.id}`, inside);
      for (const m of c.messages) {
        const t = Number(m.date_unixtime) * 1000;
        if (m.type === 'message') {
          see(m.from_id, t); names.set(m.from_id, m.from); inside.add(m.from_id);
          for (const e of m.text_entities) if (e.type === 'mention_name') see(`user${e.user_id}`, t);
        } else if (m.action === 'join_group_by_link') { see(m.actor_id, t); names.set(m.actor_id, m.actor); inside.add(m.actor_id); }
        else if (m.action === 'invite_members') {
          see(m.actor_id, t);
          for (const n of m.members) { const u = idByName.get(n)!; see(u, t); names.set(u, n); inside.add(u); }
        } else if (m.action === 'remove_members') {
          see(m.actor_id, t);
          for (const n of m.members) { const u = idByName.get(n)!; see(u, t); inside.delete(u); }
        }
      }
    }
    const s = await scope('tg-multi', 'telegram-export');
    await importHistory(ctx().db, s, { kind: 'telegram', path: file }, { batchSize: 250 });
    // The chats' times overlap, so some members' first event is in a later chat than their first appearance.
    for (const [chat, inside] of insideByChat) {
      const got = await shown(ctx().db, s, chat);
      assert.equal(got.size, inside.size, `size of ${chat}`);
      assert.deepEqual([...got.inside].sort(), [...inside].sort());
    }
    const got = await shown(ctx().db, s, [...insideByChat.keys()][0]!);
    const later = [...inFirstChat].filter(([u, t]) => firstSeen.get(u)! < t);
    assert.ok(later.length > 10, `${later.length} members first seen in a later chat`);
    assert.deepEqual(got.firstSeen, firstSeen);
    assert.deepEqual(got.names, new Map([...firstSeen.keys()].map((u) => [u, names.get(u) ?? u])));
  });

  test('names from the export are kept for members first seen without one (an inviter, a mention) in an earlier batch', async () => {
    const at = (s: number) => ({ date: '2026-03-01T10:00:00', date_unixtime: String(1772359200 + s) });
    const chat: { name: string; type: string; id: number; messages: Array<Record<string, any>> } = {
      name: '命名测试', type: 'private_supergroup', id: 42, messages: [
        { id: 1, type: 'service', ...at(0), actor: '周管理', actor_id: 'user500', action: 'invite_members', members: ['Newbie'], text: '', text_entities: [] },
        { id: 2, type: 'message', ...at(10), from: 'Newbie', from_id: 'user600', text: [{ type: 'mention_name', text: '钱安静', user_id: 700 }, ' hi'],
          text_entities: [{ type: 'mention_name', text: '钱安静', user_id: 700 }, { type: 'plain', text: ' hi' }] },
        { id: 3, type: 'message', ...at(20), from: '钱安静', from_id: 'user700', text: 'hello', text_entities: [{ type: 'plain', text: 'hello' }] },
        { id: 4, type: 'message', ...at(30), from: '周管理', from_id: 'user500', text: 'welcome', text_entities: [{ type: 'plain', text: 'welcome' }] },
      ],
    };
    const file = path.join(dir, 'names.json');
    writeFileSync(file, JSON.stringify(chat));
    // Every member of the file wrote under a name: that name, by user id.
    const byId = new Map<string, string>(chat.messages.filter((m) => m.type === 'message').map((m) => [m.from_id, m.from]));
    const s = await scope('tg-names', 'telegram-export');
    await importHistory(ctx().db, s, { kind: 'telegram', path: file }, { batchSize: 1 });
    const got = await shown(ctx().db, s, 'tg-export:42');
    assert.deepEqual(got.names, byId);
    assert.equal(got.size, 3);
  });
});
