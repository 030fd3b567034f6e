/**
 * The engine as a workspace runs it: its rules in force compiled once per version, with its
 * classifier retrained (the engine's train()) whenever its labelled examples change, and one
 * flood/duplicate state per group kept in this process. Several Qunyun processes each keep their
 * own group state: a flood split across processes is seen by each in part (the reactor runs a
 * workspace's events in one process at a time, so in practice one process sees them all).
 */
import type { Queryable } from '../db/database.ts';
import { examplesFingerprint, loadExamples } from './examples.ts';
import { compileRules, loadClassifier, newGroupState, parseRuleSet, train, type CompiledRules, type GroupState, type RuleSet } from './index.ts';
import { rulesInForce, type InForce } from './rule-versions.ts';

/** Below this many examples of either label the workspace's classifier is not trained (too little to learn from). */
export const MIN_EXAMPLES_PER_LABEL = 5;

interface Loaded { key: string; compiled: CompiledRules; trainedOn: { spam: number; ham: number } | null }

const compiledByDb = new WeakMap<object, Map<number, Loaded>>();
const statesByDb = new WeakMap<object, Map<string, GroupState>>();

export interface WorkspaceEngine extends InForce {
  compiled: CompiledRules;
  trainedOn: { spam: number; ham: number } | null;
  groupState(groupId: number): GroupState;
}

/** Compiles rules with the classifier trained from the given examples (null when too few). */
export function compileWithExamples(rules: RuleSet, examples: ReadonlyArray<{ text: string; label: 'spam' | 'ham' }>): { compiled: CompiledRules; trainedOn: { spam: number; ham: number } | null } {
  const spam = examples.filter((e) => e.label === 'spam').length;
  const ham = examples.length - spam;
  const enough = spam >= MIN_EXAMPLES_PER_LABEL && ham >= MIN_EXAMPLES_PER_LABEL;
  const classifier = enough ? loadClassifier(train(examples)) : null;
  return { compiled: compileRules(parseRuleSet(rules), classifier), trainedOn: enough ? { spam, ham } : null };
}

/**
 * The workspace's engine now. `cacheKey` scopes the caches (one per database: the tests run two
 * engines side by side with the same workspace ids).
 */
export async function workspaceEngine(db: Queryable, workspaceId: number, cacheKey: object = db): Promise<WorkspaceEngine> {
  const inForce = await rulesInForce(db, workspaceId);
  const fingerprint = await examplesFingerprint(db, workspaceId);
  const key = `${inForce.version ?? 'builtin'}|${fingerprint}`;
  let byWs = compiledByDb.get(cacheKey);
  if (!byWs) { byWs = new Map(); compiledByDb.set(cacheKey, byWs); }
  let loaded = byWs.get(workspaceId);
  if (!loaded || loaded.key !== key) {
    const { examples } = await loadExamples(db, workspaceId);
    loaded = { key, ...compileWithExamples(inForce.rules, examples) };
    byWs.set(workspaceId, loaded);
  }
  let states = statesByDb.get(cacheKey);
  if (!states) { states = new Map(); statesByDb.set(cacheKey, states); }
  const s = states;
  return {
    ...inForce, compiled: loaded.compiled, trainedOn: loaded.trainedOn,
    groupState(groupId) {
      const k = `${workspaceId}:${groupId}`;
      let st = s.get(k);
      if (!st) { st = newGroupState(); s.set(k, st); }
      return st;
    },
  };
}
