import { describe, expect, test } from 'vitest';
import { answerProblems, coverageShare, questionSetProblems } from './rules.ts';
import { bundledSets } from './store.ts';

const set = bundledSets().find((s) => s.key === 'utvag-standard')!;
const allDeclined = Object.fromEntries(set.questions.map((q) => [q.id, 'declined']));

describe('question sets', () => {
  test('the bundled set asks about sex for compensation alongside alcohol, drugs, gambling, violence and children', () => {
    const sections = new Set(set.questions.map((q) => q.section));
    for (const s of ['sex_for_compensation', 'alcohol', 'drugs', 'gambling', 'violence', 'children']) expect(sections).toContain(s);
    expect(set.routineNote.sv).toMatch(/alla/);
    expect(questionSetProblems(set)).toEqual([]);
  });
  test('structural problems are found', () => {
    const q = set.questions[0]!;
    expect(questionSetProblems({ ...set, questions: [q, q] })).toContain('duplicateQuestionId');
    expect(questionSetProblems({ ...set, questions: [{ ...q, type: 'choice', options: [] }] })).toContain('choiceNeedsOptions');
  });
});

describe('answers', () => {
  test('every question answered, declining allowed', () => {
    expect(answerProblems(set, allDeclined)).toEqual([]);
    const { alcohol: _omitted, ...missing } = allDeclined;
    expect(answerProblems(set, missing)).toContain('unansweredQuestion');
    expect(answerProblems(set, { ...allDeclined, nonsense: 'yes' })).toContain('unknownQuestion');
    expect(answerProblems(set, { ...allDeclined, drugs: 'maybe' })).toContain('invalidAnswer');
    expect(answerProblems(set, { ...allDeclined, alcohol: 'weekly', drugs: 'no' })).toEqual([]);
    expect(answerProblems(set, { ...allDeclined, alcohol: 'hourly' })).toContain('invalidAnswer');
  });
});

describe('coverage', () => {
  test('the share of new cases asked', () => {
    expect(coverageShare(0, 0)).toBe(0);
    expect(coverageShare(3, 2)).toBe(0.667);
    expect(coverageShare(4, 4)).toBe(1);
  });
});
