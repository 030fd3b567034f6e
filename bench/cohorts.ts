/**
 * report:cohorts — the retention figures of 复盘 on a real log: the 20 excerpts of #ubuntu IRC
 * in ../shared/data/ubuntu_irc (2004–2016, one channel) imported as one group through ingest, with
 * each line's reply taken from the human annotation (`parent child -`). Prints the monthly
 * cohorts (size, D1, W1, M1 and the curve), monthly writers new and returning, the core members and
 * which went silent, the longest pause and who came back after it; and the reply structure as
 * Qunyun stores it against the annotation read straight from the files (replies, chatter ratio,
 * median time to the first reply). The excerpts are a few hours each, months or years apart: most
 * curves are empty after month 0, which is the point of showing them (nothing returns across
 * years but a handful of regulars). Last line JSON.
 *
 *   npm run report:cohorts [-- --engines=pglite]
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { IdentityCache, ingestBatch } from '../src/events/ingest.ts';
import { ensurePlatformAccount, ensureWorkspace } from '../src/workspaces/workspaces.ts';
import { engagementReport, retentionReport } from '../src/review/store.ts';
import { median } from '../src/review/engagement.ts';
import { benchDatabase, engines } from './support.ts';

const IRC = path.resolve(import.meta.dirname, '../../shared/data/ubuntu_irc');
if (!existsSync(IRC)) { console.error(`no IRC logs at ${IRC}`); process.exit(2); }

interface Line { no: number; at: number; kind: 'message' | 'join' | 'leave'; nick: string; replyTo?: number }

/** One excerpt: messages, joins and quits, with replies from the annotation (the earlier line is the parent). */
function readExcerpt(file: string): Line[] {
  const date = path.basename(file).slice(0, 10);
  const parent = new Map<number, number>();
  const ann = file.replace('.raw.txt', '.annotation.txt');
  if (existsSync(ann)) for (const l of readFileSync(ann, 'utf8').split('\n')) {
    const m = /^(\d+) (\d+)/.exec(l);
    if (m && m[1] !== m[2]) { const a = Number(m[1]), b = Number(m[2]); parent.set(Math.max(a, b), Math.min(a, b)); }
  }
  let day = Date.parse(`${date}T00:00:00Z`), prev = -1, at = day;
  const out: Line[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((l, no) => {
    const msg = /^\[(\d\d):(\d\d)\] <([^>]+)>/.exec(l);
    if (msg) {
      const minute = Number(msg[1]) * 60 + Number(msg[2]);
      if (minute < prev) day += 86_400_000;
      prev = minute; at = day + minute * 60_000;
      const p = parent.get(no);
      out.push({ no, at, kind: 'message', nick: msg[3]!, ...(p !== undefined ? { replyTo: p } : {}) });
      return;
    }
    const sys = /^=== (\S+) .*has (joined|left|quit)/i.exec(l);
    if (sys) out.push({ no, at, kind: sys[2] === 'joined' ? 'join' : 'leave', nick: sys[1]! });
  });
  return out;
}

const files = ['dev', 'test'].flatMap((d) => readdirSync(path.join(IRC, d)).filter((f) => f.endsWith('.raw.txt')).map((f) => path.join(IRC, d, f))).sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
const excerpts = files.map((f) => ({ f, lines: readExcerpt(f) }));
const events: unknown[] = [];
for (const { f, lines } of excerpts) {
  const key = path.basename(f, '.raw.txt');
  const msgIds = new Set(lines.filter((l) => l.kind === 'message').map((l) => l.no));
  for (const l of lines) {
    const base = { eventId: `${key}:${l.no}`, occurredAt: new Date(l.at).toISOString(), groupId: '#ubuntu', userId: `irc:${l.nick}` };
    if (l.kind === 'leave') events.push({ ...base, type: 'leave' });
    else if (l.kind === 'join') events.push({ ...base, type: 'join', name: l.nick });
    else events.push({ ...base, type: 'message', messageId: `${key}:${l.no}`, name: l.nick, text: 'x', ...(l.replyTo !== undefined && msgIds.has(l.replyTo) ? { replyTo: `${key}:${l.replyTo}` } : {}) });
  }
}

// The reply structure straight from the files.
const fileMsgs = excerpts.flatMap(({ lines }) => lines.filter((l) => l.kind === 'message'));
const fileReplies = excerpts.flatMap(({ lines }) => { const ids = new Set(lines.filter((l) => l.kind === 'message').map((l) => l.no)); return lines.filter((l) => l.kind === 'message' && l.replyTo !== undefined && ids.has(l.replyTo)); });
const fileChatter = excerpts.reduce((s, { lines }) => {
  const msgs = lines.filter((l) => l.kind === 'message');
  const ids = new Set(msgs.map((l) => l.no));
  const replied = new Set(msgs.filter((l) => l.replyTo !== undefined && ids.has(l.replyTo)).map((l) => l.replyTo));
  return s + msgs.filter((l) => !(l.replyTo !== undefined && ids.has(l.replyTo)) && !replied.has(l.no)).length;
}, 0);
const firstReplyMinutes = excerpts.flatMap(({ lines }) => {
  const at = new Map(lines.filter((l) => l.kind === 'message').map((l) => [l.no, l.at]));
  const first = new Map<number, number>();
  for (const l of lines) if (l.kind === 'message' && l.replyTo !== undefined && at.has(l.replyTo)) if (!first.has(l.replyTo)) first.set(l.replyTo, (l.at - at.get(l.replyTo)!) / 60_000);
  return [...first.values()];
});

const results: Record<string, unknown> = {};
for (const engine of engines()) {
  const t = await benchDatabase(engine);
  try {
    const db = t.db;
    const ws = await ensureWorkspace(db, 'ubuntu-irc', 'ubuntu-irc', 'UTC');
    const account = await ensurePlatformAccount(db, ws.id, 'import', 'irc', 'irc');
    const scope = { workspaceId: ws.id, accountId: account.id, timezone: 'UTC' };
    const cache = new IdentityCache();
    for (let i = 0; i < events.length; i += 2000) await ingestBatch(db, scope, events.slice(i, i + 2000), cache);
    const actor = { userId: 0, workspaceId: ws.id, role: 'owner' as const, ip: '' };
    const range = { from: '2004-11-01', to: '2016-12-31' };
    const r = await retentionReport(db, actor, range, 'month');
    const e = await engagementReport(db, actor, range);
    const pct = (x: number | null) => (x === null ? '   –' : `${(x * 100).toFixed(0).padStart(3)}%`);
    console.log(`\n[${engine}] ${events.length} events from ${files.length} excerpts, ${r.cohorts.reduce((s, c) => s + c.size, 0)} memberships`);
    console.log('cohort      size    D1    W1    M1   curve by month after joining (0…5)');
    for (const c of r.cohorts) console.log(`${c.cohort}  ${String(c.size).padStart(5)}  ${pct(c.d1.rate)}  ${pct(c.w1.rate)}  ${pct(c.m1.rate)}   ${c.curve.slice(0, 6).map(pct).join(' ')}`);
    const returning = r.monthly.reduce((s, m) => s + m.returning, 0), writers = r.monthly.reduce((s, m) => s + m.writers, 0);
    console.log(`monthly writers: ${r.monthly.length} months with writers, ${writers} writer-months, ${returning} returning (${pct(returning / writers)})`);
    console.log(`core members (half the messages): ${r.core.length} of ${r.coreOf} writers; silent now: ${r.core.filter((c) => c.silent).length}`);
    if (r.gap) console.log(`longest pause: ${r.gap.from} … ${r.gap.to} (${r.gap.days} days): ${r.gap.cameBack} of ${r.gap.before} writers of the 90 days before came back (${pct(r.gap.rate)}), ${r.gap.newAfter} new after`);
    const g = e.groups[0]!;
    console.log(`reply structure: stored chatter ${g.chatter} of ${g.messages} (${pct(g.chatterRatio)}); from the annotation ${fileChatter} of ${fileMsgs.length}; replies annotated ${fileReplies.length}; median first reply ${median(firstReplyMinutes)} min`);
    results[engine] = { memberships: r.cohorts.reduce((s, c) => s + c.size, 0), cohorts: r.cohorts.length, d1: r.cohorts.map((c) => c.d1.rate), m1: r.cohorts.map((c) => c.m1.rate), returningShare: +(returning / writers).toFixed(3), core: r.core.length, coreSilent: r.core.filter((c) => c.silent).length, gapDays: r.gap?.days ?? null, gapCameBack: r.gap?.rate ?? null, chatterStored: g.chatter, chatterFromFiles: fileChatter, chatterMatches: g.chatter === fileChatter && g.messages === fileMsgs.length };
  } finally {
    await t.drop();
  }
}
console.log(JSON.stringify({ bench: 'cohorts', excerpts: files.length, events: events.length, ...results }));
