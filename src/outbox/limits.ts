/**
 * The platforms' send limits the dispatcher keeps to (docs/outbox.md has the sources).
 * Telegram: about 20 messages a minute into one group and about 30 a second per bot
 * (core.telegram.org/bots/faq). The sandbox enforces the same (src/platform-sandbox/rate-limit.ts).
 * WeCom: group messages are confirmed by a staff member in the client; the API calls are limited
 * per application, which the same figures keep well within.
 */
export interface SendLimits {
  perGroupPerMinute: number;
  perAccountPerSecond: number;
}

const LIMITS: Record<string, SendLimits> = {
  telegram: { perGroupPerMinute: 20, perAccountPerSecond: 30 },
  sandbox: { perGroupPerMinute: 20, perAccountPerSecond: 30 },
  wecom: { perGroupPerMinute: 20, perAccountPerSecond: 20 },
};

const FALLBACK: SendLimits = { perGroupPerMinute: 20, perAccountPerSecond: 20 };

/**
 * The windows the dispatcher plans with: each limit's window widened by 2% (20 ms on a second,
 * 1.2 s on a minute), because a send reaches the platform a few milliseconds after its slot
 * (timers, the connector's own work) and slots exactly one window apart could then fall inside
 * one window at the platform.
 */
export function plannedWindowMs(windowMs: number): number {
  return Math.round(windowMs * 1.02);
}

export function limitsOf(platform: string): SendLimits {
  return LIMITS[platform] ?? FALLBACK;
}
