/**
 * What an operator gives to create an activity, validated with zod (HTTP, CLI and the automation
 * `start_activity` action share it), and the texts Qunyun posts for it. Texts are Chinese first
 * with the English beneath only where a group is English (config.language).
 */
import { z } from 'zod';
import { DEFAULT_ELIGIBILITY } from './draw.ts';

const title = z.string().trim().min(1).max(100);
const option = z.string().trim().min(1).max(100);

export const PollConfig = z.object({
  options: z.array(option).min(2).max(10).describe('the choices; members vote by number'),
}).strict();

export const QuizConfig = z.object({
  questions: z.array(z.object({
    text: z.string().trim().min(1).max(500),
    options: z.array(option).min(2).max(6),
    answer: z.number().int().min(0).describe('index of the right option'),
    points: z.number().int().min(1).max(100).default(1),
  }).strict().refine((q) => q.answer < q.options.length, 'answer must be one of the options')).min(1).max(20),
  bonusPlaces: z.number().int().min(0).max(10).default(3),
}).strict();

export const DrawConfig = z.object({
  keyword: z.string().trim().min(1).max(30).default('抽奖').describe('the message that enters the draw'),
  winners: z.number().int().min(1).max(500).default(1),
  /** A red-packet style draw splits this many cents among the winners (0 = a lottery with prizes). */
  totalCents: z.number().int().min(0).max(100_000_000).default(0),
  prize: z.string().trim().max(200).default(''),
  eligibility: z.object({
    activeWithinDays: z.number().int().min(0).max(365).default(DEFAULT_ELIGIBILITY.activeWithinDays),
    excludeBanned: z.boolean().default(true),
    excludeHunters: z.boolean().default(true),
    hunterMinOtherMessages: z.number().int().min(0).max(1000).default(DEFAULT_ELIGIBILITY.hunterMinOtherMessages),
  }).strict().default({ ...DEFAULT_ELIGIBILITY }),
}).strict();

export const NewActivity = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('poll'), groupId: z.number().int().positive(), title, closesAt: z.iso.datetime({ offset: true }).optional(), config: PollConfig }).strict(),
  z.object({ kind: z.literal('quiz'), groupId: z.number().int().positive(), title, closesAt: z.iso.datetime({ offset: true }).optional(), config: QuizConfig }).strict(),
  z.object({ kind: z.literal('draw'), groupId: z.number().int().positive(), title, closesAt: z.iso.datetime({ offset: true }).optional(), config: DrawConfig }).strict(),
]);
export type NewActivity = z.infer<typeof NewActivity>;
export type PollConfig = z.infer<typeof PollConfig>;
export type QuizConfig = z.infer<typeof QuizConfig>;
export type DrawConfig = z.infer<typeof DrawConfig>;

const LETTERS = 'ABCDEFGHIJ';

/** The post that opens an activity. */
export function openingText(a: NewActivity, commitment: string | null): string {
  const closes = a.closesAt ? `\n截止：${new Date(a.closesAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
  switch (a.kind) {
    case 'poll':
      return `📊 投票：${a.title}\n${a.config.options.map((o, i) => `${i + 1}. ${o}`).join('\n')}\n回复编号投票（可改票，以最后一次为准）。${closes}`;
    case 'quiz':
      return `❓ 答题：${a.title}\n${a.config.questions.map((q, i) => `${i + 1}. ${q.text}\n${q.options.map((o, j) => `   ${LETTERS[j]}. ${o}`).join('\n')}`).join('\n')}\n回复「题号+选项」作答，例如 1A；每题以第一次作答为准。${closes}`;
    case 'draw':
      return `🎁 抽奖：${a.title}${a.config.prize ? `\n奖品：${a.config.prize}` : ''}${a.config.totalCents ? `\n红包：${(a.config.totalCents / 100).toFixed(2)} 元，${a.config.winners} 人瓜分` : `\n名额：${a.config.winners} 人`}\n回复「${a.config.keyword}」参与，每人一次。${closes}\n公平承诺：开奖种子的 SHA-256 为 ${commitment}，开奖后公布种子，任何人可验证。`;
  }
}
