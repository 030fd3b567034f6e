/**
 * The ladder (群规: report → warning → mute → kick): what a member's Nth offence against a rule
 * leads to. The engine's decision names the rule and its first action; the ladder escalates by the
 * member's strikes under that rule, which start again after the rule's reset period. Pure
 * functions over plain data; storage (moderation_strikes) and the outbox are the reactor's.
 */
import { z } from 'zod';
import type { Action } from './types.ts';

export const LadderStep = z.object({
  delete: z.boolean().default(true).describe('delete the message'),
  warn: z.boolean().default(false).describe('warn in the group, naming the member'),
  muteMinutes: z.number().int().min(1).max(366 * 24 * 60).optional().describe('mute for this long'),
  kick: z.boolean().default(false).describe('remove from the group (they may come back)'),
  ban: z.boolean().default(false).describe('remove and put on the workspace ban list (every group, every platform)'),
}).strict();
export type LadderStep = z.infer<typeof LadderStep>;

export const Ladder = z.object({
  steps: z.array(LadderStep).min(1).max(10).describe('step N is taken at the Nth strike; later strikes repeat the last step'),
  resetAfterHours: z.number().int().min(1).max(24 * 365).default(72).describe('strikes older than this no longer count'),
}).strict();
export type Ladder = z.infer<typeof Ladder>;

export const LadderConfig = z.object({
  default: Ladder,
  byRule: z.record(z.string().min(1).max(200), Ladder).default({}).describe('a ladder of its own for a rule id'),
}).strict();
export type LadderConfig = z.infer<typeof LadderConfig>;

/** 群规's default: warn, mute an hour, mute a day, kick, ban; counts reset after three days. */
export const DEFAULT_LADDER: LadderConfig = {
  default: {
    steps: [
      { delete: true, warn: true, kick: false, ban: false },
      { delete: true, warn: true, muteMinutes: 60, kick: false, ban: false },
      { delete: true, warn: true, muteMinutes: 24 * 60, kick: false, ban: false },
      { delete: true, warn: false, kick: true, ban: false },
      { delete: true, warn: false, kick: false, ban: true },
    ],
    resetAfterHours: 72,
  },
  byRule: {},
};

export type StepAction = 'delete' | 'warn' | 'mute' | 'kick' | 'ban';

export interface StrikeState { count: number; firstAt: Date; lastAt: Date }

/** The strike this offence is: one more than the last, or the first when the last has reset. */
export function nextStrike(prev: StrikeState | null | undefined, now: Date, ladder: Ladder): StrikeState {
  const resetMs = ladder.resetAfterHours * 3_600_000;
  if (!prev || now.getTime() - prev.lastAt.getTime() >= resetMs) return { count: 1, firstAt: now, lastAt: now };
  return { count: prev.count + 1, firstAt: prev.firstAt, lastAt: now > prev.lastAt ? now : prev.lastAt };
}

export function ladderFor(config: LadderConfig, rule: string): Ladder {
  return config.byRule[rule] ?? config.default;
}

export interface LadderOutcome {
  actions: StepAction[];
  muteMinutes: number | null;
}

const ORDER: StepAction[] = ['delete', 'warn', 'mute', 'kick', 'ban'];
/** The least the engine's first action asks for, whatever the strike. */
const FLOOR: Record<Exclude<Action, 'allow' | 'review'>, StepAction[]> = {
  delete: ['delete'], warn: ['warn'], mute: ['delete', 'mute'], kick: ['delete', 'kick'], ban: ['delete', 'ban'],
};

/**
 * The steps for the `strike`th offence under a rule whose decision asked for `engineAction`:
 * the ladder's step, raised to the engine's first action (a rule that says ban bans at once).
 * 'allow' and 'review' take no step (review only queues the decision for an operator).
 */
export function stepsFor(ladder: Ladder, strike: number, engineAction: Action): LadderOutcome {
  if (engineAction === 'allow' || engineAction === 'review') return { actions: [], muteMinutes: null };
  const step = ladder.steps[Math.min(Math.max(strike, 1), ladder.steps.length) - 1]!;
  const set = new Set<StepAction>(FLOOR[engineAction]);
  if (step.delete) set.add('delete');
  if (step.warn) set.add('warn');
  if (step.muteMinutes) set.add('mute');
  if (step.kick) set.add('kick');
  if (step.ban) set.add('ban');
  // Removing someone makes a mute pointless; banning includes removing.
  if (set.has('ban')) { set.delete('kick'); set.delete('mute'); set.delete('warn'); }
  if (set.has('kick')) { set.delete('mute'); set.delete('warn'); }
  const muteMinutes = set.has('mute') ? (step.muteMinutes ?? firstMute(ladder) ?? 60) : null;
  return { actions: ORDER.filter((a) => set.has(a)), muteMinutes };
}

function firstMute(ladder: Ladder): number | undefined {
  return ladder.steps.find((s) => s.muteMinutes)?.muteMinutes;
}
