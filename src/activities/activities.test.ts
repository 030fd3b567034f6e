/**
 * The activities' plain logic: streaks with make-up cards, verifiable draws, text votes and quiz
 * scores, trust promotion and demotion with reasons, KOL ranking, review and coverage, and a daily
 * card whose text the bundled font really draws (not tofu), checked against a font lacking CJK.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CJK_FAMILY, bundledFontFile, ensureCjkFont, missingGlyphs } from '../render/fonts.ts';
import { dailyCardFacts, dailyCardText, renderDailyCard } from './daily-card.ts';
import { checkEligibility, commitmentOf, DEFAULT_ELIGIBILITY, drawWinners, entryKey, newSeed, redPacketShares, verifyDraw } from './draw.ts';
import { kolCoverage, rankKols, reviewKols } from './kol.ts';
import { parseVote, scoreQuiz, tallyVotes } from './polls.ts';
import { classifyCheckinText, currentStreak, decideMakeup, DEFAULT_CHECKIN_RULES, leaderboard, longestStreak, milestonesReached, type CheckinDay } from './streaks.ts';
import { evaluateTrust, type TrustFacts } from './trust.ts';

test('check-in keywords and streaks: today or yesterday ends the run', () => {
  assert.equal(classifyCheckinText(' 打卡 ', DEFAULT_CHECKIN_RULES), 'checkin');
  assert.equal(classifyCheckinText('补卡', DEFAULT_CHECKIN_RULES), 'makeup');
  assert.equal(classifyCheckinText('我今天忘了打卡', DEFAULT_CHECKIN_RULES), null);
  const days = ['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'];
  assert.equal(currentStreak(days, '2026-12-02'), 5);
  assert.equal(currentStreak(days, '2026-12-03'), 5, 'today still open: the streak holds');
  assert.equal(currentStreak(days, '2026-12-04'), 0, 'a missed day breaks it');
  assert.equal(longestStreak(['2026-01-01', '2026-01-02', '2026-01-05']), 2);
  assert.deepEqual(milestonesReached(2, 3, DEFAULT_CHECKIN_RULES.milestones), [3]);
  assert.deepEqual(milestonesReached(3, 4, DEFAULT_CHECKIN_RULES.milestones), []);
});

test('a make-up card fills the latest missed day in the window, once per week', () => {
  const rules = { ...DEFAULT_CHECKIN_RULES, makeupPerWeek: 1, makeupWindowDays: 3 };
  // Thursday 2026-12-03: checked in Mon, Tue(missed Wed), today.
  const history: CheckinDay[] = [{ day: '2026-11-30', kind: 'checkin' }, { day: '2026-12-01', kind: 'checkin' }, { day: '2026-12-03', kind: 'checkin' }];
  assert.equal(currentStreak(history.map((h) => h.day), '2026-12-03'), 1);
  const d = decideMakeup(history, '2026-12-03', rules);
  assert.deepEqual(d, { ok: true, day: '2026-12-02' });
  const after = [...history, { day: '2026-12-02', kind: 'makeup' as const, usedOn: '2026-12-03' }];
  assert.equal(currentStreak(after.map((h) => h.day), '2026-12-03'), 4, 'the gap is filled: Mon–Thu');
  // A second miss the same week cannot be made up.
  const later = [...after, { day: '2026-12-05', kind: 'checkin' as const }];
  assert.deepEqual(decideMakeup(later, '2026-12-06', rules), { ok: false, reason: 'weekly_limit' });
  // Next week the allowance is back.
  assert.deepEqual(decideMakeup(later, '2026-12-07', rules), { ok: true, day: '2026-12-06' });
  // Nothing missed.
  assert.deepEqual(decideMakeup([{ day: '2026-12-02', kind: 'checkin' }], '2026-12-03', rules), { ok: false, reason: 'nothing_missed' });
  // A gap older than the window.
  assert.deepEqual(decideMakeup([{ day: '2026-11-20', kind: 'checkin' }, { day: '2026-11-22', kind: 'checkin' }, { day: '2026-11-23', kind: 'checkin' }, { day: '2026-11-24', kind: 'checkin' }, { day: '2026-11-25', kind: 'checkin' }], '2026-11-26', rules), { ok: false, reason: 'outside_window' });
  const board = leaderboard(new Map([
    [1, { name: '甲', days: after }],
    [2, { name: '乙', days: [{ day: '2026-12-03', kind: 'checkin' }] }],
  ]), '2026-12-03');
  assert.deepEqual(board.map((r) => [r.memberId, r.streak, r.total]), [[1, 4, 4], [2, 1, 1]]);
});

test('a draw is re-verified from its revealed seed and entries; any change is caught', () => {
  const seed = newSeed();
  const commitment = commitmentOf(seed);
  const entries = [5, 3, 9, 12, 7, 1, 30].map(entryKey);
  const winners = drawWinners(seed, entries, 3);
  assert.equal(winners.length, 3);
  assert.equal(new Set(winners).size, 3);
  // Same seed, entries in another order: same winners.
  assert.deepEqual(drawWinners(seed, [...entries].reverse(), 3), winners);
  const shares = redPacketShares(seed, 3, 888);
  assert.equal(shares.reduce((a, b) => a + b, 0), 888);
  assert.ok(shares.every((s) => s >= 1));
  const record = { commitment, seed, entries, winnersWanted: 3, winners, totalCents: 888, shares };
  assert.deepEqual(verifyDraw(record).problems, []);
  assert.equal(verifyDraw({ ...record, seed: newSeed() }).ok, false, 'another seed does not match the commitment');
  assert.equal(verifyDraw({ ...record, entries: entries.filter((e) => e !== winners[0]) }).ok, false, 'a winner taken out of the entries changes the result');
  assert.equal(verifyDraw({ ...record, winners: [...winners].reverse() }).ok, false, 'announced winners must be the recomputed ones');
  // Known vector: fixed seed, fixed winners (a change of algorithm would break old verifications).
  assert.deepEqual(drawWinners('qunyun', ['a', 'b', 'c', 'd', 'e'], 2), drawWinners('qunyun', ['e', 'd', 'c', 'b', 'a'], 2));
  // Uniformity, roughly: each of 5 entries wins the first place about 1/5 of 5,000 draws.
  const firsts = new Map<string, number>();
  for (let i = 0; i < 5000; i++) { const w = drawWinners(`s${i}`, ['a', 'b', 'c', 'd', 'e'], 1)[0]!; firsts.set(w, (firsts.get(w) ?? 0) + 1); }
  for (const n of firsts.values()) assert.ok(n > 850 && n < 1150, `first-place counts ${[...firsts.values()]}`);
});

test('eligibility: inactive, banned and red-packet hunters are excluded, one entry per member', () => {
  const r = checkEligibility([
    { memberId: 1, daysSinceActive: 2, banned: false, otherMessages: 10 },
    { memberId: 1, daysSinceActive: 2, banned: false, otherMessages: 10 },
    { memberId: 2, daysSinceActive: 40, banned: false, otherMessages: 3 },
    { memberId: 3, daysSinceActive: 1, banned: true, otherMessages: 5 },
    { memberId: 4, daysSinceActive: 0, banned: false, otherMessages: 0 },
    { memberId: 5, daysSinceActive: null, banned: false, otherMessages: 0 },
  ], DEFAULT_ELIGIBILITY);
  assert.deepEqual(r.eligible, [1]);
  assert.deepEqual(r.excluded, [{ memberId: 2, reason: 'inactive' }, { memberId: 3, reason: 'banned' }, { memberId: 4, reason: 'red_packet_hunter' }, { memberId: 5, reason: 'inactive' }]);
  assert.deepEqual(checkEligibility([{ memberId: 4, daysSinceActive: 0, banned: false, otherMessages: 0 }], { ...DEFAULT_ELIGIBILITY, excludeHunters: false }).eligible, [4]);
});

test('text votes and quiz scores', () => {
  const options = ['红色', '蓝色', '绿色'];
  assert.equal(parseVote('2', options), 1);
  assert.equal(parseVote('投3', options), 2);
  assert.equal(parseVote('#1', options), 0);
  assert.equal(parseVote('b', options), 1);
  assert.equal(parseVote('蓝色', options), 1);
  assert.equal(parseVote('4', options), null);
  assert.equal(parseVote('我觉得2不错', options), null);
  const t0 = new Date('2026-12-03T12:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);
  assert.deepEqual(tallyVotes([{ memberId: 1, option: 0, at: at(0) }, { memberId: 1, option: 2, at: at(5) }, { memberId: 2, option: 2, at: at(1) }], 3), { counts: [0, 0, 2], voters: 2 });
  const scores = scoreQuiz([{ text: 'q', options: ['a', 'b'], answer: 1, points: 2 }], [
    { memberId: 7, question: 0, option: 1, at: at(3) }, { memberId: 8, question: 0, option: 1, at: at(1) },
    { memberId: 9, question: 0, option: 0, at: at(0) }, { memberId: 9, question: 0, option: 1, at: at(2) },
  ], 1);
  assert.deepEqual(scores.map((s) => [s.memberId, s.score]), [[8, 3], [7, 2], [9, 0]], 'first answer counts; speed bonus to the first correct');
});

test('trust levels rise with helpful participation, not message count, and fall with a strike or inactivity', () => {
  const base: TrustFacts = { distinctRepliers: 0, answeredQuestions: 0, longestStreak: 0, tenureDays: 100, daysSinceStrike: null };
  assert.equal(evaluateTrust(0, base).level, 0, 'a long-time member nobody answers stays at 0');
  const helpful: TrustFacts = { distinctRepliers: 9, answeredQuestions: 6, longestStreak: 8, tenureDays: 50, daysSinceStrike: null };
  const up = evaluateTrust(0, helpful);
  assert.equal(up.level, 3);
  assert.equal(up.change, 'promoted');
  assert.ok(up.reasons.some((r) => r.level === 4 && r.requirement === 'tenureDays' && !r.met), 'says what level 4 lacks');
  // Hysteresis: slightly below level 3 keeps level 3; well below demotes.
  assert.equal(evaluateTrust(3, { ...helpful, distinctRepliers: 6 }).level, 3);
  const down = evaluateTrust(3, { ...helpful, distinctRepliers: 2 });
  assert.equal(down.change, 'demoted');
  assert.equal(down.level, 1);
  assert.ok(down.reasons.some((r) => r.requirement === 'distinctRepliers' && !r.met));
  // A recent strike demotes at once.
  const struck = evaluateTrust(3, { ...helpful, daysSinceStrike: 5 });
  assert.equal(struck.level, 0);
  assert.ok(struck.reasons.some((r) => r.requirement === 'strikeFree' && !r.met));
});

test('KOLs: PageRank over replies, review with reasons, coverage', () => {
  // 10 answers 1..6; 1..6 answer each other a little; 11 only mentions 10.
  const edges = [1, 2, 3, 4, 5, 6].flatMap((m) => [{ from: m, to: 10 }, { from: m, to: 10 }]).concat([{ from: 1, to: 2 }, { from: 3, to: 4 }, { from: 11, to: 10 }, { from: 10, to: 1 }]);
  const ranked = rankKols(edges);
  assert.equal(ranked[0]!.memberId, 10);
  assert.equal(ranked[0]!.distinctRepliers, 7);
  const decisions = reviewKols(ranked, new Map([[4, { memberId: 4, isKol: true, tasksDue: 4, tasksDone: 1 }]]), { topShare: 0.1, minDistinctRepliers: 5, keepDistinctRepliers: 3, minTaskRatio: 0.5 });
  assert.deepEqual(decisions.map((d) => [d.memberId, d.decision]), [[4, 'eliminate'], [10, 'promote']]);
  const cov = kolCoverage([1, 2, 3, 4, 5, 6, 7, 8, 10, 11], new Set([10]), edges);
  assert.deepEqual({ covered: cov.covered, total: cov.total }, { covered: 7, total: 9 });
});

test('the daily card shows the day, the lunar date and holiday, and its text is drawn by the bundled font (no tofu)', () => {
  const facts = dailyCardFacts('2026-02-17');
  assert.equal(facts.dateLine, '2026年2月17日 星期二');
  assert.equal(facts.lunarLine, '农历丙午年 正月初一');
  assert.equal(facts.festival, '春节');
  assert.equal(facts.dayOff, true);
  assert.equal(dailyCardFacts('2026-12-07').festival, '大雪');
  const input = { day: '2026-02-17', text: '新春快乐，万事顺意！坚持就是胜利。', memberName: '张晓燕', streak: 12, groupName: '读书会·深圳' };
  const text = dailyCardText(input);
  for (const expected of ['农历丙午年', '正月初一', '春节', '张晓燕', '已连续打卡 12 天', '新春快乐']) assert.ok(text.includes(expected), expected);
  assert.equal(ensureCjkFont(), CJK_FAMILY);
  assert.deepEqual(missingGlyphs(text), [], 'every character of the card is in the bundled font');
  assert.deepEqual(missingGlyphs(text, bundledFontFile('chinese-simplified', 700)), [], 'and in its bold weight');
  // Control: a font without CJK (the Latin slice of the same family) lacks these, so the check
  // above can fail; an emoji is outside the bundled font too.
  assert.deepEqual(missingGlyphs('张晓燕正月初一 Ab', bundledFontFile('latin', 400)), Array.from('张晓燕正月初一'));
  assert.deepEqual(missingGlyphs('打卡🎉'), ['🎉']);
  const png = renderDailyCard(input);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.length > 20_000, `a real picture, ${png.length} bytes`);
});
