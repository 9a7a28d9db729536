import type { QuestionSetBody, QuestionSetDefinition } from './schema.ts';

/** Problems in a set's structure beyond its shape, as error codes. */
export function questionSetProblems(set: QuestionSetBody): string[] {
  const problems: string[] = [];
  const ids = set.questions.map((q) => q.id);
  if (new Set(ids).size !== ids.length) problems.push('duplicateQuestionId');
  for (const q of set.questions) {
    if (q.type === 'choice' && (!q.options || q.options.length < 2)) problems.push('choiceNeedsOptions');
    if (q.type !== 'choice' && q.options) problems.push('optionsOnlyForChoice');
  }
  return [...new Set(problems)];
}

/** Answered "the person chose not to answer": always allowed, and still counts as asked. */
export const DECLINED = 'declined';
export const MAX_TEXT_ANSWER = 2000;

/** Problems with answers given under a set's version: every question answered, each value allowed. */
export function answerProblems(set: QuestionSetDefinition, answers: Record<string, string>): string[] {
  const problems: string[] = [];
  const known = new Map(set.questions.map((q) => [q.id, q]));
  for (const id of Object.keys(answers)) if (!known.has(id)) problems.push('unknownQuestion');
  for (const q of set.questions) {
    const value = answers[q.id];
    if (value === undefined) {
      problems.push('unansweredQuestion');
      continue;
    }
    if (value === DECLINED) continue;
    if (q.type === 'yes_no' && value !== 'yes' && value !== 'no') problems.push('invalidAnswer');
    if (q.type === 'choice' && !q.options?.some((o) => o.value === value)) problems.push('invalidAnswer');
    if (q.type === 'text' && value.length > MAX_TEXT_ANSWER) problems.push('answerTooLong');
  }
  return [...new Set(problems)];
}

/** Coverage: the share of new cases in which the set was asked, 0 when there were no new cases. */
export function coverageShare(newCases: number, asked: number): number {
  if (newCases <= 0) return 0;
  return Math.round((Math.min(asked, newCases) / newCases) * 1000) / 1000;
}
