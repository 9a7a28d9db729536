import { describe, expect, test } from 'vitest';
import { DEFAULT_PRESERVATION, preservationProblem, preservedBecause } from './preservation.ts';

describe('bevarande (SoF 7 kap. 2 §)', () => {
  test('by default the persons born on the 5th, 15th and 25th are kept, no one else', () => {
    for (const d of ['1990-03-05', '1990-03-15', '1990-03-25']) expect(preservedBecause({ birthDate: d }, DEFAULT_PRESERVATION)).toBe('birth_day');
    expect(preservedBecause({ birthDate: '1990-03-06' }, DEFAULT_PRESERVATION)).toBeNull();
    expect(preservedBecause({ birthDate: null }, DEFAULT_PRESERVATION)).toBeNull();
  });

  test('a municipality that keeps everything keeps every person, also one with no date of birth', () => {
    const all = { mode: 'all' as const, birthDays: [5, 15, 25], decision: 'KF 2024-02-29 § 12' };
    expect(preservedBecause({ birthDate: '1990-03-06' }, all)).toBe('municipality_keeps_all');
    expect(preservedBecause({ birthDate: null }, all)).toBe('municipality_keeps_all');
  });

  test('more days may be added, the law’s days not removed; keeping all names the decision', () => {
    expect(preservedBecause({ birthDate: '1990-03-01' }, { mode: 'birth_days', birthDays: [1, 5, 15, 25], decision: null })).toBe('birth_day');
    expect(preservationProblem({ mode: 'birth_days', birthDays: [1, 5, 15, 25], decision: null })).toBeNull();
    expect(preservationProblem({ mode: 'birth_days', birthDays: [5, 15], decision: null })).toBe('preservationDaysRequired');
    expect(preservationProblem({ mode: 'birth_days', birthDays: [5, 15, 25, 32], decision: null })).toBe('preservationBadDay');
    expect(preservationProblem({ mode: 'all', birthDays: [5, 15, 25], decision: ' ' })).toBe('preservationDecisionRequired');
    expect(preservationProblem({ mode: 'all', birthDays: [5, 15, 25], decision: 'KF 2024-02-29 § 12' })).toBeNull();
  });
});
