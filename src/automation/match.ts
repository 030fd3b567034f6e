/**
 * The rule index: which enabled rules can fire for an event, found by trigger kind and by the
 * event's group (its id, its layer, its tags), never by scanning every rule of the workspace.
 * With 10,000 rules over 1,000 groups an event looks at a handful of map entries.
 * Keyword rules are indexed a second time by keyword for 'exact' matches; 'contains' keywords of
 * the candidate rules are then tested on the text.
 */
import type { Rule, TriggerKind } from './rules.ts';

export interface GroupFacts {
  id: number;
  layer: string;
  tags: readonly string[];
  size: number;
  name: string;
  purpose: string;
  ownerStaffId: number | null;
}

interface Bucket { workspace: Rule[]; byGroup: Map<number, Rule[]>; byLayer: Map<string, Rule[]>; byTag: Map<string, Rule[]> }

const emptyBucket = (): Bucket => ({ workspace: [], byGroup: new Map(), byLayer: new Map(), byTag: new Map() });
function push<K>(map: Map<K, Rule[]>, key: K, rule: Rule) {
  const list = map.get(key);
  if (list) list.push(rule); else map.set(key, [rule]);
}

export class RuleIndex {
  private readonly buckets = new Map<TriggerKind, Bucket>();
  readonly size: number;
  readonly rules: readonly Rule[];

  constructor(rules: readonly Rule[]) {
    this.rules = rules;
    let n = 0;
    for (const rule of rules) {
      if (!rule.enabled) continue;
      n++;
      let bucket = this.buckets.get(rule.trigger.kind);
      if (!bucket) { bucket = emptyBucket(); this.buckets.set(rule.trigger.kind, bucket); }
      const s = rule.scope;
      if (s.kind === 'workspace') bucket.workspace.push(rule);
      else if (s.kind === 'layer') push(bucket.byLayer, s.layer, rule);
      else if (s.kind === 'group_tag') push(bucket.byTag, s.tag, rule);
      else for (const g of new Set(s.groupIds)) push(bucket.byGroup, g, rule);
    }
    this.size = n;
  }

  /** Whether any enabled rule has this trigger kind (lets callers skip loading facts). */
  has(kind: TriggerKind): boolean { return this.buckets.has(kind); }

  /** Rules of this trigger kind whose scope covers the group, each once, by id. */
  candidates(kind: TriggerKind, group: Pick<GroupFacts, 'id' | 'layer' | 'tags'>): Rule[] {
    const bucket = this.buckets.get(kind);
    if (!bucket) return [];
    const out: Rule[] = [...bucket.workspace];
    const g = bucket.byGroup.get(group.id); if (g) out.push(...g);
    const l = bucket.byLayer.get(group.layer); if (l) out.push(...l);
    if (bucket.byTag.size > 0) for (const tag of group.tags) { const t = bucket.byTag.get(tag); if (t) out.push(...t); }
    if (out.length < 2) return out;
    const seen = new Set<number>();
    return out.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true))).sort((a, b) => a.id - b.id);
  }

  /** Every rule of a trigger kind (for the jobs: schedule, inactivity, threshold). */
  ofKind(kind: TriggerKind): Rule[] {
    const bucket = this.buckets.get(kind);
    if (!bucket) return [];
    const all = [...bucket.workspace, ...[...bucket.byGroup.values(), ...bucket.byLayer.values(), ...bucket.byTag.values()].flat()];
    const seen = new Set<number>();
    return all.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true))).sort((a, b) => a.id - b.id);
  }
}

/** Whether a rule's scope covers a group (the jobs, which start from a rule rather than an event). */
export function inScope(rule: Rule, group: Pick<GroupFacts, 'id' | 'layer' | 'tags'>): boolean {
  const s = rule.scope;
  switch (s.kind) {
    case 'workspace': return true;
    case 'layer': return group.layer === s.layer;
    case 'group_tag': return group.tags.includes(s.tag);
    case 'groups': return s.groupIds.includes(group.id);
  }
}

/** The keyword of a keyword rule found in a message text, or null. Case-insensitive. */
export function matchKeyword(rule: Rule, text: string | undefined): string | null {
  if (rule.trigger.kind !== 'keyword' || !text) return null;
  const t = text.trim().toLowerCase();
  for (const k of rule.trigger.keywords) {
    const kw = k.toLowerCase();
    if (rule.trigger.match === 'exact' ? t === kw : t.includes(kw)) return k;
  }
  return null;
}
