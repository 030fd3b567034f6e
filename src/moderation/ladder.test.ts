/**
 * The ladder as pure logic: strikes count up under a rule and start again after its reset period;
 * the Nth strike takes the Nth step (later strikes repeat the last); the engine's first action is
 * a floor (a rule that says ban bans at once); review and allow take no step.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LADDER, LadderConfig, ladderFor, nextStrike, stepsFor } from './ladder.ts';

const t0 = new Date('2026-01-01T00:00:00Z');
const later = (h: number) => new Date(t0.getTime() + h * 3_600_000);

test('strikes count up and reset after the period', () => {
  const ladder = DEFAULT_LADDER.default;
  const s1 = nextStrike(null, t0, ladder);
  assert.equal(s1.count, 1);
  const s2 = nextStrike(s1, later(1), ladder);
  assert.equal(s2.count, 2);
  const s3 = nextStrike(s2, later(1 + ladder.resetAfterHours - 0.5), ladder);
  assert.equal(s3.count, 3, 'within the period of the last strike: counts');
  const reset = nextStrike(s3, later(1 + ladder.resetAfterHours - 0.5 + ladder.resetAfterHours), ladder);
  assert.equal(reset.count, 1, 'a full period after the last strike: starts again');
});

test('the default ladder: warn, mute an hour, mute a day, kick, ban, then ban again', () => {
  const l = DEFAULT_LADDER.default;
  assert.deepEqual(stepsFor(l, 1, 'delete'), { actions: ['delete', 'warn'], muteMinutes: null });
  assert.deepEqual(stepsFor(l, 2, 'delete'), { actions: ['delete', 'warn', 'mute'], muteMinutes: 60 });
  assert.deepEqual(stepsFor(l, 3, 'delete'), { actions: ['delete', 'warn', 'mute'], muteMinutes: 1440 });
  assert.deepEqual(stepsFor(l, 4, 'delete'), { actions: ['delete', 'kick'], muteMinutes: null });
  assert.deepEqual(stepsFor(l, 5, 'delete'), { actions: ['delete', 'ban'], muteMinutes: null });
  assert.deepEqual(stepsFor(l, 9, 'delete'), { actions: ['delete', 'ban'], muteMinutes: null });
});

test("the engine's action is a floor; review and allow take no step", () => {
  const l = DEFAULT_LADDER.default;
  assert.deepEqual(stepsFor(l, 1, 'ban'), { actions: ['delete', 'ban'], muteMinutes: null });
  assert.deepEqual(stepsFor(l, 1, 'mute'), { actions: ['delete', 'warn', 'mute'], muteMinutes: 60 }, 'a mute at the first strike takes the first mute of the ladder');
  assert.deepEqual(stepsFor(l, 1, 'review'), { actions: [], muteMinutes: null });
  assert.deepEqual(stepsFor(l, 1, 'allow'), { actions: [], muteMinutes: null });
});

test('a rule may have its own ladder', () => {
  const cfg = LadderConfig.parse({
    default: DEFAULT_LADDER.default,
    byRule: { 'builtin:flood': { steps: [{ delete: false, muteMinutes: 10 }, { kick: true }], resetAfterHours: 1 } },
  });
  const own = ladderFor(cfg, 'builtin:flood');
  assert.deepEqual(stepsFor(own, 1, 'delete'), { actions: ['delete', 'mute'], muteMinutes: 10 }, 'the engine asked to delete: it still deletes');
  assert.deepEqual(stepsFor(own, 2, 'warn'), { actions: ['delete', 'kick'], muteMinutes: null });
  assert.equal(ladderFor(cfg, 'builtin:ads'), cfg.default);
  assert.throws(() => LadderConfig.parse({ default: { steps: [] } }), /steps/);
});
