import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EntryIn } from './schema.ts';
import { consentActorKind, entryFromCsv, namedConsentProblem, referralProblem, reviewDue, reviewDueOn, searchText, type SearchableEntry } from './rules.ts';

const housing: SearchableEntry = {
  name: 'Skyddat boende Regnbågen (fiktivt)',
  kind: 'civil_society',
  offerSv: 'Skyddat boende för män, pojkar och transpersoner som utsatts för våld eller människohandel.',
  offerEn: 'Protected housing for men, boys and trans persons exposed to violence or trafficking.',
  targetGroups: ['exposed_adults', 'children_young'],
  ageMin: 16,
  ageMax: null,
  genders: ['men', 'trans'],
  languages: ['sv', 'en'],
  anonymousContact: true,
  exclusionCriteria: null,
  meansTested: false,
};

describe('the words an entry is found by', () => {
  test('housing for men, boys and trans persons is found by those words in both languages', () => {
    expect(searchText(housing, 'sv')).toMatch(/transpersoner.*pojkar|pojkar.*transpersoner/s);
    expect(searchText(housing, 'sv')).toContain('inga uteslutningskriterier');
    expect(searchText(housing, 'en')).toContain('boys');
    expect(searchText(housing, 'en')).toContain('no exclusion criteria');
    expect(searchText({ ...housing, ageMin: 18, offerEn: 'Housing.' }, 'en')).not.toContain('boys');
    expect(searchText({ ...housing, offerEn: 'Housing.' }, 'en')).toContain('boys');
    expect(searchText({ ...housing, exclusionCriteria: 'Aktivt missbruk' }, 'sv')).not.toContain('inga uteslutningskriterier');
  });
});

describe('review after twelve months', () => {
  test.each([
    ['2025-03-01', '2026-02-28', false],
    ['2025-03-01', '2026-03-01', true],
    ['2024-02-29', '2025-02-27', false],
    ['2024-02-29', '2025-02-28', true],
  ])('last reviewed %s, on %s due: %s', (last, today, due) => {
    expect(reviewDue(last, today)).toBe(due);
  });
  test('29 February falls due on 28 February', () => expect(reviewDueOn('2028-02-29')).toBe('2029-02-28'));
});

describe('a CSV row', () => {
  const row = { name: 'Skuldrådgivning (fiktiv)', kind: 'municipal', offer_sv: 'Hjälp med skulder.', offer_en: 'Help with debts.', target_groups: 'exposed_adults;buyers', age_min: '18', age_max: '', genders: '', languages: 'sv; en', anonymous_contact: 'ja', exclusion_criteria: 'inga', means_tested: 'nej', visibility: 'public' };
  test('is read into an entry: lists, yes/no, "inga" as no exclusion criteria', () => {
    const parsed = EntryIn.parse(entryFromCsv(row));
    expect(parsed).toMatchObject({ targetGroups: ['exposed_adults', 'buyers'], ageMin: 18, ageMax: null, languages: ['sv', 'en'], anonymousContact: true, exclusionCriteria: null, meansTested: false });
  });
  test('bad values fail with the field named', () => {
    const r = EntryIn.safeParse(entryFromCsv({ ...row, age_min: 'tjugo', kind: 'other', target_groups: '' }));
    expect(r.success).toBe(false);
    expect(new Set(r.error!.issues.map((i) => String(i.path[0])))).toEqual(new Set(['ageMin', 'kind', 'targetGroups']));
  });
  test('any text in any field: the reader never throws, validation decides', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(row), 'last_reviewed_on', 'web'), fc.string()), (record) => {
        const r = EntryIn.safeParse(entryFromCsv(record));
        if (r.success) expect(r.data.targetGroups.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('a referral from a case', () => {
  test('needs consent given on or before the referral, or a legal basis', () => {
    expect(referralProblem(null, '2026-03-01', '2026-03-02')).toBe('referralNeedsConsent');
    expect(referralProblem({ kind: 'consent', consentGivenOn: '2026-03-02' }, '2026-03-01', '2026-03-02')).toBe('referralNeedsConsent');
    expect(referralProblem({ kind: 'consent', consentGivenOn: '2026-03-01' }, '2026-03-01', '2026-03-02')).toBeNull();
    expect(referralProblem({ kind: 'legal_basis', legalBasis: ' ' }, '2026-03-01', '2026-03-02')).toBe('referralNeedsConsent');
    expect(referralProblem({ kind: 'legal_basis', legalBasis: '10 kap. 2 § OSL' }, '2026-03-03', '2026-03-02')).toBe('referralInTheFuture');
  });
});

describe('a referral’s consent is the consents capability’s', () => {
  const person = 'p-1';
  const consent = { personId: person, actorKind: 'civil_society', basis: 'consent', givenOn: '2026-03-01', expiresOn: '2026-06-30', withdrawnAt: null };
  const referral = { personId: person, actorKind: 'civil_society' as const, referredOn: '2026-03-10' };
  test('the actor follows the entry: its well-known key, then its kind', () => {
    expect(consentActorKind({ wellKnown: 'barnahus', kind: 'regional' })).toBe('barnahus');
    expect(consentActorKind({ wellKnown: 'regional_coordinator', kind: 'regional' })).toBe('regional_coordinator');
    expect(consentActorKind({ wellKnown: null, kind: 'civil_society' })).toBe('civil_society');
    expect(consentActorKind({ wellKnown: null, kind: 'municipal' })).toBe('social_services');
    expect(consentActorKind({ wellKnown: null, kind: 'national' })).toBe('other');
  });
  test('a named consent must be the person’s, in force that day, and to that actor (or a general one)', () => {
    expect(namedConsentProblem(consent, referral)).toBeNull();
    expect(namedConsentProblem(undefined, referral)).toBe('consentNotFound');
    expect(namedConsentProblem({ ...consent, personId: 'p-2' }, referral)).toBe('consentNotFound');
    expect(namedConsentProblem(consent, { ...referral, referredOn: '2026-02-28' })).toBe('consentNotInForce');
    expect(namedConsentProblem(consent, { ...referral, referredOn: '2026-07-01' })).toBe('consentNotInForce');
    expect(namedConsentProblem({ ...consent, withdrawnAt: '2026-03-05T10:00:00Z' }, referral)).toBe('consentNotInForce');
    expect(namedConsentProblem(consent, { ...referral, actorKind: 'healthcare' })).toBe('consentForAnotherActor');
    expect(namedConsentProblem({ ...consent, actorKind: 'other' }, { ...referral, actorKind: 'healthcare' })).toBeNull();
  });
});
