/**
 * A referral campaign's public, mobile-first pages, served by Qunyun without sign-in:
 * `/k/<slug>` (the campaign: progress, leaderboard, public proof of rewards paid — names masked,
 * no private data), `/k/<slug>/<token>` (a participant's link: the friend is routed through the
 * campaign's live code, thresholds included, and sees the group to join and the inviter's progress),
 * `/k/<slug>/<token>/poster.png` (the participant's poster) and the JSON twin of the page.
 * A visit through a link keeps the visitor's address and device only hashed (the device is the
 * browser's visitor cookie, qy_v, as on the code page).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { qrSvg } from '../../acquisition/qr.ts';
import { fingerprint } from '../../campaigns/fingerprint.ts';
import { isOpen } from '../../campaigns/progress.ts';
import { boardOf, funnelOf, maskName, participantProgress, proofOf } from '../../campaigns/stats.ts';
import { campaignBySlug, participantByToken, participantLink, type CampaignRow } from '../../campaigns/store.ts';
import { KIND_LABEL } from '../../campaigns/types.ts';
import { visitThroughLink } from '../../campaigns/visit.ts';
import { renderPoster } from '../../render/poster.ts';
import { AppError } from '../../errors.ts';
import { errorResponses } from '../errors.ts';
import type { ServerContext } from '../context.ts';
import { esc, pageShell, pickLang, type Lang } from './code-page-html.ts';

const VISITOR = 'qy_v';
const slugParams = z.object({ slug: z.string().regex(/^[\w-]{4,32}$/, 'not a campaign') });
const linkParams = z.object({ slug: z.string().regex(/^[\w-]{4,32}$/, 'not a campaign'), token: z.string().regex(/^[\w-]{4,64}$/, 'not a link') });
const langQuery = z.object({ lang: z.enum(['zh-CN', 'en']).optional() });

const T = {
  'zh-CN': {
    closed: '活动未开始或已结束', invited: (n: string) => `${n} 邀请你加入`, join: '扫码或点击加入群聊', open: '打开链接加入',
    progress: '邀请进度', friends: '位好友', goal: '目标', board: '排行榜', proof: '奖励发放公示', paid: (n: number) => `已发放 ${n} 份奖励`, none: '暂无',
    rewards: '奖励', stock: '剩余库存', full: '群已满，请稍后再试', threshold: '请先在入群页完成登记', price: '当前价格', participants: '人参与', credited: '位好友已助力', friendGets: (r: string) => `好友入群即得 ${r}`,
  },
  en: {
    closed: 'The campaign has not started or has ended', invited: (n: string) => `${n} invites you`, join: 'Scan or tap to join the group', open: 'Open the link to join',
    progress: 'Progress', friends: 'friends', goal: 'goal', board: 'Leaderboard', proof: 'Rewards paid', paid: (n: number) => `${n} rewards paid`, none: 'None yet',
    rewards: 'Rewards', stock: 'Stock left', full: 'The groups are full, try again later', threshold: 'Please register on the entry page first', price: 'Price now', participants: 'taking part', credited: 'friends credited', friendGets: (r: string) => `Each friend who joins gets ${r}`,
  },
};

export function campaignPageRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  const cookie = (req: FastifyRequest) => ({ httpOnly: true, sameSite: 'lax' as const, path: '/', secure: req.protocol === 'https', maxAge: 30 * 86_400 });
  function visitorOf(req: FastifyRequest, reply: FastifyReply): string {
    const v = req.cookies[VISITOR];
    if (v && /^[\w-]{8,64}$/.test(v)) return v;
    const fresh = randomBytes(12).toString('base64url');
    reply.setCookie(VISITOR, fresh, cookie(req));
    return fresh;
  }
  async function campaign(slug: string): Promise<CampaignRow> {
    const c = await campaignBySlug(ctx.db, slug);
    if (!c) throw new AppError('not_found', 'no such campaign');
    return c;
  }
  async function publicFacts(c: CampaignRow) {
    const [funnel, board, proof] = await Promise.all([funnelOf(ctx.db, c), boardOf(ctx.db, c, 10), proofOf(ctx.db, c, 10)]);
    return { funnel, board: board.map((b) => ({ rank: b.rank, name: maskName(b.name), count: b.count })), proof };
  }
  async function sections(c: CampaignRow, lang: Lang): Promise<string> {
    const w = T[lang];
    const f = await publicFacts(c);
    const tiers = [...c.settings.tiers].sort((a, b) => a.at - b.at).map((t) => `<li>${c.kind === 'rank' ? `#${t.at}` : `${t.at} ${w.friends}`} · ${esc(t.reward)}</li>`).join('')
      + (c.settings.friendReward ? `<li>${esc(w.friendGets(c.settings.friendReward))}</li>` : '');
    const board = f.board.length ? `<ol class="board">${f.board.map((b) => `<li><span>${esc(b.name)}</span><b>${b.count}</b></li>`).join('')}</ol>` : `<p class="muted">${w.none}</p>`;
    const proof = f.proof.recent.length ? `<ul class="proof">${f.proof.recent.map((r) => `<li>${esc(r.name)} · ${esc(r.reward)} <span class="muted">${r.at.toISOString().slice(0, 10)}</span></li>`).join('')}</ul>` : '';
    return `<div class="card"><h2>${w.rewards}</h2><ul>${tiers}</ul><p class="muted">${w.stock}: ${c.stock} / ${c.stockTotal} · ${f.funnel.participants} ${w.participants} · ${f.funnel.credited} ${w.credited}</p></div>
<div class="card"><h2>${w.board}</h2>${board}</div>
<div class="card"><h2>${w.proof}</h2><p>${w.paid(f.proof.total)}</p>${proof}</div>`;
  }
  const style = `<style>h2{font-size:1.05rem;margin:.2rem 0 .6rem}.board,.proof{padding-left:1.4rem;margin:0}.board li{display:flex;justify-content:space-between;padding:.25rem 0}
.bar{height:.7rem;background:#eee;border-radius:.35rem;overflow:hidden}.bar i{display:block;height:100%;background:#fa541c}.kind{font-size:2rem;font-weight:700;color:#d4380d}</style>`;

  return async (app) => {
    app.get('/k/:slug', {
      config: { public: true },
      schema: { tags: ['campaigns'], summary: "A referral campaign's public page: rewards, progress, leaderboard, rewards paid (names masked)", params: slugParams, querystring: langQuery, response: { 200: z.string(), ...errorResponses } },
    }, async (req, reply) => {
      const lang = pickLang(req.query.lang, req.headers['accept-language']);
      // An unknown campaign or link answers the JSON 404 every route gives (no page to show).
      const c = await campaign(req.params.slug);
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      const head = `${style}<p class="kind" aria-hidden="true">${KIND_LABEL[c.kind]}</p>${isOpen(c, new Date()) ? '' : `<p class="msg">${T[lang].closed}</p>`}`;
      return reply.send(pageShell(lang, c.name, head + await sections(c, lang)));
    });

    app.get('/k/:slug/:token', {
      config: { public: true },
      schema: { tags: ['campaigns'], summary: "A participant's referral link: routes the friend through the campaign's live code and shows the inviter's progress", params: linkParams, querystring: langQuery, response: { 200: z.string(), ...errorResponses } },
    }, async (req, reply) => {
      const lang = pickLang(req.query.lang, req.headers['accept-language']);
      const w = T[lang];
      const c = await campaign(req.params.slug);
      const p = await participantByToken(ctx.db, c, req.params.token);
      if (!p) throw new AppError('not_found', 'no such participant link');
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
      const visitor = visitorOf(req, reply);
      const r = await visitThroughLink(ctx.db, c, p, {
        visitor, zone: 'Asia/Shanghai', ipHash: fingerprint(c.workspaceId, 'ip', req.ip), deviceHash: fingerprint(c.workspaceId, 'device', visitor),
      });
      const progress = await participantProgress(ctx.db, c, p);
      const pct = Math.min(100, Math.round((progress.count / progress.goal) * 100));
      let action: string;
      if (r.kind === 'group' || r.kind === 'staff') {
        const qr = r.url ? `<div class="qr" role="img" aria-label="${esc(w.join)}">${await qrSvg(r.url)}</div>` : '';
        action = `<div class="card"><p>${w.join}</p>${qr}${r.url ? `<a class="btn" href="${esc(r.url)}">${w.open}</a>` : ''}</div>`;
      } else if (r.kind === 'threshold') {
        action = `<p class="msg">${w.threshold}</p>`;
      } else if (r.kind === 'full') action = `<p class="msg">${w.full}</p>`;
      else action = `<p class="msg">${w.closed}</p>`;
      const head = `${style}<p>${esc(w.invited(maskName(p.name)))}</p>${action}
<div class="card"><h2>${w.progress}</h2><div class="bar" role="progressbar" aria-label="${w.progress}" aria-valuemin="0" aria-valuemax="${progress.goal}" aria-valuenow="${progress.count}"><i style="width:${pct}%"></i></div>
<p>${progress.count} / ${progress.goal} ${w.friends}${progress.priceCents !== null ? ` · ${w.price} ¥${(progress.priceCents / 100).toFixed(2)}` : ''}</p></div>`;
      return reply.send(pageShell(lang, c.name, head + await sections(c, lang)));
    });

    app.get('/k/:slug/:token/poster.png', {
      config: { public: true },
      schema: { tags: ['campaigns'], summary: "A participant's poster (PNG): campaign art, their name, the QR code of their link", params: linkParams, response: { 200: z.any(), ...errorResponses } },
    }, async (req, reply) => {
      const c = await campaign(req.params.slug);
      const p = await participantByToken(ctx.db, c, req.params.token);
      if (!p) throw new AppError('not_found', 'no such participant');
      const offer = c.settings.friendReward ? `好友入群即得 ${c.settings.friendReward}` : [...c.settings.tiers].sort((a, b) => a.at - b.at)[0]!.reward;
      const png = renderPoster({ campaignName: c.name, kindLabel: KIND_LABEL[c.kind], participantName: p.name, offer, link: participantLink(ctx.publicUrl(), c, p), theme: c.art });
      return reply.type('image/png').header('cache-control', 'private, max-age=300').send(png);
    });

    app.get('/api/public/campaigns/:slug', {
      config: { public: true },
      schema: {
        tags: ['campaigns'], summary: "A campaign's public facts (the page's JSON twin): rewards, stock, leaderboard and rewards paid, names masked", params: slugParams,
        response: {
          200: z.object({
            name: z.string(), kind: z.string(), open: z.boolean(), stock: z.number().int(), stockTotal: z.number().int(), participants: z.number().int(), credited: z.number().int(),
            tiers: z.array(z.object({ at: z.number().int(), reward: z.string() })),
            leaderboard: z.array(z.object({ rank: z.number().int(), name: z.string(), count: z.number().int() })),
            proof: z.object({ total: z.number().int(), recent: z.array(z.object({ name: z.string(), reward: z.string(), at: z.iso.datetime() })) }),
          }), ...errorResponses,
        },
      },
    }, async (req) => {
      const c = await campaign(req.params.slug);
      const f = await publicFacts(c);
      return {
        name: c.name, kind: c.kind, open: isOpen(c, new Date()), stock: c.stock, stockTotal: c.stockTotal, participants: f.funnel.participants, credited: f.funnel.credited,
        tiers: c.settings.tiers, leaderboard: f.board, proof: { total: f.proof.total, recent: f.proof.recent.map((r) => ({ ...r, at: r.at.toISOString() })) },
      };
    });
  };
}
