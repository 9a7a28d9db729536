import { describe, expect, test } from 'vitest';
import {
  canMoveTo,
  CASE_KEEP_DAYS,
  CASE_STATUSES,
  decisionProblems,
  decisionWarnings,
  endMeasureProblem,
  measureState,
  supportTypesFor,
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
  const ok = { supportType: 'economic_aid' as const, outcome: 'granted' as const, startsOn: '2026-03-01', endsOn: '2026-05-31', reasoning: 'Behov av försörjning under utredningstiden.' };
  test('a reasoned grant with a period passes; a refusal needs a ground and has no period; a closed case takes no decisions', () => {
    expect(decisionProblems(ok, 'decisions')).toEqual([]);
    expect(decisionProblems({ ...ok, outcome: 'refused' }, 'decisions')).toEqual(expect.arrayContaining(['refusalNeedsGround', 'refusalHasNoPeriod']));
    expect(decisionProblems({ ...ok, reasoning: 'kort' }, 'decisions')).toContain('reasoningTooShort');
    expect(decisionProblems(ok, 'closed')).toContain('caseClosed');
    expect(decisionProblems({ ...ok, endsOn: null }, 'decisions')).toContain('measureNeedsPeriod');
    expect(decisionProblems({ ...ok, endsOn: '2026-02-28' }, 'decisions')).toContain('measureEndsBeforeStart');
  });
  test('no support is conditional on being drug-free: a structured condition, whatever the reasoning says', () => {
    expect(REFUSAL_GROUNDS.some((g) => /drug|drog|sober/i.test(g))).toBe(false);
    for (const supportType of SUPPORT_TYPES) {
      const refusal = { supportType, outcome: 'refused' as const, refusalGround: 'other' as const, reasoning: 'Avslag enligt bedömningen i utredningen.' };
      expect(decisionProblems({ ...refusal, conditions: ['drug_free'] }, 'decisions')).toContain('drugFreeCondition');
      expect(decisionProblems({ ...ok, supportType, conditions: ['drug_tests', 'attends_meetings'] }, 'decisions')).toContain('drugFreeCondition');
      expect(decisionProblems({ ...ok, supportType, conditions: ['follows_plan'] }, 'decisions')).not.toContain('drugFreeCondition');
    }
    // The words alone decide nothing: the reasoning may say that drug-freedom is not required.
    expect(decisionProblems({ ...ok, reasoning: 'Personen behöver inte vara drogfri för att få stöd.' }, 'decisions')).toEqual([]);
  });
  test('refusing economic aid because of money from a sex buyer warns; other income or other support does not', () => {
    const refusal = { supportType: 'economic_aid' as const, outcome: 'refused' as const, refusalGround: 'sufficient_income' as const, reasoning: 'Personen har haft inkomster under månaden.' };
    expect(decisionProblems({ ...refusal, incomeSources: ['sex_buyer'] }, 'decisions')).toEqual([]);
    expect(decisionWarnings({ ...refusal, incomeSources: ['sex_buyer'] })).toEqual(['sexBuyerIncome']);
    expect(decisionWarnings({ ...refusal, incomeSources: ['work', 'sex_buyer'] })).toEqual(['sexBuyerIncome']);
    expect(decisionWarnings({ ...refusal, incomeSources: ['work'] })).toEqual([]);
    expect(decisionWarnings({ ...refusal, supportType: 'long_term_housing', incomeSources: ['sex_buyer'] })).toEqual([]);
    expect(decisionProblems({ ...refusal, incomeSources: [] }, 'decisions')).toContain('incomeNeedsSource');
    expect(decisionProblems({ ...refusal, refusalGround: 'other', incomeSources: ['work'] }, 'decisions')).toContain('incomeOnlyForIncomeGround');
  });
});

describe('support offered fits the person and the unit', () => {
  test('a 14-year-old is not offered economic aid in their own name, a journey home or housing of their own', () => {
    const child = supportTypesFor({ ageGroup: 'under_15', personRole: 'exposed', unitKind: 'children' });
    for (const s of ['economic_aid', 'journey_home', 'long_term_housing', 'kast_talks']) expect(child).not.toContain(s);
    for (const s of ['protected_housing', 'support_talks', 'trauma_treatment']) expect(child).toContain(s);
    expect(supportTypesFor({ ageGroup: 'unknown', personRole: 'exposed', unitKind: 'children' })).not.toContain('economic_aid');
    expect(decisionProblems({ supportType: 'economic_aid', outcome: 'granted', startsOn: '2026-03-01', endsOn: '2026-04-01', reasoning: 'Behov av pengar till mat.' }, 'decisions', child)).toContain('supportTypeNotOffered');
  });
  test('buyers are offered KAST talks and not the support meant for the people they bought from', () => {
    const buyer = supportTypesFor({ ageGroup: 'adult', personRole: 'buys', unitKind: 'kast' });
    expect(buyer).toContain('kast_talks');
    for (const s of ['protected_housing', 'economic_aid', 'journey_home']) expect(buyer).not.toContain(s);
  });
  test('an exposed adult is offered everything but KAST talks; the economic-aid unit decides on aid and housing', () => {
    expect(supportTypesFor({ ageGroup: 'adult', personRole: 'exposed', unitKind: 'adult' })).toEqual(SUPPORT_TYPES.filter((s) => s !== 'kast_talks' && s !== 'civil_society_referral'));
    expect(supportTypesFor({ ageGroup: 'adult', personRole: 'exposed', unitKind: 'economic_aid' })).toEqual(['economic_aid', 'long_term_housing']);
    expect(supportTypesFor({ ageGroup: 'adult', personRole: 'relative', unitKind: 'adult' })).toEqual(['support_talks']);
  });
  test('a referral to civil society is a referral to a directory entry, offered as a decision to no one (old decisions keep the type)', () => {
    for (const personRole of ['exposed', 'buys', 'relative', 'professional'])
      for (const unitKind of ['adult', 'children', 'kast', 'economic_aid'])
        for (const ageGroup of ['adult', '15_17', 'unknown']) expect(supportTypesFor({ ageGroup, personRole, unitKind })).not.toContain('civil_society_referral');
    expect(SUPPORT_TYPES).toContain('civil_society_referral');
    expect(decisionProblems({ supportType: 'civil_society_referral', outcome: 'granted', startsOn: '2026-03-01', endsOn: '2026-04-01', reasoning: 'Hänvisning till en ideell förening.' }, 'decisions', supportTypesFor({ ageGroup: 'adult', personRole: 'exposed', unitKind: 'adult' }))).toContain('supportTypeNotOffered');
  });
});

describe('measures', () => {
  const m = { outcome: 'granted', startsOn: '2026-03-01', endsOn: '2026-05-31', endedOn: null };
  test('a granted measure is planned, ongoing, past its end date or ended; a refusal is a refusal', () => {
    expect(measureState(m, '2026-02-28')).toBe('planned');
    expect(measureState(m, '2026-03-01')).toBe('ongoing');
    expect(measureState(m, '2026-06-01')).toBe('expired');
    expect(measureState({ ...m, endedOn: '2026-04-10' }, '2026-04-10')).toBe('ended');
    expect(measureState({ ...m, outcome: 'refused' }, '2026-04-10')).toBe('refused');
  });
  test('only a granted measure not yet ended can be ended, not before its start nor in the future; "other" needs a note', () => {
    const end = { endedOn: '2026-04-10', endReason: 'goal_reached' as const, endNote: '' };
    expect(endMeasureProblem(m, end, '2026-04-10')).toBeNull();
    expect(endMeasureProblem({ ...m, outcome: 'refused' }, end, '2026-04-10')).toBe('onlyGrantedEnds');
    expect(endMeasureProblem({ ...m, endedOn: '2026-04-01' }, end, '2026-04-10')).toBe('measureAlreadyEnded');
    expect(endMeasureProblem(m, { ...end, endedOn: '2026-02-01' }, '2026-04-10')).toBe('endBeforeStart');
    expect(endMeasureProblem(m, end, '2026-04-09')).toBe('endInFuture');
    expect(endMeasureProblem(m, { ...end, endReason: 'other' }, '2026-04-10')).toBe('endNeedsNote');
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
