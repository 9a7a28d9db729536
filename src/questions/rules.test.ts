import { describe, expect, test } from 'vitest';
import { answerProblems, audienceFor, countsAsAsked, coverageShare, followUpProblems, questionSetProblems, setForCase, suggestionsFor } from './rules.ts';
import { bundledSets } from './store.ts';

const sets = bundledSets();
const v1 = sets.find((s) => s.key === 'utvag-standard' && s.version === 1)!;
const set = sets.find((s) => s.key === 'utvag-standard' && s.version === 2)!;
const allDeclined = Object.fromEntries(set.questions.map((q) => [q.id, 'declined']));

describe('question sets', () => {
  test('every bundled set is valid; the adults’ set asks about sex for compensation alongside alcohol, drugs, gambling, violence and children', () => {
    for (const s of sets) expect(questionSetProblems(s), s.key).toEqual([]);
    const sections = new Set(set.questions.map((q) => q.section));
    for (const s of ['sex_for_compensation', 'alcohol', 'drugs', 'gambling', 'violence', 'children']) expect(sections).toContain(s);
    expect(set.routineNote.sv).toMatch(/alla/);
    expect(new Set(sets.map((s) => s.audience ?? 'adults'))).toEqual(new Set(['children', 'adults', 'buyers']));
  });
  test('structural problems are found', () => {
    const q = set.questions[0]!;
    expect(questionSetProblems({ ...set, questions: [q, q] })).toContain('duplicateQuestionId');
    expect(questionSetProblems({ ...set, questions: [{ ...q, type: 'choice', options: [] }] })).toContain('choiceNeedsOptions');
    expect(questionSetProblems({ ...set, questions: [{ ...q, type: 'yes_no', options: undefined, followUp: { on: ['maybe'], suggestion: 'referral' } }] })).toContain('followUpOnUnknownAnswer');
    expect(
      questionSetProblems({
        ...set,
        questions: [{ ...q, type: 'choice', options: [{ value: 'declined', label: { sv: 'x', en: 'x' } }, { value: 'b', label: { sv: 'y', en: 'y' } }] }],
      }),
    ).toContain('declinedIsReserved');
  });
});

describe('not asked is not declined', () => {
  test('a question left out was not asked; declining is an answer; nothing asked is refused', () => {
    expect(answerProblems(set, allDeclined)).toEqual([]);
    expect(answerProblems(set, { alcohol: 'weekly' })).toEqual([]);
    expect(answerProblems(set, {})).toEqual(['nothingAsked']);
    expect(answerProblems(set, { ...allDeclined, nonsense: 'yes' })).toContain('unknownQuestion');
    expect(answerProblems(set, { drugs: 'maybe' })).toContain('invalidAnswer');
    expect(answerProblems(set, { alcohol: 'hourly' })).toContain('invalidAnswer');
    expect(answerProblems(set, { children_situation: '   ' })).toContain('invalidAnswer');
  });
  test('answers count as asked only when the counted questions were answered or declined', () => {
    // The adults' set counts the question about sex for compensation.
    expect(countsAsAsked(set, { alcohol: 'weekly', drugs: 'no', violence: 'no' })).toBe(false);
    expect(countsAsAsked(set, { sex_for_compensation: 'declined' })).toBe(true);
    expect(countsAsAsked(set, { sex_for_compensation: 'no' })).toBe(true);
    // A set that marks no question counts only when every question was answered or declined.
    expect(countsAsAsked(v1, { ...Object.fromEntries(v1.questions.map((q) => [q.id, 'no'])), children_situation: 'Bra' })).toBe(true);
    const { alcohol: _left, ...allButOne } = Object.fromEntries(v1.questions.map((q) => [q.id, 'declined']));
    expect(countsAsAsked(v1, allButOne)).toBe(false);
  });
});

describe('a yes leads somewhere', () => {
  test('a yes suggests the next step, and what was done must be recorded for each suggestion', () => {
    expect(suggestionsFor(set, { sex_for_compensation: 'no', violence: 'declined' })).toEqual([]);
    const answers = { sex_for_compensation: 'yes', violence: 'yes' };
    expect(suggestionsFor(set, answers)).toEqual([
      { questionId: 'violence', suggestion: 'risk_assessment' },
      { questionId: 'sex_for_compensation', suggestion: 'support_talk' },
    ]);
    expect(followUpProblems(set, answers, [])).toEqual(['followUpMissing']);
    const done = [
      { questionId: 'violence', suggestion: 'risk_assessment' as const, action: 'planned' as const, note: '' },
      { questionId: 'sex_for_compensation', suggestion: 'support_talk' as const, action: 'offered_accepted' as const, note: 'Tid bokad.' },
    ];
    expect(followUpProblems(set, answers, done)).toEqual([]);
    expect(followUpProblems(set, { sex_for_compensation: 'no' }, done)).toEqual(['followUpNotSuggested']);
  });
  test('a choice answer can lead somewhere too (a buyer unsure whether someone was under 18)', () => {
    const kast = sets.find((s) => s.key === 'utvag-kast')!;
    expect(suggestionsFor(kast, { under_18: 'unsure' })).toEqual([{ questionId: 'under_18', suggestion: 'risk_assessment' }]);
    expect(suggestionsFor(kast, { under_18: 'no' })).toEqual([]);
  });
});

describe('the set follows the person’s role and age', () => {
  test('children are asked the children’s set whatever the role; adult buyers the buyers’ set; other adults the adults’ set', () => {
    expect(audienceFor({ personRole: 'exposed', ageGroup: '15_17' })).toBe('children');
    expect(audienceFor({ personRole: 'buys', ageGroup: '15_17', unitKind: 'children' })).toBe('children');
    expect(audienceFor({ personRole: 'exposed', ageGroup: 'under_15' })).toBe('children');
    expect(audienceFor({ personRole: 'exposed', ageGroup: 'unknown', unitKind: 'children' })).toBe('children');
    expect(audienceFor({ personRole: 'buys', ageGroup: 'adult', unitKind: 'kast' })).toBe('buyers');
    expect(audienceFor({ personRole: 'buys', ageGroup: 'unknown', unitKind: 'kast' })).toBe('buyers');
    expect(audienceFor({ personRole: 'exposed', ageGroup: 'adult', unitKind: 'economic_aid' })).toBe('adults');
    expect(audienceFor({ personRole: 'relative', ageGroup: 'adult', unitKind: 'adult' })).toBe('adults');
  });
  test('the latest loaded set of the audience is picked: its default set, else the most recently published', () => {
    const latest = [
      { ...sets.find((s) => s.key === 'utvag-barn')!, publishedAt: '2026-01-01' },
      { ...set, publishedAt: '2026-01-01' },
      { ...sets.find((s) => s.key === 'utvag-kast')!, publishedAt: '2026-01-01' },
    ];
    expect(setForCase(latest, { personRole: 'exposed', ageGroup: '15_17', unitKind: 'children' })?.key).toBe('utvag-barn');
    expect(setForCase(latest, { personRole: 'buys', ageGroup: 'adult', unitKind: 'kast' })?.key).toBe('utvag-kast');
    expect(setForCase(latest, { personRole: 'exposed', ageGroup: 'adult', unitKind: 'adult' })?.key).toBe('utvag-standard');
    const other = [
      { key: 'annan-kommun-a', audience: 'children' as const, publishedAt: '2026-02-01' },
      { key: 'annan-kommun-b', audience: 'children' as const, publishedAt: '2026-03-01' },
    ];
    expect(setForCase(other, { personRole: 'exposed', ageGroup: '15_17' })?.key).toBe('annan-kommun-b');
    expect(setForCase(other, { personRole: 'exposed', ageGroup: 'adult' })).toBeUndefined();
  });
});

describe('coverage', () => {
  test('the share of new cases asked', () => {
    expect(coverageShare(0, 0)).toBe(0);
    expect(coverageShare(3, 2)).toBe(0.667);
    expect(coverageShare(4, 4)).toBe(1);
  });
});
