/**
 * Webhook delivery, one outbox per account: events are held until the webhook answers 2xx, sent
 * in batches of at most `batchMax`, one delivery in flight per account, retried forever with
 * capped exponential backoff. Faults real platforms show are injected from a seeded generator:
 * re-sent already-acknowledged events, reordering within a window, failed deliveries.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { NativeEvent } from './native.ts';

export interface FaultOptions {
  /** Chance per event that an already-acknowledged event is sent again alongside it. */
  duplicateRate: number;
  /** Events are shuffled within consecutive windows of this many events (1 = no reordering). */
  reorderWindow: number;
  /** Chance that a delivery attempt fails on the platform side (no request is made). */
  deliveryFailureRate: number;
}

export interface DeliveryOptions extends FaultOptions {
  seed: number;
  ackJournalPath?: string;
  batchMax: number;
  backoffMinMs: number;
  backoffMaxMs: number;
}

export interface DeliveryStats {
  emitted: number; acked: number; pending: number; deliveries: number; attempts: number;
  failedAttempts: number; duplicatesSent: number; reorderedEvents: number;
}

interface Outbox {
  accountId: string;
  webhook: { url: string; secret: string } | undefined;
  queue: NativeEvent[];
  head: number;
  nextUpdateId: number;
  inFlight: boolean;
  scheduled: boolean;
  failures: number;
  timer: NodeJS.Timeout | undefined;
  /** Recently acknowledged events, the pool duplicates are drawn from. */
  recent: NativeEvent[];
}

export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class Delivery {
  private readonly opts: DeliveryOptions;
  private readonly boxes = new Map<string, Outbox>();
  private readonly rng;
  private readonly waiters = new Set<() => void>();
  private readonly controllers = new Set<AbortController>();
  private closed = false;
  private readonly counts: Omit<DeliveryStats, 'pending'> = {
    emitted: 0, acked: 0, deliveries: 0, attempts: 0, failedAttempts: 0, duplicatesSent: 0, reorderedEvents: 0,
  };

  constructor(opts: DeliveryOptions) {
    this.opts = opts;
    this.rng = xoroshiro128plus(opts.seed ^ 0x5eed);
  }

  private random(): number {
    return (this.rng.next() >>> 0) / 4294967296;
  }

  private box(accountId: string): Outbox {
    let b = this.boxes.get(accountId);
    if (!b) {
      b = {
        accountId, webhook: undefined, queue: [], head: 0, nextUpdateId: 1, inFlight: false,
        scheduled: false, failures: 0, timer: undefined, recent: [],
      };
      this.boxes.set(accountId, b);
    }
    return b;
  }

  setWebhook(accountId: string, webhook: { url: string; secret: string } | undefined): void {
    const b = this.box(accountId);
    b.webhook = webhook;
    this.schedule(b);
  }

  enqueue(accountId: string, event: Omit<NativeEvent, 'update_id'>): void {
    const b = this.box(accountId);
    b.queue.push({ update_id: b.nextUpdateId++, ...event });
    this.counts.emitted++;
    this.schedule(b);
  }

  stats(): DeliveryStats {
    let pending = 0;
    for (const b of this.boxes.values()) pending += b.queue.length - b.head;
    return { ...this.counts, pending };
  }

  /** Resolves once every emitted event has been acknowledged; rejects after timeoutMs. */
  flush(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.stats().pending > 0) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`flushDeliveries: ${this.stats().pending} events still unacknowledged after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.closed = true;
    for (const b of this.boxes.values()) clearTimeout(b.timer);
    for (const c of this.controllers) c.abort();
  }

  /** Defers the send to the end of this turn so a burst of events leaves as one batch. */
  private schedule(b: Outbox): void {
    if (b.scheduled || b.inFlight || b.timer || this.closed) return;
    b.scheduled = true;
    setImmediate(() => {
      b.scheduled = false;
      void this.pump(b);
    });
  }

  private async pump(b: Outbox): Promise<void> {
    if (b.inFlight || this.closed || !b.webhook || b.head >= b.queue.length) return;
    b.inFlight = true;
    const batch = b.queue.slice(b.head, b.head + this.opts.batchMax);
    let ok = false;
    try {
      ok = await this.attempt(b, b.webhook, batch);
    } finally {
      b.inFlight = false;
    }
    if (this.closed) return;
    if (ok) {
      b.failures = 0;
      this.acknowledge(b, batch);
      this.schedule(b);
      return;
    }
    b.failures++;
    const base = Math.min(this.opts.backoffMaxMs, this.opts.backoffMinMs * 2 ** (b.failures - 1));
    const delay = Math.round(base * (0.75 + 0.5 * this.random()));
    b.timer = setTimeout(() => {
      b.timer = undefined;
      void this.pump(b);
    }, delay);
  }

  private async attempt(b: Outbox, webhook: { url: string; secret: string }, batch: NativeEvent[]): Promise<boolean> {
    this.counts.attempts++;
    if (this.random() < this.opts.deliveryFailureRate) {
      this.counts.failedAttempts++;
      return false;
    }
    const events = this.withFaults(b, batch);
    const body = JSON.stringify({ deliveryId: randomUUID(), events });
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(), 30_000);
    try {
      const res = await fetch(webhook.url, {
        method: 'POST', body, signal: controller.signal,
        headers: { 'content-type': 'application/json', 'x-sandbox-signature': signBody(webhook.secret, body) },
      });
      await res.arrayBuffer();
      if (res.status >= 200 && res.status < 300) return true;
    } catch {
      // Connection refused, reset or timed out: same as a non-2xx answer, retried below.
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
    }
    this.counts.failedAttempts++;
    return false;
  }

  private withFaults(b: Outbox, batch: NativeEvent[]): NativeEvent[] {
    const out: NativeEvent[] = [];
    for (const ev of batch) {
      out.push(ev);
      if (this.opts.duplicateRate > 0 && this.random() < this.opts.duplicateRate) {
        const pool = b.recent.length ? b.recent : batch;
        out.push(pool[Math.floor(this.random() * pool.length)]!);
        this.counts.duplicatesSent++;
      }
    }
    const w = Math.max(1, Math.floor(this.opts.reorderWindow));
    if (w > 1) {
      for (let start = 0; start < out.length; start += w) {
        const end = Math.min(out.length, start + w);
        for (let i = end - 1; i > start; i--) {
          const j = start + Math.floor(this.random() * (i - start + 1));
          const t = out[i]!;
          out[i] = out[j]!;
          out[j] = t;
        }
      }
      for (let i = 0; i < out.length; i++) {
        const prev = out[i - 1];
        if (prev && prev.update_id > out[i]!.update_id) this.counts.reorderedEvents++;
      }
    }
    return out;
  }

  private acknowledge(b: Outbox, batch: NativeEvent[]): void {
    b.head += batch.length;
    this.counts.acked += batch.length;
    this.counts.deliveries++;
    if (this.opts.ackJournalPath) {
      appendFileSync(this.opts.ackJournalPath, batch.map((e) => e.event_id).join('\n') + '\n');
    }
    for (const ev of batch) b.recent.push(ev);
    if (b.recent.length > 2000) b.recent.splice(0, b.recent.length - 1000);
    // Drop the acknowledged prefix now and then so the queue does not grow without bound.
    if (b.head > 10_000 && b.head * 2 > b.queue.length) {
      b.queue.splice(0, b.head);
      b.head = 0;
    }
    for (const w of [...this.waiters]) w();
  }
}
