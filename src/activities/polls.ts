/**
 * Polls and quizzes counted from plain messages, for platforms without native polls (WeCom) and
 * for quizzes everywhere. A vote is a message that is only an option's number ("2", "#2", "投2",
 * "选2", "B") or exactly an option's text; a member's latest vote before the close counts (people
 * change their minds; a native Telegram poll behaves the same). A quiz is a list of questions,
 * each open in turn: the first correct answer of a member scores the question's points, plus a
 * speed bonus for the first `bonusPlaces` correct answerers.
 */

/** Which option (0-based) a message votes for, or null. */
export function parseVote(text: string | undefined | null, options: readonly string[]): number | null {
  const t = (text ?? '').trim();
  if (!t) return null;
  const m = /^(?:#|投|选|vote\s*)?\s*([0-9]{1,2}|[A-Za-z])$/iu.exec(t);
  if (m) {
    const token = m[1]!;
    const n = /^[0-9]+$/.test(token) ? Number(token) - 1 : token.toUpperCase().charCodeAt(0) - 65;
    return n >= 0 && n < options.length ? n : null;
  }
  const exact = options.findIndex((o) => o.trim().toLowerCase() === t.toLowerCase());
  return exact >= 0 ? exact : null;
}

export interface Vote { memberId: number; option: number; at: Date }

/** Counts votes: each member's latest vote. */
export function tallyVotes(votes: readonly Vote[], optionCount: number): { counts: number[]; voters: number } {
  const latest = new Map<number, Vote>();
  for (const v of votes) {
    const prev = latest.get(v.memberId);
    if (!prev || v.at >= prev.at) latest.set(v.memberId, v);
  }
  const counts = Array.from({ length: optionCount }, () => 0);
  for (const v of latest.values()) if (v.option >= 0 && v.option < optionCount) counts[v.option]!++;
  return { counts, voters: latest.size };
}

export interface QuizQuestion { text: string; options: string[]; answer: number; points: number }
export interface QuizAnswer { memberId: number; question: number; option: number; at: Date }
export interface QuizScore { memberId: number; score: number; correct: number }

/** Scores a quiz: first answer per member and question counts; the first `bonusPlaces` correct get +1. */
export function scoreQuiz(questions: readonly QuizQuestion[], answers: readonly QuizAnswer[], bonusPlaces = 3): QuizScore[] {
  const sorted = [...answers].sort((a, b) => a.at.getTime() - b.at.getTime() || a.memberId - b.memberId);
  const answered = new Set<string>();
  const correctOrder = new Map<number, number>();
  const scores = new Map<number, QuizScore>();
  for (const a of sorted) {
    const q = questions[a.question];
    if (!q) continue;
    const key = `${a.memberId}:${a.question}`;
    if (answered.has(key)) continue;
    answered.add(key);
    const s = scores.get(a.memberId) ?? { memberId: a.memberId, score: 0, correct: 0 };
    scores.set(a.memberId, s);
    if (a.option === q.answer) {
      const place = correctOrder.get(a.question) ?? 0;
      correctOrder.set(a.question, place + 1);
      s.correct++;
      s.score += q.points + (place < bonusPlaces ? 1 : 0);
    }
  }
  return [...scores.values()].sort((a, b) => b.score - a.score || b.correct - a.correct || a.memberId - b.memberId);
}

/** A quiz answer message: "1A", "1 A", "1-b", "第1题A", "Q2 C" → question index and option index. */
export function parseQuizAnswer(text: string | undefined | null, questions: readonly QuizQuestion[]): { question: number; option: number } | null {
  const m = /^(?:第|q)?\s*([0-9]{1,2})\s*(?:题)?\s*[-.:：、]?\s*([A-Za-z])$/iu.exec((text ?? '').trim());
  if (!m) return null;
  const question = Number(m[1]) - 1;
  const option = m[2]!.toUpperCase().charCodeAt(0) - 65;
  const q = questions[question];
  if (!q || option < 0 || option >= q.options.length) return null;
  return { question, option };
}
