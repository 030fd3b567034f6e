/**
 * Profiles how fast each console page shows its data after a full navigation, to find and check
 * what the browser spends its time on (issue #12 item 10). Not a test: it prints per-page medians.
 *
 *   node scripts/profile-console.ts [--runs 5] [--dist a=/path/to/dist --dist b=/path/to/other]
 *                                   [--viewports desktop,phone] [--in-app] [--pages overview,group]
 *
 * It simulates a community once into $QUNYUN_PROFILE_DATA (default a temp folder kept between
 * runs), serves it, and opens every page `runs` times at 1440×900 (and/or 390×844 with --viewports)
 * in Chromium, recording: the
 * data-visible moment (the same selectors and MutationObserver as test/browser/console.test.ts) and
 * the end of the paint of the frame that shows it ("painted": a task queued from its animation frame;
 * the data in the DOM is not yet on screen: style, layout and paint follow, 0 for in-app moves),
 * the renderer's CPU time from the navigation to the data (SystemInfo.getProcessInfo: steadier than
 * wall time on a loaded machine), the last API answer, DOMContentLoaded, long tasks (count and total), the JS fetched,
 * and counts that do not move with the machine's load: layout reads before the data (offsetWidth,
 * getBoundingClientRect… each may force a layout), <style> elements inserted before it, JS
 * decoded before it (kB) and waves of API requests (a request starting after an earlier answer). With
 * several --dist builds, web/dist is made a symlink to each in turn, interleaved per run, so the
 * builds are compared under the same load; web/dist is put back as it was at the end. With
 * --in-app, each page is also reached inside the console (history.pushState + popstate, as a link
 * does) from /settings/me, and "visible" is then ms after the move (rows "…/in-app").
 * Prints `uptime` before and after: the machine's load moves every figure.
 */
import { existsSync, lstatSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from './ensure-chromium.ts';
import { qunyun, serve } from '../test/support/qunyun-process.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const runs = Number(option('--runs') ?? 5);
const dists: Array<{ name: string; dir?: string }> = [];
for (let i = 0; i < args.length; i++) if (args[i] === '--dist') { const [n, d] = args[i + 1]!.split('='); dists.push({ name: n!, dir: d }); }
if (dists.length === 0) dists.push({ name: 'current' });
const VIEWPORTS = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } } as const;
const viewports = (option('--viewports') ?? 'desktop').split(',') as Array<keyof typeof VIEWPORTS>;
const inApp = args.includes('--in-app');
const only = option('--pages')?.split(',');
const load = () => loadavg().map((n) => n.toFixed(2)).join(', ');
console.log(`load average at start: ${load()}`);

const email = 'owner@example.com';
const password = 'correct horse battery staple';
const dataDir = process.env.QUNYUN_PROFILE_DATA ?? join(tmpdir(), 'qunyun-profile-data');
if (!existsSync(join(dataDir, '.ready'))) {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  await qunyun(dataDir, ['simulate', '--groups', '30', '--days', '14', '--seed', '3', '--no-progress']);
  await qunyun(dataDir, ['user', 'create', '--email', email, '--name', 'Owner', '--password', password]);
  mkdirSync(join(dataDir, '.ready'));
}

const WEB_DIST = join(ROOT, 'web/dist');
const SAVED = join(ROOT, 'web/dist.profile-saved');
const swapping = dists.some((d) => d.dir);
if (swapping) { if (existsSync(SAVED)) throw new Error(`${SAVED} exists: restore web/dist first`); renameSync(WEB_DIST, SAVED); }
const use = (dir: string | undefined) => {
  if (!swapping) return;
  if (existsSync(WEB_DIST) || lstatSync(WEB_DIST, { throwIfNoEntry: false })) rmSync(WEB_DIST, { force: true });
  symlinkSync(dir ?? SAVED, WEB_DIST);
};
const restore = () => {
  if (!swapping) return;
  if (lstatSync(WEB_DIST, { throwIfNoEntry: false })?.isSymbolicLink()) rmSync(WEB_DIST);
  if (existsSync(SAVED)) renameSync(SAVED, WEB_DIST);
};
process.on('SIGINT', () => { restore(); process.exit(130); });

const server = await serve(dataDir);
const base = server.url.replace(/\/+$/, '');
const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true });
// CPU time of the browser's renderer processes (SystemInfo.getProcessInfo): unlike wall time, it
// hardly moves with the machine's load, so it compares builds measured minutes apart.
const browserCdp = await browser.newBrowserCDPSession();
const rendererCpuMs = async () => {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo') as { processInfo: Array<{ type: string; cpuTime: number }> };
  return processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime, 0) * 1000;
};

interface Sample { cpuMs: number; visible: number; painted: number; api: number; dcl: number; longTasks: number; longMs: number; jsKb: number; jsFiles: number; layoutReads: number; styles: number; jsBeforeKb: number; waves: number }
const samples = new Map<string, Sample[]>();

async function signIn(page: Page) {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

try {
  // The same pages and readiness selectors as test/browser/console.test.ts.
  let pages: Array<{ name: string; path: string; ready: string[] }> = [];
  for (let run = 0; run < runs; run++) {
    for (const dist of run % 2 ? [...dists].reverse() : dists) for (const viewport of viewports) {
      use(dist.dir);
      const phone = viewport === 'phone';
      const context = await browser.newContext({ viewport: VIEWPORTS[viewport], locale: 'zh-CN', ...(phone ? { isMobile: true, hasTouch: true } : {}) });
      await context.addInitScript({
        content: `(() => {
          window.qyLong = [];
          // Layout reads and <style> inserts before the data is visible (counted, not timed).
          const count = window.qyCount = { layoutReads: 0, styles: 0 };
          const read = () => { if (!window.qyReadyAt) count.layoutReads++; };
          const wrap = (proto, name) => { const d = Object.getOwnPropertyDescriptor(proto, name); if (d && d.get) Object.defineProperty(proto, name, { ...d, get() { read(); return d.get.call(this); } }); };
          for (const n of ['offsetWidth', 'offsetHeight', 'offsetTop', 'offsetLeft']) wrap(HTMLElement.prototype, n);
          for (const n of ['clientWidth', 'clientHeight', 'scrollWidth', 'scrollHeight']) wrap(Element.prototype, n);
          const rect = Element.prototype.getBoundingClientRect;
          Element.prototype.getBoundingClientRect = function () { read(); return rect.call(this); };
          new MutationObserver((l) => { if (window.qyReadyAt) return; for (const m of l) for (const n of m.addedNodes) if (n.nodeName === 'STYLE') count.styles++; }).observe(document, { childList: true, subtree: true });
          try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.qyLong.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true }); } catch {}
          const selectors = JSON.parse(sessionStorage.getItem('qy-ready') || '[]');
          if (selectors.length === 0) return;
          const observer = new MutationObserver(() => {
            if (!selectors.every((s) => document.querySelector(s))) return;
            window.qyReadyAt = performance.now();
            // The frame that shows them: its paint is done when a task queued from its animation frame runs.
            requestAnimationFrame(() => setTimeout(() => { window.qyPaintedAt = performance.now(); }, 0));
            observer.disconnect();
          });
          observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
        })();`,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await signIn(page);
      if (pages.length === 0) {
        const group = (await (await page.request.get(`${base}/api/groups?limit=1`)).json()) as { items: Array<{ id: number }> };
        const member = (await (await page.request.get(`${base}/api/members?limit=1`)).json()) as { items: Array<{ id: number }> };
        const g = group.items[0]!.id; const m = member.items[0]!.id;
        pages = [
          { name: 'overview', path: '/', ready: ['[data-testid="overview-kpis"] .qy-kpi-value', '[data-testid="chart-messages"] canvas'] },
          { name: 'groups', path: '/groups', ready: ['[data-testid^="group-link-"]'] },
          { name: 'group', path: `/groups/${g}`, ready: ['[data-testid="group-name"]', '[data-testid="group-members"] [data-row-key]', '[data-testid="chart-group-activity"] canvas'] },
          { name: 'members', path: '/members', ready: ['[data-testid^="member-row-"]'] },
          { name: 'member', path: `/members/${m}`, ready: ['[data-testid="member-name"]', '[data-testid="member-groups"] [data-row-key]', '[data-testid="member-timeline"]'] },
          { name: 'settings', path: '/settings', ready: ['[data-testid="workspace-name-input"]'] },
          { name: 'staff', path: '/settings/staff', ready: ['[data-testid="staff-table"] [data-row-key]'] },
          { name: 'accounts', path: '/settings/accounts', ready: ['[data-testid="accounts-table"] [data-row-key]'] },
          { name: 'audit', path: '/settings/audit', ready: ['[data-testid="audit-table"] [data-row-key]'] },
        ];
      }
      for (const target of pages.filter((p) => !only || only.includes(p.name))) {
        await page.evaluate((ready) => sessionStorage.setItem('qy-ready', JSON.stringify(ready)), target.ready);
        const cpuBefore = await rendererCpuMs();
        await page.goto(base + target.path);
        for (const selector of target.ready) await page.locator(selector).first().waitFor();
        const cpuMs = Math.round(await rendererCpuMs() - cpuBefore);
        await page.waitForFunction(() => (globalThis as unknown as { qyPaintedAt?: number }).qyPaintedAt !== undefined);
        const s = await page.evaluate(() => {
          const w = globalThis as unknown as { qyReadyAt: number; qyPaintedAt?: number; qyLong: Array<[number, number]>; qyCount: { layoutReads: number; styles: number } };
          type E = { name: string; startTime: number; responseEnd: number; transferSize: number; decodedBodySize: number; domContentLoadedEventEnd?: number };
          const perf = performance as unknown as { getEntriesByType(t: string): E[] };
          const res = perf.getEntriesByType('resource');
          const api = res.filter((r) => new URL(r.name).pathname.startsWith('/api/'));
          const js = res.filter((r) => r.name.endsWith('.js'));
          const long = w.qyLong.filter(([start]) => start <= w.qyReadyAt);
          const before = api.filter((r) => r.startTime < w.qyReadyAt).sort((a, b) => a.startTime - b.startTime);
          let waves = before.length ? 1 : 0;
          let end = before[0]?.responseEnd ?? 0;
          for (const r of before.slice(1)) { if (r.startTime > end) waves++; end = Math.max(end, r.responseEnd); }
          return {
            layoutReads: w.qyCount.layoutReads, styles: w.qyCount.styles, waves,
            jsBeforeKb: Math.round(js.filter((r) => r.startTime < w.qyReadyAt).reduce((a, r) => a + r.decodedBodySize, 0) / 1024),
            visible: Math.round(w.qyReadyAt), painted: Math.round(w.qyPaintedAt ?? 0),
            api: Math.round(Math.max(0, ...api.map((r) => r.responseEnd))),
            dcl: Math.round(perf.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? 0),
            longTasks: long.length, longMs: long.reduce((a, [, d]) => a + d, 0),
            jsKb: Math.round(js.reduce((a, r) => a + r.transferSize, 0) / 1024), jsFiles: js.length,
          };
        });
        const key = `${dist.name}\t${viewport}\t${target.name}`;
        samples.set(key, [...(samples.get(key) ?? []), { ...s, cpuMs }]);
        if (process.env.PROFILE_VERBOSE) console.log(run, key, JSON.stringify(s));
      }
      if (inApp) {
        await page.goto(`${base}/settings/me`);
        await page.getByTestId('account-change-password').waitFor();
        for (const target of pages) {
          const cpuBefore = await rendererCpuMs();
          const s = await page.evaluate(`new Promise((resolve, reject) => {
            const selectors = ${JSON.stringify(target.ready)};
            const start = performance.now();
            const longStart = window.qyLong.length;
            const done = () => {
              observer.disconnect();
              const res = performance.getEntriesByType('resource').filter((r) => r.startTime >= start);
              const api = res.filter((r) => new URL(r.name).pathname.startsWith('/api/'));
              const js = res.filter((r) => r.name.endsWith('.js'));
              const long = window.qyLong.slice(longStart);
              resolve({ layoutReads: 0, styles: 0, jsBeforeKb: 0, waves: 0, painted: 0, visible: Math.round(performance.now() - start), api: Math.round(Math.max(0, ...api.map((r) => r.responseEnd - start))), dcl: 0,
                longTasks: long.length, longMs: long.reduce((a, [, d]) => a + d, 0), jsKb: Math.round(js.reduce((a, r) => a + r.transferSize, 0) / 1024), jsFiles: js.length });
            };
            const observer = new MutationObserver(() => { if (selectors.every((s) => document.querySelector(s))) done(); });
            setTimeout(() => { observer.disconnect(); reject(new Error('no data after moving to ${target.path}')); }, 20000);
            observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
            history.pushState(null, '', ${JSON.stringify(target.path)});
            dispatchEvent(new PopStateEvent('popstate', { state: null }));
          })`) as Sample;
          s.cpuMs = Math.round(await rendererCpuMs() - cpuBefore);
          const key = `${dist.name}\t${viewport}\t${target.name}/in-app`;
          samples.set(key, [...(samples.get(key) ?? []), s]);
          if (process.env.PROFILE_VERBOSE) console.log(run, key, JSON.stringify(s));
        }
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
  restore();
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
console.log(`load average at end: ${load()}`);
console.log('build\tviewport\tpage\tcpuMs\tvisible\tpainted\tapiDone\tDCL\tlongTasks\tlongMs\tjsKb\tjsFiles\tlayoutReads\tstyles\tjsBeforeKb\tapiWaves   (medians of', runs, 'runs; the last four: full loads only)');
for (const [key, list] of [...samples].sort(([a], [b]) => a.split('\t').slice(1).join().localeCompare(b.split('\t').slice(1).join()) || a.localeCompare(b))) {
  const m = (f: keyof Sample) => median(list.map((x) => x[f]));
  console.log(`${key}\t${m('cpuMs')}\t${m('visible')}\t${m('painted')}\t${m('api')}\t${m('dcl')}\t${m('longTasks')}\t${m('longMs')}\t${m('jsKb')}\t${m('jsFiles')}\t${m('layoutReads')}\t${m('styles')}\t${m('jsBeforeKb')}\t${m('waves')}`);
}
