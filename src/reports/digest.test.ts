/**
 * The weekly digest, on both engines: made from Monday 08:00 in the workspace's time zone (not
 * before), once per operator and week even when ticks run at the same time (two "processes") or
 * again; its figures reconcile with the raw event log for the operator's groups only; it reaches
 * the console (GET /api/digests), the operator's own chat (one outbox message) and their e-mail,
 * through a real SMTP conversation with an in-process SMTP server (smtp-server), once.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { signedIn, type Client } from '../../test/support/auth.ts';
import { addDays, seedCommunity, type Community } from '../../test/support/community.ts';
import { forEachEngine } from '../../test/support/engines.ts';
import { testServer } from '../../test/support/server.ts';
import { digestText, nextSteps, type Digest } from './digest.ts';
import { computeDigest, digestWeek, runDigestTick } from './digest-store.ts';
import { createMailer, type Mailer } from './mail.ts';

interface Received { to: string[]; data: string }

async function smtpSink(): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The Monday after `day` (YYYY-MM-DD), at hh:mm in Asia/Shanghai, as an instant. */
function nextMonday(day: string, hh: string): Date {
  const d = new Date(`${day}T00:00:00Z`);
  const monday = addDays(day, ((8 - d.getUTCDay()) % 7) || 7);
  return new Date(`${monday}T${hh}:00+08:00`);
}

forEachEngine('weekly digest', (ctx) => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let c: Community;
  let owner: Client, operator: Client;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  let mailer: Mailer;
  before(async () => {
    const db = ctx().db;
    c = await seedCommunity(db, 'digest');
    await seedCommunity(db, 'digest-other');
    server = await testServer(db);
    owner = await signedIn(server.app, db, c.workspaceId, 'owner');
    operator = await signedIn(server.app, db, c.workspaceId, 'operator');
    await signedIn(server.app, db, c.workspaceId, 'viewer');
    await owner.send('POST', '/api/groups/bulk', { ids: [c.groups['g-a']], action: 'assign', value: operator.userId });
    // The operator linked their own chat: themselves as a member of g-a.
    await operator.send('PUT', '/api/calendar/chat', { chat: { groupId: c.groups['g-a'], memberId: c.members['alice'] } });
    sink = await smtpSink();
    mailer = createMailer({ SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SMTP_FROM: 'Qunyun <digest@example.com>' })!;
  });
  after(async () => { mailer.close(); await sink.close(); await server.close(); });

  test('not before Monday 08:00 in the workspace time zone', async () => {
    const early = nextMonday(c.today, '07:59');
    assert.equal((await digestWeek(ctx().db, c.workspaceId, early))!.due, false);
    assert.deepEqual(await runDigestTick(ctx().db, c.workspaceId, { mailer }, early), { made: 0, chats: 0, emailed: 0, emailFailed: 0 });
  });

  test('once per operator and week, even from ticks at the same time; chat and e-mail once; figures from the log', async () => {
    const db = ctx().db;
    const now = nextMonday(c.today, '08:05');
    const { week, due } = (await digestWeek(db, c.workspaceId, now))!;
    assert.ok(due);
    assert.ok(week <= c.today && c.today <= addDays(week, 6), 'last week, seen from next Monday, holds today');
    const [a, b] = await Promise.all([runDigestTick(db, c.workspaceId, { mailer }, now), runDigestTick(db, c.workspaceId, { mailer }, now)]);
    const again = await runDigestTick(db, c.workspaceId, { mailer }, new Date(now.getTime() + 3_600_000));
    // The owner and the operator (the viewer gets none).
    assert.equal(a.made + b.made + again.made, 2);
    assert.equal(a.chats + b.chats + again.chats, 1, "one message to the operator's chat");
    assert.equal(a.emailed + b.emailed + again.emailed, 2);
    const rows = await db.query<{ userId: number; week: string; digest: Digest; emailedAt: Date | null; chatQueuedAt: Date | null }>(
      `select user_id as "userId", week::text as week, digest, emailed_at as "emailedAt", chat_queued_at as "chatQueuedAt" from weekly_digests where workspace_id = $1 order by user_id`, [c.workspaceId]);
    assert.deepEqual(rows.map((r) => Number(r.userId)).sort(), [owner.userId, operator.userId].sort());
    const outbox = await db.query<{ kind: string; memberId: number; payload: { text: string } }>(
      `select kind, member_id as "memberId", payload from outbox_actions where workspace_id = $1 and key like 'digest:%'`, [c.workspaceId]);
    assert.equal(outbox.length, 1);
    assert.equal(outbox[0]!.kind, 'private_message');
    assert.equal(Number(outbox[0]!.memberId), c.members['alice']);
    assert.match(outbox[0]!.payload.text, /群运周报/);
    // E-mail: a real SMTP conversation, once per digest, to each one's own address.
    assert.equal(sink.received.length, 2);
    assert.deepEqual(sink.received.map((m) => m.to[0]).sort(), [owner.email, operator.email].sort());
    const mail = sink.received.find((m) => m.to[0] === operator.email)!;
    assert.match(mail.data, /Subject: =\?UTF-8\?/i, 'a Chinese subject, encoded');
    assert.match(mail.data, /From: Qunyun <digest@example.com>/);

    // The operator's digest: g-a only, reconciled with the raw event log.
    const mine = rows.find((r) => Number(r.userId) === operator.userId)!.digest;
    assert.equal(mine.groups, 1);
    assert.deepEqual(mine.perGroup.map((g) => g.groupId), [c.groups['g-a']]);
    const figures = async (from: string, to: string) => (await db.query<{ messages: number; writers: number; joins: number; leaves: number }>(
      `select count(*) filter (where type = 'message')::int as messages, count(distinct member_id) filter (where type = 'message')::int as writers,
              count(*) filter (where type = 'join')::int as joins, count(*) filter (where type = 'leave')::int as leaves
       from events where workspace_id = $1 and group_id = $2 and (occurred_at at time zone 'Asia/Shanghai')::date between $3::date and $4::date`,
      [c.workspaceId, c.groups['g-a'], from, to]))[0]!;
    assert.deepEqual(mine.thisWeek, await figures(week, addDays(week, 6)));
    assert.deepEqual(mine.lastWeek, await figures(addDays(week, -7), addDays(week, -1)));
    assert.ok(mine.thisWeek.messages > 0);
    const [size] = await db.query<{ n: number }>('select member_count as n from groups where workspace_id = $1 and id = $2', [c.workspaceId, c.groups['g-a']]);
    assert.equal(mine.members, size!.n);
    const all = rows.find((r) => Number(r.userId) === owner.userId)!.digest;
    assert.equal(all.groups, 3, 'an owner: every group');
    assert.ok(all.next.length > 0 && all.next.length <= 5);
    assert.ok(all.next.some((s) => s.code === 'reviveSilent' || s.code === 'noPosts'), 'g-c had no message: something to do');

    // The console: my digests, and the preview.
    const list = await operator.get('/api/digests');
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].week, week);
    assert.deepEqual(list.items[0].digest.thisWeek, mine.thisWeek);
    assert.ok(list.items[0].emailedAt && list.items[0].chatQueuedAt);
    const preview = await operator.get('/api/digests/preview');
    assert.equal(preview.groups, 1);
    const notice = await db.query<{ userId: number }>(`select user_id as "userId" from automation_notifications where workspace_id = $1 and key like 'digest:%'`, [c.workspaceId]);
    assert.equal(notice.length, 2, 'a console notification each');
  });

  test('the week after compares health with this digest; a failed e-mail is kept and retried once the claim is old', async () => {
    const db = ctx().db;
    const now = new Date(nextMonday(c.today, '09:00').getTime() + 7 * 86_400_000);
    const broken = createMailer({ SMTP_URL: 'smtp://127.0.0.1:1', SMTP_FROM: 'x@example.com' })!;
    const r = await runDigestTick(db, c.workspaceId, { mailer: broken }, now);
    broken.close();
    assert.equal(r.made, 2);
    assert.equal(r.emailFailed, 2);
    const [row] = await db.query<{ digest: Digest; emailError: string | null }>(
      `select digest, email_error as "emailError" from weekly_digests where workspace_id = $1 and user_id = $2 order by week desc limit 1`, [c.workspaceId, operator.userId]);
    assert.ok(row!.emailError);
    assert.ok(row!.digest.perGroup.every((g) => g.previousScore !== null), "last week's score is there to compare");
    assert.equal((await runDigestTick(db, c.workspaceId, { mailer }, new Date(now.getTime() + 60_000))).emailed, 0, 'the claim holds for 15 minutes');
    assert.equal((await runDigestTick(db, c.workspaceId, { mailer }, new Date(now.getTime() + 16 * 60_000))).emailed, 2);
  });

  test('one computation per group and run: recipients who share groups (an owner, an admin, an operator) read each group once; each digest is what their groups alone give', async () => {
    const db = ctx().db;
    const s = await seedCommunity(db, 'digest-shared');
    await signedIn(server.app, db, s.workspaceId, 'owner');
    await signedIn(server.app, db, s.workspaceId, 'admin');
    const op = await signedIn(server.app, db, s.workspaceId, 'operator');
    await db.query('update groups set owner_staff_id = $3 where workspace_id = $1 and id = $2', [s.workspaceId, s.groups['g-a'], op.userId]);
    const now = nextMonday(s.today, '08:05');
    const { week } = (await digestWeek(db, s.workspaceId, now))!;
    // How often each group's health (its core members) and its week's posts were read.
    const reads = new Map<string, number>();
    const count = (what: string, ids: unknown) => { for (const id of Array.isArray(ids) ? ids : []) reads.set(`${what}:${id}`, (reads.get(`${what}:${id}`) ?? 0) + 1); };
    const counted = new Proxy(db, {
      get(target, key) {
        if (key === 'query') {
          return (text: string, params?: unknown[], prepare?: string) => {
            if (/from group_member_daily/.test(text)) count('health', params?.[1]);
            if (/from pushes/.test(text) && params?.[2] === week) count('posts', params?.[1]);
            return target.query(text, params, prepare);
          };
        }
        const v = Reflect.get(target, key) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const r = await runDigestTick(counted, s.workspaceId, {}, now);
    assert.equal(r.made, 3, 'owner, admin and operator');
    const groupIds = Object.values(s.groups).sort((a, b) => a - b);
    assert.deepEqual([...reads.entries()].sort(), [...groupIds.map((id) => [`health:${id}`, 1]), ...groupIds.map((id) => [`posts:${id}`, 1])].sort(),
      'each group read once, though g-a is in all three digests and the others in two');
    const stored = await db.query<{ userId: number; digest: Digest }>('select user_id as "userId", digest from weekly_digests where workspace_id = $1', [s.workspaceId]);
    const mine = stored.find((x) => Number(x.userId) === op.userId)!.digest;
    assert.deepEqual(mine, await computeDigest(db, { userId: op.userId, workspaceId: s.workspaceId, role: 'operator', ip: '' }, week), "the operator's digest: their group alone");
    assert.deepEqual(mine.perGroup.map((g) => g.groupId), [s.groups['g-a']]);
    for (const x of stored.filter((y) => Number(y.userId) !== op.userId)) {
      assert.deepEqual(x.digest, await computeDigest(db, { userId: Number(x.userId), workspaceId: s.workspaceId, role: 'admin', ip: '' }, week), 'an admin\'s: every group');
    }
  });
});

test('what to do next, and the text in both languages', () => {
  const base = {
    week: { from: '2026-11-23', to: '2026-11-29' }, groups: 2, members: 40,
    thisWeek: { messages: 10, writers: 3, joins: 5, leaves: 1 }, lastWeek: { messages: 20, writers: 5, joins: 2, leaves: 0 },
    posts: 4, responseRate: 0.1, breadth: 0.05,
    perGroup: [
      { groupId: 1, name: 'A', members: 30, messages: 10, writers: 3, score: 2.1, previousScore: 3 },
      { groupId: 2, name: 'B', members: 10, messages: 0, writers: 0, score: 1, previousScore: null },
    ],
    warnings: [{ groupId: 2, name: 'B', risk: 0.9, reasons: ['few writers'], suggestion: 'dailyTopic' }],
    topPosts: [{ key: 'push:1', groupId: 1, groupName: 'A', title: '新品', kind: 'push', responders: 2, breadth: 0.1 }],
  };
  const next = nextSteps(base);
  assert.deepEqual(next.map((s) => s.code), ['startAutomation', 'reviveSilent', 'healthDropped', 'lowResponse', 'welcomeNewcomers']);
  assert.deepEqual(next[3]!.values, { rate: 10 });
  const zh = digestText({ ...base, next }, 'zh-CN', 'https://q.example.com/digest');
  assert.match(zh.subject, /群运周报 2026-11-23 ~ 2026-11-29/);
  assert.match(zh.body, /消息 10 \(-10\)/);
  assert.match(zh.body, /A 3\.0 → 2\.1/);
  assert.match(zh.body, /https:\/\/q\.example\.com\/digest$/);
  const en = digestText({ ...base, next }, 'en');
  assert.match(en.body, /Post response rate 10% \(4 posts\)/);
  assert.deepEqual(nextSteps({ ...base, perGroup: [], warnings: [], posts: 3, responseRate: 0.5, thisWeek: { ...base.thisWeek, joins: 0 } }).map((s) => s.code), ['keepGoing']);
});
