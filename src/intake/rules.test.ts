import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PERSON_ROLES } from '../cases/rules.ts';
import { ageGroupOf, ageRange, assessmentDueDate, chosenUnitProblem, contactProblems, draftToKeep, receivedOnProblem, routeContact, routingAgeDate } from './rules.ts';

const ON = new Date('2026-03-10T12:00:00Z');
const role = fc.constantFrom(...PERSON_ROLES);

describe('age', () => {
  test('from a date of birth, the birthday counts', () => {
    expect(ageRange({ birthDate: '2008-03-10' }, ON)).toEqual([18, 18]);
    expect(ageRange({ birthDate: '2008-03-11' }, ON)).toEqual([17, 17]);
  });
  test('a stated age is used as said; a birth year alone gives two possible ages', () => {
    expect(ageRange({ statedAge: 16 }, ON)).toEqual([16, 16]);
    expect(ageRange({ birthYear: 2008 }, ON)).toEqual([17, 18]);
    expect(ageRange({}, ON)).toBeNull();
  });
  test('when uncertain, the person is presumed the younger age (a child until shown otherwise)', () => {
    expect(ageGroupOf([17, 18])).toBe('15_17');
    expect(ageGroupOf([14, 15])).toBe('under_15');
    expect(ageGroupOf(null)).toBe('unknown');
  });
});

describe('routing by age', () => {
  test('a 16-year-old who is exposed goes to the children’s intake as a victim with Barnahus offered', () => {
    expect(routeContact({ ageGroup: ageGroupOf([16, 16]), personRole: 'exposed' })).toEqual({ outcome: 'routed', unitKind: 'children', ageGroup: '15_17', victim: true, barnahusOffered: true });
  });
  test('an adult who buys goes to KAST, an exposed adult to the adult unit', () => {
    expect(routeContact({ ageGroup: 'adult', personRole: 'buys' })).toMatchObject({ unitKind: 'kast', victim: false });
    expect(routeContact({ ageGroup: 'adult', personRole: 'exposed' })).toMatchObject({ unitKind: 'adult', victim: true });
  });
  test('an unknown age is its own outcome, never a silent default', () => {
    for (const r of PERSON_ROLES) expect(routeContact({ ageGroup: 'unknown', personRole: r })).toEqual({ outcome: 'age_not_known' });
  });

  test('property: every age under 18 goes to the children’s intake; an exposed child is always a victim with Barnahus', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 17 }), role, (age, personRole) => {
        const r = routeContact({ ageGroup: ageGroupOf([age, age]), personRole });
        expect(r.outcome).toBe('routed');
        if (r.outcome !== 'routed') return;
        expect(r.unitKind).toBe('children');
        expect(r.ageGroup).toBe(age < 15 ? 'under_15' : '15_17');
        if (personRole === 'exposed') expect(r).toMatchObject({ victim: true, barnahusOffered: true });
      }),
    );
  });

  test('property: every age 18 and over goes to the adult unit, or KAST for buyers, never the children’s intake', () => {
    fc.assert(
      fc.property(fc.integer({ min: 18, max: 120 }), role, (age, personRole) => {
        const r = routeContact({ ageGroup: ageGroupOf([age, age]), personRole });
        expect(r).toMatchObject({ outcome: 'routed', ageGroup: 'adult', unitKind: personRole === 'buys' ? 'kast' : 'adult', barnahusOffered: false });
      }),
    );
  });

  test('property: a birth year alone that may mean 17 routes to the children’s intake', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1920, max: 2026 }), (year) => {
        const range = ageRange({ birthYear: year }, ON)!;
        const r = routeContact({ ageGroup: ageGroupOf(range), personRole: 'exposed' });
        if (range[0] < 18) expect(r).toMatchObject({ unitKind: 'children' });
        else expect(r).toMatchObject({ unitKind: 'adult' });
      }),
    );
  });
});

describe('a unit chosen by hand', () => {
  test('a child never leaves the children’s intake; an exposed adult may be an economic-aid case; unknown age is the caseworker’s call', () => {
    const child = routeContact({ ageGroup: '15_17', personRole: 'exposed' });
    expect(chosenUnitProblem(child, 'adult')).toBe('unitDoesNotMatchRouting');
    expect(chosenUnitProblem(child, 'economic_aid')).toBe('unitDoesNotMatchRouting');
    expect(chosenUnitProblem(child, 'children')).toBeNull();
    expect(chosenUnitProblem(routeContact({ ageGroup: 'adult', personRole: 'exposed' }), 'economic_aid')).toBeNull();
    expect(chosenUnitProblem(routeContact({ ageGroup: 'adult', personRole: 'buys' }), 'adult')).toBe('unitDoesNotMatchRouting');
    expect(chosenUnitProblem({ outcome: 'age_not_known' }, 'kast')).toBeNull();
    expect(chosenUnitProblem({ outcome: 'age_not_known' }, 'chat')).toBe('unitNotForCases');
  });
});

describe('initial assessment due date', () => {
  test('14 days after a concern report about a child, none otherwise', () => {
    expect(assessmentDueDate({ concernReport: true, receivedOn: '2026-02-20' })).toBe('2026-03-06');
    expect(assessmentDueDate({ concernReport: true, receivedOn: '2026-12-25' })).toBe('2027-01-08');
    expect(assessmentDueDate({ concernReport: false, receivedOn: '2026-02-20' })).toBeNull();
  });
});

describe('the date of a contact', () => {
  const TODAY = '2026-06-15';
  test('not in the future; more than a year back only with a reason', () => {
    expect(receivedOnProblem('2026-06-16', null, TODAY)).toBe('dateInFuture');
    expect(receivedOnProblem('2026-06-15', null, TODAY)).toBeNull();
    expect(receivedOnProblem('2025-06-15', null, TODAY)).toBeNull();
    expect(receivedOnProblem('2025-06-14', null, TODAY)).toBe('receivedOnTooOld');
    expect(receivedOnProblem('1995-06-01', null, TODAY)).toBe('receivedOnTooOld');
    expect(receivedOnProblem('1995-06-01', 'Efterregistrering', TODAY)).toBeNull();
  });
  test('the age today routes unless a reason is given: a date alone does not make an adult a child', () => {
    expect(routingAgeDate('2026-01-10', null, TODAY)).toBe(TODAY);
    expect(routingAgeDate('2026-01-10', 'Anmälan kom sent', TODAY)).toBe('2026-01-10');
    const bornTurned18InMarch = { birthDate: '2008-03-01' };
    const on = (d: string) => ageGroupOf(ageRange(bornTurned18InMarch, new Date(`${d}T12:00:00Z`)));
    expect(on(routingAgeDate('2026-01-10', null, TODAY))).toBe('adult');
    expect(on(routingAgeDate('2026-01-10', 'Anmälan kom sent', TODAY))).toBe('15_17');
  });
});

describe('drafts', () => {
  const form = { name: 'Fiktiv', address: 'Fiktiv väg 1', phone: '070-000 00 00', email: 'f@example.org' };
  test('a protected person’s draft keeps no address or contact detail, in the form or in its person', () => {
    for (const protection of ['sekretessmarkering', 'skyddad_folkbokforing', 'fingerade_personuppgifter', 'something-else']) {
      expect(draftToKeep({ ...form, protection })).toEqual({ name: 'Fiktiv', protection });
      expect(draftToKeep({ channel: 'phone', person: { ...form, protection } })).toEqual({ channel: 'phone', person: { name: 'Fiktiv', protection } });
    }
  });
  test('other drafts are kept as they are', () => {
    expect(draftToKeep({ ...form, protection: 'none' })).toEqual({ ...form, protection: 'none' });
    expect(draftToKeep(form)).toEqual(form);
  });
});

describe('what a contact needs before it is saved', () => {
  const today = '2026-03-10';
  const base = { summary: 'Fiktiv kontakt.', receivedOn: today, receivedOnReason: null, person: { identityMode: 'anonymous' } };
  test('a complete anonymous contact has no problem', () => {
    expect(contactProblems(base, today)).toEqual([]);
  });
  test('an empty form (the defaults) is refused: the summary is required', () => {
    expect(contactProblems({ ...base, summary: '   ' }, today)).toEqual([{ path: 'summary', code: 'summaryRequired' }]);
  });
  test('the identity the mode promises: a name or a personnummer, or a pseudonym', () => {
    expect(contactProblems({ ...base, person: { identityMode: 'identified', name: '', personnummer: null } }, today)).toEqual([{ path: 'person.name', code: 'nameOrPersonnummerRequired' }]);
    expect(contactProblems({ ...base, person: { identityMode: 'identified', name: null, personnummer: '19811218-9876' } }, today)).toEqual([]);
    expect(contactProblems({ ...base, person: { identityMode: 'pseudonymous', pseudonym: ' ' } }, today)).toEqual([{ path: 'person.pseudonym', code: 'pseudonymRequired' }]);
  });
  test('a date more than a year back needs its reason', () => {
    expect(contactProblems({ ...base, receivedOn: '2024-01-01' }, today)).toEqual([{ path: 'receivedOnReason', code: 'receivedOnReasonRequired' }]);
    expect(contactProblems({ ...base, receivedOn: '2024-01-01', receivedOnReason: 'Efterregistrering' }, today)).toEqual([]);
  });
});
