import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode as encodePng } from 'fast-png';
import { encode as encodeQr } from 'uqr';
import { compileRules, decide, newGroupState, normalise, type Decision, type RuleSet } from './index.ts';

// One evasion class per test: a message that must be caught (and where the evidence points in the
// original text) and a look-alike that must pass.

const workspace: RuleSet = { rules: [{ id: 'ws:wechat', detector: 'keywords', category: 'poaching', severity: 'high', action: 'delete', keywords: ['加微信', '代购'], pinyin: 'initials' }] };
const rules = compileRules(workspace);
const run = (text: string, member = {}) => decide({ text }, member, rules);
const caught = (d: Decision, category?: string) => {
  assert.notEqual(d.action, 'allow', `expected a decision, got allow`);
  if (category) assert.equal(d.category, category);
};
const passes = (d: Decision) => assert.equal(d.action, 'allow', `expected allow, got ${d.action} by ${d.rule}: ${JSON.stringify(d.evidence.map((e) => e.note))}`);
const spanOf = (text: string, d: Decision) => { const s = d.evidence[0]!.span!; return text.slice(s[0], s[1]); };

test('full width and case: ＶＸ and Ｗ Ｘ are vx and wx', () => {
  const text = '有事加微信：ＡＢＣ１２３４５';
  const d = run(text);
  caught(d, 'poaching');
  assert.ok(d.evidence.some((e) => e.detector === 'contact' && e.matched === 'abc12345'));
  passes(run('ＡＢＣ全角字母的排版问题'));
});

test('traditional characters: 加微信 written 加微信 in traditional, 免費領取 is 免费领取', () => {
  const text = '免費領取試用裝';
  const d = run(text);
  caught(d, 'ads');
  assert.equal(spanOf(text, d), '免費領取');
  passes(run('這家店的領取方式很方便'));
});

test('separators and zero-width characters inside words: 加.微.信, 加\u200b微信, 加 V', () => {
  for (const text of ['加.微.信 wang_8888', '加\u200b微\u200b信', '今天 加-微-信 送礼', '加 V 了解一下']) caught(run(text), 'poaching');
  passes(run('微信支付和支付宝都可以'));
  passes(run('他加了一个群，微信群很热闹'));
});

test('evidence spans point at the original text across separators', () => {
  const text = '大家好，加 . 微 . 信 领资料';
  const d = run(text);
  caught(d);
  assert.equal(spanOf(text, d), '加 . 微 . 信');
});

test('circled, enclosed and Chinese digits: ⓿二肆 and 一三八… are digits in a run, 一起 is not', () => {
  const n = normalise('⓿二肆');
  assert.equal(n.text, '024');
  const d = run('电话一三八一二三四五六七八');
  caught(d, 'poaching');
  assert.equal(d.evidence.find((e) => e.detector === 'contact')!.matched, '13812345678');
  caught(run('联系 ①③⑧ ①②③④ ⑤⑥⑦⑧'), 'poaching');
  passes(run('我们一起去三亚玩吧，一二三四个人都行'));
});

test('phone numbers: a mobile number is caught, an order number that looks like one passes', () => {
  caught(run('需要的打 138 1234 5678'), 'poaching');
  passes(run('订单号13812345678，麻烦查一下'));
  passes(run('运单号 202312345678901 已发货'));
  passes(run('我们群有1380个人了'));
});

test('homoglyphs and mixed scripts: a Cyrillic е in "vеixin" or "wеchat" is an e', () => {
  const d = decide({ text: 'add my wеchat: lucky8888' }, {}, rules);
  caught(d, 'poaching');
  passes(decide({ text: 'Привет, как дела?' }, {}, rules));
});

test('repeated characters: 免费费费领取 and fuuuuck collapse; "good" and 哈哈 stay', () => {
  caught(run('免费费费费领取'), 'ads');
  caught(run('fuuuuuck off'), 'vulgarity');
  assert.equal(normalise('good 哈哈').text, 'good哈哈');
  passes(run('good good study, 哈哈哈哈'));
});

test('repeated characters in a keyword: 买买买 is normalised as texts are, and the match must be a run too', () => {
  const own = compileRules({ builtins: false, rules: [{ id: 'ws:buy', detector: 'keywords', category: 'custom', severity: 'medium', action: 'warn', keywords: ['买买买', '好好赚', 'sooo cheap'] }] });
  const on = (text: string) => decide({ text }, {}, own);
  for (const [text, span] of [['快来买买买！', '买买买'], ['买买买买买买 手慢无', '买买买买买买'], ['買買買', '買買買'], ['好好好好赚钱', '好好好好赚'], ['好好赚钱啦', '好好赚'], ['soooooo cheap!', 'soooooo cheap']] as const) {
    const d = on(text);
    caught(d, 'custom');
    assert.equal(spanOf(text, d), span, text);
  }
  // Look-alikes: the character without the repetition, or a double where the keyword has a run.
  for (const text of ['我去买东西', '买买 再说', '好赚吗', '好好学习', 'so cheap']) passes(on(text));
});

test('pinyin and initials: a keyword also catches weixin, wx, vx and mixes (加vx, jia weixin)', () => {
  for (const text of ['jia weixin 了解', '加vx', 'jiawx详聊', '加 w x']) caught(run(text), 'poaching');
  // Not inside an English word, nor an unrelated word that happens to contain the letters.
  passes(run('we use devxpress and wxwidgets at work'));
  passes(run('the weixing hotel was nice'));
});

test('mathematical and enclosed letters: 𝐰𝐞𝐢𝐱𝐢𝐧 and 🅥🅧 are weixin and vx', () => {
  assert.equal(normalise('𝐰𝐞𝐢𝐱𝐢𝐧').text, 'weixin');
  caught(run('加 𝐯𝐱 𝐚𝐛𝐜𝟏𝟐𝟑𝟒𝟓'), 'poaching');
});

test('invitations to private chats: 私我 / 私聊 / DM me are poaching; 已私信 (done) and "dm" as a word pass', () => {
  caught(run('有需要的私我'), 'poaching');
  caught(run('DM me for the price'), 'poaching');
  passes(run('已私信'));
  passes(run('the admin will handle dms tomorrow'));
});

test('WeChat and QQ ids after their handle; the app mentioned in passing passes', () => {
  caught(run('我的vx：wang_xiao88'), 'poaching');
  caught(run('扣扣 12345678'), 'poaching');
  passes(run('微信 最近更新了，界面变了'));
  passes(run('QQ音乐的会员活动'));
});

test('links: outside the allow-list (or a shortener) is held, the allow-listed domain passes, full-width dots too', () => {
  const allow = compileRules({ rules: [{ id: 'builtin:links', detector: 'links', category: 'links', options: { allowDomains: ['example.com'] } }] });
  const d = decide({ text: '看看 bit.ly/3xYz 福利' }, {}, allow);
  caught(d, 'links');
  assert.equal(d.evidence[0]!.matched, 'bit.ly');
  caught(decide({ text: '官网 ｗｗｗ．ｓｐａｍ．ｔｏｐ' }, {}, allow), 'links');
  passes(decide({ text: '链接 https://shop.example.com/item/123' }, {}, allow));
  passes(decide({ text: 'ok. I will come at 5.30' }, {}, allow));
});

test('newcomers: a link or mention minutes after joining is held; a member of a month passes', () => {
  const allow = compileRules({ rules: [{ id: 'builtin:links', detector: 'links', category: 'links', enabled: false }] });
  const at = Date.UTC(2026, 0, 5, 12);
  caught(decide({ text: 'hi @alice look https://x.example.org', at }, { joinedAt: at - 2 * 60_000 }, allow), 'newcomer');
  passes(decide({ text: 'hi @alice look https://x.example.org', at }, { joinedAt: at - 30 * 86_400_000 }, allow));
});

test('flooding: a burst from one member is caught after the limit; the same pace from many members is not', () => {
  const state = newGroupState();
  const at = Date.UTC(2026, 0, 5, 12);
  const out = Array.from({ length: 12 }, (_, i) => decide({ text: `第${i}条消息内容`, at: at + i * 1000 }, { memberId: 'flooder' }, rules, state));
  assert.equal(out[7]!.action, 'allow');
  caught(out[9]!, 'flood');
  const other = newGroupState();
  const many = Array.from({ length: 12 }, (_, i) => decide({ text: `第${i}条消息内容`, at: at + i * 1000 }, { memberId: `m${i}` }, rules, other));
  for (const d of many) passes(d);
});

test('same text from several members is a duplicate wave; short replies ("+1", 好的) never are', () => {
  const state = newGroupState();
  const at = Date.UTC(2026, 0, 5, 12);
  const wave = ['a', 'b', 'c'].map((m, i) => decide({ text: '大家快来看这个超级划算的好东西', at: at + i * 5000 }, { memberId: m }, rules, state));
  passes(wave[1]!);
  caught(wave[2]!, 'duplicate');
  const replies = ['a', 'b', 'c', 'd'].map((m, i) => decide({ text: '好的', at: at + i * 5000 }, { memberId: m }, rules, state));
  for (const d of replies) passes(d);
});

test('copycats: a newcomer repeating an earlier member message is caught; an old member saying the same passes', () => {
  const state = newGroupState();
  const at = Date.UTC(2026, 0, 5, 12);
  decide({ text: '这个空气炸锅我用了一个月，感觉还不错', at }, { memberId: 'alice', joinedAt: at - 86_400_000 * 90, cleanMessages: 50 }, rules, state);
  passes(decide({ text: '这个空气炸锅我用了一个月，感觉还不错', at: at + 60_000 }, { memberId: 'bob', joinedAt: at - 86_400_000 * 60, cleanMessages: 40 }, rules, state));
  caught(decide({ text: '这个空气炸锅我用了一个月，感觉还不错', at: at + 120_000 }, { memberId: 'new', joinedAt: at - 5 * 60_000, cleanMessages: 0 }, rules, state), 'duplicate');
});

test('trusted members skip content checks but not flooding; admins are never moderated', () => {
  caught(run('加微信 abc12345'));
  passes(run('加微信 abc12345', { trusted: true }));
  passes(run('加微信 abc12345', { isAdmin: true }));
  const state = newGroupState();
  const at = Date.UTC(2026, 0, 5, 12);
  const burst = Array.from({ length: 12 }, (_, i) => decide({ text: `消息${i}很长的一条`, at: at + i * 500 }, { memberId: 't', trusted: true }, rules, state));
  caught(burst[11]!, 'flood');
});

function qrPng(text: string): Uint8Array {
  const qr = encodeQr(text, { border: 4 });
  const scale = 4;
  const size = qr.size * scale;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dark = qr.data[Math.floor(y / scale)]![Math.floor(x / scale)];
      const v = dark ? 0 : 255;
      data.set([v, v, v, 255], (y * size + x) * 4);
    }
  }
  return encodePng({ width: size, height: size, data, channels: 4 });
}

test('QR codes in images are decoded: a WeChat contact card is poaching, an allow-listed link passes', () => {
  const contact = decide({ text: '看图', images: [{ bytes: qrPng('https://u.wechat.com/MFa7xQ_abcdEFG') }] }, {}, rules);
  caught(contact, 'poaching');
  assert.equal(contact.evidence[0]!.detector, 'images');
  assert.match(contact.evidence[0]!.text!, /u\.wechat\.com/);
  const allow = compileRules({ rules: [{ id: 'builtin:links', detector: 'links', category: 'links', options: { allowDomains: ['example.com'] } }] });
  passes(decide({ text: '店铺二维码', images: [{ bytes: qrPng('https://shop.example.com/item/1') }] }, {}, allow));
  caught(decide({ text: '扫码', images: [{ bytes: qrPng('https://spam.top/x') }] }, {}, allow), 'qrcode');
  // An image without a QR code (plain grey) passes; bytes that are no image pass.
  const grey = encodePng({ width: 40, height: 40, data: new Uint8Array(40 * 40 * 4).fill(128), channels: 4 });
  passes(decide({ text: '风景照', images: [{ bytes: grey }, { bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]) }] }, {}, rules));
});

test('mini-program cards are held unless their app id is allowed', () => {
  caught(decide({ text: '', cards: [{ kind: 'miniprogram', appId: 'wx123', title: '领红包' }] }, {}, rules), 'miniprogram');
  const allow = compileRules({ rules: [{ id: 'builtin:images', detector: 'images', category: 'qrcode', options: { allowMiniPrograms: ['wx123'] } }] });
  passes(decide({ text: '', cards: [{ kind: 'miniprogram', appId: 'wx123', title: '我们的商城' }] }, {}, allow));
});
