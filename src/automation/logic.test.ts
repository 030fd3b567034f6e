import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayTypes, evaluateCondition, inQuietHours, type EvalContext } from './conditions.ts';
import { matchKeyword, RuleIndex } from './match.ts';
import { executionKey, planActions, renderTemplate } from './plan.ts';
import { RuleDefinition, type Rule, type RuleDefinitionInput } from './rules.ts';
import { dueSlot, slotsBetween } from './schedule.ts';
import { badNicknames, defaultWelcomeSettings, takeBatches, welcomeText, type Newcomer } from './welcome.ts';

let nextId = 1;
const rule = (input: Partial<RuleDefinitionInput> & Pick<RuleDefinitionInput, 'trigger'>): Rule =>
  ({ ...RuleDefinition.parse({ name: 'r', actions: [{ kind: 'post', template: 'hi {name}' }], ...input }), id: nextId++, version: 1 });

test('the index finds rules by trigger kind and by group id, layer and tag, each once', () => {
  const a = rule({ trigger: { kind: 'join' } });
  const b = rule({ trigger: { kind: 'join' }, scope: { kind: 'layer', layer: 'premium' } });
  const c = rule({ trigger: { kind: 'join' }, scope: { kind: 'group_tag', tag: 'vip' } });
  const d = rule({ trigger: { kind: 'join' }, scope: { kind: 'groups', groupIds: [7, 7] } });
  const e = rule({ trigger: { kind: 'leave' } });
  const off = rule({ trigger: { kind: 'join' }, enabled: false });
  const index = new RuleIndex([a, b, c, d, e, off]);
  const ids = (g: { id: number; layer: string; tags: string[] }) => index.candidates('join', g).map((r) => r.id);
  assert.deepEqual(ids({ id: 7, layer: 'premium', tags: ['vip'] }), [a.id, b.id, c.id, d.id]);
  assert.deepEqual(ids({ id: 8, layer: 'basic', tags: [] }), [a.id]);
  assert.deepEqual(index.candidates('leave', { id: 1, layer: 'basic', tags: [] }).map((r) => r.id), [e.id]);
  assert.equal(index.has('schedule'), false);
});

test('keywords match case-insensitively, contained or exact', () => {
  const k = rule({ trigger: { kind: 'keyword', keywords: ['Price', '价格'] } });
  assert.equal(matchKeyword(k, 'what is the price?'), 'Price');
  assert.equal(matchKeyword(k, '这个价格多少'), '价格');
  assert.equal(matchKeyword(k, 'hello'), null);
  const exact = rule({ trigger: { kind: 'keyword', keywords: ['打卡'], match: 'exact' } });
  assert.equal(matchKeyword(exact, ' 打卡 '), '打卡');
  assert.equal(matchKeyword(exact, '今天打卡了'), null);
});

test('a bad cron expression is refused with a message', () => {
  const r = RuleDefinition.safeParse({ name: 'x', trigger: { kind: 'schedule', cron: 'every day' }, actions: [{ kind: 'post', template: 'x' }] });
  assert.equal(r.success, false);
  assert.match(JSON.stringify(r.error?.issues), /cron expression/);
});

test('conditions: member, group, quiet hours and the Chinese calendar', () => {
  const base: EvalContext = {
    group: { id: 1, layer: 'premium', tags: ['vip'], size: 120, name: 'G', purpose: '', ownerStaffId: null },
    member: { id: 2, name: 'Li', tags: ['buyer'], stage: 'new', trustLevel: null, joinedAt: new Date('2026-09-25T00:00:00Z') },
    now: new Date('2026-10-01T02:00:00Z'), // 10:00 in Shanghai, National Day
    timezone: 'Asia/Shanghai',
  };
  const ok = (c: unknown) => evaluateCondition(RuleDefinition.shape.conditions.parse([c])[0]!, base);
  assert.equal(ok({ kind: 'member_tag', tag: 'buyer' }), true);
  assert.equal(ok({ kind: 'member_tag', tag: 'buyer', has: false }), false);
  assert.equal(ok({ kind: 'member_stage', stages: ['new'] }), true);
  assert.equal(ok({ kind: 'trust_level', min: 1 }), false, 'no trust level known');
  assert.equal(ok({ kind: 'days_since_join', min: 6, max: 6 }), true);
  assert.equal(ok({ kind: 'group_layer', layers: ['basic'] }), false);
  assert.equal(ok({ kind: 'group_size', min: 100 }), true);
  assert.equal(ok({ kind: 'quiet_hours', from: '22:00', to: '08:00' }), true);
  assert.equal(ok({ kind: 'quiet_hours', from: '09:00', to: '11:00' }), false);
  assert.equal(ok({ kind: 'day_type', days: ['holiday'] }), true);
  assert.equal(ok({ kind: 'day_type', days: ['workday'] }), false);
  assert.equal(inQuietHours(23 * 60, '22:00', '08:00'), true);
  assert.equal(inQuietHours(7 * 60 + 59, '22:00', '08:00'), true);
  assert.equal(inQuietHours(8 * 60, '22:00', '08:00'), false);
  // 2026-02-14 is a Saturday worked in lieu of the Spring Festival (调休上班); 2026-12-05 a plain Saturday.
  assert.deepEqual([...dayTypes('2026-02-14')].sort(), ['makeup_workday', 'workday']);
  assert.deepEqual([...dayTypes('2026-12-05')], ['rest_day']);
  assert.deepEqual([...dayTypes('2026-10-01')].sort(), ['holiday', 'rest_day']);
  assert.deepEqual([...dayTypes('2026-12-03')], ['workday']);
});

test('planned actions carry keys from rule, version and cause; member actions need a member', () => {
  const r = rule({ trigger: { kind: 'join' }, actions: [{ kind: 'post', template: '欢迎 {name} 来到 {group}' }, { kind: 'tag', tag: 'newcomer' }] });
  const planned = planActions({ rule: r, cause: 'e1:ev9', groupId: 3, memberId: 4, groupOperatorId: null, vars: { name: '小王', group: '读书会' } });
  assert.deepEqual(planned.map((p) => p.key), [`${executionKey(r, 'e1:ev9')}:a0`, `${executionKey(r, 'e1:ev9')}:a1`]);
  assert.equal((planned[0] as { text: string }).text, '欢迎 小王 来到 读书会');
  assert.equal(planActions({ rule: r, cause: 'slot', groupId: 3, memberId: null, groupOperatorId: null, vars: {} }).length, 1);
  assert.equal(renderTemplate('{a} {unknown}', { a: 1 }), '1 {unknown}');
});

test('schedule slots are read in the workspace zone; only the latest missed slot runs', () => {
  const now = new Date('2026-12-03T01:10:00Z'); // 09:10 Shanghai
  assert.equal(dueSlot('0 9 * * *', 'Asia/Shanghai', new Date(now.getTime() - 3600_000), now)?.toISOString(), '2026-12-03T01:00:00.000Z');
  assert.equal(dueSlot('0 9 * * *', 'Asia/Shanghai', new Date('2026-12-03T01:05:00Z'), now), null);
  assert.equal(dueSlot('*/1 * * * *', 'Asia/Shanghai', new Date(0), now)?.toISOString(), '2026-12-03T01:10:00.000Z');
  assert.equal(slotsBetween('0 9 * * *', 'Asia/Shanghai', new Date('2026-11-26T01:10:00Z'), now).length, 7);
});

test('welcome batches: N joins make a batch, the rest waits M minutes, every newcomer named once', () => {
  const s = { ...defaultWelcomeSettings(), batchSize: 3, batchMinutes: 10 };
  const t0 = new Date('2026-12-03T01:00:00Z');
  const joined = (i: number, min: number): Newcomer => ({ memberId: i, name: `m${i}`, joinedAt: new Date(t0.getTime() + min * 60_000) });
  const pending = [joined(1, 0), joined(2, 1), joined(3, 2), joined(4, 3), joined(5, 4)];
  const early = takeBatches(pending, s, new Date(t0.getTime() + 5 * 60_000));
  assert.deepEqual(early.map((b) => b.map((n) => n.memberId)), [[1, 2, 3]]);
  const late = takeBatches(pending, s, new Date(t0.getTime() + 13 * 60_000));
  assert.deepEqual(late.map((b) => b.map((n) => n.memberId)), [[1, 2, 3], [4, 5]]);
  const text = welcomeText({ ...s, purpose: '分享读书心得', rulesLink: 'https://example.org/rules' }, '读书会', late[1]!);
  assert.match(text, /@m4 @m5/);
  assert.match(text, /读书会/);
  assert.match(text, /https:\/\/example.org\/rules/);
  assert.match(text, /自我介绍/);
});

test('nickname format: parts joined by "-" or a regular expression', () => {
  const people = ['上海-王芳-设计', '王芳', '北京--教育', '深圳-李雷-IT-外包'].map((name, i) => ({ memberId: i, name, joinedAt: new Date() }));
  assert.deepEqual(badNicknames({ nicknamePattern: '城市-姓名-行业' }, people).map((p) => p.name), ['王芳', '北京--教育', '深圳-李雷-IT-外包']);
  assert.deepEqual(badNicknames({ nicknamePattern: '/^.+-.+$/' }, people).map((p) => p.name), ['王芳']);
  assert.deepEqual(badNicknames({ nicknamePattern: '' }, people), []);
});
