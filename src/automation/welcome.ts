/**
 * The welcome ritual (仪式感), as plain functions: a group's welcome settings, when a batch of
 * pending newcomers is due (N joins, or M minutes after the first one waiting), the welcome text
 * naming every newcomer of the batch with the group's purpose, rules link and intro prompt, and
 * the nickname-format check (e.g. 城市-姓名-行业) with its reminder. Storage and delivery are in
 * welcome-store.ts; every join is kept as a pending row until a batch names it, so none is missed.
 */
import { z } from 'zod';
import { text } from '../server/schemas.ts';
import { renderTemplate } from './plan.ts';

const Template = text().min(1).max(4000);

export const WelcomeSettings = z.object({
  enabled: z.boolean().default(true),
  template: Template.default('欢迎 {names} 加入「{group}」！{purpose}\n群规：{rules}'),
  purpose: text().max(500).default(''),
  rulesLink: text().max(500).default('').describe('URL or short text of the group rules'),
  batchSize: z.number().int().min(1).max(100).default(5).describe('one welcome per this many joins …'),
  batchMinutes: z.number().int().min(0).max(24 * 60).default(10).describe('… or this many minutes after the first newcomer waiting'),
  introPrompt: text().max(1000).default('请按「城市-姓名-行业」的格式做个自我介绍吧～'),
  nicknamePattern: text().max(200).default('').describe('empty: no check; "城市-姓名-行业": that many parts joined by "-"; "/regex/": a regular expression'),
  nicknameReminder: text().max(1000).default('{names}，请把群昵称改为「{format}」的格式，方便大家认识你。'),
  seedMemberIds: z.array(z.number().int().positive()).max(50).default([]).describe('seed members who get a greeting task for each batch'),
  greetingTemplate: text().max(1000).default('新朋友 {names} 刚加入「{group}」，请去打个招呼～'),
  lateJoinDays: z.number().int().min(0).max(30).default(3).describe('a join reported more than a day late is still welcomed when at most this many days old and the member is still in the group'),
}).strict();
export type WelcomeSettings = z.infer<typeof WelcomeSettings>;
export type WelcomeSettingsInput = z.input<typeof WelcomeSettings>;

export const defaultWelcomeSettings = (): WelcomeSettings => WelcomeSettings.parse({});

export interface Newcomer { memberId: number; name: string; joinedAt: Date }

/** Whether the pending newcomers of a group make a batch now. */
export function batchDue(pending: readonly Pick<Newcomer, 'joinedAt'>[], s: Pick<WelcomeSettings, 'batchSize' | 'batchMinutes'>, now: Date): boolean {
  if (pending.length === 0) return false;
  if (pending.length >= s.batchSize) return true;
  const oldest = Math.min(...pending.map((p) => p.joinedAt.getTime()));
  return now.getTime() - oldest >= s.batchMinutes * 60_000;
}

/**
 * The batches to send from the pending newcomers, in join order: full batches of N, and the rest
 * as one more batch only when it has waited M minutes (otherwise it keeps waiting for company).
 */
export function takeBatches(pending: readonly Newcomer[], s: Pick<WelcomeSettings, 'batchSize' | 'batchMinutes'>, now: Date): Newcomer[][] {
  const sorted = [...pending].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime() || a.memberId - b.memberId);
  const out: Newcomer[][] = [];
  let i = 0;
  for (; i + s.batchSize <= sorted.length; i += s.batchSize) out.push(sorted.slice(i, i + s.batchSize));
  const rest = sorted.slice(i);
  if (rest.length > 0 && batchDue(rest, { batchSize: Infinity, batchMinutes: s.batchMinutes }, now)) out.push(rest);
  return out;
}

export function namesOf(newcomers: readonly Pick<Newcomer, 'name'>[]): string {
  return newcomers.map((n) => `@${n.name}`).join(' ');
}

export function welcomeText(s: WelcomeSettings, groupName: string, newcomers: readonly Newcomer[]): string {
  const vars = { names: namesOf(newcomers), name: namesOf(newcomers), group: groupName, purpose: s.purpose, rules: s.rulesLink, count: newcomers.length };
  const body = renderTemplate(s.template, vars).trim();
  return s.introPrompt ? `${body}\n${renderTemplate(s.introPrompt, vars)}` : body;
}

/** A nickname pattern: "/…/flags" is a regular expression; otherwise parts joined by '-' (e.g. 城市-姓名-行业). */
export function nicknameMatcher(pattern: string): ((name: string) => boolean) | null {
  const p = pattern.trim();
  if (!p) return null;
  const re = /^\/(.+)\/([a-z]*)$/.exec(p);
  if (re) {
    const compiled = new RegExp(re[1]!, re[2]!.replace(/[gy]/g, ''));
    return (name) => compiled.test(name);
  }
  const parts = p.split(/[-－—]/).length;
  return (name) => {
    const got = name.trim().split(/[-－—]/);
    return got.length === parts && got.every((g) => g.trim().length > 0);
  };
}

/** Whether a nickname pattern is usable (the settings route refuses one that is not). */
export function validNicknamePattern(pattern: string): boolean {
  try { nicknameMatcher(pattern); return true; } catch { return false; }
}

/** The newcomers whose name does not follow the group's nickname format. */
export function badNicknames(s: Pick<WelcomeSettings, 'nicknamePattern'>, newcomers: readonly Newcomer[]): Newcomer[] {
  const matches = nicknameMatcher(s.nicknamePattern);
  return matches ? newcomers.filter((n) => !matches(n.name)) : [];
}

export function nicknameReminderText(s: WelcomeSettings, groupName: string, who: readonly Newcomer[]): string {
  return renderTemplate(s.nicknameReminder, { names: namesOf(who), group: groupName, format: s.nicknamePattern.replace(/^\/(.+)\/[a-z]*$/, '$1') });
}

export function greetingText(s: WelcomeSettings, groupName: string, newcomers: readonly Newcomer[]): string {
  return renderTemplate(s.greetingTemplate, { names: namesOf(newcomers), group: groupName, count: newcomers.length });
}
