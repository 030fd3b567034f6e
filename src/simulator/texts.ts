/**
 * What simulated members say and are called: hand-written phrase lists in Chinese and English for
 * everyday chat, replies, welcomes, introductions, ads and spam, and member names. Texts are built
 * from a template and slot words, so a group does not repeat itself too visibly.
 */
import type { Rng } from './rng.ts';

export type Lang = 'zh' | 'en';

const zhChat = [
  '今天{city}下雨了，大家出门记得带伞', '有没有人用过{product}？效果怎么样', '{product}今天有活动吗',
  '早上好呀各位', '晚上好，刚下班', '周末有人去{city}吗', '求推荐一款{product}，预算不高',
  '刚收到货，包装挺好的', '这个{product}我用了一个月，感觉还不错', '群里有做{trade}的朋友吗',
  '今天午饭吃的{food}，太香了', '有没有一起打卡的', '今天的打卡完成 ✅', '哈哈哈这个太真实了',
  '请问发货一般几天到', '上次团购的{product}还有吗', '我家孩子也很喜欢这个', '最近天气变化大，注意身体',
  '有人知道{city}哪里有好吃的{food}吗', '周五晚上的直播几点开始', '收藏了，谢谢分享', '这个价格可以啊',
  '我也想要，怎么下单', '有优惠券吗', '老师讲得很清楚，学到了', '今天学了一个新技巧，分享给大家',
  '刚看到一个新闻，{city}要新开一个商场', '谁有{product}的使用心得，求分享', '好久没在群里说话了哈哈',
  '同问', '已下单，坐等收货', '这周的活动什么时候开始', '有没有拼单的', '我在{city}，有同城的吗',
  '感觉群里越来越热闹了', '今天加班到现在，累', '分享一个小技巧：{tip}', '大家平时怎么保存{food}的',
  '{product}和别家的比哪个好', '晚安各位', '早安，新的一天加油', '这个活动规则有点没看懂',
];
const enChat = [
  'Morning everyone!', 'Anyone tried the new {product}?', 'Just got my order, packaging was great',
  'Is the {product} still on sale?', 'Good evening all, just got off work', 'Any recommendations for a cheap {product}?',
  'Going to {city} this weekend, any tips?', 'That live session yesterday was really helpful', 'Thanks for sharing!',
  'How long does shipping usually take?', 'Had {food} for lunch, so good', 'Checked in for today ✅',
  'lol this is so true', 'When does the Friday live stream start?', 'Does anyone here work in {trade}?',
  'Been using the {product} for a month, pretty happy with it', 'Is there a coupon for this?',
  'Quick tip: {tip}', 'Where can I find good {food} in {city}?', 'Ordered, can\'t wait', 'Same question here',
  'Haven\'t posted here in a while haha', 'Good night everyone', 'The group is getting busy, love it',
  'Anyone want to split a bulk order?', 'I\'m in {city}, anyone nearby?', 'Not sure I get the rules of this event',
];
const zhReplies = [
  '同意', '哈哈哈', '+1', '确实', '我也是这么觉得', '谢谢！', '好的收到', '真的吗', '学到了', '有道理',
  '我也想知道', '不错不错', '厉害了', '支持', '我试过，还可以', '看情况吧', '👍', '求链接', '我也要', '已私信',
];
const enReplies = [
  'Agreed', 'haha', '+1', 'So true', 'Thanks!', 'Got it', 'Really?', 'Good point', 'Same here', 'Nice',
  'I tried it, it\'s ok', 'Depends', '👍', 'Link please?', 'Me too', 'Totally',
];
const zhWelcome = ['欢迎 @{name} 加入！请先看一下群公告哦', '欢迎新朋友 @{name} 🎉', '欢迎欢迎，@{name} 来自哪里呀', '欢迎 @{name}，有问题随时问'];
const enWelcome = ['Welcome @{name}! Please read the pinned rules', 'Welcome aboard @{name} 🎉', 'Hi @{name}, where are you from?'];
const zhIntro = ['大家好，我是{city}的{name}，做{trade}的，请多关照', '新人报到，{city}-{name}-{trade}', '大家好，我是{name}，朋友推荐进群的'];
const enIntro = ['Hi all, I\'m {name} from {city}, working in {trade}', 'New here, {name} from {city} 👋', 'Hello! {name}, a friend invited me'];
const zhSpam = [
  '加我微信 {wx} 领取免费资料', '兼职日结，日赚300+，有意私聊', '低价代购大牌包包，加V：{wx}', '免费领取试用装 https://t.cn/{code}',
  '刷单返利，动动手指就赚钱，私我', '想赚钱的加我 {wx}，带你入门', '特价机票酒店，详情加 {wx}', '点击领取红包 http://hb{code}.cn',
];
const enSpam = [
  'Earn $500 a day from home http://bit.ly/{code}', 'Free USDT airdrop, DM me now', 'Crypto signals 10x guaranteed, join t.me/{code}',
  'Looking for part-time workers, $300/day, message me', 'Cheap followers and likes: http://boost{code}.xyz',
];
const zhOperatorReplies = ['收到', '已报名', '好的，我参加', '什么时候开始？', '想要！', '已打卡', '支持一下', '谢谢群主', '这个好', '怎么参与呀'];
const enOperatorReplies = ['Count me in', 'Signed up', 'When does it start?', 'I want one!', 'Thanks!', 'How do I join?', 'Great idea'];

const slots: Record<string, readonly string[]> = {
  city: ['上海', '北京', '杭州', '深圳', '成都', '广州', '南京', '武汉', '苏州', '西安'],
  product: ['面膜', '咖啡豆', '扫地机器人', '空气炸锅', '护手霜', '蓝牙耳机', '儿童绘本', '茶叶', '跑鞋', '保温杯'],
  food: ['火锅', '小龙虾', '牛肉面', '生煎', '烧烤', '酸菜鱼', '饺子', '奶茶'],
  trade: ['电商', '装修', '教育', '餐饮', '保险', '美容', '外贸', '设计'],
  tip: ['面膜冷藏后用更舒服', '咖啡豆开封后密封保存', '买之前先领券', '早上喝温水'],
};
const enSlots: Record<string, readonly string[]> = {
  city: ['Shanghai', 'Singapore', 'Hangzhou', 'Shenzhen', 'Hong Kong', 'Kuala Lumpur', 'Chengdu', 'Taipei'],
  product: ['face mask', 'coffee beans', 'robot vacuum', 'air fryer', 'earbuds', 'running shoes', 'tea set', 'water bottle'],
  food: ['hotpot', 'dumplings', 'noodles', 'bubble tea', 'BBQ', 'dim sum'],
  trade: ['e-commerce', 'design', 'education', 'insurance', 'marketing', 'logistics'],
  tip: ['use the coupon before checkout', 'keep coffee beans sealed', 'order before 3pm for next-day delivery'],
};

const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '婷', '小雨', '晓东', '佳怡'];
const nick = ['小雨', '阿强', '开心果', '晴天', '木子', '大白', '橙子', '糖糖', '老陈', '阿May', 'Lucky', '向日葵', '咖啡控', '吃货一枚'];
const enFirst = ['Amy', 'Ben', 'Chloe', 'David', 'Emma', 'Frank', 'Grace', 'Henry', 'Ivy', 'Jack', 'Kevin', 'Lily', 'Mia', 'Nick', 'Olivia', 'Ryan', 'Sophie', 'Tom'];
const enLast = ['Chen', 'Wong', 'Lee', 'Tan', 'Lim', 'Ng', 'Smith', 'Brown', 'Garcia', 'Khan', 'Liu', 'Ho'];
const groupThemes = ['福利群', '交流群', '会员群', '打卡群', 'VIP群', '宝妈群', '粉丝群', '学习群', '团购群'];
const groupBrands = ['悦享', '小鹿', '花开', '禾木', '米粒', '青柠', '森活', '优选'];
const enGroupThemes = ['Deals', 'Community', 'Members', 'Club', 'Insiders', 'Study Group'];

function fill(rng: Rng, template: string, lang: Lang, extra?: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    if (extra?.[k] !== undefined) return extra[k];
    const pool = (lang === 'zh' ? slots : enSlots)[k];
    return pool ? rng.pick(pool) : k;
  });
}

function code(rng: Rng): string {
  return rng.int(36 ** 6).toString(36).padStart(6, '0');
}

export const texts = {
  chat: (rng: Rng, lang: Lang) => fill(rng, rng.pick(lang === 'zh' ? zhChat : enChat), lang),
  reply: (rng: Rng, lang: Lang) => (rng.chance(0.5) ? rng.pick(lang === 'zh' ? zhReplies : enReplies) : fill(rng, rng.pick(lang === 'zh' ? zhChat : enChat), lang)),
  welcome: (rng: Rng, lang: Lang, name: string) => fill(rng, rng.pick(lang === 'zh' ? zhWelcome : enWelcome), lang, { name }),
  intro: (rng: Rng, lang: Lang, name: string) => fill(rng, rng.pick(lang === 'zh' ? zhIntro : enIntro), lang, { name }),
  spam: (rng: Rng, lang: Lang) => fill(rng, rng.pick(lang === 'zh' ? zhSpam : enSpam), lang, { wx: `wx${rng.between(100000, 999999)}`, code: code(rng) }),
  operatorReply: (rng: Rng, lang: Lang) => rng.pick(lang === 'zh' ? zhOperatorReplies : enOperatorReplies),
  edited: (original: string, lang: Lang) => `${original}${lang === 'zh' ? '（更正）' : ' (edited)'}`,
  link: (rng: Rng) => `https://shop.example.com/item/${code(rng)}`,
  redPacket: (lang: Lang) => (lang === 'zh' ? '恭喜发财，大吉大利' : 'Lucky money 🧧'),
  name: (rng: Rng, lang: Lang): string => {
    if (lang === 'en') return `${rng.pick(enFirst)} ${rng.pick(enLast)}`;
    return rng.chance(0.35) ? rng.pick(nick) : rng.pick(surnames) + rng.pick(given);
  },
  /** The nickname format operators ask newcomers to use: city-name-trade. */
  nickname: (rng: Rng, lang: Lang, name: string) =>
    lang === 'zh' ? `${rng.pick(slots.city!)}-${name}-${rng.pick(slots.trade!)}` : `${name} | ${rng.pick(enSlots.city!)} | ${rng.pick(enSlots.trade!)}`,
  groupName: (rng: Rng, lang: Lang, n: number) =>
    lang === 'zh' ? `${rng.pick(groupBrands)}${rng.pick(groupThemes)}${n}` : `${rng.pick(['Bloom', 'Maple', 'Nomad', 'Sunny'])} ${rng.pick(enGroupThemes)} #${n}`,
  emoji: (rng: Rng) => rng.pick(['👍', '❤️', '😂', '🎉', '👏', '🙏', '🔥', '😮']),
};
