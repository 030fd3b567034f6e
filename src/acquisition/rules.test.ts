import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestCandidate, firstWithRoom, inRuleOrder, needsNewGroup, rankCandidates, limitProblems, tierLimits, type PoolGroup } from './routing.ts';
import { inWorkingHours, rankStaff } from './staff-rotation.ts';
import { checkAnswers, mayRoute, orderPays, signBody, verifySignature } from './threshold.ts';
import { outcome, statement, statementCsv, type AttributedJoin } from './statements.ts';
import ExcelJS from 'exceljs';
import { STATEMENT_HEADERS, statementXlsx } from './statement-xlsx.ts';

const limits = { firstPhase: 100, sweetSpotMin: 150, sweetSpotMax: 200, hardCap: 350 };
const g = (groupId: number, load: number, extra: Partial<PoolGroup> = {}): PoolGroup => ({ groupId, position: groupId, source: null, cap: 350, load, routed: 0, ...extra });

test('fill-first fills every group to the first phase before any goes past it, then the sweet spot, then the cap', () => {
  assert.deepEqual(rankCandidates([g(1, 100), g(2, 40)], limits, 'fill_first', 'x')[0], { groupId: 2, limit: 100 });
  assert.deepEqual(rankCandidates([g(1, 100), g(2, 100)], limits, 'fill_first', 'x')[0], { groupId: 1, limit: 200 });
  assert.deepEqual(rankCandidates([g(1, 200), g(2, 200)], limits, 'fill_first', 'x')[0], { groupId: 1, limit: 350 });
  assert.deepEqual(rankCandidates([g(1, 350), g(2, 350)], limits, 'fill_first', 'x'), []);
  // A group's own cap (its platform's limit, its capacity) is never exceeded.
  assert.deepEqual(rankCandidates([g(1, 120, { cap: 120 }), g(2, 150)], limits, 'fill_first', 'x')[0], { groupId: 2, limit: 200 });
});

test('round-robin sends the next newcomer to the least routed group; by-source to the source\'s own groups first', () => {
  assert.equal(rankCandidates([g(1, 10, { routed: 5 }), g(2, 10, { routed: 3 })], limits, 'round_robin', 'x')[0]!.groupId, 2);
  const pool = [g(1, 10, { source: 'shop' }), g(2, 10, { source: 'poster' }), g(3, 10)];
  assert.deepEqual(rankCandidates(pool, limits, 'by_source', 'poster').map((c) => c.groupId).slice(0, 2), [2, 3]);
  assert.ok(!rankCandidates(pool, limits, 'by_source', 'poster').some((c) => c.groupId === 1), 'another source\'s group is not used');
});

test('the best candidate is the first of the ranking, for every rule, tier, cap and source', () => {
  let seed = 11;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const small = { firstPhase: 4, sweetSpotMin: 6, sweetSpotMax: 8, hardCap: 10 };
  for (let round = 0; round < 500; round++) {
    const pool = Array.from({ length: 1 + rnd(8) }, (_, i) => g(i + 1, rnd(11), { position: rnd(20), routed: rnd(5), cap: rnd(4) === 0 ? 5 : 10, source: [null, 'shop', 'poster'][rnd(3)]! }));
    for (const rule of ['fill_first', 'round_robin', 'by_source'] as const) {
      for (const source of ['shop', 'poster']) assert.deepEqual(bestCandidate(pool, small, rule, source), rankCandidates(pool, small, rule, source)[0], `${rule} ${source} ${JSON.stringify(pool)}`);
    }
  }
});

test('fill-first and by-source: one order per batch picks what the best candidate picks, seat after seat', () => {
  let seed = 7;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const small = { firstPhase: 4, sweetSpotMin: 6, sweetSpotMax: 8, hardCap: 10 };
  for (let round = 0; round < 300; round++) {
    for (const rule of ['fill_first', 'by_source'] as const) {
      const pool = Array.from({ length: 1 + rnd(8) }, (_, i) => g(i + 1, rnd(11), { position: rnd(20), routed: rnd(5), cap: rnd(4) === 0 ? 5 : 10, source: [null, 'shop', 'poster'][rnd(3)]! }));
      const orders = new Map(['shop', 'poster'].map((s) => [s, inRuleOrder(pool, rule, s)]));
      for (let seat = 0; seat < 30; seat++) {
        const source = ['shop', 'poster'][rnd(2)]!;
        const expected = bestCandidate(pool, small, rule, source);
        assert.deepEqual(firstWithRoom(orders.get(source)!, tierLimits(small)), expected, `${rule} ${source} ${JSON.stringify(pool)}`);
        if (!expected) continue;
        const taken = pool.find((x) => x.groupId === expected.groupId)!;
        taken.load += 1;
        taken.routed += 1;
      }
    }
  }
});

test('the next group is wanted once every group is past the sweet spot\'s bottom; limits must be ordered', () => {
  assert.equal(needsNewGroup([g(1, 149), g(2, 200)], limits), false);
  assert.equal(needsNewGroup([g(1, 150), g(2, 200)], limits), true);
  assert.equal(needsNewGroup([], limits), true);
  assert.deepEqual(limitProblems(limits, 500), []);
  assert.match(limitProblems({ ...limits, hardCap: 600 }, 500).join(), /platform's limit of 500/);
});

test('staff rotation: least routed regular staff under their cap in working hours, backups otherwise', () => {
  const staff = [
    { staffUserId: 1, dailyCap: 2, backup: false, position: 1, routedToday: 2 },
    { staffUserId: 2, dailyCap: 5, backup: false, position: 2, routedToday: 1 },
    { staffUserId: 3, dailyCap: 5, backup: false, position: 3, routedToday: 0 },
    { staffUserId: 9, dailyCap: 5, backup: true, position: 4, routedToday: 0 },
  ];
  assert.deepEqual(rankStaff(staff, true).map((s) => s.staffUserId), [3, 2, 9]);
  assert.deepEqual(rankStaff(staff, false).map((s) => s.staffUserId), [9]);
  assert.deepEqual(rankStaff(staff.map((s) => ({ ...s, routedToday: s.dailyCap })), true), []);
  const hours = { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] };
  // 2026-12-03 is a Thursday; 10:00 in Shanghai is 02:00 UTC.
  assert.equal(inWorkingHours(hours, new Date('2026-12-03T02:00:00Z'), 'Asia/Shanghai'), true);
  assert.equal(inWorkingHours(hours, new Date('2026-12-03T11:00:00Z'), 'Asia/Shanghai'), false, '19:00 in Shanghai');
  assert.equal(inWorkingHours(hours, new Date('2026-12-05T02:00:00Z'), 'Asia/Shanghai'), false, 'a Saturday');
  const night = { start: '22:00', end: '02:00', days: [4] };
  assert.equal(inWorkingHours(night, new Date('2026-12-03T15:00:00Z'), 'Asia/Shanghai'), true, 'Thursday 23:00');
  assert.equal(inWorkingHours(night, new Date('2026-12-03T17:00:00Z'), 'Asia/Shanghai'), true, 'Friday 01:00 is Thursday night');
  assert.equal(inWorkingHours(undefined, new Date(), 'Asia/Shanghai'), true);
});

test('form answers are checked and give tags; only a passed entry is routed; orders are signed and must pay the price', () => {
  const questions = [{ key: 'city', label: '城市', required: true, tagPrefix: '城市:' }, { key: 'role', label: '身份', required: false, options: ['家长', '老师'] }];
  assert.deepEqual(checkAnswers(questions, { city: ' 上海 ', role: '家长' }), { answers: { city: '上海', role: '家长' }, tags: ['城市:上海'], problems: [] });
  assert.deepEqual(checkAnswers(questions, { role: '学生', x: '1' }).problems, ['城市: required', '身份: choose one of 家长, 老师', 'x: not a question of this code']);
  assert.equal(mayRoute({ kind: 'none' }, null), true);
  assert.equal(mayRoute({ kind: 'approval', questions: [] }, { status: 'pending' }), false);
  assert.equal(mayRoute({ kind: 'approval', questions: [] }, null), false);
  assert.equal(mayRoute({ kind: 'poster', instructions: '' }, { status: 'passed' }), true);
  const body = '{"orderId":"o1"}';
  assert.equal(verifySignature('s3cret', body, signBody('s3cret', body)), true);
  assert.equal(verifySignature('s3cret', body, signBody('other', body)), false);
  assert.equal(verifySignature('s3cret', `${body} `, signBody('s3cret', body)), false);
  assert.equal(verifySignature('s3cret', body, undefined), false);
  const paid = { kind: 'paid' as const, priceCents: 9900, currency: 'CNY' };
  assert.equal(orderPays(paid, { amountCents: 9900, currency: 'CNY' }), true);
  assert.equal(orderPays(paid, { amountCents: 9800, currency: 'CNY' }), false);
  assert.equal(orderPays(paid, { amountCents: 9900, currency: 'USD' }), false);
});

test('staff are credited for joins still in the group after the retention days, and the statement exports as CSV', () => {
  const now = new Date('2026-12-20T00:00:00Z');
  const j = (staff: number, name: string, joined: string, left: string | null, source = 'shop'): AttributedJoin => ({
    staffUserId: staff, staffName: name, codeId: 1, codeName: 'c', source, joinedAt: new Date(joined), leftAt: left ? new Date(left) : null, retentionDays: 7, creditPerJoin: 2 });
  assert.equal(outcome(j(1, 'a', '2026-12-01T00:00:00Z', null), now), 'credited');
  assert.equal(outcome(j(1, 'a', '2026-12-01T00:00:00Z', '2026-12-05T00:00:00Z'), now), 'lost');
  assert.equal(outcome(j(1, 'a', '2026-12-01T00:00:00Z', '2026-12-09T00:00:00Z'), now), 'credited');
  assert.equal(outcome(j(1, 'a', '2026-12-18T00:00:00Z', null), now), 'pending');
  const lines = statement([j(1, '王芳', '2026-12-01T00:00:00Z', null), j(1, '王芳', '2026-12-18T00:00:00Z', null, 'poster'), j(2, '=cmd', '2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z')], now);
  assert.deepEqual(lines.map((l) => [l.staffName, l.joins, l.credited, l.pending, l.lost, l.credit]), [['王芳', 2, 1, 1, 0, 2], ['=cmd', 1, 0, 0, 1, 0]]);
  const csv = statementCsv('2026-12', lines, ['month', 'staff', 'joins', 'credited', 'pending', 'lost', 'credit', 'sources']);
  assert.ok(csv.startsWith('\uFEFFmonth,staff'));
  assert.match(csv, /2026-12,王芳,2,1,1,0,2,shop:1 poster:1/);
  assert.match(csv, /2026-12,'=cmd,/, 'a formula-looking name is quoted');
});

test('the staff statement exports as XLSX: numbers as numbers, names as text (never formulas), a sheet of joins per source', async () => {
  const lines = statement([
    { staffUserId: 1, staffName: '王小明', codeId: 1, codeName: 'c', source: 'shop', joinedAt: new Date('2026-11-01T00:00:00Z'), leftAt: null, retentionDays: 7, creditPerJoin: 2 },
    { staffUserId: 1, staffName: '王小明', codeId: 1, codeName: 'c', source: 'poster', joinedAt: new Date('2026-11-02T00:00:00Z'), leftAt: null, retentionDays: 7, creditPerJoin: 2 },
    { staffUserId: 2, staffName: '=HYPERLINK("x")', codeId: 1, codeName: 'c', source: 'shop', joinedAt: new Date('2026-11-03T00:00:00Z'), leftAt: new Date('2026-11-04T00:00:00Z'), retentionDays: 7, creditPerJoin: 2 },
  ], new Date('2026-12-01T00:00:00Z'));
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await statementXlsx('2026-11', lines, STATEMENT_HEADERS['zh-CN'])) as unknown as ArrayBuffer);
  const [main, bySource] = book.worksheets;
  assert.deepEqual((main!.getRow(1).values as unknown[]).slice(1), ['月份', '员工', '引入人数', '已计入', '考核中', '已流失', '奖励']);
  assert.deepEqual((main!.getRow(2).values as unknown[]).slice(1), ['2026-11', '王小明', 2, 2, 0, 0, 4]);
  const evil = main!.getRow(3).getCell(2);
  assert.equal(evil.value, '=HYPERLINK("x")');
  assert.equal(evil.type, ExcelJS.ValueType.String, 'a name starting with = stays text');
  assert.deepEqual(bySource!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1)), [['王小明', 'shop', 1], ['王小明', 'poster', 1], ['=HYPERLINK("x")', 'shop', 1]]);
});
