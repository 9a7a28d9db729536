import { describe, expect, test } from 'vitest';
import { ageConflict, ageFactsLater, ageGroupOf, ageGroupToday, ageRange, deadlineState, isConcernReport, pickUnit, protectionAssessmentDue, reporterFeedback, routeContact, under15Consequence } from './rules.ts';

const ON = new Date('2026-06-15T12:00:00Z');

describe('conservative age', () => {
  test('when the facts disagree, the youngest plausible age decides and the conflict is shown', () => {
    // Says 18, but the birth year makes them 16 or 17.
    const facts = { statedAge: 18, birthYear: 2010 };
    expect(ageRange(facts, ON)).toEqual([15, 18]);
    expect(ageGroupOf(ageRange(facts, ON))).toBe('15_17');
    expect(ageConflict(facts, ON)).toBe(true);
    expect(routeContact({ ageGroup: ageGroupOf(ageRange(facts, ON)), personRole: 'exposed' })).toMatchObject({ unitKind: 'children', victim: true });
  });
  test('a birth date that makes them 16 is not overridden by a stated 19', () => {
    const facts = { birthDate: '2010-01-01', statedAge: 19 };
    expect(ageGroupOf(ageRange(facts, ON))).toBe('15_17');
    expect(ageConflict(facts, ON)).toBe(true);
  });
  test('facts that agree are no conflict; one fact alone never is', () => {
    expect(ageConflict({ statedAge: 16, birthYear: 2010 }, ON)).toBe(false);
    expect(ageConflict({ statedAge: 15, birthYear: 2010 }, ON)).toBe(false);
    expect(ageConflict({ statedAge: 14, birthYear: 2010 }, ON)).toBe(true);
    expect(ageConflict({ birthDate: '2010-01-01' }, ON)).toBe(false);
    expect(ageConflict({}, ON)).toBe(false);
  });
  test('an age stated at a contact grows by the whole years since', () => {
    expect(ageFactsLater({ statedAge: 17, statedOn: '2025-06-16' }, ON).statedAge).toBe(17);
    expect(ageFactsLater({ statedAge: 17, statedOn: '2025-06-15' }, ON).statedAge).toBe(18);
    expect(ageFactsLater({ birthDate: '2008-06-15', statedAge: null }, ON)).toEqual({ birthDate: '2008-06-15', birthYear: null, statedAge: null });
  });
});

describe('the age group today', () => {
  test('counts on Stockholm’s date: after midnight there an 18th birthday has come though UTC’s date is still the day before', () => {
    const facts = { birthDate: '2008-12-06' };
    expect(ageGroupToday(facts, new Date('2026-12-05T22:30:00Z'))).toBe('15_17'); // 23:30 on the 5th in Stockholm
    expect(ageGroupToday(facts, new Date('2026-12-05T23:30:00Z'))).toBe('adult'); // 00:30 on the 6th in Stockholm
    // Summer time: two hours ahead.
    expect(ageGroupToday({ birthDate: '2008-06-16' }, new Date('2026-06-15T22:30:00Z'))).toBe('adult');
  });

  test('an age stated at a contact has grown by the whole years since', () => {
    expect(ageGroupToday({ statedAge: 17, statedOn: '2025-12-06' }, new Date('2026-12-05T23:30:00Z'))).toBe('adult');
    expect(ageGroupToday({ statedAge: 17, statedOn: '2025-12-07' }, new Date('2026-12-05T23:30:00Z'))).toBe('15_17');
  });
});

describe('reports of concern (orosanmälan)', () => {
  test('any contact about a child reported by someone else is one, by any channel', () => {
    for (const channel of ['concern_report', 'police', 'school', 'healthcare', 'relative', 'chat_escalation', 'street_outreach', 'online_outreach'] as const) {
      expect(isConcernReport({ channel, aboutChild: true, hasReporter: false }), channel).toBe(true);
    }
    expect(isConcernReport({ channel: 'phone', aboutChild: true, hasReporter: true })).toBe(true);
  });
  test('a child’s own call without a reporter is not, nor is anything about an adult', () => {
    expect(isConcernReport({ channel: 'own_contact', aboutChild: true, hasReporter: false })).toBe(false);
    expect(isConcernReport({ channel: 'phone', aboutChild: true, hasReporter: false })).toBe(false);
    expect(isConcernReport({ channel: 'school', aboutChild: false, hasReporter: true })).toBe(false);
  });
  test('the protection assessment is due the same day', () => {
    expect(protectionAssessmentDue({ concernReport: true, receivedOn: '2026-02-20' })).toBe('2026-02-20');
    expect(protectionAssessmentDue({ concernReport: false, receivedOn: '2026-02-20' })).toBeNull();
  });
  test('deadlines: done, due today, overdue, pending, none', () => {
    expect(deadlineState('2026-06-15', false, '2026-06-15')).toBe('due_today');
    expect(deadlineState('2026-06-14', false, '2026-06-15')).toBe('overdue');
    expect(deadlineState('2026-06-16', false, '2026-06-15')).toBe('pending');
    expect(deadlineState('2026-06-14', true, '2026-06-15')).toBe('done');
    expect(deadlineState(null, false, '2026-06-15')).toBeNull();
  });
  test('a professional reporter is owed feedback; a relative only when they asked', () => {
    for (const kind of ['police', 'school', 'healthcare', 'social_services', 'other_professional'] as const) {
      expect(reporterFeedback({ kind, wantsFeedback: false }, true), kind).toBe('required');
    }
    expect(reporterFeedback({ kind: 'relative', wantsFeedback: true }, true)).toBe('requested');
    expect(reporterFeedback({ kind: 'relative', wantsFeedback: false }, true)).toBe('none');
    expect(reporterFeedback({ kind: 'school', wantsFeedback: true }, false)).toBe('none');
    expect(reporterFeedback(null, true)).toBe('none');
  });
  test('under 15: rape of a child, and a police report to consider', () => {
    expect(under15Consequence('under_15', true)).toEqual({ crime: 'rape_of_child', considerPoliceReport: true });
    expect(under15Consequence('15_17', true)).toBeNull();
    expect(under15Consequence('under_15', false)).toBeNull();
  });
});

describe('district routing', () => {
  const north = { id: 'n', name: 'Vuxen Norr', districtId: 'D-N' };
  const south = { id: 's', name: 'Vuxen Söder', districtId: 'D-S' };
  const city = { id: 'c', name: 'KAST', districtId: null };
  test('picks the unit of the person’s district, not the alphabetically first', () => {
    expect(pickUnit([north, south], { districtId: 'D-S', callerUnitIds: [] })).toEqual({ outcome: 'pick', unit: south });
    expect(pickUnit([north, south], { districtId: 'D-N', callerUnitIds: ['s'] })).toEqual({ outcome: 'pick', unit: north });
  });
  test('without a district, the caller’s own unit of the kind, else one candidate, else asks', () => {
    expect(pickUnit([north, south], { districtId: null, callerUnitIds: ['s'] })).toEqual({ outcome: 'pick', unit: south });
    expect(pickUnit([north], { districtId: null, callerUnitIds: [] })).toEqual({ outcome: 'pick', unit: north });
    expect(pickUnit([north, south], { districtId: null, callerUnitIds: [] })).toEqual({ outcome: 'ask', choices: [north, south] });
  });
  test('a district without a unit of the kind falls back to a municipality-wide one, else asks', () => {
    expect(pickUnit([north, city], { districtId: 'D-S', callerUnitIds: [] })).toEqual({ outcome: 'pick', unit: city });
    expect(pickUnit([north], { districtId: 'D-S', callerUnitIds: ['n'] })).toEqual({ outcome: 'ask', choices: [north] });
    expect(pickUnit([], { districtId: null, callerUnitIds: [] })).toEqual({ outcome: 'none' });
  });
});
