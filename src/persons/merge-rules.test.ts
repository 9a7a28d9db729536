import { describe, expect, test } from 'vitest';
import { mergedPerson, mergeProblem, mergeRequestWithdrawProblem, mergeUndoProblem, undoneFields, type MergeFields } from './rules.ts';

const base: MergeFields = {
  identityMode: 'anonymous', personnummer: null, idKind: null, name: null, pseudonym: null, birthDate: null, birthYear: null, gender: 'not_stated', languages: [], interpreterNeeded: false,
  citizenship: null, euCitizen: null, riskFactors: [], residenceStatus: 'unknown', districtId: null, protection: 'none', address: null, phone: null, email: null,
};
const pseudonymous: MergeFields = { ...base, identityMode: 'pseudonymous', pseudonym: 'Fiktiva Frida', birthYear: 2001, languages: ['sv', 'ro'], riskFactors: ['homelessness'], gender: 'woman' };
const identified: MergeFields = { ...base, identityMode: 'identified', personnummer: '200103151234', idKind: 'personnummer', name: 'Frida Fiktiv', birthDate: '2001-03-15', languages: ['sv'], riskFactors: ['substance_use'], protection: 'sekretessmarkering', phone: '070-000 00 00' };

describe('merging two records of one person', () => {
  test('two different personnummer are two people; a record is not merged with itself or twice', () => {
    const a = { id: 'a', personnummer: '200103151234', mergedInto: null };
    expect(mergeProblem(a, { id: 'b', personnummer: '199002021234', mergedInto: null })).toBe('mergeDifferentPersonnummer');
    expect(mergeProblem(a, { ...a })).toBe('mergeSamePerson');
    expect(mergeProblem(a, { id: 'b', personnummer: null, mergedInto: 'c' })).toBe('mergeAlreadyMerged');
    expect(mergeProblem(a, { id: 'b', personnummer: null, mergedInto: null })).toBeNull();
    expect(mergeProblem(a, { id: 'b', personnummer: '200103151234', mergedInto: null })).toBeNull();
  });

  test('the stricter protection wins, whichever record survives', () => {
    expect(mergedPerson(pseudonymous, identified).protection).toBe('sekretessmarkering');
    expect(mergedPerson(identified, pseudonymous).protection).toBe('sekretessmarkering');
    expect(mergedPerson({ ...identified, protection: 'skyddad_folkbokforing' }, { ...pseudonymous, protection: 'sekretessmarkering' }).protection).toBe('skyddad_folkbokforing');
    expect(mergedPerson({ ...pseudonymous, protection: 'fingerade_personuppgifter' }, identified).protection).toBe('fingerade_personuppgifter');
  });

  test('the survivor keeps what it knows, the other fills the gaps, lists join, the most identified identity wins', () => {
    const r = mergedPerson(pseudonymous, identified);
    expect(r).toMatchObject({ identityMode: 'identified', personnummer: '200103151234', idKind: 'personnummer', name: 'Frida Fiktiv', pseudonym: 'Fiktiva Frida', gender: 'woman', phone: '070-000 00 00' });
    // A date of birth makes the birth year redundant (never both).
    expect(r.birthDate).toBe('2001-03-15');
    expect(r.birthYear).toBeNull();
    expect(r.languages).toEqual(['sv', 'ro']);
    expect(r.riskFactors.sort()).toEqual(['homelessness', 'substance_use']);
    expect(mergedPerson(identified, pseudonymous).identityMode).toBe('identified');
    expect(mergedPerson(base, pseudonymous).identityMode).toBe('pseudonymous');
  });

  test('an undo is possible once, within 30 days', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    expect(mergeUndoProblem({ mergedAt: at, undoneAt: null }, new Date('2026-03-31T09:59:00Z'))).toBeNull();
    expect(mergeUndoProblem({ mergedAt: at, undoneAt: null }, new Date('2026-03-31T10:01:00Z'))).toBe('mergeUndoWindowPassed');
    expect(mergeUndoProblem({ mergedAt: at, undoneAt: new Date('2026-03-02T00:00:00Z') }, new Date('2026-03-03T00:00:00Z'))).toBe('mergeAlreadyUndone');
  });

  test('an undo restores what the merge changed, but keeps a change made after it (a protection raised since stays)', () => {
    const atMerge = mergedPerson(pseudonymous, identified);
    expect(undoneFields(pseudonymous, atMerge, atMerge)).toEqual(pseudonymous);
    const raisedSince = { ...atMerge, protection: 'skyddad_folkbokforing', phone: null };
    const undone = undoneFields(pseudonymous, atMerge, raisedSince);
    expect(undone.protection).toBe('skyddad_folkbokforing');
    expect(undone.phone).toBeNull();
    expect(undone.personnummer).toBeNull();
    expect(undone.identityMode).toBe('pseudonymous');
  });
});

describe('withdrawing a merge request', () => {
  test('only the asking unit, only while unanswered', () => {
    expect(mergeRequestWithdrawProblem({ callerInRequestingUnit: true, status: 'pending' })).toBeNull();
    expect(mergeRequestWithdrawProblem({ callerInRequestingUnit: false, status: 'pending' })).toBe('notFound');
    expect(mergeRequestWithdrawProblem({ callerInRequestingUnit: true, status: 'accepted' })).toBe('mergeRequestDecided');
    expect(mergeRequestWithdrawProblem({ callerInRequestingUnit: true, status: 'declined' })).toBe('mergeRequestDecided');
    expect(mergeRequestWithdrawProblem({ callerInRequestingUnit: true, status: 'withdrawn' })).toBe('mergeRequestWithdrawn');
    // Someone else never learns the request's state.
    expect(mergeRequestWithdrawProblem({ callerInRequestingUnit: false, status: 'declined' })).toBe('notFound');
  });
});
