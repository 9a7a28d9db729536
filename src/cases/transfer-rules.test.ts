import { describe, expect, test } from 'vitest';
import { canMoveBarnahus, isPersonFileDueForDeletion, legallyKept, type AgeGroup, type PersonRole } from './rules.ts';
import { transferProblem } from '../intake/rules.ts';

const unit = (id: string, kind: string, active = true) => ({ id, kind, active });
const base = { status: 'opened' as const, from: unit('bou', 'children'), pending: false, personRole: 'exposed' as PersonRole };

describe('transfers between units', () => {
  test('a young person who turned 18 may go to the adult unit; a child may not', () => {
    expect(transferProblem({ ...base, to: unit('nexus', 'adult'), ageGroupNow: 'adult' })).toBeNull();
    expect(transferProblem({ ...base, to: unit('nexus', 'adult'), ageGroupNow: '15_17' })).toBe('unitDoesNotMatchRouting');
    expect(transferProblem({ ...base, to: unit('kast', 'kast'), ageGroupNow: 'under_15' })).toBe('unitDoesNotMatchRouting');
    expect(transferProblem({ ...base, to: unit('kast', 'kast'), ageGroupNow: '15_17', personRole: 'buys' })).toBe('unitDoesNotMatchRouting');
  });
  test('another district’s unit of the same kind, and adult unit ↔ economic aid', () => {
    expect(transferProblem({ ...base, to: unit('bou-2', 'children'), ageGroupNow: '15_17' })).toBeNull();
    const adult = { ...base, from: unit('nexus', 'adult'), ageGroupNow: 'adult' as AgeGroup };
    expect(transferProblem({ ...adult, to: unit('eko', 'economic_aid') })).toBeNull();
    expect(transferProblem({ ...adult, from: unit('eko', 'economic_aid'), to: unit('nexus', 'adult') })).toBeNull();
    expect(transferProblem({ ...adult, to: unit('chat', 'chat') })).toBe('unitNotForCases');
    expect(transferProblem({ ...adult, personRole: 'buys', to: unit('eko', 'economic_aid') })).toBe('unitDoesNotMatchRouting');
  });
  test('not to itself, an inactive unit, while another is pending, or when closed', () => {
    expect(transferProblem({ ...base, to: unit('bou', 'children'), ageGroupNow: '15_17' })).toBe('sameUnit');
    expect(transferProblem({ ...base, to: unit('bou-2', 'children', false), ageGroupNow: '15_17' })).toBe('unitInactive');
    expect(transferProblem({ ...base, pending: true, to: unit('bou-2', 'children'), ageGroupNow: '15_17' })).toBe('transferPending');
    expect(transferProblem({ ...base, status: 'closed', to: unit('bou-2', 'children'), ageGroupNow: '15_17' })).toBe('caseClosed');
  });
  test('with the age unknown, any case unit is the caseworker’s call', () => {
    expect(transferProblem({ ...base, to: unit('nexus', 'adult'), ageGroupNow: 'unknown' })).toBeNull();
  });
});

describe('Barnahus states', () => {
  test('offered → referred → accepted or declined; all reachable', () => {
    expect(canMoveBarnahus('offered', 'accepted')).toBe(true);
    expect(canMoveBarnahus('offered', 'declined')).toBe(true);
    expect(canMoveBarnahus('referred', 'accepted')).toBe(true);
    expect(canMoveBarnahus('declined', 'offered')).toBe(true);
    expect(canMoveBarnahus('not_applicable', 'accepted')).toBe(false);
    expect(canMoveBarnahus('accepted', 'declined')).toBe(false);
  });
});

describe('the person’s file (personakt) and retention', () => {
  const now = new Date('2026-06-15T00:00:00Z');
  const yearsAgo = (y: number) => new Date(now.getTime() - y * 365.25 * 86_400_000);
  test('a five-year-old closed case stays while the person has a recent entry in another case', () => {
    const old = { status: 'closed' as const, lastActivityAt: yearsAgo(6) };
    expect(isPersonFileDueForDeletion({ birthDate: null, cases: [old] }, now)).toBe(true);
    expect(isPersonFileDueForDeletion({ birthDate: null, cases: [old, { status: 'closed', lastActivityAt: yearsAgo(1) }] }, now)).toBe(false);
    expect(isPersonFileDueForDeletion({ birthDate: null, cases: [old, { status: 'follow_up', lastActivityAt: yearsAgo(7) }] }, now)).toBe(false);
  });
  test('what the law says must be kept is excluded by rule: born on the 5th, 15th or 25th', () => {
    const old = { status: 'closed' as const, lastActivityAt: yearsAgo(6) };
    for (const d of ['1990-03-05', '1990-03-15', '1990-03-25']) {
      expect(legallyKept({ birthDate: d })).toBe(true);
      expect(isPersonFileDueForDeletion({ birthDate: d, cases: [old] }, now)).toBe(false);
    }
    expect(legallyKept({ birthDate: '1990-03-06' })).toBe(false);
    expect(legallyKept({ birthDate: null })).toBe(false);
  });
});
