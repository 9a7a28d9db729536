import type { AgeGroup } from '../cases/rules.ts';
import type { FollowUpIn, QuestionSetBody, QuestionSetDefinition } from './schema.ts';
import { DECLINED, type FollowUpSuggestion, type SetAudience } from './vocabulary.ts';

export { DECLINED };

/** Problems in a set's structure beyond its shape, as error codes. */
export function questionSetProblems(set: QuestionSetBody): string[] {
  const problems: string[] = [];
  const ids = set.questions.map((q) => q.id);
  if (new Set(ids).size !== ids.length) problems.push('duplicateQuestionId');
  for (const q of set.questions) {
    if (q.type === 'choice' && (!q.options || q.options.length < 2)) problems.push('choiceNeedsOptions');
    if (q.type !== 'choice' && q.options) problems.push('optionsOnlyForChoice');
    if (q.options?.some((o) => o.value === DECLINED)) problems.push('declinedIsReserved');
    if (q.followUp) {
      const values = q.type === 'yes_no' ? ['yes', 'no'] : q.type === 'choice' ? (q.options ?? []).map((o) => o.value) : [];
      if (q.followUp.on.some((v) => !values.includes(v))) problems.push('followUpOnUnknownAnswer');
    }
  }
  return [...new Set(problems)];
}

export const MAX_TEXT_ANSWER = 2000;

/**
 * Problems with answers given under a set's version. A question left out was not asked, which is
 * allowed; "declined" is an answer. Saving with nothing asked is refused: it records nothing.
 */
export function answerProblems(set: QuestionSetDefinition, answers: Record<string, string>): string[] {
  const problems: string[] = [];
  const known = new Map(set.questions.map((q) => [q.id, q]));
  for (const id of Object.keys(answers)) if (!known.has(id)) problems.push('unknownQuestion');
  if (Object.keys(answers).length === 0) problems.push('nothingAsked');
  for (const q of set.questions) {
    const value = answers[q.id];
    if (value === undefined || value === DECLINED) continue;
    if (q.type === 'yes_no' && value !== 'yes' && value !== 'no') problems.push('invalidAnswer');
    if (q.type === 'choice' && !q.options?.some((o) => o.value === value)) problems.push('invalidAnswer');
    if (q.type === 'text' && value.trim() === '') problems.push('invalidAnswer');
    if (q.type === 'text' && value.length > MAX_TEXT_ANSWER) problems.push('answerTooLong');
  }
  return [...new Set(problems)];
}

/** The questions coverage counts: those the set marks, or every question when it marks none. */
export function countedQuestions(set: QuestionSetDefinition): string[] {
  const marked = set.questions.filter((q) => q.counts).map((q) => q.id);
  return marked.length ? marked : set.questions.map((q) => q.id);
}

/** Whether these answers count as "the set was asked": each counted question answered or declined. */
export function countsAsAsked(set: QuestionSetDefinition, answers: Record<string, string>): boolean {
  return countedQuestions(set).every((id) => answers[id] !== undefined && answers[id] !== '');
}

/** What the form suggests from the answers given: one suggestion per question whose answer leads somewhere. */
export function suggestionsFor(set: QuestionSetDefinition, answers: Record<string, string>): Array<{ questionId: string; suggestion: FollowUpSuggestion }> {
  return set.questions.filter((q) => q.followUp && answers[q.id] !== undefined && q.followUp.on.includes(answers[q.id]!)).map((q) => ({ questionId: q.id, suggestion: q.followUp!.suggestion }));
}

/** Each suggestion the answers led to has what was done recorded, and nothing else is recorded. */
export function followUpProblems(set: QuestionSetDefinition, answers: Record<string, string>, followUps: readonly FollowUpIn[]): string[] {
  const suggested = suggestionsFor(set, answers);
  const problems: string[] = [];
  for (const s of suggested) if (!followUps.some((f) => f.questionId === s.questionId && f.suggestion === s.suggestion)) problems.push('followUpMissing');
  for (const f of followUps) if (!suggested.some((s) => s.questionId === f.questionId && s.suggestion === f.suggestion)) problems.push('followUpNotSuggested');
  return [...new Set(problems)];
}

/**
 * Whom the case's questions are for. A child (under 18, or a case of the children's unit when the
 * age is not known) is asked the children's set whatever the role: a child is protected as a child.
 * An adult who buys sex (or a KAST case) is asked the buyers' set; everyone else the adults' set.
 */
export function audienceFor(c: { personRole: string; ageGroup: AgeGroup | string; unitKind?: string | null }): SetAudience {
  if (c.ageGroup === 'under_15' || c.ageGroup === '15_17') return 'children';
  if (c.ageGroup === 'unknown' && c.unitKind === 'children') return 'children';
  if (c.personRole === 'buys' || c.unitKind === 'kast') return 'buyers';
  return 'adults';
}

/** The set each audience is asked by default, when it is loaded. */
export const DEFAULT_SET_KEYS: Record<SetAudience, string> = { children: 'utvag-barn', adults: 'utvag-standard', buyers: 'utvag-kast' };

/**
 * The set a case is asked: the default set of its audience, else the most recently published set
 * for that audience; undefined when none is loaded (the caseworker then picks any loaded set).
 */
export function setForCase<S extends Pick<QuestionSetDefinition, 'key' | 'audience'> & { publishedAt?: Date | string }>(
  sets: readonly S[],
  c: { personRole: string; ageGroup: string; unitKind?: string | null },
): S | undefined {
  const audience = audienceFor(c);
  const fitting = sets.filter((s) => (s.audience ?? 'adults') === audience);
  return fitting.find((s) => s.key === DEFAULT_SET_KEYS[audience]) ?? [...fitting].sort((a, b) => String(b.publishedAt ?? '').localeCompare(String(a.publishedAt ?? '')))[0];
}

/** Coverage: the share of new cases in which the set was asked, 0 when there were no new cases. */
export function coverageShare(newCases: number, asked: number): number {
  if (newCases <= 0) return 0;
  return Math.round((Math.min(asked, newCases) / newCases) * 1000) / 1000;
}
