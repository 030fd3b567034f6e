/**
 * Moderation options of a rule version beside its rules and ladder: newcomer verification, when a
 * member is trusted, and the optional shared ban list (CAS-style) for Telegram. Validated with zod
 * wherever they enter (HTTP, file); a stored value that no longer validates falls back to defaults.
 */
import { z } from 'zod';

export const VerificationOptions = z.object({
  enabled: z.boolean().default(false),
  minutes: z.number().int().min(1).max(24 * 60).default(5).describe('how long a newcomer has to verify before being removed'),
  /** What the button says (the member presses it to show they are a person). */
  button: z.string().trim().min(1).max(60).default('我不是机器人 / I am human'),
  /** The message that asks; {name} is the newcomer's name, {minutes} the time they have. */
  prompt: z.string().trim().min(1).max(500).default('欢迎 {name}！请在 {minutes} 分钟内点击下方按钮完成验证，否则将被移出本群。 Welcome {name}! Press the button within {minutes} minutes or you will be removed.'),
}).strict();
export type VerificationOptions = z.infer<typeof VerificationOptions>;

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
