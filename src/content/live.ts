/**
 * A live session (直播/分享) in chat groups, as plain functions: its script of steps (preview →
 * opening → guest talk → Q&A → perks), each posted at its minute from the start; the budget the
 * brief sets (≤ 35 messages, ≤ 25 minutes, configurable) checked before it is planned; which steps
 * are due; and the report after it (messages used, members who spoke, replies per step, questions
 * asked), from the session's own posts and the groups' messages.
 */
import { z } from 'zod';
import { str } from './text.ts';
import { AppError } from '../errors.ts';

export const STEP_KINDS = ['preview', 'opening', 'guest_talk', 'qa', 'perks'] as const;

export const LiveStep = z.object({
  kind: z.enum(STEP_KINDS),
  /** Minutes from the start (the preview may come before it: negative). */
  atMinute: z.number().int().min(-24 * 60).max(24 * 60),
  messages: z.array(str().min(1).max(4000)).min(1).max(50),
}).strict();
export type LiveStep = z.infer<typeof LiveStep>;

export const LiveScript = z.array(LiveStep).min(1).max(20);

export const DEFAULT_MAX_MESSAGES = 35;
export const DEFAULT_MAX_MINUTES = 25;

/** A script of the five steps, for a title and a guest (the console starts from it). */
export function defaultScript(title: string, guest: string): LiveStep[] {
  return [
    { kind: 'preview', atMinute: -60, messages: [`今晚的分享「${title}」一小时后开始，嘉宾：${guest}。记得来！`] },
    { kind: 'opening', atMinute: 0, messages: [`分享「${title}」现在开始！先请大家安静几分钟，听嘉宾分享，提问留到答疑环节。`] },
    { kind: 'guest_talk', atMinute: 2, messages: [`有请 ${guest}。`, `第一部分：背景与问题。`, `第二部分：做法与案例。`, `第三部分：可以马上用的三条建议。`] },
    { kind: 'qa', atMinute: 15, messages: [`答疑时间：有问题请直接在群里发，嘉宾逐一回答。`] },
    { kind: 'perks', atMinute: 22, messages: [`感谢 ${guest}！今晚参与的朋友有专属福利，私信群主领取。`, `分享到此结束，下周同一时间见。`] },
  ];
}

/** Throws bad_request when the script is over its budget: messages per group, minutes from opening to the last step. */
export function checkBudget(steps: readonly LiveStep[], maxMessages: number, maxMinutes: number): { messages: number; minutes: number } {
  const messages = steps.reduce((s, x) => s + x.messages.length, 0);
  const inSession = steps.filter((s) => s.kind !== 'preview');
  const first = Math.min(...inSession.map((s) => s.atMinute), 0);
  const last = Math.max(...steps.map((s) => s.atMinute), 0);
  const minutes = last - first;
  if (messages > maxMessages) throw new AppError('bad_request', `the script has ${messages} messages, over the budget of ${maxMessages}`);
  if (minutes > maxMinutes) throw new AppError('bad_request', `the script runs ${minutes} minutes, over the budget of ${maxMinutes}`);
  return { messages, minutes };
}

/** Steps (by index, in order of time) whose minute has come and that are not posted yet. */
export function dueSteps(steps: readonly LiveStep[], startsAt: Date, posted: number, now: Date): number[] {
  const order = steps.map((s, i) => ({ i, at: startsAt.getTime() + s.atMinute * 60_000 })).sort((a, b) => a.at - b.at || a.i - b.i);
  return order.slice(posted).filter((o) => o.at <= now.getTime()).map((o) => o.i);
}

/** Instant of a step. */
export const stepAt = (startsAt: Date, step: LiveStep) => new Date(startsAt.getTime() + step.atMinute * 60_000);

export interface SessionPost { step: number; platformMessageId: string | null; groupId: number; state: string }
export interface SessionMessage { groupId: number; memberId: number | null; at: Date; text: string; replyTo: string | null; isBot: boolean }

export interface LiveReport {
  messagesUsed: number;
  messagesBudget: number;
  minutesBudget: number;
  membersWhoSpoke: number;
  memberMessages: number;
  /** Per step: member messages from it until the next step (and replies to its posts). */
  steps: { kind: string; at: string; posted: number; replies: number }[];
  questions: number;
  sampleQuestions: string[];
}

const QUESTION = /[?？]|吗|怎么|如何|为什么|请问|\bhow\b|\bwhy\b|\bwhat\b/i;

/** The report: `messages` are the groups' messages from the first in-session step to the end plus `tailMinutes`. */
export function liveReport(steps: readonly LiveStep[], startsAt: Date, posts: readonly SessionPost[], messages: readonly SessionMessage[], budget: { maxMessages: number; maxMinutes: number }, tailMinutes = 30): LiveReport {
  const sent = posts.filter((p) => p.state === 'sent' || p.state === 'awaiting_confirmation' || p.state === 'queued' || p.state === 'sending');
  const groups = new Set(posts.map((p) => p.groupId));
  const perGroup = Math.max(0, ...[...groups].map((g) => sent.filter((p) => p.groupId === g).length));
  const order = steps.map((s, i) => ({ i, s, at: stepAt(startsAt, s).getTime() })).sort((a, b) => a.at - b.at);
  const end = (order.at(-1)?.at ?? startsAt.getTime()) + tailMinutes * 60_000;
  const member = messages.filter((m) => !m.isBot && m.memberId !== null && m.at.getTime() <= end);
  const byPlatformId = new Map(posts.filter((p) => p.platformMessageId).map((p) => [p.platformMessageId!, p.step]));
  const stepReplies = new Map<number, number>();
  for (const m of member) {
    const t = m.at.getTime();
    let step: number | undefined = m.replyTo ? byPlatformId.get(m.replyTo) : undefined;
    if (step === undefined) {
      for (const o of order) if (o.at <= t) step = o.i;
    }
    if (step !== undefined) stepReplies.set(step, (stepReplies.get(step) ?? 0) + 1);
  }
  const questions = member.filter((m) => QUESTION.test(m.text));
  return {
    messagesUsed: perGroup,
    messagesBudget: budget.maxMessages,
    minutesBudget: budget.maxMinutes,
    membersWhoSpoke: new Set(member.map((m) => m.memberId)).size,
    memberMessages: member.length,
    steps: order.map((o) => ({ kind: o.s.kind, at: new Date(o.at).toISOString(), posted: sent.filter((p) => p.step === o.i).length, replies: stepReplies.get(o.i) ?? 0 })),
    questions: questions.length,
    sampleQuestions: questions.slice(0, 5).map((q) => q.text.slice(0, 200)),
  };
}
