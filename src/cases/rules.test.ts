import { describe, expect, test } from 'vitest';
import {
  canMoveTo,
  CASE_KEEP_DAYS,
  CASE_STATUSES,
  decisionProblems,
  isAssessmentOverdue,
  isCaseDueForDeletion,
  journalEditProblem,
  proposesRegionalReferral,
  REFUSAL_GROUNDS,
  regionalReferralAfter,
  regionalReferralProblem,
  SUPPORT_TYPES,
} from './rules.ts';

describe('lifecycle', () => {
  test('forward one step at a time, closed from anywhere, nothing after closed', () => {
    expect(canMoveTo('opened', 'initial_assessment')).toBe(true);
    expect(canMoveTo('opened', 'decisions')).toBe(false);
    expect(canMoveTo('investigation', 'decisions')).toBe(true);
    for (const s of CASE_STATUSES) expect(canMoveTo('closed', s)).toBe(false);
    for (const s of CASE_STATUSES.filter((s) => s !== 'closed')) expect(canMoveTo(s, 'closed')).toBe(true);
  });
  test('an initial assessment is overdue only while still waiting and past its date', () => {
    expect(isAssessmentOverdue({ status: 'opened', assessmentDue: '2026-03-01' }, '2026-03-02')).toBe(true);
    expect(isAssessmentOverdue({ status: 'opened', assessmentDue: '2026-03-01' }, '2026-03-01')).toBe(false);
    expect(isAssessmentOverdue({ status: 'investigation', assessmentDue: '2026-03-01' }, '2026-03-02')).toBe(false);
    expect(isAssessmentOverdue({ status: 'opened', assessmentDue: null }, '2026-03-02')).toBe(false);
  });
});

describe('decisions', () => {
  const ok = { supportType: 'economic_aid' as const, outcome: 'granted' as const, reasoning: 'Behov av försörjning under utredningstiden.' };
  test('a reasoned grant passes; a refusal needs a ground; a closed case takes no decisions', () => {
    expect(decisionProblems(ok, 'decisions')).toEqual([]);
    expect(decisionProblems({ ...ok, outcome: 'refused' }, 'decisions')).toContain('refusalNeedsGround');
    expect(decisionProblems({ ...ok, reasoning: 'kort' }, 'decisions')).toContain('reasoningTooShort');
    expect(decisionProblems(ok, 'closed')).toContain('caseClosed');
  });
  test('no support is conditional on being drug-free: neither the catalogue nor a reasoning may say so', () => {
    expect(REFUSAL_GROUNDS.some((g) => /drug|drog|sober/i.test(g))).toBe(false);
    for (const supportType of SUPPORT_TYPES) {
      expect(decisionProblems({ supportType, outcome: 'refused', refusalGround: 'other', reasoning: 'Avslag eftersom personen inte är drogfri.' }, 'decisions')).toContain('drugFreeCondition');
      expect(decisionProblems({ supportType, outcome: 'granted', reasoning: 'Granted on condition that the person stays drug-free.' }, 'decisions')).toContain('drugFreeCondition');
    }
  });
});

describe('journal', () => {
  test('a signed entry is never edited; only the author edits an unsigned one', () => {
    expect(journalEditProblem({ signedAt: new Date(), authorId: 'a' }, 'a')).toBe('journalSigned');
    expect(journalEditProblem({ signedAt: null, authorId: 'a' }, 'b')).toBe('notAuthor');
    expect(journalEditProblem({ signedAt: null, authorId: 'a' }, 'a')).toBeNull();
  });
});

describe('retention', () => {
  const now = new Date('2031-06-01T00:00:00Z');
  test('a closed case is due five years after its last entry, an open one never', () => {
    expect(isCaseDueForDeletion({ status: 'closed', lastActivityAt: new Date('2026-05-01T00:00:00Z') }, now)).toBe(true);
    expect(isCaseDueForDeletion({ status: 'closed', lastActivityAt: new Date('2026-07-01T00:00:00Z') }, now)).toBe(false);
    expect(isCaseDueForDeletion({ status: 'follow_up', lastActivityAt: new Date('2010-01-01T00:00:00Z') }, now)).toBe(false);
    expect(CASE_KEEP_DAYS).toBeGreaterThanOrEqual(5 * 365);
  });
});

describe('trafficking indicators and the regional coordinator', () => {
  test('any indicator proposes a referral', () => {
    expect(proposesRegionalReferral([])).toBe(false);
    expect(proposesRegionalReferral(['debt_to_exploiter'])).toBe(true);
  });
  test('changing the indicators proposes or withdraws the referral, but one already made stays made', () => {
    expect(regionalReferralAfter('none', ['debt_to_exploiter'])).toBe('proposed');
    expect(regionalReferralAfter('proposed', [])).toBe('none');
    expect(regionalReferralAfter('referred', [])).toBe('referred');
  });
  test('the referral needs recorded consent or a legal basis', () => {
    expect(regionalReferralProblem(['debt_to_exploiter'], null)).toBe('referralNeedsConsent');
    expect(regionalReferralProblem(['debt_to_exploiter'], { kind: 'legal_basis', legalBasis: ' ' })).toBe('referralNeedsConsent');
    expect(regionalReferralProblem(['debt_to_exploiter'], { kind: 'consent', consentGivenOn: '2026-03-01' })).toBeNull();
    expect(regionalReferralProblem([], { kind: 'consent', consentGivenOn: '2026-03-01' })).toBe('noIndicators');
  });
});
