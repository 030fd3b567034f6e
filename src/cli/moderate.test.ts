import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { encode as encodePng } from 'fast-png';
import { encode as encodeQr } from 'uqr';

const main = path.join(import.meta.dirname, 'main.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'qunyun-moderate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function qunyun(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [main, 'moderate', ...args], { input, encoding: 'utf8', timeout: 120_000, env: { ...process.env, LOG_LEVEL: 'warn' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}
const file = (name: string, content: string) => { const p = path.join(dir, name); writeFileSync(p, content); return p; };

test('moderate reads JSON lines from standard input and writes one decision per line, in order', () => {
  const input = [
    { id: '1', text: '加我微信 abc12345 领取免费资料' },
    { id: '2', text: '今天上海下雨了，大家出门记得带伞' },
    { id: 3, text: '免費領取試用裝' },
  ].map((m) => JSON.stringify(m)).join('\n');
  const r = qunyun([], input);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.lines.map((l) => [l.id, l.action]), [['1', 'delete'], ['2', 'allow'], [3, 'delete']]);
  assert.deepEqual(Object.keys(r.lines[0]!), ['id', 'action', 'rule', 'category', 'score', 'evidence']);
  assert.equal(r.lines[0]!.category, 'poaching');
  const ev = (r.lines[0]!.evidence as Array<{ span: [number, number]; text: string }>)[0]!;
  assert.equal('加我微信 abc12345 领取免费资料'.slice(ev.span[0], ev.span[1]), ev.text);
  assert.deepEqual([r.lines[1]!.rule, r.lines[1]!.category, r.lines[1]!.score, r.lines[1]!.evidence], [null, null, 0, []]);
});

test('moderate FILE with --rules: the workspace keyword list and allow-list apply', () => {
  const rules = file('rules.json', JSON.stringify({ rules: [
    { id: 'ws:competitor', detector: 'keywords', category: 'custom', keywords: ['竞品商城'], action: 'warn', severity: 'medium' },
    { id: 'builtin:links', detector: 'links', category: 'links', options: { allowDomains: ['example.com'] } },
  ] }));
  const input = file('in.jsonl', [
    JSON.stringify({ id: 'a', text: '去竞品商城买更便宜' }),
    JSON.stringify({ id: 'b', text: '链接 https://shop.example.com/x' }),
    JSON.stringify({ id: 'c', text: '链接 https://other.top/x' }),
  ].join('\n'));
  const r = qunyun([input, '--rules', rules]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.lines.map((l) => [l.id, l.action, l.rule]), [['a', 'warn', 'ws:competitor'], ['b', 'allow', null], ['c', 'review', 'builtin:links']]);
});

test('moderate --train seeds the classifier from TSV or JSON lines; its score and features are evidence', () => {
  const spam = ['招聘宝妈在家做手工，计件结算', '手工活外发，在家就能做，计件', '在家做手工串珠，计件结算日结', '招手工兼职，材料包邮到家，计件', '宝妈手工活，在家赚零花钱，计件'];
  const ham = ['周末带孩子去公园玩了', '今天的团购什么时候发货', '请问这个面膜适合敏感肌吗', '晚上的直播几点开始', '谢谢群主分享的资料'];
  const rows: string[] = [];
  for (let i = 0; i < 12; i++) { for (const t of spam) rows.push(`spam\t${t}${i}`); for (const t of ham) rows.push(`ham\t${t}${i}`); }
  const tsv = file('train.tsv', rows.join('\n'));
  const input = [JSON.stringify({ id: 'x', text: '招宝妈在家做手工，计件结算' }), JSON.stringify({ id: 'y', text: '今天的直播几点开始呀' })].join('\n');
  const untrained = qunyun([], input);
  assert.equal(untrained.lines[0]!.action, 'allow');
  const r = qunyun(['--train', tsv], input);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.lines.map((l) => [l.id, l.action, l.category]), [['x', 'delete', 'spam'], ['y', 'allow', null]]);
  const ev = (r.lines[0]!.evidence as Array<{ detector: string; features: Array<{ feature: string }> }>)[0]!;
  assert.equal(ev.detector, 'classifier');
  assert.ok(ev.features.length > 0);
  const jsonl = file('train.jsonl', rows.map((row) => { const [label, text] = row.split('\t'); return JSON.stringify({ text, label }); }).join('\n'));
  const model = path.join(dir, 'model.json');
  const j = qunyun(['--train', jsonl, '--save-model', model], input);
  assert.deepEqual(j.lines.map((l) => l.action), ['delete', 'allow']);
  const m = qunyun(['--model', model], input);
  assert.deepEqual(m.lines.map((l) => l.action), ['delete', 'allow']);
  assert.equal(JSON.parse(readFileSync(model, 'utf8')).kind, 'naive-bayes-hashed-v1');
});

test('moderate tells what is wrong and where', () => {
  const badLine = qunyun([], `${JSON.stringify({ id: '1', text: 'ok' })}\n{"id": 2}\nnot json\n`);
  assert.equal(badLine.code, 1);
  assert.equal(badLine.lines.length, 1);
  assert.match(badLine.stderr, /standard input line 2: text/);
  assert.match(badLine.stderr, /standard input line 3:/);
  const badTrain = qunyun(['--train', file('bad.tsv', 'spam\tx\nmaybe\ty\n')], '');
  assert.equal(badTrain.code, 1);
  assert.match(badTrain.stderr, /bad\.tsv line 2: the label must be spam or ham/);
  const oneLabel = qunyun(['--train', file('one.tsv', 'spam\tx\nspam\ty\n')], '');
  assert.match(oneLabel.stderr, /both labels/);
  const badRules = qunyun(['--rules', file('bad-rules.json', '{"rules":[{"id":"x","detector":"keywords","category":"nope"}]}')], '');
  assert.equal(badRules.code, 1);
  assert.match(badRules.stderr, /--rules .*bad-rules\.json: rules\.0\.category/);
  const missing = qunyun([path.join(dir, 'missing.jsonl')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read .*missing\.jsonl/);
  const usage = qunyun(['--train', 'a', '--model', 'b']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /alternatives/);
});

test('moderate decodes QR codes in base64 images and keeps flood state per group and member', () => {
  const qr = encodeQr('https://u.wechat.com/EXAMPLEcard', { border: 4 });
  const scale = 4, size = qr.size * scale;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const v = qr.data[Math.floor(y / scale)]![Math.floor(x / scale)] ? 0 : 255;
    data.set([v, v, v, 255], (y * size + x) * 4);
  }
  const png = Buffer.from(encodePng({ width: size, height: size, data, channels: 4 })).toString('base64');
  const at = Date.parse('2026-01-05T12:00:00Z');
  const lines = [JSON.stringify({ id: 'img', text: '看图', images: [png] })];
  for (let i = 0; i < 10; i++) lines.push(JSON.stringify({ id: `f${i}`, text: `第${i}条消息内容`, at: at + i * 1000, member: 'm1', group: 'g1' }));
  lines.push(JSON.stringify({ id: 'other-group', text: '第10条消息内容', at: at + 10_000, member: 'm1', group: 'g2' }));
  const r = qunyun([], lines.join('\n'));
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual([r.lines[0]!.action, r.lines[0]!.category], ['delete', 'poaching']);
  assert.equal(r.lines[9]!.category, 'flood');
  assert.equal(r.lines[11]!.action, 'allow');
});
