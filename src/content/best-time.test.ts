import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestTimes, type ActivityMessage } from './best-time.ts';

// A constructed log over 4 weeks, Asia/Shanghai (UTC+8). 2026-03-02 is a Monday.
const at = (week: number, weekday: number, hour: number, minute = 10) =>
  new Date(Date.UTC(2026, 2, 1 + week * 7 + weekday, hour - 8, minute));

test('slots whose messages draw replies rank above busier slots nobody answers', () => {
  const log: ActivityMessage[] = [];
  for (let w = 0; w < 4; w++) {
    // Monday 09:00: 6 messages a week, no replies (announcements into the void).
    for (let i = 0; i < 6; i++) log.push({ at: at(w, 1, 9, i), replies: 0 });
    // Wednesday 20:00: 2 messages a week, 4 replies each.
    for (let i = 0; i < 2; i++) log.push({ at: at(w, 3, 20, i), replies: 4 });
    // Saturday 21:00 and 22:00: 2 messages, 1 reply.
    log.push({ at: at(w, 6, 21), replies: 1 }, { at: at(w, 6, 22), replies: 1 });
  }
  const r = bestTimes(log, { timezone: 'Asia/Shanghai', replyWeight: 2, top: 3, minGapHours: 2 });
  assert.equal(r.weeks, 4);
  assert.equal(r.messages, 40);
  assert.deepEqual(r.top.map((s) => [s.weekday, s.hour]), [[3, 20], [1, 9], [6, 21]]);
  // Wednesday 20:00: 2 × (1 + 2 × 4) = 18 per week; Monday 09:00: 6.
  assert.equal(r.top[0]!.score, 18);
  assert.equal(r.matrix[1 * 24 + 9], 6);
  // Saturday 22:00 is within 2 hours of 21:00 on the same day: not suggested as well.
  assert.ok(!r.top.some((s) => s.weekday === 6 && s.hour === 22));
});

test('hours are counted in the workspace zone, and an empty log suggests nothing', () => {
  // 2026-03-02 13:30 UTC is Monday 21:30 in Shanghai, Monday 08:30 in New York.
  const m = [{ at: new Date('2026-03-02T13:30:00Z'), replies: 0 }];
  assert.deepEqual(bestTimes(m, { timezone: 'Asia/Shanghai' }).top.map((s) => [s.weekday, s.hour]), [[1, 21]]);
  assert.deepEqual(bestTimes(m, { timezone: 'America/New_York' }).top.map((s) => [s.weekday, s.hour]), [[1, 8]]);
  assert.deepEqual(bestTimes([], { timezone: 'Asia/Shanghai' }).top, []);
});
