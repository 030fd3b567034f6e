/**
 * Labelled group traffic for moderation: ordinary members chatting (texts.ts) and spammers of
 * several kinds, each message labelled spam or ham with the kind that wrote it. Pure and seeded:
 * the same options give the same messages. Used by the moderation evaluation and benchmark
 * (bench/eval-moderation.ts, bench/moderation.ts); the live simulator can draw spammers' messages
 * from spamMessage().
 *
 * Spammers, as group operators meet them:
 * - ad: advertises (part-time jobs, cheap goods, free samples) and hides the words from filters:
 *   separators inside words (微.信, 加 V), full-width letters, traditional characters, look-alike
 *   letters, circled or Chinese digits, pinyin (weixin, vx), repeated characters, zero-width spaces;
 * - poacher: joins, posts on topic for a while (those messages are ham) and then invites members
 *   to a private chat (加我/私聊/私我, a WeChat id, a phone number);
 * - flooder: a burst of short messages or the same ad many times within seconds;
 * - link: a newcomer who drops a link minutes after joining;
 * - copycat: repeats an earlier member's message word for word to look human, then advertises;
 * - scam and gambling: prizes, investment, betting sites.
 */
import { Rng } from './rng.ts';
import { texts, type Lang } from './texts.ts';

export type SpamKind = 'ad' | 'poacher' | 'flooder' | 'link' | 'copycat' | 'scam' | 'gambling';
export const spamKinds: readonly SpamKind[] = ['ad', 'poacher', 'flooder', 'link', 'copycat', 'scam', 'gambling'];

export interface LabelledMessage {
  id: string;
  text: string;
  label: 'spam' | 'ham';
  /** Who wrote it: 'member' for ordinary members (and a poacher's on-topic messages are labelled ham under their kind). */
  kind: SpamKind | 'member';
  lang: Lang;
  member: string;
  /** ms since the epoch. */
  at: number;
  joinedAt: number;
  /** Messages the member posted before this one. */
  cleanMessages: number;
}

export interface TrafficOptions {
  seed: number;
  /** Number of messages (approximately: a spammer's burst is not cut). */
  messages: number;
  /** Share of messages from spammers (default 0.15). */
  spamShare?: number;
  /** 'zh', 'en' or 'mixed' (default: 70% Chinese). */
  lang?: Lang | 'mixed';
  /** ms since the epoch of the first message (default 2026-01-05). */
  start?: number;
  /** Ordinary members (default 200). */
  members?: number;
}

const zhAds = [
  '兼职日结，日赚{money}，有意者加{contact}', '宝妈在家也能做的副业，一部手机就能赚钱，详情加{contact}', '招代理，一件代发，零库存，{contact}',
  '免费领取{product}试用装，名额有限，加{contact}', '低价出{brand}包包，原单品质，加{contact}看图', '{product}工厂直销，批发价拿货，{contact}',
  '想赚钱的朋友看过来，带你入门，每天稳定{money}，{contact}', '刷单返利，动动手指就赚钱，名额有限，{contact}', '微商引流，精准粉丝，{contact}',
  '点赞评论就有佣金，日结，{contact}', '学生兼职打字员，手机操作，日结{money}，联系{contact}', '招聘网络兼职，在家就能做，{contact}',
];
const enAds = [
  'Earn {money} a day working from home, DM me for details', 'Looking for part time workers, {money}/day, text me on WhatsApp {phoneEn}',
  'Cheap {brand} bags, factory price, contact me on telegram @{handle}', 'Make money online with just your phone, message me now',
  'Free {productEn} samples, limited offer, click here {link}', 'Buy followers and likes, best price, inbox me',
  'Work from home opportunity, no experience needed, add me on WhatsApp {phoneEn}',
];
const zhScam = [
  '恭喜您中奖了，请点击{link}领取奖金', '内部消息，这只股票下周必涨，稳赚不赔，加{contact}带你', '数字货币投资，高回报保本，{contact}',
  '您的账户存在风险已被冻结，请联系客服{phone}处理', '空投USDT，先到先得，{link}', '专业征信修复，网贷逾期也能下款，{contact}',
];
const enScam = [
  'Congratulations! You have won a {money} gift card, claim your prize at {link}', 'Guaranteed profit with our crypto signals, 10x guaranteed, join {link}',
  'URGENT: your account is suspended, verify your account at {link}', 'Free USDT airdrop, claim now at {link}', 'Investment opportunity: double your money in 7 days, DM me',
];
const zhGambling = [
  '正规博彩平台，首充送{money}，{link}', '百家乐真人娱乐，注册送彩金，{link}', '网上买球，赔率最高，加{contact}', '时时彩计划群，稳赚，{contact}',
  '澳门赌场线上开户，{link}',
];
const enGambling = [
  'Best online casino, free spins on sign up {link}', 'Sports betting tips, 95% win rate, join {link}', 'Slot bonus 200% on first deposit {link}',
];
const zhPoach = [
  '有需要的私我', '这个我有渠道，私聊', '想了解的加我微信{wxid}细聊', '群里不方便说，加我好友', '有兴趣的朋友可以私信我',
  '我这有资料，加{contact}发你', '详细的私聊我哈', '需要的话加我，{phone}',
];
const enPoach = ['DM me if you want to know more', 'I can help, message me privately', 'Inbox me for the details', 'Add me on WhatsApp {phoneEn}, easier to talk there'];
const zhFlood = ['顶', '1', '。', '哈', '冒泡', '👍', '来了', '签到'];
const enFlood = ['up', '1', '.', 'hi', 'lol', '👍', 'bump'];
const zhLinks = ['看看这个 {link}', '{link} 福利', '好东西分享 {link}', '{link}', '戳 {link}'];
const enLinks = ['check this out {link}', '{link}', 'nice deal here {link}', 'free stuff {link}'];
const brands = ['LV', 'Gucci', 'Prada', 'Dior', '香奈儿', '爱马仕'];
const productsEn = ['skincare', 'perfume', 'coffee', 'phone case'];
const tlds = ['.top', '.xyz', '.cn', '.vip', '.com', '.cc'];

const homoglyphs: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і' };
const traditional: Record<string, string> = {
  领: '領', 赚: '賺', 钱: '錢', 费: '費', 资: '資', 兼: '兼', 职: '職', 结: '結', 联: '聯', 系: '繫', 加: '加', 微: '微', 信: '信', 号: '號',
  红: '紅', 包: '包', 奖: '獎', 价: '價', 机: '機', 会: '會', 业: '業', 现: '現', 门: '門', 广: '廣', 发: '發', 单: '單', 码: '碼',
};
const zhDigits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const circled = ['⓪', '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨'];

function phone(rng: Rng): string {
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.int(10)}${String(rng.int(1e8)).padStart(8, '0')}`;
}
function wxid(rng: Rng): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let s = letters[rng.int(26)]!;
  const len = rng.between(5, 10);
  for (let i = 0; i < len; i++) s += rng.chance(0.4) ? String(rng.int(10)) : letters[rng.int(26)]!;
  return s;
}
function domain(rng: Rng): string {
  return `${wxid(rng).slice(0, rng.between(4, 8))}${rng.pick(tlds)}`;
}
function link(rng: Rng): string {
  const r = rng.int(4);
  if (r === 0) return `https://${domain(rng)}/${wxid(rng)}`;
  if (r === 1) return `http://t.cn/${wxid(rng).slice(0, 7)}`;
  if (r === 2) return `www.${domain(rng)}`;
  return `https://bit.ly/${wxid(rng).slice(0, 7)}`;
}

/** One way of writing a contact that dodges filters. */
function contact(rng: Rng): string {
  const id = wxid(rng);
  return rng.pick([
    () => `微信 ${id}`, () => `V：${id}`, () => `vx ${id}`, () => `wx:${id}`, () => `薇信${id}`, () => `威信 ${id}`, () => `weixin ${id}`,
    () => `微.信 ${id}`, () => `加 V ${id}`, () => `Ｖ信 ${id}`, () => `扣扣 ${rng.between(10000, 99999999)}`, () => `QQ${rng.between(100000, 999999999)}`,
    () => `电话 ${spellDigits(rng, phone(rng))}`,
  ])();
}

function spellDigits(rng: Rng, digits: string): string {
  const style = rng.int(4);
  return [...digits].map((d) => {
    const n = Number(d);
    if (style === 0) return d;
    if (style === 1) return zhDigits[n]!;
    if (style === 2) return circled[n]!;
    return rng.chance(0.5) ? zhDigits[n]! : d;
  }).join(style === 0 && rng.chance(0.5) ? ' ' : '');
}

/** Evasions applied to a whole message (each with some probability). */
function evade(rng: Rng, text: string, lang: Lang): string {
  let t = text;
  if (rng.chance(0.2)) t = [...t].map((ch) => traditional[ch] ?? ch).join('');
  if (rng.chance(0.15)) t = t.replace(/[A-Za-z0-9]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)); // full width
  if (lang === 'en' && rng.chance(0.3)) t = t.replace(/[aeopcxyi]/g, (ch) => (rng.chance(0.4) ? homoglyphs[ch]! : ch));
  if (rng.chance(0.2)) {
    // Separators inside Chinese words: 兼.职, 日 结
    const sep = rng.pick(['.', ' ', '·', '\u200b', '*', '-', '🔥']);
    t = [...t].map((ch, i) => (/[\u4e00-\u9fff]/.test(ch) && i % 2 === 1 && rng.chance(0.5) ? ch + sep : ch)).join('');
  }
  if (rng.chance(0.1)) t = t.replace(/([\u4e00-\u9fffa-z])/, '$1$1$1');
  return t;
}

function fill(rng: Rng, template: string, lang: Lang): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    switch (k) {
      case 'money': return lang === 'zh' ? `${rng.pick([200, 300, 500, 800])}${rng.pick(['元', '+', '块'])}` : `$${rng.pick([200, 300, 500, 1000])}`;
      case 'contact': return contact(rng);
      case 'wxid': return wxid(rng);
      case 'phone': return spellDigits(rng, phone(rng));
      case 'phoneEn': return `+1 ${rng.between(200, 999)} ${rng.between(200, 999)} ${rng.between(1000, 9999)}`;
      case 'handle': return wxid(rng);
      case 'link': return link(rng);
      case 'brand': return rng.pick(brands);
      case 'product': return rng.pick(['面膜', '护肤品', '减肥茶', '保健品', '口红']);
      case 'productEn': return rng.pick(productsEn);
      default: return k;
    }
  });
}

/** One spam message of a kind (for kinds whose messages stand alone: ad, scam, gambling, link, poacher's invitation, flood). */
export function spamMessage(rng: Rng, kind: SpamKind, lang: Lang): string {
  const zh = lang === 'zh';
  switch (kind) {
    case 'ad': return evade(rng, fill(rng, rng.pick(zh ? zhAds : enAds), lang), lang);
    case 'scam': return evade(rng, fill(rng, rng.pick(zh ? zhScam : enScam), lang), lang);
    case 'gambling': return evade(rng, fill(rng, rng.pick(zh ? zhGambling : enGambling), lang), lang);
    case 'link': return fill(rng, rng.pick(zh ? zhLinks : enLinks), lang);
    case 'poacher': return fill(rng, rng.pick(zh ? zhPoach : enPoach), lang);
    case 'flooder': return rng.pick(zh ? zhFlood : enFlood);
    case 'copycat': return evade(rng, fill(rng, rng.pick(zh ? zhAds : enAds), lang), lang);
  }
}

interface Person { id: string; lang: Lang; joinedAt: number; posted: number }

/**
 * Generates labelled traffic: ordinary members chatting through the day, with spammers of every
 * kind joining and doing what their kind does. Sorted by time.
 */
export function generateTraffic(options: TrafficOptions): LabelledMessage[] {
  const rng = new Rng(options.seed);
  const spamShare = options.spamShare ?? 0.15;
  const start = options.start ?? Date.UTC(2026, 0, 5, 1);
  const langOf = (): Lang => (options.lang === 'zh' || options.lang === 'en' ? options.lang : rng.chance(0.7) ? 'zh' : 'en');
  const members: Person[] = [];
  for (let i = 0; i < (options.members ?? 200); i++) members.push({ id: `m${i}`, lang: langOf(), joinedAt: start - rng.between(1, 300) * 86_400_000, posted: rng.between(0, 200) });
  const out: LabelledMessage[] = [];
  let t = start;
  let n = 0;
  let spammers = 0;
  const push = (p: Person, text: string, label: 'spam' | 'ham', kind: SpamKind | 'member', at: number) => {
    out.push({ id: `${options.seed}-${n++}`, text, label, kind, lang: p.lang, member: p.id, at, joinedAt: p.joinedAt, cleanMessages: p.posted });
    p.posted++;
  };
  const hamTexts: Array<{ text: string; lang: Lang }> = [];
  while (out.length < options.messages) {
    t += Math.round(rng.exp(20_000)) + 1;
    if (!rng.chance(spamShare / 2.2)) {
      const p = rng.pick(members);
      const r = rng.float();
      let text: string;
      if (r < 0.55) text = texts.chat(rng, p.lang);
      else if (r < 0.85) text = texts.reply(rng, p.lang);
      else if (r < 0.92) text = texts.welcome(rng, p.lang, texts.name(rng, p.lang));
      else if (r < 0.96) text = texts.intro(rng, p.lang, texts.name(rng, p.lang));
      else text = `${p.lang === 'zh' ? rng.pick(['链接在这', '上次说的那个', '看这个']) : rng.pick(['here is the link', 'this one', 'found it'])} ${texts.link(rng)}`;
      push(p, text, 'ham', 'member', t);
      hamTexts.push({ text, lang: p.lang });
      continue;
    }
    // A spammer arrives and acts.
    const kind = rng.pick(spamKinds);
    const lang = langOf();
    const s: Person = { id: `s${spammers++}`, lang, joinedAt: t - rng.between(1, 20) * 60_000, posted: 0 };
    let at = t;
    switch (kind) {
      case 'ad': case 'scam': case 'gambling': case 'link': {
        for (let i = rng.between(1, 2); i > 0; i--) { push(s, spamMessage(rng, kind, lang), 'spam', kind, at); at += rng.between(30, 600) * 1000; }
        break;
      }
      case 'poacher': {
        // On topic first (ham), hours or days later the invitation.
        s.joinedAt = t - rng.between(1, 72) * 3_600_000;
        for (let i = rng.between(2, 4); i > 0; i--) { push(s, texts.chat(rng, lang), 'ham', 'poacher', at); at += rng.between(60, 3600) * 1000; }
        push(s, spamMessage(rng, 'poacher', lang), 'spam', 'poacher', at);
        break;
      }
      case 'flooder': {
        const same = rng.chance(0.4) ? spamMessage(rng, 'ad', lang) : null;
        for (let i = rng.between(10, 20); i > 0; i--) { push(s, same ?? spamMessage(rng, 'flooder', lang), 'spam', 'flooder', at); at += rng.between(300, 3000); }
        break;
      }
      case 'copycat': {
        // One of the last 200 suitable messages (looked for among the recent ones only).
        const earlier = hamTexts.slice(-2000).filter((h) => h.lang === lang && h.text.length >= 8).slice(-200);
        if (earlier.length > 0) { push(s, rng.pick(earlier).text, 'spam', 'copycat', at); at += rng.between(60, 600) * 1000; }
        push(s, spamMessage(rng, 'copycat', lang), 'spam', 'copycat', at);
        break;
      }
    }
    t = Math.max(t, at - 1);
  }
  return out.sort((a, b) => a.at - b.at);
}
