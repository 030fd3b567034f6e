/**
 * The moderation engine's public surface: decide() and its types, rule compilation, the
 * normaliser and the classifier (train, serialise, load). Import from here.
 */
export * from './types.ts';
export { decide, newGroupState, trafficChecks, trafficWindow, type GroupState, type DecisionWithState } from './decide.ts';
export { compileRules, parseRuleSet, resolveRules, ruleSetSchema, pinyinVariants, type CompiledRules, type ResolvedRule } from './rules.ts';
export { normalise, normaliseShared, originalSpan, warmUp, type Normalised } from './normalise.ts';
export { train, addExamples, loadClassifier, Classifier, featureNames, type ClassifierModel, type Example, type Label, type TrainOptions } from './classifier.ts';
export { builtinRules } from './builtin.ts';
export { readQr } from './images.ts';
export { parseTrainingFile, auditRules, TrainingFileError, type RuleAudit } from './training.ts';
export { Automaton } from './automaton.ts';
