import { describe, expect, test } from 'vitest';
import { CONTACT_DETAIL_FIELDS, identityProblem, personFieldsRead, personShown, selfHarmOnEditProblem, selfHarmProblem } from './rules.ts';

const none = { personnummer: null, name: null, pseudonym: null, birthDate: null, birthYear: null };
const TODAY = '2026-06-15';

describe('identity', () => {
  test('each identity mode needs what makes it that mode, and nothing that contradicts it', () => {
    expect(identityProblem({ ...none, identityMode: 'anonymous' }, TODAY)).toBeNull();
    expect(identityProblem({ ...none, identityMode: 'anonymous', name: 'Fiktiv' }, TODAY)).toBe('anonymousWithIdentity');
    expect(identityProblem({ ...none, identityMode: 'identified' }, TODAY)).toBe('identifiedNeedsIdentity');
    expect(identityProblem({ ...none, identityMode: 'identified', personnummer: '811218-9876' }, TODAY)).toBeNull();
    expect(identityProblem({ ...none, identityMode: 'pseudonymous' }, TODAY)).toBe('pseudonymousNeedsPseudonym');
  });
  test('a date of birth or a year, not both, and not in the future', () => {
    expect(identityProblem({ ...none, identityMode: 'anonymous', birthDate: '2000-01-01', birthYear: 2000 }, TODAY)).toBe('birthDateAndYear');
    expect(identityProblem({ ...none, identityMode: 'anonymous', birthDate: '2026-06-16' }, TODAY)).toBe('dateInFuture');
    expect(identityProblem({ ...none, identityMode: 'anonymous', birthDate: '2026-06-15' }, TODAY)).toBeNull();
  });
});

describe('protected personal data', () => {
  const stored = { id: 'p', personnummer: '198112189876', protection: 'none', address: 'Fiktiva vägen 1', phone: '070-000 00 01', email: 'x@example.org' };
  test('without protection the contact details show and the personnummer is written with a dash', () => {
    expect(personShown(stored)).toEqual({ ...stored, personnummer: '19811218-9876', contactDetailsHidden: false });
    expect(personFieldsRead(false)).toEqual(expect.arrayContaining(CONTACT_DETAIL_FIELDS));
  });
  test('any protection level hides address, phone and e-mail, and the read does not name them', () => {
    for (const protection of ['sekretessmarkering', 'skyddad_folkbokforing', 'fingerade_personuppgifter']) {
      expect(personShown({ ...stored, protection })).toMatchObject({ contactDetailsHidden: true, address: null, phone: null, email: null });
    }
    expect(personFieldsRead(true).some((f) => CONTACT_DETAIL_FIELDS.includes(f))).toBe(false);
  });
});

describe('self-harm only in addition', () => {
  test('a child exposed to exploitation is never recorded with self-harm instead of the exploitation', () => {
    expect(selfHarmProblem({ riskFactors: ['self_harm'], child: true, exposed: true, exploitationTypes: [] })).toBe('selfHarmOnlyInAddition');
    expect(selfHarmProblem({ riskFactors: ['self_harm'], child: true, exposed: true, exploitationTypes: ['sex_for_compensation'] })).toBeNull();
    expect(selfHarmProblem({ riskFactors: ['self_harm'], child: false, exposed: true, exploitationTypes: [] })).toBeNull();
    expect(selfHarmProblem({ riskFactors: ['school_absence'], child: true, exposed: true, exploitationTypes: [] })).toBeNull();
  });
});

describe('self-harm added to a person later', () => {
  const child = (exploitationTypes: string[]) => ({ ageGroup: '15_17', personRole: 'exposed', exploitationTypes });
  test('refused while a child’s open case as exposed names no exploitation', () => {
    expect(selfHarmOnEditProblem(['self_harm'], [child(['grooming']), child([])])).toBe('selfHarmOnlyInAddition');
    expect(selfHarmOnEditProblem(['self_harm'], [{ ...child([]), ageGroup: 'under_15' }])).toBe('selfHarmOnlyInAddition');
  });
  test('allowed beside the exploitation, for adults, for other roles, and when self-harm is not added', () => {
    expect(selfHarmOnEditProblem(['self_harm'], [child(['sex_for_compensation'])])).toBeNull();
    expect(selfHarmOnEditProblem(['self_harm'], [{ ...child([]), ageGroup: 'adult' }])).toBeNull();
    expect(selfHarmOnEditProblem(['self_harm'], [{ ...child([]), personRole: 'relative' }])).toBeNull();
    expect(selfHarmOnEditProblem(['homelessness'], [child([])])).toBeNull();
    expect(selfHarmOnEditProblem(['self_harm'], [])).toBeNull();
  });
});
