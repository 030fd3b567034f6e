/**
 * Live simulation for the demo: backfills simulated history from `from` up to now, then keeps the
 * community going in real time, one tick every few seconds, with activity multiplied so that the
 * dashboards visibly move. Stop it to get the summary.
 */
import { Driver, type RunOptions, type SimulationSummary } from './run.ts';

export interface LiveOptions extends Omit<RunOptions, 'start' | 'days'> {
  /** Start of the backfilled history; groups are created between it and now. */
  from: Date;
  /** Real time between ticks (default 3000 ms). */
  tickMs?: number;
  /** Activity multiplier in real time: messages, arrivals and leaves happen this many times faster (default 20). */
  intensity?: number;
  /** Wall clock (tests inject one). */
  now?: () => number;
  onError?: (error: unknown) => void;
  onTick?: (info: { at: Date; actionsSent: number; backfilling: boolean }) => void;
}

export interface LiveSimulation {
  /** Resolves when the backfill is done and real-time ticks have begun. */
  readonly caughtUp: Promise<void>;
  summary(): SimulationSummary;
  stop(): Promise<SimulationSummary>;
}

const HOUR = 3_600_000;

export function startLiveSimulation(options: LiveOptions): LiveSimulation {
  const now = options.now ?? Date.now;
  const from = options.from.getTime();
  const startedAt = performance.now();
  const days = Math.max(1 / 24, (now() - from) / (24 * HOUR));
  const driver = new Driver({ ...options, start: options.from, days });
  const tickMs = options.tickMs ?? 3000;
  const intensity = options.intensity ?? 20;
  let t = from;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function until(target: number, factor: number, backfilling: boolean): Promise<void> {
    while (t < target && !stopped) {
      const t1 = Math.min(target, (Math.floor(t / HOUR) + 1) * HOUR);
      await driver.interval(t, t1, factor);
      await driver.readFeed();
      t = t1;
      if (backfilling) options.onTick?.({ at: new Date(t), actionsSent: driver.actionsSent, backfilling });
    }
  }

  function tick(): void {
    running = (async () => {
      try {
        await until(now(), intensity, false);
        options.onTick?.({ at: new Date(t), actionsSent: driver.actionsSent, backfilling: false });
      } catch (e) {
        options.onError?.(e);
      }
      if (!stopped) timer = setTimeout(tick, tickMs);
    })();
  }

  const caughtUp = (async () => {
    await until(now(), 1, true);
    if (!stopped) timer = setTimeout(tick, tickMs);
  })();
  running = caughtUp.catch((e: unknown) => options.onError?.(e));

  return {
    caughtUp,
    summary: () => driver.summary(from, t, startedAt),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      clearTimeout(timer);
      return driver.summary(from, t, startedAt);
    },
  };
}
