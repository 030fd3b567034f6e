/**
 * Browser test of exports and reports (issue #17 item 7): a fresh embedded database with two
 * groups over three weeks ingested like any events and last week's digest made by the digest
 * tick, then `qunyun serve` and, in the browser: the groups table exported as Excel and the
 * members table as CSV (the downloaded files are read back and compared with the API's rows),
 * the weekly digest (复盘 → 周报), and a read-only API key created in settings (its secret
 * shown once, then used from outside the browser: it reads, it cannot write). The digest and
 * the keys again on a phone (390 × 844, no sideways scrolling); axe-core finds no serious
 * violation. Screenshots go to screenshots/exports-*.png.
 *
 *   node scripts/test.ts test/browser/exports.test.ts
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import type { Database } from '../../src/db/database.ts';
import type { PlatformEventInput } from '../../src/events/envelope.ts';
import { IdentityCache, ingestBatch } from '../../src/events/ingest.ts';
import { runDigestTick } from '../../src/reports/digest-store.ts';
import { ensurePlatformAccount } from '../../src/workspaces/workspaces.ts';
import { screenshot, startConsole } from '../support/browser.ts';

const OWNER = { email: 'owner@example.com', password: 'correct horse battery staple', name: 'Owner' };
const TIMEOUT = 30_000;
const AXE = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));

const AXE_SOURCE = readFileSync(AXE, 'utf8');

async function axeSerious(page: Page): Promise<string[]> {
  // Evaluated through the devtools protocol: the console's CSP refuses an injected script tag.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (o: object) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const r = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, target: JSON.stringify(v.nodes[0]?.target) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}) at ${v.target}`);
}

/** Two groups over 21 days, 40 members who write on random days; one formula-like name. */
async function seed(db: Database): Promise<void> {
  const [ws] = await db.query<{ id: number; timezone: string }>('select id, timezone from workspaces order by id limit 1');
  const account = await ensurePlatformAccount(db, Number(ws!.id), 'sandbox', 'bot-exports', 'bot');
  const scope = { workspaceId: Number(ws!.id), accountId: account.id, timezone: ws!.timezone };
  let s = 7;
  const r = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const now = Date.now(), DAY = 86_400_000;
  const at = (t: number) => new Date(Math.min(t, now - 60_000)).toISOString();
  const events: PlatformEventInput[] = [];
  let n = 0;
  for (const [gid, name] of [['ex-1', '读书会 1 群'], ['ex-2', 'Bloom Club']] as const) {
    events.push({ type: 'group_created', eventId: `ex${++n}`, occurredAt: at(now - 21 * DAY), groupId: gid, name, capacity: 200 });
    for (let u = 0; u < 20; u++) {
      const uid = `${gid}-u${u}`;
      const joined = now - 20 * DAY + Math.floor(r() * 10 * DAY);
      events.push({ type: 'join', eventId: `ex${++n}`, occurredAt: at(joined), groupId: gid, userId: uid, name: u === 3 && gid === 'ex-1' ? '=1+2' : `成员${gid.slice(3)}-${u}`, via: { source: 'qr_code' } });
      for (let d = 0; d < 20; d++) {
        const t = joined + d * DAY + Math.floor(r() * 10) * 3_600_000;
        if (t < now && r() < 0.3) events.push({ type: 'message', eventId: `ex${++n}`, occurredAt: at(t), groupId: gid, messageId: `m${n}`, userId: uid, text: '你好' });
      }
    }
  }
  await ingestBatch(db, scope, events, new IdentityCache());
  // Last week's digest, as the Monday tick makes it (on a Monday before 08:00: as Tuesday's would).
  const made = await runDigestTick(db, scope.workspaceId, {}, new Date());
  if (made.made === 0) await runDigestTick(db, scope.workspaceId, {}, new Date(now + DAY));
}

async function download(page: Page, testId: 'export-csv' | 'export-xlsx', scope: ReturnType<Page['getByTestId']>): Promise<{ name: string; body: Buffer }> {
  await scope.getByTestId('export-button').first().click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).last().click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), body: readFileSync(path) };
}

test('exports, the weekly digest and API keys in the console, on a desktop and a phone', { timeout: 600_000 }, async (t) => {
  const started = Date.now();
  const step = (what: string) => t.diagnostic(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);
  const app = await startConsole({ name: 'exports', owner: OWNER, timeoutMs: TIMEOUT, seed });
  const { base } = app;
  step('community ingested, digest made; serving');
  try {
    const { page, problems } = await app.signedInPage({ width: 1440, height: 900 });

    // 1. The groups table as Excel: every row of the API, headers as the table shows them.
    await page.goto(`${base}/groups`);
    await page.getByTestId('groups-table').locator('tbody tr.ant-table-row').first().waitFor();
    const xlsx = await download(page, 'export-xlsx', page.locator('.qy-export-table'));
    assert.match(xlsx.name, /\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const nameAt = header.indexOf('群名称');
    assert.ok(nameAt >= 0, `headers as the table shows them: ${header.join(', ')}`);
    const groups = (await (await page.request.get(`${base}/api/groups?limit=200`)).json()) as { items: Array<{ name: string }>; total: number };
    assert.equal(sheet.rowCount - 1, groups.total);
    const names: string[] = [];
    sheet.eachRow((row, i) => { if (i > 1) names.push(String((row.values as unknown[])[nameAt + 1])); });
    assert.deepEqual(names.sort(), groups.items.map((g) => g.name).sort());
    await screenshot(page, 'exports-groups');
    step('groups exported as XLSX');

    // 2. The members table as CSV: BOM, every page (40 members, 20 a page on screen).
    await page.goto(`${base}/members`);
    await page.getByTestId('members-table').locator('tbody tr.ant-table-row').first().waitFor();
    const csv = await download(page, 'export-csv', page.locator('.qy-export-table'));
    assert.deepEqual([...csv.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines: string[][] = parse(csv.body.subarray(3).toString('utf8'));
    const members = (await (await page.request.get(`${base}/api/members?limit=200&sort=name`)).json()) as { items: Array<{ name: string }>; total: number };
    assert.equal(lines.length - 1, members.total);
    assert.equal(members.total, 40);
    const nameCol = lines[0]!.indexOf('昵称');
    assert.ok(nameCol >= 0, lines[0]!.join(','));
    assert.ok(lines.some((l) => l[nameCol] === "'=1+2"), 'the formula-like name is defused');
    step('members exported as CSV');

    // 3. The weekly digest.
    await page.goto(`${base}/review/digest`);
    await page.getByTestId('digest-view').waitFor();
    await page.getByTestId('digest-next').locator('li').first().waitFor();
    assert.match(await page.getByTestId('digest-week').innerText(), /\d{4}-\d\d-\d\d ~ \d{4}-\d\d-\d\d/);
    await screenshot(page, 'exports-digest');
    assert.deepEqual(await axeSerious(page), []);
    step('digest');

    // 4. A read-only API key: created, shown once, reads from outside, cannot write.
    await page.goto(`${base}/settings/api-keys`);
    await page.getByTestId('api-key-name').fill('Metabase');
    await page.getByTestId('api-key-create').click();
    const secretBox = page.getByTestId('api-key-secret');
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    assert.match(secret, /^qyk_/);
    await screenshot(page, 'exports-api-key-secret');
    await page.keyboard.press('Escape');
    await secretBox.waitFor({ state: 'detached' });
    await page.getByTestId('api-keys-table').getByText('Metabase').waitFor();
    assert.ok(!(await page.content()).includes(secret), 'the secret is gone once the dialog closes');
    const read = await fetch(`${base}/api/groups`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(read.status, 200);
    assert.equal(((await read.json()) as { total: number }).total, groups.total);
    const write = await fetch(`${base}/api/groups/bulk`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(write.status, 403);
    await screenshot(page, 'exports-api-keys');
    assert.deepEqual(await axeSerious(page), []);
    step('API key');

    // 5. On a phone.
    const phone = await app.signedInPage({ width: 390, height: 844 });
    for (const [path, testId, shot] of [['/review/digest', 'digest-view', 'exports-digest-phone'], ['/settings/api-keys', 'api-keys-table', 'exports-api-keys-phone'], ['/members', 'members-table', 'exports-members-phone']] as const) {
      await phone.page.goto(`${base}${path}`);
      await phone.page.getByTestId(testId).waitFor();
      await phone.page.waitForTimeout(300);
      const overflow = await phone.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      assert.ok(overflow <= 1, `${path}: no sideways scrolling on a phone (${overflow} px)`);
      await screenshot(phone.page, shot);
      assert.deepEqual(await axeSerious(phone.page), [], path);
    }
    step('phone');
    assert.deepEqual([...problems, ...phone.problems], []);
  } finally {
    await app.close();
  }
});
