import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import type { Database } from '../db/database.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../workspaces/workspaces.ts';
import type { IngestScope } from '../events/ingest.ts';
import { runImportCommand } from './command.ts';
import { ImportFormatError } from './errors.ts';
import { importHistory, type ImportProgress } from './import-history.ts';
import { makeTelegramExport } from './make-telegram-export.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const telegram = path.join(fixtures, 'telegram-account.json');
const whatsapp = path.join(fixtures, 'WhatsApp Chat with 读书会 Book Club.txt');
const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-import-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** What the import left in the workspace, in numbers and a few telling rows. */
async function contents(db: Database, ws: number) {
  const one = async (sql: string) => (await db.query<{ n: number }>(sql, [ws]))[0]!.n;
  return {
    events: await one('select count(*)::int as n from events where workspace_id = $1'),
    groups: await one('select count(*)::int as n from groups where workspace_id = $1'),
    members: await one('select count(*)::int as n from member_identities where workspace_id = $1'),
    messages: await one('select count(*)::int as n from messages where workspace_id = $1'),
    memberships: await one('select count(*)::int as n from memberships where workspace_id = $1'),
    active: await one('select count(*)::int as n from memberships where workspace_id = $1 and active'),
    deadLetters: await one('select count(*)::int as n from dead_letters where workspace_id = $1'),
  };
}

forEachEngine('history import', (ctx) => {
  async function scope(slug: string, platform: string): Promise<IngestScope> {
    const { db } = ctx();
    const w = await ensureWorkspace(db, slug);
    const a = await ensurePlatformAccount(db, w.id, platform, 'import', 'import');
    return { workspaceId: w.id, accountId: a.id, timezone: w.timezone };
  }

  test('a Telegram export: groups, members, messages and memberships; a re-import stores nothing', async () => {
    const { db } = ctx();
    const s = await scope('tg', 'telegram-export');
    const progress: ImportProgress[] = [];
    const first = await importHistory(db, s, { kind: 'telegram', path: telegram }, { batchSize: 4, onProgress: (p) => progress.push(p) });
    assert.deepEqual(
      { events: first.events, stored: first.stored, duplicates: first.duplicates, rejected: first.rejected, groups: first.groups, members: first.members,
        messages: first.messages, edits: first.edits, joins: first.joins, leaves: first.leaves, renames: first.renames },
      { events: 17, stored: 17, duplicates: 0, rejected: 0, groups: 1, members: 6, messages: 6, edits: 1, joins: 5, leaves: 2, renames: 2 });
    assert.deepEqual(first.skipped, { 'chat: chat type personal_chat': 1, 'message: service action pin_message': 1, 'message: unsupported message': 1 });
    assert.deepEqual(await contents(db, s.workspaceId), { events: 17, groups: 1, members: 6, messages: 6, memberships: 5, active: 3, deadLetters: 0 });

    const [group] = await db.query<{ name: string; created_at: Date }>('select name, created_at from groups where workspace_id = $1', [s.workspaceId]);
    assert.equal(group!.name, '群运用户群');
    assert.equal(group!.created_at.toISOString(), '2026-03-01T10:00:00.000Z');
    const ms = await db.query<{ uid: string; active: boolean; source: string | null; inviter: string | null; leave_reason: string | null }>(
      `select i.platform_user_id as uid, ms.active, ms.source, inv.platform_user_id as inviter, ms.leave_reason
       from memberships ms join member_identities i on i.workspace_id = ms.workspace_id and i.member_id = ms.member_id
       left join member_identities inv on inv.workspace_id = ms.workspace_id and inv.member_id = ms.inviter_member_id
       where ms.workspace_id = $1 order by 1`, [s.workspaceId]);
    assert.deepEqual(ms.map((m) => [m.uid, m.active, m.source, m.inviter, m.leave_reason]), [
      ['tg-name:李四', false, 'invite', 'user1', 'kicked'],
      ['user1', true, 'creator', null, null],
      ['user2', false, 'invite_link', null, 'left'],
      ['user3', true, 'invite', 'user1', null],
      ['user4', true, 'invite', 'user1', null],
    ]);
    const [edited] = await db.query<{ text: string; reply_to: string; edited_at: Date }>(
      `select text, reply_to, edited_at from messages where workspace_id = $1 and platform_message_id = '4'`, [s.workspaceId]);
    assert.equal(edited!.reply_to, '3');
    assert.equal(edited!.edited_at.toISOString(), '2026-03-01T10:09:00.000Z');
    const [name] = await db.query<{ display_name: string }>(`select display_name from member_identities where workspace_id = $1 and platform_user_id = 'user3'`, [s.workspaceId]);
    assert.equal(name!.display_name, '张三');

    // Progress: the validate pass reports bytes up to the file size, then the ingest pass, batch by batch.
    const size = readFileSync(telegram).length;
    assert.equal(progress.filter((p) => p.phase === 'validate').at(-1)!.bytesRead, size);
    const ingest = progress.filter((p) => p.phase === 'ingest');
    assert.deepEqual(ingest.map((p) => p.events), [4, 8, 12, 16, 17]);
    assert.ok(ingest.every((p) => p.totalEvents === 17 && p.totalBytes === size));

    const again = await importHistory(db, s, { kind: 'telegram', path: telegram });
    assert.deepEqual([again.events, again.stored, again.duplicates], [17, 0, 17]);
    assert.deepEqual(await contents(db, s.workspaceId), { events: 17, groups: 1, members: 6, messages: 6, memberships: 5, active: 3, deadLetters: 0 });
  });

  test('skipped items are listed by reason with counts and up to 3 examples; numeric from_id is kept as that user', async () => {
    const { db } = ctx();
    const s = await scope('tg-skips', 'telegram-export');
    const msg = (id: number, from_id: unknown, text = `m${id}`) => ({ id, type: 'message', date_unixtime: String(1700000000 + id * 60), from: `User ${String(from_id)}`, from_id, text });
    const file = path.join(dir, 'skips.json');
    writeFileSync(file, JSON.stringify({ about: '', chats: { list: [
      { id: 77, name: 'Direct', type: 'personal_chat', messages: [msg(1, 'user9')] },
      { id: 88, name: 'Ops', type: 'private_supergroup', messages: [
        msg(1, 'user1'), msg(2, 42), msg(3, 42), msg(4, 'user42'),
        ...[5, 6, 7, 8, 9].map((id) => ({ id, type: 'unsupported', date_unixtime: String(1700000000 + id * 60) })),
        { id: 10, type: 'message', date_unixtime: '1700000600', from: 'Ghost', text: 'no sender' },
        { id: 11, type: 'service', date_unixtime: '1700000660', actor: 'User user1', actor_id: 'user1', action: 'pin_message', text: '' },
      ] },
    ] } }));
    const out = new PassThrough();
    let printed = '';
    out.on('data', (c: Buffer) => { printed += c.toString(); });
    const summary = await runImportCommand('telegram', file, { db, workspace: 'tg-skips', stream: out, progress: false });
    // Messages 2 and 3 (from_id 42) are kept, as the same member as message 4 ("user42").
    assert.equal(summary.messages, 4);
    const writers = await db.query<{ uid: string; n: number }>(
      `select i.platform_user_id as uid, count(*)::int as n from messages x join member_identities i on i.workspace_id = x.workspace_id and i.member_id = x.member_id
       where x.workspace_id = $1 group by 1 order by 1`, [s.workspaceId]);
    assert.deepEqual(writers.map((w) => [w.uid, w.n]), [['user1', 1], ['user42', 3]]);
    assert.deepEqual(summary.skips, [
      { reason: 'message: unsupported message', count: 5, examples: ['chat 88 "Ops" message 5', 'chat 88 "Ops" message 6', 'chat 88 "Ops" message 7'] },
      { reason: 'chat: chat type personal_chat', count: 1, examples: ['chat 77 "Direct"'] },
      { reason: 'message: message without from_id', count: 1, examples: ['chat 88 "Ops" message 10'] },
      { reason: 'message: service action pin_message', count: 1, examples: ['chat 88 "Ops" message 11'] },
    ]);
    assert.match(printed, /^skipped 8:$/m);
    assert.match(printed, /^ {2}5 × message: unsupported message \(e\.g\. chat 88 "Ops" message 5; chat 88 "Ops" message 6; chat 88 "Ops" message 7\)$/m);
    assert.match(printed, /^ {2}1 × message: message without from_id \(e\.g\. chat 88 "Ops" message 10\)$/m);
  });

  test('a WhatsApp export: the same, with ids derived from names and times', async () => {
    const { db } = ctx();
    const s = await scope('wa', 'whatsapp-export');
    const first = await importHistory(db, s, { kind: 'whatsapp', path: whatsapp, timezone: 'Asia/Shanghai' });
    assert.deepEqual(
      { events: first.events, stored: first.stored, groups: first.groups, members: first.members, messages: first.messages, joins: first.joins, leaves: first.leaves, renames: first.renames, dateOrder: first.dateOrder },
      { events: 15, stored: 15, groups: 1, members: 4, messages: 6, joins: 4, leaves: 2, renames: 2, dateOrder: 'mdy' });
    assert.deepEqual(await contents(db, s.workspaceId), { events: 15, groups: 1, members: 4, messages: 6, memberships: 4, active: 2, deadLetters: 0 });
    const groups = await db.query<{ platform_group_id: string; name: string }>('select platform_group_id, name from groups where workspace_id = $1', [s.workspaceId]);
    assert.deepEqual(groups.map((g) => [g.platform_group_id, g.name]), [['wa-export:读书会 Book Club', '读书会 Book Club']]);
    const texts = await db.query<{ text: string | null; kind: string }>('select text, kind from messages where workspace_id = $1 order by sent_at, platform_message_id', [s.workspaceId]);
    assert.ok(texts.some((t) => t.text === 'Hello everyone!\nThis is a second line'));
    assert.equal(texts.filter((t) => t.kind === 'image').length, 1);

    const again = await importHistory(db, s, { kind: 'whatsapp', path: whatsapp, timezone: 'Asia/Shanghai' });
    assert.deepEqual([again.stored, again.duplicates], [0, 15]);
    assert.equal((await contents(db, s.workspaceId)).events, 15);
  });

  test('a truncated Telegram export is refused whole: nothing is written', async () => {
    const { db } = ctx();
    const s = await scope('tg-bad', 'telegram-export');
    const text = readFileSync(telegram, 'utf8');
    // Cut near the end, after most events would have been written by a one-pass import.
    const file = path.join(dir, 'truncated.json');
    writeFileSync(file, text.slice(0, text.lastIndexOf('"id": 14')));
    await assert.rejects(importHistory(db, s, { kind: 'telegram', path: file }, { batchSize: 2 }), (err: unknown) => {
      assert.ok(err instanceof ImportFormatError);
      assert.match(err.message, /truncated\.json \(byte \d+, at \$\.chats\.list\[1\]\.messages\[13\]/);
      return true;
    });
    assert.deepEqual(await contents(db, s.workspaceId), { events: 0, groups: 0, members: 0, messages: 0, memberships: 0, active: 0, deadLetters: 0 });
  });

  test('a WhatsApp export with an impossible date on its last line is refused whole', async () => {
    const { db } = ctx();
    const s = await scope('wa-bad', 'whatsapp-export');
    const lines = readFileSync(whatsapp, 'utf8').trimEnd().split('\n');
    lines.push('02/30/24, 9:00 AM - Alice: the 30th of February');
    const file = path.join(dir, 'WhatsApp Chat with Broken.txt');
    writeFileSync(file, `${lines.join('\n')}\n`);
    for (const dateOrder of [undefined, 'mdy' as const]) {
      await assert.rejects(importHistory(db, s, { kind: 'whatsapp', path: file, timezone: 'Asia/Shanghai', ...(dateOrder ? { dateOrder } : {}) }, { batchSize: 2 }),
        (err: unknown) => err instanceof ImportFormatError && err.position.line === lines.length && /02\/30\/24/.test(err.message));
    }
    assert.deepEqual(await contents(db, s.workspaceId), { events: 0, groups: 0, members: 0, messages: 0, memberships: 0, active: 0, deadLetters: 0 });
  });

  test('a generated export: every event stored once; the command prints plain progress off a terminal', async () => {
    const { db } = ctx();
    const file = path.join(dir, 'generated.json');
    const made = await makeTelegramExport(file, { messages: 4000, members: 300, chats: 2, seed: 11 });
    const out = new PassThrough();
    let printed = '';
    out.on('data', (c: Buffer) => { printed += c.toString(); });
    const summary = await runImportCommand('telegram', file, { db, workspace: 'generated', stream: out, batchSize: 500 });
    assert.equal(summary.groups, 2);
    assert.equal(summary.stored, summary.events);
    assert.ok(summary.messages > 3000 && summary.messages < 4000, `${summary.messages} messages of ${made.messages}`);
    const [w] = await db.query<{ id: number }>(`select id from workspaces where slug = 'generated'`);
    const c = await contents(db, w!.id);
    assert.equal(c.events, summary.events);
    assert.equal(c.messages, summary.messages);
    assert.equal(c.groups, 2);
    assert.equal(c.members, summary.members);
    assert.match(printed, /^checking .*generated\.json: 100% \(\d+ of \d+ bytes, \d+ events\)$/m);
    assert.match(printed, /^importing .*: 100% /m);
    assert.match(printed, new RegExp(`imported .*: ${summary.events} events \\(${summary.events} new, 0 already there\\)`));
  });
});
