/**
 * The dispatcher loop of a Qunyun process: one round of dispatchAllDue at a time, again at once
 * while actions are going out, otherwise when the next queued action falls due, when an action is
 * enqueued in this process, or every `pollMs` (actions enqueued by another process).
 */
import type { Logger } from 'pino';
import { dispatchAllDue, type DispatchDeps } from './dispatch.ts';
import { onEnqueued } from './outbox.ts';

export interface Dispatcher {
  stop(): Promise<void>;
}

export function startDispatcher(options: { deps: DispatchDeps; logger: Logger; pollMs?: number }): Dispatcher {
  const pollMs = options.pollMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  function schedule(ms: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, ms));
    timer.unref();
  }

  function run(): void {
    timer = undefined;
    if (running || stopped) return;
    running = (async () => {
      try {
        const r = await dispatchAllDue(options.deps);
        const went = r.sent + r.awaitingConfirmation + r.failed + r.unsupported + r.retried;
        if (went > 0) options.logger.debug({ ...r }, 'outbox round');
        const untilNext = r.nextDueAt ? r.nextDueAt.getTime() - Date.now() : pollMs;
        schedule(went > 0 ? 0 : Math.min(pollMs, Math.max(10, untilNext)));
      } catch (err) {
        options.logger.error({ err }, 'outbox round failed; trying again');
        schedule(pollMs);
      }
    })().finally(() => { running = undefined; });
  }

  const off = onEnqueued(() => schedule(20));
  schedule(0);
  return {
    async stop() {
      stopped = true;
      off();
      if (timer) clearTimeout(timer);
      while (running) await running;
    },
  };
}
