/**
 * The built-in rules every workspace starts with: keyword lists for the five categories of 群规
 * (ads, contact poaching, gambling, vulgarity, scam) in Chinese and English, and one rule per
 * detector. The lists are phrases that mark spam, not topics: 微信 alone is how people talk about
 * the app, 加微信 is an invitation; "free" is everywhere, "claim your prize" is not. Variants that
 * spammers use (薇信, 加v, 菠菜 for 博彩) are listed; the normaliser takes care of width, case,
 * traditional characters, separators and look-alikes, and pinyin variants are generated from the
 * Chinese phrases of rules whose `pinyin` says so.
 */
import type { Rule } from './types.ts';

export const builtinRules: Rule[] = [
  {
    id: 'builtin:ads', name: 'Advertising', detector: 'keywords', category: 'ads', severity: 'high', action: 'delete', pinyin: 'none',
    keywords: [
      '兼职日结', '日结工资', '日赚', '日入过千', '月入过万', '月入上万', '躺赚', '手机赚钱', '在家赚钱', '动动手指就赚钱', '带你赚钱', '带你入门',
      '刷单', '刷单返利', '返利', '诚招代理', '招代理', '招募代理', '代理加盟', '招商加盟', '免费领取', '免费送', '免费资料', '点击领取', '扫码领取',
      '进群领', '加群领', '领取红包', '低价代购', '代购', '高仿', '原单', '一手货源', '微商', '引流', '涨粉', '刷粉', '买粉', '粉丝购买',
      '宝妈兼职', '学生兼职', '招聘兼职', '兼职招聘', '有意者私聊', '有意私聊', '有意者加', '详情加', '详情私聊', '欢迎咨询', '特价机票',
      '网络推广', '代写论文', '办证', '代开发票', '发票代开', '无抵押', '贷款秒批',
      'earn money from home', 'work from home', 'make money online', 'earn $', 'per day from home', 'cheap followers', 'buy followers',
      'followers and likes', 'part-time workers', 'part time job', 'click here', 'click the link', 'limited offer', 'free gift', 'free trial',
      'promo code', 'discount code', 'best price', 'subscribe now', 'sign up now', 'call now', 'order now',
    ],
  },
  {
    id: 'builtin:poaching', name: 'Poaching members into private chats', detector: 'keywords', category: 'poaching', severity: 'high', action: 'delete', pinyin: 'none',
    keywords: [
      '加我微信', '加微信', '加我v', '加v', '加vx', '加wx', '加威信', '加薇信', '加薇', '加维信', '加卫星', '加我好友', '加好友私聊', '加我qq', '加qq', '加扣扣', '加q',
      '加weixin', '加微', '微信号', '薇信', 'vx号', 'wx号', 'v信', '威信号', 'qq号', '扣扣号', '私聊我', '私我', '私信我', '滴滴我', '加我私聊',
      '加我领', '联系我', '找我拿', '找我领',
      'dm me', 'pm me', 'inbox me', 'message me', 'text me', 'add me on', 'whatsapp me', 'contact me on', 'telegram me', 'hit me up',
      'dm for', 'write me on', 'reach me on',
    ],
  },
  {
    id: 'builtin:gambling', name: 'Gambling', detector: 'keywords', category: 'gambling', severity: 'high', action: 'delete', pinyin: 'none',
    keywords: [
      '博彩', '菠菜', '赌场', '网赌', '赌博', '百家乐', '时时彩', '六合彩', '彩票计划', '澳门赌场', '真人娱乐', '棋牌游戏', '赌球', '买球', '下注', '北京赛车',
      '幸运飞艇', '快三', '牛牛', '彩金', '首充', '注册送', '开户送', '娱乐城', '老虎机', '电子游艺',
      'casino', 'online betting', 'betting tips', 'sports betting', 'slot bonus', 'free spins', 'jackpot', 'bet365', 'poker room', 'roulette',
    ],
  },
  {
    id: 'builtin:vulgarity', name: 'Vulgarity', detector: 'keywords', category: 'vulgarity', severity: 'medium', action: 'warn', pinyin: 'none',
    keywords: [
      '操你', '草你', '艹你', '傻逼', '傻b', '煞笔', '沙比', '他妈的', '你妈的', '尼玛', '草泥马', '狗日', '贱人', '婊子', '鸡巴', '日你', '滚你妈', '去死吧',
      '约炮', '一夜情', '裸聊', '色情', '黄片', '成人视频', '援交', '外围女', '上门服务', '小姐服务',
      'fuck', 'fucking', 'motherfucker', 'shit', 'bitch', 'asshole', 'cunt', 'dickhead', 'slut', 'whore', 'porn', 'nude pics', 'sex chat', 'hookup',
    ],
  },
  {
    id: 'builtin:scam', name: 'Scams', detector: 'keywords', category: 'scam', severity: 'high', action: 'delete', pinyin: 'none',
    keywords: [
      '恭喜您中奖', '恭喜你中奖', '中奖了', '领取奖金', '安全账户', '账户冻结', '资金冻结', '退款客服', '理赔客服', '征信修复', '信用卡套现', '套现',
      '稳赚不赔', '高回报', '保本保息', '内幕消息', '荐股', '带单', '牛股', '虚拟币投资', '数字货币投资', '投资理财群', 'usdt', '空投', '泰达币',
      '网贷', '刷流水', '跑分', '洗钱', '冒充客服', '验证码发我', '转账到',
      'you have won', 'you won', 'claim your prize', 'claim your reward', 'winner', 'urgent your account', 'verify your account',
      'account suspended', 'guaranteed profit', 'guaranteed returns', '10x guaranteed', 'crypto signals', 'investment opportunity', 'airdrop',
      'double your money', 'bitcoin investment', 'send me your otp', 'gift card',
    ],
  },
  { id: 'builtin:links', name: 'Links outside the allow-list', detector: 'links', category: 'links', severity: 'low', action: 'review', options: { allowDomains: [] } },
  { id: 'builtin:contact', name: 'Contact details (phone, WeChat or QQ id)', detector: 'contact', category: 'poaching', severity: 'high', action: 'delete' },
  { id: 'builtin:flood', name: 'Flooding', detector: 'flood', category: 'flood', severity: 'medium', action: 'mute', options: { maxMessages: 8, windowSeconds: 30, maxShort: 6, shortChars: 3 } },
  { id: 'builtin:duplicate', name: 'Same text from several members', detector: 'duplicate', category: 'duplicate', severity: 'medium', action: 'delete', options: { minMembers: 3, windowSeconds: 3600, minChars: 8 } },
  { id: 'builtin:newcomer', name: 'Links or mentions from a newcomer', detector: 'newcomer', category: 'newcomer', severity: 'medium', action: 'delete', options: { minutes: 10 } },
  { id: 'builtin:images', name: 'QR codes and mini-program cards', detector: 'images', category: 'qrcode', severity: 'high', action: 'delete', options: { allowMiniPrograms: [] } },
  { id: 'builtin:classifier', name: 'Learned classifier', detector: 'classifier', category: 'spam', severity: 'medium', action: 'delete' },
];
