/**
 * The simulator's activity responses (src/simulator/activities.ts): check-ins build streaks with
 * occasional make-up cards, a draw brings a spike of entries (red-packet hunters among them), and
 * KOL groups die less often in month one while the operated groups' mean stays calibrated.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawKeywordOf, monthOneDeathChance } from './activities.ts';
import { Community, type SimAction } from './community.ts';
import { defaultParams } from './params.ts';

const START = new Date('2025-03-03T00:00:00+08:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

test('KOL groups survive month one more often; the operated mean is unchanged', () => {
  const p = defaultParams;
  const kol = monthOneDeathChance(p, true, true), none = monthOneDeathChance(p, true, false);
  assert.ok(kol < none);
  assert.ok(Math.abs(p.kolGroupShare * kol + (1 - p.kolGroupShare) * none - p.operatedSilent30dShare) < 1e-12);
  assert.equal(monthOneDeathChance(p, false, false), p.unoperatedSilent30dShare);
});

test('check-ins build streaks, with make-up cards; a draw post brings a spike of entries', () => {
  const community = new Community({ seed: 5, groups: 40, start: START, days: 14 });
  const actions: SimAction[] = [];
  const from = START.getTime();
  for (let t = from; t < from + 14 * DAY; t += HOUR) actions.push(...community.advance(t, t + HOUR));
  const checkins = actions.filter((a) => a.type === 'message' && a.text === defaultParams.checkinKeyword);
  const makeups = actions.filter((a) => a.type === 'message' && a.text === defaultParams.checkinMakeupKeyword);
  assert.ok(checkins.length > 100, `${checkins.length} check-ins`);
  assert.ok(makeups.length > 0, 'some make-up cards');
  const days = new Map<string, Set<number>>();
  for (const a of checkins) {
    const day = Math.floor((Date.parse(a.at) + 8 * HOUR) / DAY);
    const k = `${a.groupId}/${String(a.userId)}`;
    days.set(k, (days.get(k) ?? new Set()).add(day));
  }
  let longest = 0;
  for (const set of days.values()) {
    let run = 0;
    for (const d of [...set].sort((x, y) => x - y)) { run = set.has(d - 1) ? run + 1 : 1; longest = Math.max(longest, run); }
  }
  assert.ok(longest >= 7, `longest streak ${longest} days`);
  assert.equal(new Set(checkins.map((a) => `${a.groupId}/${String(a.userId)}/${Math.floor((Date.parse(a.at) + 8 * HOUR) / DAY)}`)).size, checkins.length, 'once a day at most');

  // A draw in the busiest group: entries arrive within the hour, far above the usual rate of that word.
  const counts = new Map<string, number>();
  for (const a of actions) if (a.type === 'message') counts.set(String(a.groupId), (counts.get(String(a.groupId)) ?? 0) + 1);
  const busiest = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const at = from + 14 * DAY;
  assert.equal(drawKeywordOf('🎁 抽奖：周五\n回复「抽奖」参与，每人一次。'), '抽奖');
  community.onOperatorPost(busiest, 'post-1', at, '🎁 抽奖：周五红包\n回复「抽奖」参与，每人一次。');
  const after: SimAction[] = [];
  for (let t = at; t < at + 3 * HOUR; t += HOUR) after.push(...community.advance(t, t + HOUR));
  const entries = after.filter((a) => a.type === 'message' && a.groupId === busiest && a.text === '抽奖');
  assert.ok(entries.length >= 5, `${entries.length} entries`);
  assert.equal(actions.filter((a) => a.type === 'message' && a.text === '抽奖').length, 0, 'no entries without a draw');
});
