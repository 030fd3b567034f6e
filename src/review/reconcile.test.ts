/**
 * Done-when of issue #17: every figure on the 复盘 pages reconciles with a recomputation from the
 * raw event log. A community with known randomness (joins by source, replies, reactions, a bot, a
 * push, a draw with a red-packet hunter, a group dying in its first week) is ingested like any
 * other; the test then reads the raw events back and recomputes, with plain code written here
 * (never through src/review), a random sample of the figures of the engagement, retention,
 * funnel and health pages, and compares. Both engines.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { IdentityCache, ingestBatch } from '../events/ingest.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../workspaces/workspaces.ts';
import type { Actor } from '../auth/access.ts';
import { engagementReport, funnelReport, healthReport, retentionReport } from './store.ts';

const ZONE_MS = 8 * 3_600_000; // Asia/Shanghai
const DAY = 86_400_000;
const localDay = (t: number) => new Date(t + ZONE_MS).toISOString().slice(0, 10);
const offset = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY);
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** A small seeded generator (mulberry32), so a failure can be replayed with its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
const SEED = Number(process.env['REVIEW_SEED'] ?? 17);

forEachEngine('review figures reconcile with the raw log', (ctx) => {
  let actor: Actor;
  let today: string;
  const checks: Array<{ name: string; run: () => Promise<void> }> = [];

  before(async () => {
    const db = ctx().db;
    const ws = await ensureWorkspace(db, 'review', 'review', 'Asia/Shanghai');
    const account = await ensurePlatformAccount(db, ws.id, 'sandbox', 'bot-review', 'bot');
    actor = { userId: 0, workspaceId: ws.id, role: 'owner', ip: '127.0.0.1' };
    today = (await db.query<{ d: string }>(`select (now() at time zone 'Asia/Shanghai')::date::text as d`))[0]!.d;
    const nowMs = Date.now();
    const r = rng(SEED);
    const events: PlatformEventInput[] = [];
    let n = 0;
    const at = (t: number) => new Date(Math.min(t, nowMs - 60_000)).toISOString();
    const start = Date.parse(`${addDays(today, -80)}T09:00:00+08:00`);
    for (const g of ['g-a', 'g-b']) events.push({ type: 'group_created', eventId: `e${++n}`, occurredAt: at(start), groupId: g, name: g, capacity: 200 });
    const msgs: Record<string, string[]> = { 'g-a': [], 'g-b': [] };
    const sources = ['qr_code', 'post', 'referral', 'invite'];
    for (let u = 0; u < 40; u++) {
      const g = u % 2 ? 'g-b' : 'g-a';
      const joined = start + Math.floor(r() * 75) * DAY + Math.floor(r() * 10) * 3_600_000;
      const src = sources[Math.floor(r() * sources.length)]!;
      events.push({ type: 'join', eventId: `e${++n}`, occurredAt: at(joined), groupId: g, userId: `u${u}`, name: `U${u}`,
        via: src === 'referral' && u > 2 ? { source: src, inviterId: `u${u - 2}` } : { source: src } });
      const activity = r();
      for (let d = 0; d < 80; d++) {
        const t = joined + d * DAY + Math.floor(r() * 8) * 3_600_000;
        if (t > nowMs || r() > activity * 0.5) continue;
        const mid = `m${++n}`;
        const reply = msgs[g]!.length && r() < 0.3 ? msgs[g]![Math.floor(r() * msgs[g]!.length)] : undefined;
        events.push({ type: 'message', eventId: `e${n}`, occurredAt: at(t), groupId: g, messageId: mid, userId: `u${u}`, text: 'hi', ...(reply ? { replyTo: reply } : {}) });
        msgs[g]!.push(mid);
        if (r() < 0.15 && msgs[g]!.length > 1) events.push({ type: 'reaction', eventId: `e${++n}`, occurredAt: at(t + 60_000), groupId: g, messageId: msgs[g]![Math.floor(r() * msgs[g]!.length)]!, userId: `u${(u + 2) % 40}`, emoji: '👍' });
      }
      if (r() < 0.15) events.push({ type: 'leave', eventId: `e${++n}`, occurredAt: at(joined + 20 * DAY), groupId: g, userId: `u${u}` });
    }
    // The operator's post in g-a 3 days ago: replies (one by a bot, one late), a reaction.
    const postAt = Date.parse(`${addDays(today, -3)}T10:00:00+08:00`);
    events.push({ type: 'join', eventId: `e${++n}`, occurredAt: at(start), groupId: 'g-a', userId: 'op', name: 'Operator' });
    events.push({ type: 'message', eventId: `e${++n}`, occurredAt: at(postAt), groupId: 'g-a', messageId: 'push-1', userId: 'op', text: '今天聊什么？' });
    events.push({ type: 'join', eventId: `e${++n}`, occurredAt: at(start), groupId: 'g-a', userId: 'bot1', name: 'Bot', isBot: true });
    events.push({ type: 'message', eventId: `e${++n}`, occurredAt: at(postAt + 5_000), groupId: 'g-a', messageId: 'bot-reply', userId: 'bot1', text: 'auto', replyTo: 'push-1', isBot: true });
    events.push({ type: 'message', eventId: `e${++n}`, occurredAt: at(postAt + 7 * 60_000), groupId: 'g-a', messageId: 'r1', userId: 'u0', text: 'me', replyTo: 'push-1' });
    events.push({ type: 'message', eventId: `e${++n}`, occurredAt: at(postAt + 9 * 60_000), groupId: 'g-a', messageId: 'r2', userId: 'u2', text: 'me too', replyTo: 'push-1' });
    events.push({ type: 'message', eventId: `e${++n}`, occurredAt: at(postAt + 300 * 60_000), groupId: 'g-a', messageId: 'r3', userId: 'u4', text: 'late', replyTo: 'push-1' });
    events.push({ type: 'reaction', eventId: `e${++n}`, occurredAt: at(postAt + 20 * 60_000), groupId: 'g-a', messageId: 'push-1', userId: 'u6', emoji: '❤️' });
    // A group created 12 days ago that falls silent after its second day.
    const cStart = Date.parse(`${addDays(today, -12)}T09:00:00+08:00`);
    events.push({ type: 'group_created', eventId: `e${++n}`, occurredAt: at(cStart), groupId: 'g-c', name: 'g-c', capacity: 200 });
    for (let i = 0; i < 6; i++) events.push({ type: 'join', eventId: `e${++n}`, occurredAt: at(cStart + i * 60_000), groupId: 'g-c', userId: `c${i}`, name: `C${i}`, via: { source: 'qr_code' } });
    for (let i = 0; i < 10; i++) events.push({ type: 'message', eventId: `e${++n}`, occurredAt: at(cStart + 3_600_000 + (i % 2) * DAY + i * 60_000), groupId: 'g-c', messageId: `c-m${i}`, userId: `c${i % 3}`, text: 'hi' });
    events.push({ type: 'leave', eventId: `e${++n}`, occurredAt: at(cStart + 3 * DAY), groupId: 'g-c', userId: 'c5' });
    const scope = { workspaceId: ws.id, accountId: account.id, timezone: 'Asia/Shanghai' };
    for (let i = 0; i < events.length; i += 500) {
      const res = await ingestBatch(db, scope, events.slice(i, i + 500), new IdentityCache());
      assert.equal(res.rejected.length, 0, JSON.stringify(res.rejected));
    }
    const gid = async (pid: string) => Number((await db.query<{ id: number }>('select id from groups where workspace_id = $1 and platform_group_id = $2', [ws.id, pid]))[0]!.id);
    const mid = async (pid: string) => Number((await db.query<{ id: number }>('select member_id as id from member_identities where workspace_id = $1 and platform_user_id = $2', [ws.id, pid]))[0]!.id);
    const ga = await gid('g-a');
    await db.query(`insert into pushes (workspace_id, group_id, account_id, text, state, platform_message_id, created_at) values ($1, $2, $3, '今天聊什么？', 'sent', 'push-1', $4)`,
      [ws.id, ga, account.id, new Date(postAt)]);
    // A draw 2 days ago in g-b: two entrants who wrote before, and a hunter who never wrote (joins now).
    const gb = await gid('g-b');
    const drawAt = Date.parse(`${addDays(today, -2)}T20:00:00+08:00`);
    await ingestBatch(db, scope, [{ type: 'join', eventId: `e${++n}`, occurredAt: at(drawAt - DAY), groupId: 'g-b', userId: 'hunter', name: 'Hunter' }], new IdentityCache());
    const [act] = await db.query<{ id: number }>(`insert into activities (workspace_id, group_id, kind, title, config, created_at) values ($1, $2, 'draw', '抽奖', '{}', $3) returning id`, [ws.id, gb, new Date(drawAt)]);
    const writersB = await db.query<{ id: number }>(
      `select distinct member_id as id from events where workspace_id = $1 and group_id = $2 and type = 'message' and occurred_at between $3 and $4 order by 1 limit 2`,
      [ws.id, gb, new Date(drawAt - 30 * DAY), new Date(drawAt)]);
    const entrants = [...writersB.map((w) => Number(w.id)), await mid('hunter')];
    for (const [i, m] of entrants.entries()) {
      await db.query(`insert into activity_entries (workspace_id, activity_id, member_id, question, at) values ($1, $2, $3, 0, $4)`, [ws.id, act!.id, m, new Date(drawAt + (i + 1) * 60_000)]);
    }

    // ---- The raw log, read back, and the figures recomputed from it ----------------------------
    const raw = await db.query<{ type: string; t: Date; g: number; mem: number | null; mid: string | null; p: Record<string, unknown> }>(
      `select type, occurred_at as t, group_id as g, member_id as mem, message_id as mid, payload as p from events where workspace_id = $1 order by occurred_at, seq`, [ws.id]);
    const ev = raw.map((e) => ({ ...e, g: Number(e.g), mem: e.mem === null ? null : Number(e.mem), ms: new Date(e.t).getTime(), day: localDay(new Date(e.t).getTime()) }));
    const groupIds = [ga, gb, await gid('g-c')];
    const range = { from: addDays(today, -80), to: today };

    // Memberships from the log: first join or message per (group, member); source of the latest join.
    const firstIn = new Map<string, { g: number; mem: number; day: string; source: string; inviter: boolean }>();
    for (const e of ev) {
      if (e.mem === null || (e.type !== 'join' && e.type !== 'message')) continue;
      const k = `${e.g}:${e.mem}`;
      const via = (e.p['via'] ?? {}) as { source?: string; inviterId?: string };
      const cur = firstIn.get(k);
      if (!cur) firstIn.set(k, { g: e.g, mem: e.mem, day: e.day, source: e.type === 'join' ? (via.source ?? 'unknown') : 'unknown', inviter: via.source === 'referral' || via.inviterId !== undefined });
      else if (e.type === 'join') { cur.source = via.source ?? 'unknown'; cur.inviter = via.source === 'referral' || via.inviterId !== undefined; }
    }
    const wrote = new Map<string, Set<string>>();
    for (const e of ev) if (e.type === 'message' && e.mem !== null) { const k = `${e.g}:${e.mem}`; (wrote.get(k) ?? wrote.set(k, new Set()).get(k)!).add(e.day); }
    const joinsInRange = [...firstIn.values()].filter((j) => j.day >= range.from && j.day <= range.to);
    const wroteIn = (j: { g: number; mem: number; day: string }, lo: number, hi: number) => [...(wrote.get(`${j.g}:${j.mem}`) ?? [])].some((d) => { const k = offset(j.day, d); return k >= lo && k <= hi; });

    const retention = await retentionReport(db, actor, range, 'week');
    const cohortOf = (d: string) => addDays(d, -((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7));
    for (const c of retention.cohorts) {
      const list = joinsInRange.filter((j) => cohortOf(j.day) === c.cohort);
      checks.push({ name: `cohort ${c.cohort} size`, run: async () => assert.equal(c.size, list.length) });
      checks.push({ name: `cohort ${c.cohort} D1`, run: async () => {
        const el = list.filter((j) => offset(j.day, today) > 1);
        assert.deepEqual([c.d1.eligible, c.d1.retained], [el.length, el.filter((j) => wroteIn(j, 1, 1)).length]);
      } });
      checks.push({ name: `cohort ${c.cohort} W1`, run: async () => {
        const el = list.filter((j) => offset(j.day, today) > 13);
        assert.deepEqual([c.w1.eligible, c.w1.retained], [el.length, el.filter((j) => wroteIn(j, 7, 13)).length]);
      } });
    }
    for (const m of retention.monthly) {
      checks.push({ name: `monthly writers ${m.month}`, run: async () => {
        const month = m.month.slice(0, 7);
        const ids = new Set(ev.filter((e) => e.type === 'message' && e.mem !== null && e.day.slice(0, 7) === month).map((e) => e.mem));
        const earlier = new Set(ev.filter((e) => e.type === 'message' && e.mem !== null && e.day.slice(0, 7) < month).map((e) => e.mem));
        assert.deepEqual([m.writers, m.new], [ids.size, [...ids].filter((x) => !earlier.has(x)).length]);
      } });
    }
    checks.push({ name: 'core members', run: async () => {
      const counts = new Map<number, number>();
      for (const e of ev) if (e.type === 'message' && e.mem !== null && e.day >= range.from) counts.set(e.mem, (counts.get(e.mem) ?? 0) + 1);
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      let sum = 0, k = 0;
      while (sum * 2 < total) sum += sorted[k++]![1];
      assert.deepEqual(retention.core.map((c) => c.memberId), sorted.slice(0, k).map((x) => x[0]));
    } });

    const funnels = await funnelReport(db, actor, range);
    for (const row of funnels.bySource) {
      checks.push({ name: `funnel ${row.key}`, run: async () => {
        const list = joinsInRange.filter((j) => j.source === row.key);
        const el = list.filter((j) => offset(j.day, today) > 13);
        assert.deepEqual([row.joined, row.firstMessage, row.w1Eligible, row.activeW1],
          [list.length, list.filter((j) => wrote.has(`${j.g}:${j.mem}`) && [...wrote.get(`${j.g}:${j.mem}`)!].some((d) => d >= j.day)).length, el.length, el.filter((j) => wroteIn(j, 7, 13)).length]);
      } });
    }
    checks.push({ name: 'referral coefficient', run: async () => {
      const referred = joinsInRange.filter((j) => j.inviter).length;
      assert.deepEqual([funnels.referral.referred, funnels.referral.other], [referred, joinsInRange.length - referred]);
    } });

    const engagement = await engagementReport(db, actor, range);
    checks.push({ name: 'push responses', run: async () => {
      const p = engagement.posts.find((x) => x.kind === 'push')!;
      const within = ev.filter((e) => e.ms >= postAt && e.ms <= postAt + 120 * 60_000 && e.p['isBot'] !== true
        && ((e.type === 'message' && e.p['replyTo'] === 'push-1') || (e.type === 'reaction' && e.mid === 'push-1')));
      const first = Math.min(...within.map((e) => e.ms));
      const audience = [...firstIn.values()].filter((j) => j.g === ga && ev.some((e) => e.g === ga && e.mem === j.mem && e.ms <= postAt))
        .filter((j) => { const leaves = ev.filter((e) => e.g === ga && e.mem === j.mem && e.type === 'leave'); return !leaves.length || leaves.some((l) => l.ms > postAt) || ev.some((e) => e.g === ga && e.mem === j.mem && e.type !== 'leave' && e.ms > leaves.at(-1)!.ms); });
      assert.deepEqual([p.responders, p.replies, p.reactions, p.firstResponseSeconds, p.audience],
        [new Set(within.map((e) => e.mem)).size, within.filter((e) => e.type === 'message').length, within.filter((e) => e.type === 'reaction').length, Math.round((first - postAt) / 1000), audience.length]);
    } });
    checks.push({ name: 'draw hunters', run: async () => {
      const p = engagement.posts.find((x) => x.kind === 'draw')!;
      const hunters = entrants.filter((m) => !ev.some((e) => e.type === 'message' && e.mem === m && e.g === gb && e.ms < drawAt && e.ms >= drawAt - 30 * DAY));
      assert.deepEqual([p.entries, p.hunters, p.responders], [entrants.length, hunters.length, entrants.length - hunters.length]);
    } });
    for (const g of engagement.groups) {
      checks.push({ name: `chatter ${g.name}`, run: async () => {
        const own = ev.filter((e) => e.g === g.groupId && e.type === 'message' && e.p['isBot'] !== true && e.day >= range.from);
        const replied = new Set(own.map((e) => e.p['replyTo']).filter(Boolean));
        const reacted = new Map<string, number>();
        for (const e of ev) if (e.type === 'reaction' && e.g === g.groupId) reacted.set(e.mid!, (reacted.get(e.mid!) ?? 0) + ((e.p['added'] as boolean) ? 1 : -1));
        const chatter = own.filter((e) => !e.p['replyTo'] && !replied.has(e.mid) && (reacted.get(e.mid!) ?? 0) <= 0).length;
        assert.deepEqual([g.messages, g.chatter], [own.length, chatter]);
      } });
    }

    const health = await healthReport(db, actor);
    for (const h of health.groups) {
      checks.push({ name: `health ${h.name}`, run: async () => {
        const from30 = addDays(today, -29), from60 = addDays(today, -59);
        const mine = ev.filter((e) => e.g === h.groupId);
        const writers = (lo: string, hi: string) => new Set(mine.filter((e) => e.type === 'message' && e.mem !== null && e.day >= lo && e.day <= hi).map((e) => e.mem));
        const recent = writers(from30, today), prev = writers(from60, addDays(from30, -1));
        const msgs30 = mine.filter((e) => e.type === 'message' && e.day >= from30).length;
        const part = (name: string) => h.parts.find((p) => p.part === name)!;
        assert.equal(part('interest').explain, `${[...prev].filter((x) => recent.has(x)).length} of ${prev.size} writers of the 30 days before still wrote in the last 30`);
        assert.ok(part('output').explain.endsWith(`${recent.size} of ${h.members} members wrote ${msgs30} messages in 30 days`.slice(-40)), part('output').explain);
        // Core members of the 30 days (the copy part), from the raw messages.
        const counts = new Map<number, number>();
        for (const e of mine) if (e.type === 'message' && e.mem !== null && e.day >= from30) counts.set(e.mem, (counts.get(e.mem) ?? 0) + 1);
        const sorted = [...counts.values()].sort((a, b) => b - a);
        const total = sorted.reduce((a, b) => a + b, 0);
        let sum = 0, k = 0;
        while (sum * 2 < total) sum += sorted[k++]!;
        assert.equal(part('copy').values['core'], k);
      } });
    }
    checks.push({ name: 'dead-group warning for g-c', run: async () => {
      const w = health.warnings.find((x) => x.name === 'g-c');
      assert.ok(w, 'g-c is warned');
      const first = addDays(today, -12);
      const late = new Set(ev.filter((e) => e.g === w.groupId && e.type === 'message' && offset(first, e.day) >= 4 && offset(first, e.day) <= 6).map((e) => e.mem));
      const days = new Set(ev.filter((e) => e.g === w.groupId && e.type === 'message' && offset(first, e.day) <= 6).map((e) => e.day));
      assert.deepEqual([w.signals.lateWriters, w.signals.activeDays, w.signals.messages], [late.size, days.size, 10]);
    } });
  });

  test('a random sample of figures matches the recomputation from raw events', async () => {
    assert.ok(checks.length >= 15, `figures to check: ${checks.length}`);
    const pick = rng(SEED + 1);
    const sample = [...checks].sort(() => pick() - 0.5).slice(0, Math.max(15, Math.ceil(checks.length * 0.6)));
    // The push, the draw, the warning and the core members are always in: they carry the rarer rules.
    for (const name of ['push responses', 'draw hunters', 'dead-group warning for g-c', 'core members']) if (!sample.some((c) => c.name === name)) sample.push(checks.find((c) => c.name === name)!);
    for (const c of sample) {
      try { await c.run(); } catch (err) { throw new Error(`${c.name} (seed ${SEED}): ${(err as Error).message}`); }
    }
  });
});
