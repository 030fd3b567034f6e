/**
 * The outgoing-message throttle: a dispatch queue that keeps a bot under Telegram's flood limits
 * (about 30 messages/s per bot, 20 messages/min and ~1 message/s per group, ~1/s per private chat)
 * and never drops a message: a 429 is retried after its retry_after, network and 5xx failures
 * after a backoff, and only errors the platform will not change its mind about reach the caller.
 *
 * Scheduling is exact rather than by fixed sleeps: each limit is a sliding window remembering the
 * times of its last `limit` sends, so the next free slot is known to the millisecond (the oldest
 * of those + the window + a small margin). A send counts from its dispatch until it is answered,
 * then from the answer. One timer wakes the queue at the earliest slot. Messages to one chat leave
 * in order, one at a time.
 */
import { PlatformError } from '../connector.ts';

export interface RateWindow { limit: number; windowMs: number }

export interface DispatcherOptions {
  /** Per bot (default 30 per 1000 ms). */
  global?: RateWindow[];
  /** Per group chat (default 20 per 60 s and 1 per s). */
  perGroup?: RateWindow[];
  /** Per private chat (default 1 per s). */
  perPrivate?: RateWindow[];
  /** Which chat ids are groups (default: negative ids, as Telegram's are). */
  isGroup?: (chatId: string) => boolean;
  /** Added to every window for clock and timer slack (default 10 ms). */
  marginMs?: number;
  /** Requests in flight at once (default 100). */
  maxInFlight?: number;
  /** Attempts for network errors and 5xx before the message is reported failed (default 6). */
  maxTransientAttempts?: number;
  /** Wait on a 429 that carries no retry_after (default 1000 ms). */
  defaultRetryAfterMs?: number;
  clock?: Clock;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface DispatcherMetrics {
  sent: number;
  failed: number;
  retried429: number;
  retriedTransient: number;
  /** Total time messages waited in the queue before each attempt, ms. */
  waitingMs: number;
  /** Messages queued and not yet in flight. */
  queueDepth: number;
  inFlight: number;
}

export interface Dispatcher {
  /** Runs `task` (one message to `chatId`) when the limits allow; resolves with its result. */
  enqueue<T>(chatId: string, task: () => Promise<T>): Promise<T>;
  metrics(): DispatcherMetrics;
  /** Resolves once nothing is queued or in flight. */
  idle(): Promise<void>;
  /** Rejects what is still queued (nothing is silently dropped) and stops the timer. */
  close(reason?: string): void;
}

const realClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

interface Job {
  seq: number;
  task: () => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  queuedSince: number;
  transientAttempts: number;
}

/** When a send counts against the limits; moved from dispatch to the answer's arrival. */
interface Stamp { t: number }

function oldest(log: Stamp[]): Stamp {
  let o = log[0]!;
  for (const s of log) if (s.t < o.t) o = s;
  return o;
}

interface Lane {
  chatId: string;
  windows: RateWindow[];
  logs: Stamp[][];
  queue: Job[];
  busy: boolean;
  notBefore: number;
  lastSend: number;
  /** Position in the ready heap, or -1. */
  heapIndex: number;
  readyAt: number;
}

export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const clock = options.clock ?? realClock;
  const globalWindows = options.global ?? [{ limit: 30, windowMs: 1000 }];
  const groupWindows = options.perGroup ?? [{ limit: 20, windowMs: 60_000 }, { limit: 1, windowMs: 1000 }];
  const privateWindows = options.perPrivate ?? [{ limit: 1, windowMs: 1000 }];
  const isGroup = options.isGroup ?? ((id: string) => id.startsWith('-'));
  const margin = options.marginMs ?? 10;
  const maxInFlight = options.maxInFlight ?? 100;
  const maxTransient = options.maxTransientAttempts ?? 6;
  const defaultRetryAfter = options.defaultRetryAfterMs ?? 1000;
  const globalLogs = globalWindows.map(() => [] as Stamp[]);
  const longest = Math.max(...[...globalWindows, ...groupWindows, ...privateWindows].map((w) => w.windowMs));
  const lanes = new Map<string, Lane>();
  const heap: Lane[] = [];
  const m = { sent: 0, failed: 0, retried429: 0, retriedTransient: 0, waitingMs: 0 };
  let queued = 0;
  let inFlight = 0;
  let seq = 0;
  let timer: unknown;
  let timerAt = Infinity;
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  /** Earliest time the windows allow one more send: when the oldest of the last `limit` leaves. */
  function nextFree(windows: RateWindow[], logs: Stamp[][], now: number): number {
    let at = now;
    windows.forEach((w, i) => {
      const log = logs[i]!;
      if (log.length >= w.limit) at = Math.max(at, oldest(log).t + w.windowMs + margin);
    });
    return at;
  }
  function record(windows: RateWindow[], logs: Stamp[][], stamp: Stamp): void {
    windows.forEach((w, i) => {
      const log = logs[i]!;
      log.push(stamp);
      if (log.length > w.limit) log.splice(log.indexOf(oldest(log)), 1);
    });
  }

  // A binary min-heap of lanes that have a message ready to go, by (readyAt, seq of their head).
  const before = (a: Lane, b: Lane) => a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.queue[0]!.seq < b.queue[0]!.seq);
  function swap(i: number, j: number) {
    const a = heap[i]!, b = heap[j]!;
    heap[i] = b; heap[j] = a;
    b.heapIndex = i; a.heapIndex = j;
  }
  function push(lane: Lane, now: number) {
    lane.readyAt = Math.max(lane.notBefore, nextFree(lane.windows, lane.logs, now));
    lane.heapIndex = heap.length;
    heap.push(lane);
    for (let i = lane.heapIndex; i > 0;) {
      const p = (i - 1) >> 1;
      if (!before(heap[i]!, heap[p]!)) break;
      swap(i, p);
      i = p;
    }
  }
  function pop(): Lane {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      last.heapIndex = 0;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let s = i;
        if (l < heap.length && before(heap[l]!, heap[s]!)) s = l;
        if (r < heap.length && before(heap[r]!, heap[s]!)) s = r;
        if (s === i) break;
        swap(i, s);
        i = s;
      }
    }
    top.heapIndex = -1;
    return top;
  }

  /** Sends everything that may go now, then sets one timer for the earliest next slot. */
  function pump(): void {
    if (closed) return;
    for (;;) {
      if (inFlight >= maxInFlight || heap.length === 0) break;
      const now = clock.now();
      const at = Math.max(heap[0]!.readyAt, nextFree(globalWindows, globalLogs, now));
      if (at > now) {
        arm(at, now);
        return;
      }
      dispatch(pop(), now);
    }
    if (heap.length === 0 || inFlight >= maxInFlight) disarm();
  }
  function arm(at: number, now: number) {
    if (timer !== undefined && timerAt <= at) return;
    disarm();
    timerAt = at;
    timer = clock.setTimeout(() => {
      timer = undefined;
      timerAt = Infinity;
      pump();
    }, Math.max(0, Math.ceil(at - now)));
  }
  function disarm() {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    timerAt = Infinity;
  }

  function dispatch(lane: Lane, now: number): void {
    const job = lane.queue.shift()!;
    queued--;
    inFlight++;
    lane.busy = true;
    lane.lastSend = now;
    m.waitingMs += now - job.queuedSince;
    const stamp = { t: now };
    record(globalWindows, globalLogs, stamp);
    record(lane.windows, lane.logs, stamp);
    new Promise<unknown>((r) => r(job.task())).then(
      (value) => {
        m.sent++;
        job.resolve(value);
      },
      (error: unknown) => {
        const t = clock.now();
        if (closed) {
          m.failed++;
          job.reject(error);
          return;
        }
        const status = error instanceof PlatformError ? error.status : 0;
        if (status === 429) {
          m.retried429++;
          lane.notBefore = t + ((error as PlatformError).retryAfterMs ?? defaultRetryAfter);
        } else if ((status === 0 || status >= 500) && ++job.transientAttempts < maxTransient) {
          m.retriedTransient++;
          lane.notBefore = t + Math.min(30_000, 500 * 2 ** (job.transientAttempts - 1));
        } else {
          m.failed++;
          job.reject(error);
          return;
        }
        // Back to the front of its chat's queue: later messages to the chat keep waiting behind it.
        job.queuedSince = t;
        lane.queue.unshift(job);
        queued++;
      },
    ).finally(() => {
      // Telegram counted the message somewhere between sending and answering; counting it from the
      // answer is the safe end, so delays on the way there cannot squeeze two windows together.
      stamp.t = Math.max(stamp.t, clock.now());
      inFlight--;
      lane.busy = false;
      if (lane.queue.length > 0 && !closed) push(lane, clock.now());
      pump();
      if (queued === 0 && inFlight === 0) {
        const w = idleWaiters;
        idleWaiters = [];
        for (const fn of w) fn();
      }
    });
  }

  function laneFor(chatId: string, now: number): Lane {
    let lane = lanes.get(chatId);
    if (!lane) {
      if (lanes.size >= 10_000 && seq % 1000 === 0) prune(now);
      const windows = isGroup(chatId) ? groupWindows : privateWindows;
      lane = { chatId, windows, logs: windows.map(() => []), queue: [], busy: false, notBefore: 0, lastSend: -Infinity, heapIndex: -1, readyAt: 0 };
      lanes.set(chatId, lane);
    }
    return lane;
  }
  /** Forgets chats whose sends are all out of every window: their history no longer limits anything. */
  function prune(now: number) {
    for (const [id, lane] of lanes) {
      if (!lane.busy && lane.queue.length === 0 && lane.lastSend + longest + margin < now) lanes.delete(id);
    }
  }

  return {
    enqueue<T>(chatId: string, task: () => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('dispatcher closed'));
      const now = clock.now();
      const lane = laneFor(chatId, now);
      return new Promise<T>((resolve, reject) => {
        lane.queue.push({ seq: seq++, task, resolve: resolve as (v: unknown) => void, reject, queuedSince: now, transientAttempts: 0 });
        queued++;
        if (!lane.busy && lane.heapIndex === -1) push(lane, now);
        pump();
      });
    },
    metrics: () => ({ ...m, queueDepth: queued, inFlight }),
    idle() {
      if (queued === 0 && inFlight === 0) return Promise.resolve();
      return new Promise<void>((r) => idleWaiters.push(r));
    },
    close(reason = 'dispatcher closed') {
      closed = true;
      disarm();
      for (const lane of lanes.values()) {
        for (const job of lane.queue.splice(0)) {
          m.failed++;
          job.reject(new Error(reason));
        }
      }
      queued = 0;
      heap.length = 0;
    },
  };
}
