/**
 * Browser test of 复盘's operator KPIs and conversion (issue #17 items 5 and 6), self-contained
 * like review.test.ts: a fresh embedded database with three groups (two operators, one group
 * unassigned) ingested like any events, pushes (one failed), joins by a live code and a referral
 * campaign; then `qunyun serve` and, in the browser as the owner: 复盘 → 转化与 ROI, an order file
 * with two bad rows is refused with each row and column named (nothing imported), the fixed file
 * imports, a campaign's cost is set, ROI per campaign and group shows; 运营考核 shows the leaderboard
 * of both operators and the group comparison. Screenshots at 1440×900 and 390×844 (no sideways
 * scrolling); axe-core: no serious or critical violation on either tab, on either screen.
 * Screenshots go to screenshots/kpi-*.png.
 *
 *   node scripts/test.ts test/browser/kpi.test.ts
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { Database } from '../../src/db/database.ts';
import type { PlatformEventInput } from '../../src/events/envelope.ts';
import { IdentityCache, ingestBatch } from '../../src/events/ingest.ts';
import { ensurePlatformAccount } from '../../src/workspaces/workspaces.ts';
import { screenshot, startConsole } from '../support/browser.ts';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple', name: 'Owner' };
const TIMEOUT = 30_000;
const AXE = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));
const DAY = 86_400_000;

/** Three groups over 30 days: 王运营 runs kp-1, 李运营 kp-2, kp-3 is unassigned; pushes, a live code's joins, a campaign's referrals, two groups' costs. */
async function seed(db: Database): Promise<void> {
  const [ws] = await db.query<{ id: number; timezone: string }>('select id, timezone from workspaces order by id limit 1');
  const workspaceId = Number(ws!.id);
  const account = await ensurePlatformAccount(db, workspaceId, 'sandbox', 'bot-kpi', 'bot');
  const scope = { workspaceId, accountId: account.id, timezone: ws!.timezone };
  const now = Date.now();
  const at = (t: number) => new Date(Math.min(t, now - 60_000)).toISOString();
  let n = 0;
  const events: PlatformEventInput[] = [];
  const groups = [{ id: 'kp-1', name: '读书会 1 群', users: 30 }, { id: 'kp-2', name: '烘焙交流群', users: 20 }, { id: 'kp-3', name: '新品体验群', users: 12 }];
  for (const g of groups) {
    events.push({ type: 'group_created', eventId: `kp${++n}`, occurredAt: at(now - 30 * DAY), groupId: g.id, name: g.name, capacity: 200 });
    for (let u = 0; u < g.users; u++) {
      const joined = now - (28 - (u % 25)) * DAY;
      events.push({ type: 'join', eventId: `kp${++n}`, occurredAt: at(joined), groupId: g.id, userId: `${g.id}-u${u}`, name: `成员${g.id.slice(-1)}-${u}`, via: { source: u % 3 === 0 ? 'referral' : 'qr_code' } });
      for (let d = 0; d < 20; d += 1 + (u % 4)) {
        if (u % 5 === 4) break;
        events.push({ type: 'message', eventId: `kp${++n}`, occurredAt: at(joined + d * DAY + 3_600_000), groupId: g.id, messageId: `${g.id}-m${n}`, userId: `${g.id}-u${u}`, text: '你好' });
      }
    }
  }
  await ingestBatch(db, scope, events, new IdentityCache());
  const gid = async (pid: string) => Number((await db.query<{ id: number }>('select id from groups where workspace_id = $1 and platform_group_id = $2', [workspaceId, pid]))[0]!.id);
  const mid = async (uid: string) => Number((await db.query<{ id: number }>('select member_id as id from member_identities where workspace_id = $1 and platform_user_id = $2', [workspaceId, uid]))[0]!.id);
  const [g1, g2, g3] = [await gid('kp-1'), await gid('kp-2'), await gid('kp-3')];
  const op = async (email: string, name: string) => {
    const [u] = await db.query<{ id: number }>(`insert into users (email, name, password_hash) values ($1, $2, 'not a hash: never signs in') returning id`, [email, name]);
    await db.query(`insert into workspace_staff (workspace_id, user_id, role) values ($1, $2, 'operator')`, [workspaceId, u!.id]);
    return Number(u!.id);
  };
  const wang = await op('wang@example.com', '王运营'), li = await op('li@example.com', '李运营');
  await db.query('update groups set owner_staff_id = $2 where workspace_id = $1 and id = $3', [workspaceId, wang, g1]);
  await db.query('update groups set owner_staff_id = $2 where workspace_id = $1 and id = $3', [workspaceId, li, g2]);
  // Pushes (one failed), and members' replies to some within minutes: the response rate.
  const replies: PlatformEventInput[] = [];
  for (const [i, [g, pid, ago, state, answers]] of ([[g1, 'kp-1', 2, 'sent', 4], [g1, 'kp-1', 6, 'sent', 0], [g2, 'kp-2', 3, 'sent', 2], [g2, 'kp-2', 5, 'failed', 0], [g3, 'kp-3', 4, 'sent', 1]] as const).entries()) {
    const postAt = now - ago * DAY;
    await db.query(`insert into pushes (workspace_id, group_id, account_id, text, state, platform_message_id, created_at) values ($1, $2, $3, '本周新品', $4, $5, $6)`,
      [workspaceId, g, account.id, state, state === 'sent' ? `kp-push-${i}` : null, new Date(postAt)]);
    for (let a = 0; a < answers; a++) replies.push({ type: 'message', eventId: `kp${++n}`, occurredAt: at(postAt + (a + 1) * 5 * 60_000), groupId: pid, messageId: `kp-ans-${n}`, userId: `${pid}-u${a}`, text: '想要', replyTo: `kp-push-${i}` });
  }
  await ingestBatch(db, scope, replies, new IdentityCache());
  const [code] = await db.query<{ id: number }>(`insert into live_codes (workspace_id, slug, name, source, webhook_secret) values ($1, 'kp-code', '门店海报码', 'shop', 'x') returning id`, [workspaceId]);
  const [camp] = await db.query<{ id: number }>(`insert into campaigns (workspace_id, slug, code_id, name, kind, settings, stock, stock_total, starts_at) values ($1, 'kp-camp', $2, '邀好友送券', 'invite', '{}', 50, 50, now() - interval '30 days') returning id`, [workspaceId, code!.id]);
  const [part] = await db.query<{ id: number }>(`insert into campaign_participants (workspace_id, campaign_id, member_id, name, token) values ($1, $2, $3, '成员1-0', 'kp-token') returning id`, [workspaceId, camp!.id, await mid('kp-1-u0')]);
  for (const u of [3, 6, 9]) {
    const m = await mid(`kp-1-u${u}`);
    const [j] = await db.query<{ at: Date }>('select first_joined_at as at from memberships where workspace_id = $1 and member_id = $2', [workspaceId, m]);
    await db.query(`insert into campaign_referrals (workspace_id, campaign_id, participant_id, inviter_member_id, invitee_member_id, group_id, joined_at, status) values ($1, $2, $3, $4, $5, $6, $7, 'credited')`,
      [workspaceId, camp!.id, part!.id, await mid('kp-1-u0'), m, g1, j!.at]);
  }
  for (const u of [1, 2]) {
    const m = await mid(`kp-3-u${u}`);
    const [j] = await db.query<{ at: Date }>('select first_joined_at as at from memberships where workspace_id = $1 and member_id = $2', [workspaceId, m]);
    await db.query(`insert into code_attributions (workspace_id, code_id, group_id, member_id, source, event_seq, joined_at) values ($1, $2, $3, $4, 'shop', 1, $5)`, [workspaceId, code!.id, g3, m, j!.at]);
  }
  await db.query(`insert into order_costs (workspace_id, kind, target_id, cost_cents) values ($1, 'group', $2, 80000), ($1, 'group', $3, 20000)`, [workspaceId, g1, g2]);
}

/** The shop's export: orders of the last days by platform user id, one by a customer id nobody is mapped to. */
function orderFile(withErrors: boolean): string {
  const day = (ago: number) => new Date(Date.now() - ago * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
  const rows = [
    ['订单号', '金额', '支付时间', '用户ID', '客户ID'],
    ['SO-1001', '299.00', `${day(1)} 10:20`, 'kp-1-u3', ''],
    ['SO-1002', withErrors ? '二百' : '199', `${day(1)} 11:00`, 'kp-1-u6', ''],
    ['SO-1003', '"1,280.50"', `${day(2)} 20:15`, 'kp-1-u9', ''],
    ['SO-1004', '88', withErrors ? '昨天' : `${day(1)} 09:00`, 'kp-2-u1', ''],
    ['SO-1005', '560', `${day(3)} 15:30`, 'kp-2-u4', ''],
    ['SO-1006', '129', `${day(1)} 12:00`, 'kp-3-u1', ''],
    ['SO-1007', '99', `${day(1)} 13:00`, 'kp-3-u2', ''],
    ['SO-1008', '450', `${day(2)} 16:00`, '', 'CRM-778'],
  ];
  return `${rows.map((r) => r.join(',')).join('\n')}\n`;
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((x) => JSON.stringify(x.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(' ')}`);
}

test('operator KPIs and conversion: import orders (refused with row errors, then imported), ROI, the leaderboard; desktop and phone; axe', async (t) => {
  const started = Date.now();
  const step = (what: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);
  const app = await startConsole({ name: 'kpi', owner: OWNER, timeoutMs: TIMEOUT, seed });
  const { base, dataDir } = app;
  step('community seeded, serving');
  try {
    // bypassCSP: axe-core is injected as a script tag, which the console's policy would refuse.
    const { page: desk, problems } = await app.signedInPage({ width: 1440, height: 900 }, { bypassCSP: true });

    // 转化与 ROI: a file with two bad rows is refused, each named; nothing is imported.
    await desk.getByTestId('nav-review').click();
    await desk.getByTestId('review-tab-conversion').click();
    await desk.getByTestId('review-conversion').waitFor();
    await desk.getByText('这段时间没有订单').waitFor();
    const bad = join(dataDir, '订单-有错误.csv'), good = join(dataDir, '订单.csv');
    writeFileSync(bad, orderFile(true));
    writeFileSync(good, orderFile(false));
    await desk.getByTestId('orders-import').click();
    await desk.getByTestId('orders-file').setInputFiles(bad);
    await desk.getByTestId('orders-import-ok').click();
    const errors = desk.getByTestId('orders-import-errors');
    await errors.getByText('第 3 行 · 金额：“二百”不是金额（如 199 或 199.50）').waitFor();
    await errors.getByText('第 5 行 · 支付时间：“昨天”不是时间（如 2026-05-03 14:20）').waitFor();
    assert.equal(await errors.locator('.ant-list-item').count(), 2, 'only the two bad rows are named');
    await screenshot(desk, 'kpi-import-errors');
    assert.equal(((await (await desk.request.get(`${base}/api/orders`)).json()) as { items: unknown[] }).items.length, 0, 'nothing imported');
    await desk.getByTestId('orders-file').setInputFiles(good);
    await desk.getByTestId('orders-import-ok').click();
    await desk.getByText('已导入 8 笔订单（0 笔之前已导入，1 笔未匹配到成员）').waitFor();
    step('import refused with row errors, then imported');

    // ROI: the campaign brought SO-1001..1003; its cost is set here; the groups' costs were set before.
    const campaigns = desk.getByTestId('roi-campaigns');
    await campaigns.getByText('邀好友送券').waitFor();
    await campaigns.getByRole('button', { name: '设置成本：邀好友送券' }).click();
    await desk.getByTestId('cost-input').fill('500');
    await desk.locator('.ant-modal-footer .ant-btn-primary').filter({ visible: true }).click();
    await campaigns.getByText('¥500').waitFor();
    const campaignRow = await campaigns.locator('tbody tr.ant-table-row').first().innerText();
    assert.match(campaignRow, /¥1,778\.5/, 'revenue 299 + 199 + 1,280.50');
    assert.match(campaignRow, /256%/, 'ROI (1,778.50 − 500) / 500');
    const groupsRoi = await desk.getByTestId('roi-groups').innerText();
    assert.match(groupsRoi, /读书会 1 群[\s\S]*¥1,778\.5[\s\S]*¥800[\s\S]*122%/);
    await desk.getByTestId('orders-unmatched').getByText('SO-1008').waitFor();
    await desk.getByTestId('review-roi-chart').locator('canvas').first().waitFor();
    await desk.waitForTimeout(500); // the chart's entry animation
    await screenshot(desk, 'kpi-conversion');
    const conversionAxe = await axeViolations(desk);
    assert.deepEqual(conversionAxe, [], 'axe: 转化与 ROI at 1440 px');
    step('ROI shown');

    // 运营考核: both operators ranked, each with their group; the unassigned group in the comparison.
    await desk.getByTestId('review-tab-operators').click();
    const board = desk.getByTestId('review-leaderboard');
    await board.locator('tbody tr.ant-table-row').nth(1).waitFor();
    const names = await board.locator('tbody tr.ant-table-row td:nth-child(2)').allInnerTexts();
    assert.deepEqual([...names].sort(), ['李运营', '王运营']);
    const groups = await desk.getByTestId('review-kpi-groups').innerText();
    assert.match(groups, /新品体验群[\s\S]*未分配/);
    await desk.getByTestId('review-kpi-chart').locator('canvas').first().waitFor();
    await desk.waitForTimeout(500);
    await screenshot(desk, 'kpi-operators');
    const operatorsAxe = await axeViolations(desk);
    assert.deepEqual(operatorsAxe, [], 'axe: 运营考核 at 1440 px');
    step('leaderboard shown');

    // The funnel's converted step now counts.
    await desk.getByTestId('review-tab-funnels').click();
    await desk.getByText(/已转化 = 入群后有订单/).waitFor();

    // A phone: both tabs as cards, no sideways scrolling, axe clean.
    const { page: phone, problems: phoneProblems } = await app.signedInPage({ width: 390, height: 844 }, { bypassCSP: true, mobile: true });
    for (const tab of ['operators', 'conversion'] as const) {
      await phone.goto(`${base}/review/${tab}`);
      await phone.getByTestId(tab === 'operators' ? 'review-leaderboard' : 'roi-groups').locator('tbody tr').first().waitFor();
      await phone.waitForTimeout(500);
      const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      assert.ok(overflow <= 1, `${tab}: no sideways scrolling on a phone (${overflow} px)`);
      await screenshot(phone, `kpi-${tab}-phone`);
      assert.deepEqual(await axeViolations(phone), [], `axe: ${tab} at 390 px`);
    }
    step('phone');
    assert.deepEqual([...problems, ...phoneProblems], []);
  } finally {
    await app.close();
  }
});
