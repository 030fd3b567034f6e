/**
 * Drives the sandbox platform with the community model: steps simulated time hour by hour, sends
 * each hour's actions in batches to the client API, feeds the answers back into the model, and
 * lets members respond to operators' posts read from the client feed.
 */
import { createHash } from 'node:crypto';
import { CodeArrivals, type CodeArrivalCounts, type LiveCodeTarget } from './acquisition.ts';
import { Community, type CommunityOptions, type SimAction } from './community.ts';

export interface RunOptions extends CommunityOptions {
  /** Base URL of the sandbox platform. */
  clientUrl: string;
  /** Actions per HTTP request (default 2000, platform max 5000). */
  batchSize?: number;
  /** Read operators' posts and invite links from the feed and react to them (default true). */
  followFeed?: boolean;
  /** A live code newcomers also arrive through (src/simulator/acquisition.ts). */
  liveCode?: LiveCodeTarget;
}

export interface Progress {
  simulatedTime: Date;
  /** Share of the simulated period done, 0..1. */
  fraction: number;
  actionsSent: number;
}

export interface SimulationSummary {
  from: string;
  to: string;
  groups: number;
  actionsSent: number;
  actions: Record<string, number>;
  /** Actions the platform refused, by its error code (group_full, not_member, muted, …). */
  failures: Record<string, number>;
  joinsRefused: number;
  spamMessages: number;
  operatorPostsSeen: number;
  operatorPostsAnswered: number;
  responses: number;
  /** Operator posts members read as pushes, and the leaves they caused (src/simulator/pushes.ts). */
  pushesSeen: number;
  pushLeaves: number;
  elapsedMs: number;
  actionsPerSecond: number;
  /** sha256 of the exact action sequence: equal digests mean byte-identical runs. */
  digest: string;
  /** What Qunyun answered newcomers of the live code (runs with `liveCode`). */
  codeArrivals?: CodeArrivalCounts;
}

interface ActionResultWire { ok: boolean; error?: string }

/** Talks to the sandbox client API: action batches, the clock, the feed. */
export class SandboxClient {
  private readonly base: string;
  private readonly account: string | undefined;
  private feedCursor = 0;
  private inviteCursor = 0;
  constructor(baseUrl: string, account?: string) {
    this.base = baseUrl.replace(/\/+$/, '');
    this.account = account;
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown, raw?: string): Promise<T> {
    const text = raw ?? (body === undefined ? undefined : JSON.stringify(body));
    const res = await fetch(`${this.base}${path}`, {
      method, ...(text === undefined ? {} : { body: text, headers: { 'content-type': 'application/json' } }),
    });
    const json = (await res.json().catch(() => null)) as { ok?: boolean; result?: T; results?: T; description?: string } | null;
    if (!res.ok || !json?.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${json?.description ?? ''}`);
    return (json.result ?? json.results) as T;
  }

  sendActions(actions: SimAction[]): Promise<ActionResultWire[]> {
    return this.request('POST', '/client/actions', { account: this.account, actions });
  }
  /** Sends actions already serialised as a JSON array (the driver hashes the same bytes). */
  sendSerialized(actionsJson: string): Promise<ActionResultWire[]> {
    const account = this.account === undefined ? '' : `"account":${JSON.stringify(this.account)},`;
    return this.request('POST', '/client/actions', undefined, `{${account}"actions":${actionsJson}}`);
  }
  setClock(at: number): Promise<unknown> {
    return this.request('POST', '/client/clock', { at: new Date(at).toISOString() });
  }
  /** Operators' posts and invite links since the last call. */
  async feed(): Promise<{ posts: Array<{ groupId: string; messageId: string; at: number; text?: string }>; invites: Array<{ groupId: string; code: string; source?: string }> }> {
    const q = new URLSearchParams({ since: String(this.feedCursor), invitesSince: String(this.inviteCursor) });
    if (this.account) q.set('account', this.account);
    const r = await this.request<{ next: number; invitesNext: number; posts: Array<{ groupId: string; messageId: string; at: number; text?: string }>; invites: Array<{ groupId: string; code: string; source?: string }> }>('GET', `/client/feed?${q}`);
    this.feedCursor = r.next;
    this.inviteCursor = r.invitesNext;
    return r;
  }
}

/** Runs one interval: generate, send, reconcile, follow the feed. Shared by batch and live runs. */
export class Driver {
  readonly community: Community;
  readonly client: SandboxClient;
  private readonly batchSize: number;
  private readonly followFeed: boolean;
  private readonly hash = createHash('sha256');
  readonly failures: Record<string, number> = {};
  /** Arrivals through a live code, when the run has one. */
  readonly codes: CodeArrivals | undefined;
  actionsSent = 0;

  constructor(o: RunOptions) {
    this.community = new Community(o);
    this.codes = o.liveCode ? new CodeArrivals(this.community.params, o.liveCode, o.seed, o.namespace ?? `s${o.seed}`) : undefined;
    this.client = new SandboxClient(o.clientUrl, o.account);
    this.batchSize = Math.min(5000, o.batchSize ?? 2000);
    this.followFeed = o.followFeed ?? true;
  }

  async interval(t0: number, t1: number, intensity = 1): Promise<void> {
    const actions = this.community.advance(t0, t1, intensity);
    if (this.codes) actions.push(...await this.codes.interval(t0, t1, intensity));
    for (let i = 0; i < actions.length; i += this.batchSize) {
      const batch = actions.slice(i, i + this.batchSize);
      const json = JSON.stringify(batch);
      this.hash.update(json);
      const results = await this.client.sendSerialized(json);
      this.actionsSent += batch.length;
      const failed = this.community.applyResults(batch, results);
      for (const [k, v] of Object.entries(failed)) this.failures[k] = (this.failures[k] ?? 0) + v;
    }
    await this.client.setClock(t1);
  }

  async readFeed(): Promise<void> {
    if (!this.followFeed) return;
    const f = await this.client.feed();
    for (const inv of f.invites) this.community.onInviteLink(inv.groupId, inv.code, inv.source);
    for (const inv of f.invites) this.codes?.onInviteLink(inv.groupId, inv.code);
    for (const p of f.posts) this.community.onOperatorPost(p.groupId, p.messageId, p.at, p.text);
  }

  summary(from: number, to: number, startedAt: number): SimulationSummary {
    const c = this.community.counters;
    const elapsedMs = Math.max(1, performance.now() - startedAt);
    return {
      from: new Date(from).toISOString(), to: new Date(to).toISOString(), groups: this.community.groups.length,
      actionsSent: this.actionsSent, actions: { ...c.actions }, failures: { ...this.failures },
      joinsRefused: this.failures.group_full ?? 0, spamMessages: c.spamMessages,
      operatorPostsSeen: c.operatorPostsSeen, operatorPostsAnswered: c.operatorPostsAnswered, responses: c.responses, pushesSeen: c.pushesSeen, pushLeaves: c.pushLeaves,
      elapsedMs: Math.round(elapsedMs), actionsPerSecond: Math.round((this.actionsSent / elapsedMs) * 1000),
      digest: this.hash.copy().digest('hex'),
      ...(this.codes ? { codeArrivals: { ...this.codes.counts } } : {}),
    };
  }
}

const HOUR = 3_600_000;

/**
 * Simulates `days` days from `start` against the platform at `clientUrl`. onProgress runs after
 * every simulated hour and is awaited, so a caller can act as operator in between (its bot posts
 * are stamped with the simulated time and answered by members in the following hours).
 */
export async function runSimulation(options: RunOptions, onProgress?: (p: Progress) => void | Promise<void>): Promise<SimulationSummary> {
  const startedAt = performance.now();
  const driver = new Driver(options);
  const from = options.start.getTime();
  const to = from + options.days * 24 * HOUR;
  for (let t = from; t < to; ) {
    // Steps end on whole hours so the daily rhythm lines up even from an odd start time.
    const t1 = Math.min(to, (Math.floor(t / HOUR) + 1) * HOUR);
    await driver.interval(t, t1);
    if (onProgress) await onProgress({ simulatedTime: new Date(t1), fraction: (t1 - from) / (to - from), actionsSent: driver.actionsSent });
    await driver.readFeed();
    t = t1;
  }
  return driver.summary(from, to, startedAt);
}
