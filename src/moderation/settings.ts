/**
 * Moderation options of a rule version beside its rules and ladder: newcomer verification, when a
 * member is trusted, and the optional shared ban list (CAS-style) for Telegram. Validated with zod
 * wherever they enter (HTTP, file); a stored value that no longer validates falls back to defaults.
 */
import { z } from 'zod';

/** A question a newcomer must answer, and the answers accepted (compared after normalisation: case, width, traditional, spaces). */
export const VerificationQuestion = z.object({
  question: z.string().trim().min(1).max(300),
  answers: z.array(z.string().trim().min(1).max(100)).min(1).max(20),
}).strict();
export type VerificationQuestion = z.infer<typeof VerificationQuestion>;

export const VerificationOptions = z.object({
  enabled: z.boolean().default(false),
  /** button: press a button; question: answer `question` in the group (their next message is checked). */
  mode: z.enum(['button', 'question']).default('button'),
  /** The question of every group (mode question), unless the group has its own in `byGroup`. */
  question: VerificationQuestion.optional(),
  /** Per group id: that group's own question. */
  byGroup: z.record(z.string().regex(/^\d{1,18}$/), VerificationQuestion).default({}),
  /** The message that asks the question; {name}, {minutes} and {question}. */
  questionPrompt: z.string().trim().min(1).max(500).default('欢迎 {name}！请在 {minutes} 分钟内直接在群里回答：{question} 答错或超时将被移出本群。 Welcome {name}! Within {minutes} minutes, answer in the group: {question} A wrong answer or no answer removes you.'),
  minutes: z.number().int().min(1).max(24 * 60).default(5).describe('how long a newcomer has to verify before being removed'),
  /** What the button says (the member presses it to show they are a person). */
  button: z.string().trim().min(1).max(60).default('我不是机器人 / I am human'),
  /** The message that asks; {name} is the newcomer's name, {minutes} the time they have. */
  prompt: z.string().trim().min(1).max(500).default('欢迎 {name}！请在 {minutes} 分钟内点击下方按钮完成验证，否则将被移出本群。 Welcome {name}! Press the button within {minutes} minutes or you will be removed.'),
}).strict().refine((v) => v.mode !== 'question' || !v.enabled || v.question !== undefined || Object.keys(v.byGroup).length > 0,
  { message: 'question mode needs a question (and its accepted answers)', path: ['question'] });
export type VerificationOptions = z.infer<typeof VerificationOptions>;

/** The question a newcomer of this group is asked, or null (button mode, or no question for the group). */
export function questionFor(v: VerificationOptions, groupId: number): VerificationQuestion | null {
  if (v.mode !== 'question') return null;
  return v.byGroup[String(groupId)] ?? v.question ?? null;
}

export const ModerationOptions = z.object({
  verification: VerificationOptions.default(VerificationOptions.parse({})),
  trustAfterCleanMessages: z.number().int().min(1).max(10_000).default(20).describe('members with this many clean messages skip content checks (never flood and duplicate checks)'),
  /** The warning posted in the group; {name} the member, {rule} the rule's name, {strike} the strike. */
  warning: z.string().trim().min(1).max(500).default('@{name} 请遵守群规（{rule}），第 {strike} 次警告。 Please follow the group rules ({rule}); warning {strike}.'),
  cas: z.object({
    enabled: z.boolean().default(false),
    url: z.url().default('https://api.cas.chat/check?user_id={id}').describe('{id} is the Telegram user id; the answer is JSON with ok: true when the user is banned'),
    cacheMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
  }).strict().default({ enabled: false, url: 'https://api.cas.chat/check?user_id={id}', cacheMinutes: 60 }),
}).strict();
export type ModerationOptions = z.infer<typeof ModerationOptions>;

export const DEFAULT_OPTIONS: ModerationOptions = ModerationOptions.parse({});

export function readOptions(stored: unknown): ModerationOptions {
  const r = ModerationOptions.safeParse(stored ?? {});
  return r.success ? r.data : DEFAULT_OPTIONS;
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
