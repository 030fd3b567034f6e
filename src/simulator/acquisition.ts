/**
 * Arrivals through a live code (issue #15 item 8): newcomers who scan the code's QR from a source
 * (shop counter, poster, after-order call-back, post) at `codeArrivalsPerHour` × the daily rhythm.
 * Each asks Qunyun where to go, as the code's page does (GET <routeUrl>?s=<source>&v=<visitor>),
 * and joins the sandbox group whose invite link Qunyun handed out, carrying the link's code, so the
 * join is attributed to the code, the source and its staff. Qunyun's answers are counted: routed,
 * full, stopped by a threshold, paused or expired. The platform says which group a link belongs to
 * through the client feed (`onInviteLink`). Code arrivals are not chat members of the model.
 */
import type { SimAction } from './community.ts';
import type { SimulationParams } from './params.ts';
import { rhythmAt, rhythmTable } from './params.ts';
import { mixSeed, Rng } from './rng.ts';

export interface LiveCodeTarget {
  /** Qunyun's JSON route of the code: http://host/api/public/codes/<slug>/route */
  routeUrl: string;
}

export interface CodeArrivalCounts { asked: number; routed: number; full: number; threshold: number; unavailable: number; unknownLink: number; failed: number }

type Fetch = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export class CodeArrivals {
  readonly counts: CodeArrivalCounts = { asked: 0, routed: 0, full: 0, threshold: 0, unavailable: 0, unknownLink: 0, failed: 0 };
  private readonly rng: Rng;
  private readonly rhythm: Float64Array;
  private readonly sources: string[];
  private readonly weights: number[];
  /** Invite code → sandbox group id, from the platform's feed. */
  private readonly links = new Map<string, string>();
  private n = 0;
  private readonly params: SimulationParams;
  private readonly target: LiveCodeTarget;
  private readonly namespace: string;
  private readonly fetchImpl: Fetch;

  constructor(params: SimulationParams, target: LiveCodeTarget, seed: number, namespace: string, fetchImpl: Fetch = fetch) {
    this.params = params;
    this.target = target;
    this.namespace = namespace;
    this.fetchImpl = fetchImpl;
    this.rng = new Rng(mixSeed(seed, 15));
    this.rhythm = rhythmTable(params);
    this.sources = Object.keys(params.codeSourceWeights);
    this.weights = this.sources.map((s) => params.codeSourceWeights[s]!);
  }

  onInviteLink(groupId: string, code: string): void {
    this.links.set(code, groupId);
  }

  /** When newcomers scan the code in [t0, t1): a Poisson count per hour at the rhythm. */
  plan(t0: number, t1: number, intensity = 1): Array<{ at: number; source: string; visitor: string }> {
    const hours = (t1 - t0) / 3_600_000;
    const lambda = this.params.codeArrivalsPerHour * hours * intensity * rhythmAt(this.rhythm, this.params.utcOffsetHours, t0);
    const count = this.rng.poisson(lambda);
    const out: Array<{ at: number; source: string; visitor: string }> = [];
    for (let i = 0; i < count; i++) {
      out.push({ at: t0 + Math.floor(this.rng.float() * (t1 - t0)), source: this.sources[this.rng.weighted(this.weights)]!, visitor: `${this.namespace}.code.u${++this.n}` });
    }
    return out.sort((a, b) => a.at - b.at);
  }

  /** Asks Qunyun for each planned newcomer and returns the joins of those it routed. */
  async interval(t0: number, t1: number, intensity = 1): Promise<SimAction[]> {
    const actions: SimAction[] = [];
    for (const a of this.plan(t0, t1, intensity)) {
      this.counts.asked++;
      let answer: { kind?: string; url?: string | null };
      try {
        const r = await this.fetchImpl(`${this.target.routeUrl}?s=${encodeURIComponent(a.source)}&v=${encodeURIComponent(a.visitor.replaceAll('.', '-'))}`);
        if (!r.ok) { this.counts.failed++; continue; }
        answer = (await r.json()) as typeof answer;
      } catch {
        this.counts.failed++;
        continue;
      }
      if (answer.kind === 'full') { this.counts.full++; continue; }
      if (answer.kind === 'threshold') { this.counts.threshold++; continue; }
      if (answer.kind !== 'group' || !answer.url) { this.counts.unavailable++; continue; }
      const code = answer.url.split('/join/')[1];
      const groupId = code ? this.links.get(code) : undefined;
      if (!code || !groupId) { this.counts.unknownLink++; continue; }
      this.counts.routed++;
      actions.push({ type: 'join', key: `${a.visitor}.join`, at: new Date(a.at).toISOString(), groupId, userId: a.visitor, name: `扫码新人${this.n}`, inviteCode: code });
    }
    return actions;
  }
}
