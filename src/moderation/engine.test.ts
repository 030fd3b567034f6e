import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Automaton } from './automaton.ts';
import { addExamples, compileRules, decide, featureNames, loadClassifier, normalise, parseRuleSet, pinyinVariants, train, type Example } from './index.ts';
import { auditRules, parseTrainingFile, TrainingFileError } from './training.ts';
import { generateTraffic } from '../simulator/spam.ts';

test('the automaton finds exactly what a naive search over every pattern finds', () => {
  fc.assert(fc.property(
    fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '微', '信'), minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
    fc.string({ unit: fc.constantFrom('a', 'b', 'c', '微', '信', 'x'), maxLength: 40 }),
    (patterns, text) => {
      const found = new Automaton(patterns).findAll(text).map((m) => `${m.pattern}@${m.start}`).sort();
      const naive: string[] = [];
      patterns.forEach((p, i) => { for (let s = text.indexOf(p); s >= 0; s = text.indexOf(p, s + 1)) naive.push(`${i}@${s}`); });
      assert.deepEqual(found, naive.sort());
    },
  ), { numRuns: 300 });
});

test('normalisation keeps a span of the original text for every output character', () => {
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'Ａ', ' ', '.', '微', '信', '號', '\u200b', '①', '𝐰', 'e', 'е', '1', '一') , maxLength: 30 }), (text) => {
    const n = normalise(text);
    for (let i = 0; i < n.text.length; i++) {
      assert.ok(n.start[i]! >= 0 && n.start[i]! < n.end[i]! && n.end[i]! <= text.length);
      if (i > 0) assert.ok(n.start[i]! >= n.start[i - 1]!);
    }
  }));
});

test('pinyin variants: full pinyin by default, initials and mixes when asked, v for w', () => {
  assert.deepEqual(pinyinVariants('微信', 'full'), ['weixin']);
  const mixed = pinyinVariants('微信', 'initials');
  for (const v of ['weixin', 'wx', 'vx', '微x', 'v信', 'wei信']) assert.ok(mixed.includes(v), v);
  assert.deepEqual(pinyinVariants('微', 'initials'), []);
  assert.deepEqual(pinyinVariants('银行', 'full'), ['yinhang']);
});

test('a workspace keyword list is matched with its pinyin; rules override built-ins by id', () => {
  const rules = compileRules({ rules: [
    { id: 'ws:1', detector: 'keywords', category: 'custom', keywords: ['团购群'], severity: 'low', action: 'review' },
    { id: 'builtin:vulgarity', detector: 'keywords', category: 'vulgarity', action: 'mute' },
  ] });
  const d = decide({ text: '来 tuan gou qun 吧' }, {}, rules);
  assert.deepEqual([d.action, d.rule, d.category, d.severity], ['review', 'ws:1', 'custom', 'low']);
  assert.equal(decide({ text: '傻逼' }, {}, rules).action, 'mute');
  const off = compileRules({ builtins: false });
  assert.equal(decide({ text: '加微信 abc12345' }, {}, off).action, 'allow');
});

test('rule sets are validated with a message naming the path', () => {
  assert.throws(() => parseRuleSet({ rules: [{ id: 'x', detector: 'keywords', category: 'nope' }] }), /rules.*0.*category|category/);
  assert.throws(() => parseRuleSet({ rules: [{ id: 'x', detector: 'links', category: 'links', options: { allowDomainz: [] } }] }), /allowDomainz|Unrecognized/);
  assert.deepEqual(parseRuleSet({ builtins: false }), { builtins: false });
});

const zhSpam = ['兼职日结，日赚三百，有意私聊', '低价出名牌包包，原单品质', '免费领取面膜试用装', '刷单返利，动动手指就赚钱', '招代理一件代发零库存', '点击领取红包福利'];
const zhHam = ['今天上海下雨了，大家出门记得带伞', '有没有人用过空气炸锅？效果怎么样', '这个咖啡豆我用了一个月，感觉还不错', '周五晚上的直播几点开始', '收到货了，包装挺好的', '晚安各位'];
function corpus(): Example[] {
  const out: Example[] = [];
  for (let i = 0; i < 20; i++) {
    for (const t of zhSpam) out.push({ text: `${t}${i}`, label: 'spam' });
    for (const t of zhHam) out.push({ text: `${t}${i}`, label: 'ham' });
  }
  return out;
}

test('the classifier learns Chinese from characters, explains itself with features and serialises', () => {
  const model = train(corpus());
  const round = loadClassifier(JSON.parse(JSON.stringify(model)));
  assert.ok(round.score('招代理，日赚五百，私聊我') > 0.5);
  assert.ok(round.score('今天下雨了，记得带伞') < 0.5);
  const top = round.explain('招代理，日赚五百');
  assert.ok(top.some((f) => ['cc:代理', 'cc:日赚', 'cc:招代', 'c:赚'].includes(f.feature)), JSON.stringify(top));
  assert.ok(top.every((f) => f.weight > 0));
  assert.ok(featureNames('Free entry NOW').includes('w:free'));
  const d = decide({ text: '招代理，日赚五百，有意私聊' }, {}, compileRules({ builtins: false, rules: [{ id: 'c', detector: 'classifier', category: 'spam', action: 'delete' }] }, round));
  assert.equal(d.category, 'spam');
  assert.ok(d.evidence[0]!.features!.length > 0);
  assert.ok(d.score > 0.5 && d.score <= 1);
});

test('examples from confirmed decisions and appeals move the model', () => {
  const model = train(corpus());
  const before = loadClassifier(model).raw('团购接龙开始了');
  const after = loadClassifier(addExamples(model, Array.from({ length: 10 }, () => ({ text: '团购接龙开始了', label: 'spam' as const })))).raw('团购接龙开始了');
  assert.ok(after > before);
  const notSpam = loadClassifier(addExamples(model, Array.from({ length: 10 }, () => ({ text: '免费领取面膜试用装', label: 'ham' as const })))).raw('免费领取面膜试用装');
  assert.ok(notSpam < loadClassifier(model).raw('免费领取面膜试用装'));
});

test('training files: TSV and JSON lines; errors name the line', () => {
  assert.deepEqual(parseTrainingFile('spam\tbuy now\nham\thello\there\n\n'), [{ label: 'spam', text: 'buy now' }, { label: 'ham', text: 'hello\there' }]);
  assert.deepEqual(parseTrainingFile('{"text":"a","label":"ham"}\n{"text":"b","label":"spam","id":3}\n'), [{ text: 'a', label: 'ham' }, { text: 'b', label: 'spam' }]);
  assert.throws(() => parseTrainingFile('spam\tx\nmaybe\ty\n', 'f.tsv'), (e: Error) => e instanceof TrainingFileError && /f\.tsv line 2: the label must be spam or ham/.test(e.message));
  assert.throws(() => parseTrainingFile('{"text":"a","label":"ham"}\n{"text":1}\n', 'f.jsonl'), /f\.jsonl line 2/);
});

test('training switches off the keywords and rules that the labels contradict, and only those', () => {
  const examples: Example[] = [
    ...Array.from({ length: 2 }, (_, i) => ({ text: `这事真他妈的烦 ${i}`, label: 'ham' as const })),
    ...Array.from({ length: 10 }, (_, i) => ({ text: `加微信 abc1234${i} 领取`, label: 'spam' as const })),
    ...Array.from({ length: 60 }, (_, i) => ({ text: `傻逼骗子 ${i}`, label: 'spam' as const })),
    ...Array.from({ length: 6 }, (_, i) => ({ text: `我的电话 1381234567${i} 有事打给我`, label: 'ham' as const })),
  ];
  const { set, audit } = auditRules({}, examples);
  assert.ok(audit.find((a) => a.rule === 'builtin:vulgarity' && a.keyword === '他妈的')!.disabled);
  assert.ok(!audit.find((a) => a.rule === 'builtin:vulgarity' && a.keyword === '傻逼')!.disabled);
  assert.ok(!audit.find((a) => a.rule === 'builtin:poaching' && a.keyword === '加微信')!.disabled);
  // The list as a whole is kept: its hits are mostly spam.
  assert.ok(!audit.find((a) => a.rule === 'builtin:vulgarity' && a.keyword === undefined)!.disabled);
  const compiled = compileRules(set);
  assert.equal(decide({ text: '他妈的' }, {}, compiled).action, 'allow');
  assert.notEqual(decide({ text: '傻逼' }, {}, compiled).action, 'allow');
  assert.notEqual(decide({ text: '加微信 abc12345' }, {}, compiled).rule, null);
  // The contact rule hit ham (phone numbers people share on purpose) more than spam: off.
  assert.ok(audit.find((a) => a.rule === 'builtin:contact')!.disabled);
  assert.equal(decide({ text: '电话 13812345678' }, {}, compiled).action, 'allow');
});

test('the spam generator is seeded, labelled and has every kind', () => {
  const a = generateTraffic({ seed: 5, messages: 3000 });
  assert.deepEqual(a, generateTraffic({ seed: 5, messages: 3000 }));
  const kinds = new Set(a.filter((m) => m.label === 'spam').map((m) => m.kind));
  for (const k of ['ad', 'poacher', 'flooder', 'link', 'copycat', 'scam', 'gambling']) assert.ok(kinds.has(k as never), k);
  // Poachers post on topic first: their first messages are ham.
  const poacher = a.find((m) => m.kind === 'poacher')!.member;
  const theirs = a.filter((m) => m.member === poacher);
  assert.equal(theirs[0]!.label, 'ham');
  assert.equal(theirs[theirs.length - 1]!.label, 'spam');
  for (let i = 1; i < a.length; i++) assert.ok(a[i]!.at >= a[i - 1]!.at);
});

test('every evidence span is a piece of the original text, whatever the text', () => {
  const rules = compileRules({ rules: [{ id: 'ws', detector: 'keywords', category: 'custom', keywords: ['微信', '免费领取', 'dm me'], pinyin: 'initials' }] });
  const unit = fc.constantFrom('加', '微', '信', '免', '費', '领', '取', 'v', 'x', 'w', ' ', '.', '\u200b', '1', '3', '8', '一', '①', 'Ｗ', '𝐰', 'е', 'd', 'm', 'e', 'h', 't', 'p', ':', '/', '@', '私', '我');
  fc.assert(fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
    const d = decide({ text }, {}, rules);
    for (const e of d.evidence) {
      if (!e.span || e.detector === 'duplicate') continue;
      assert.ok(e.span[0] >= 0 && e.span[0] < e.span[1] && e.span[1] <= text.length, JSON.stringify({ text, e }));
      assert.equal(text.slice(e.span[0], e.span[1]), e.text);
    }
  }), { numRuns: 500 });
});
