import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimGroup } from './group-state.ts';
import { defaultParams } from './params.ts';
import { Rng } from './rng.ts';
import { answerWelcome } from './welcome.ts';

const MINUTE = 60_000;

function group(seed: number, newcomers: number, at: number): SimGroup {
  const g = new SimGroup({ id: 'g', index: 0, rng: new Rng(seed), createdAt: 0, operated: true, diesAt: Infinity, lang: 'zh', capacity: 500, name: 'G' });
  g.add({ user: { id: 'old', name: '老成员', lang: 'zh' }, weight: 1, seed: false, staff: false, spammer: false, joinedAt: at - 3 * 24 * 60 * MINUTE });
  for (let i = 0; i < newcomers; i++) g.add({ user: { id: `n${i}`, name: `新人${i}`, lang: 'zh' }, weight: 1, seed: false, staff: false, spammer: false, joinedAt: at - 5 * MINUTE });
  return g;
}

test('newcomers named in a welcome write a first message with the documented probability; others do not', () => {
  const at = 10 * 24 * 60 * MINUTE;
  let scheduled = 0, named = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const g = group(seed, 10, at);
    // The welcome names the first five newcomers (and the old member, who does not answer it).
    const text = `欢迎 ${[0, 1, 2, 3, 4].map((i) => `@新人${i}`).join(' ')} @老成员 加入「G」！`;
    scheduled += answerWelcome(defaultParams, g, text, at);
    named += 5;
    for (const s of g.queue) {
      assert.equal(s.kind, 'message');
      assert.ok(['n0', 'n1', 'n2', 'n3', 'n4'].includes((s as { userId: string }).userId));
      assert.ok(s.at > at && s.at < at + 3 * 60 * MINUTE);
    }
  }
  const rate = scheduled / named;
  assert.ok(Math.abs(rate - defaultParams.welcomedFirstMessageProb) < 0.05, `rate ${rate}`);
  assert.equal(answerWelcome(defaultParams, group(1, 3, at), '今天的分享', at), 0, 'a post naming nobody');
});
