/**
 * One simulated group's state: its members with their activity weights (for weighted author
 * picks), recent messages (for replies), follow-up actions scheduled for later, and lifetime.
 */
import type { Lang } from './texts.ts';
import type { Rng } from './rng.ts';

export interface SimUser { id: string; name: string; lang: Lang }

export interface SimMember {
  user: SimUser;
  weight: number;
  seed: boolean;
  staff: boolean;
  spammer: boolean;
  joinedAt: number;
}

/** A follow-up due at `at`: checked again when due (the member may have left meanwhile). */
export type Scheduled =
  | { at: number; kind: 'message'; userId: string; text?: string; contentType?: string; replyTo?: string; mentions?: string[]; spam?: boolean; response?: boolean }
  | { at: number; kind: 'reaction'; userId: string; messageId: string; emoji: string; response?: boolean }
  | { at: number; kind: 'edit'; userId: string; messageId: string; text: string }
  | { at: number; kind: 'delete'; userId: string; messageId: string }
  | { at: number; kind: 'leave' | 'kick'; userId: string; push?: boolean }
  | { at: number; kind: 'profile'; userId: string; name: string }
  | { at: number; kind: 'join'; member: SimMember; source: string; staffId?: string };

export class SimGroup {
  readonly id: string;
  readonly index: number;
  readonly rng: Rng;
  readonly createdAt: number;
  readonly operated: boolean;
  /** When the group falls silent for good (ms). */
  readonly diesAt: number;
  readonly lang: Lang;
  readonly enShare: number;
  readonly capacity: number;
  name: string;
  ownerId = '';
  staffIds: string[] = [];
  created = false;
  /** Sorted arrival times of the group's audience, consumed from `nextArrival`. */
  arrivals: Float64Array = new Float64Array(0);
  nextArrival = 0;
  arrivalClock = 0;
  seq = 0;
  userSeq = 0;
  readonly members: SimMember[] = [];
  private readonly index_ = new Map<string, number>();
  private cumulative: Float64Array | null = null;
  totalWeight = 0;
  /** Recent messages (id, author) that replies and mentions refer to. */
  readonly recent: Array<{ id: string; userId: string }> = [];
  queue: Scheduled[] = [];
  private queueSorted = true;
  readonly invites = new Map<string, string>();
  messages = 0;
  lastMessageAt = 0;

  constructor(init: { id: string; index: number; rng: Rng; createdAt: number; operated: boolean; diesAt: number; lang: Lang; capacity: number; name: string }) {
    this.id = init.id;
    this.index = init.index;
    this.rng = init.rng;
    this.createdAt = init.createdAt;
    this.operated = init.operated;
    this.diesAt = init.diesAt;
    this.lang = init.lang;
    this.enShare = init.lang === 'en' ? 0.85 : 0.05;
    this.capacity = init.capacity;
    this.name = init.name;
  }

  /** Marks this run's event keys apart from an earlier run's of the same community (Community's `run`). */
  run = '';

  nextKey(): string {
    return `${this.id}.${this.run}${this.seq++}`;
  }

  has(userId: string): boolean {
    return this.index_.has(userId);
  }
  get(userId: string): SimMember | undefined {
    const i = this.index_.get(userId);
    return i === undefined ? undefined : this.members[i];
  }

  add(m: SimMember): void {
    this.index_.set(m.user.id, this.members.length);
    this.members.push(m);
    this.totalWeight += m.weight;
    this.cumulative = null;
  }

  remove(userId: string): SimMember | undefined {
    const i = this.index_.get(userId);
    if (i === undefined) return undefined;
    const m = this.members[i]!;
    const last = this.members.pop()!;
    if (last !== m) {
      this.members[i] = last;
      this.index_.set(last.user.id, i);
    }
    this.index_.delete(userId);
    this.totalWeight -= m.weight;
    this.cumulative = null;
    return m;
  }

  /** A member drawn in proportion to activity weight (spammers weigh 0), or undefined. */
  pickActive(excludeId?: string): SimMember | undefined {
    if (this.totalWeight <= 0 || this.members.length === 0) return undefined;
    if (!this.cumulative) {
      const c = new Float64Array(this.members.length);
      let s = 0;
      for (let i = 0; i < this.members.length; i++) c[i] = s += this.members[i]!.weight;
      this.cumulative = c;
      this.totalWeight = s;
    }
    const c = this.cumulative;
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = this.rng.float() * this.totalWeight;
      let lo = 0;
      let hi = c.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (c[mid]! > r) hi = mid;
        else lo = mid + 1;
      }
      const m = this.members[lo]!;
      if (m.user.id !== excludeId && m.weight > 0) return m;
    }
    return undefined;
  }

  /** A uniformly drawn ordinary member (not owner, staff, seed): who leaves. */
  pickOrdinary(): SimMember | undefined {
    for (let attempt = 0; attempt < 4 && this.members.length; attempt++) {
      const m = this.members[this.rng.int(this.members.length)]!;
      if (!m.staff && !m.seed) return m;
    }
    return undefined;
  }

  schedule(item: Scheduled): void {
    const last = this.queue[this.queue.length - 1];
    if (last && last.at > item.at) this.queueSorted = false;
    this.queue.push(item);
  }

  /** Removes and returns the scheduled items due before `t`, in time order. */
  due(t: number): Scheduled[] {
    if (!this.queue.length) return [];
    if (!this.queueSorted) {
      this.queue.sort((a, b) => a.at - b.at);
      this.queueSorted = true;
    }
    let n = 0;
    while (n < this.queue.length && this.queue[n]!.at < t) n++;
    if (n === 0) return [];
    const out = this.queue.slice(0, n);
    this.queue = this.queue.slice(n);
    return out;
  }

  remember(id: string, userId: string): void {
    this.recent.push({ id, userId });
    if (this.recent.length > 40) this.recent.splice(0, 20);
  }
}
