/**
 * The console's first script, a classic one of its own (web/vite.config.ts `earlyScript`, first in
 * index.html's head, `async`): sends the data GETs of the page being opened (lib/preload.ts) as soon as the
 * browser has it, instead of after the stylesheet has been parsed and the console's code (React,
 * antd, the shell: about a megabyte) has loaded and run, ~100–250 ms later on a 2-core machine.
 * It has its own copy of the API client; the console's client takes these requests over
 * (window.qyEarly, api/client.ts) and the page's own GETs take their answers, as with App.tsx's
 * start-up preload (which then finds them sent). A failed answer is asked again by the page.
 */
import { earlyRequests } from './api/client.ts';
import { preloadData } from './lib/preload.ts';

const w = window as { qyEarly?: unknown; qyConsoleStarted?: boolean };
// `async`: should the console's code have run first (it asked for them itself), nothing is sent.
if (!w.qyConsoleStarted) {
  void preloadData(location.pathname, location.search, true);
  w.qyEarly = earlyRequests();
}
