import { describe, expect, test } from 'vitest';
import {
  acknowledgementProblem,
  consentWarnings,
  dependencyWarnings,
  economicAidWarnings,
  effectiveStatus,
  findCycle,
  followUpWarnings,
  measureProblem,
  mentionsSexBuyerIncome,
  planWarnings,
  warningsToAcknowledge,
  type DecisionFacts,
  type MeasureFacts,
} from './rules.ts';
import { findCycle as cycleOf } from './rules.ts';
import { PLAN_TEMPLATES } from './templates.ts';

const m = (id: string, over: Partial<MeasureFacts> = {}): MeasureFacts => ({
  id,
  title: id,
  kind: 'other',
  status: 'active',
  statusReason: null,
  dependsOn: [],
  startsOn: '2026-01-01',
  plannedEndOn: '2026-12-31',
  decisionId: null,
  ...over,
});
const eff = (x: MeasureFacts) => ({ ...x, effective: x.status });
const today = '2026-06-15';

describe('cycles between measures', () => {
  test('none in a tree of dependencies', () => {
    expect(findCycle([m('housing', { dependsOn: ['aid', 'permit'] }), m('aid'), m('permit'), m('trauma', { dependsOn: ['housing'] })])).toBeNull();
  });
  test('a two-step cycle is named, start repeated at the end', () => {
    expect(findCycle([m('a', { dependsOn: ['b'] }), m('b', { dependsOn: ['a'] })])).toEqual(['a', 'b', 'a']);
  });
  test('a longer cycle behind a measure outside it is named without that measure', () => {
    const cycle = findCycle([m('x', { dependsOn: ['a'] }), m('a', { dependsOn: ['b'] }), m('b', { dependsOn: ['c'] }), m('c', { dependsOn: ['a'] })]);
    expect(cycle).toEqual(['a', 'b', 'c', 'a']);
  });
  test('a diamond is no cycle; a dependency on an unknown measure is ignored', () => {
    expect(findCycle([m('top', { dependsOn: ['l', 'r'] }), m('l', { dependsOn: ['base'] }), m('r', { dependsOn: ['base'] }), m('base', { dependsOn: ['gone'] })])).toBeNull();
  });
  test('the templates have no cycles', () => {
    for (const t of PLAN_TEMPLATES) expect(cycleOf(t.measures.map((x) => ({ id: x.key, dependsOn: x.dependsOn }))), t.key).toBeNull();
  });
});

describe('a measure’s own facts', () => {
  test('end before start and a measure depending on itself are refused', () => {
    expect(measureProblem(m('a', { startsOn: '2026-05-01', plannedEndOn: '2026-04-30' }))).toBe('endBeforeStart');
    expect(measureProblem(m('a', { dependsOn: ['a'] }))).toBe('dependsOnItself');
    expect(measureProblem(m('a', { startsOn: '2026-05-01', plannedEndOn: '2026-05-01' }))).toBeNull();
    expect(measureProblem(m('a', { plannedEndOn: null }))).toBeNull();
  });
});

describe('warning: ending a measure others depend on', () => {
  test('ending the housing leaves the ongoing measures resting on it named', () => {
    const ws = dependencyWarnings([eff(m('housing', { status: 'ended' })), eff(m('aid', { dependsOn: ['housing'] })), eff(m('trauma', { dependsOn: ['housing'], status: 'planned' })), eff(m('job'))]);
    expect(ws).toEqual([expect.objectContaining({ key: 'dependency:housing', rule: 'dependency', measureId: 'housing', dependentIds: ['aid', 'trauma'] })]);
  });
  test('a refusal counts as well; a completed measure or a completed dependent does not warn', () => {
    expect(dependencyWarnings([eff(m('permit', { status: 'refused' })), eff(m('housing', { dependsOn: ['permit'] }))])).toHaveLength(1);
    expect(dependencyWarnings([eff(m('housing', { status: 'completed' })), eff(m('aid', { dependsOn: ['housing'] }))])).toEqual([]);
    expect(dependencyWarnings([eff(m('housing', { status: 'ended' })), eff(m('aid', { dependsOn: ['housing'], status: 'completed' }))])).toEqual([]);
  });
  test('a measure that is a municipal decision follows the decision: ended or refused there, ended here', () => {
    const decisions = new Map<string, DecisionFacts>([
      ['d1', { id: 'd1', supportType: 'protected_housing', outcome: 'granted', reasoning: 'Behov.', endedOn: '2026-06-01' }],
      ['d2', { id: 'd2', supportType: 'economic_aid', outcome: 'refused', reasoning: 'Inget behov.', endedOn: null }],
      ['d3', { id: 'd3', supportType: 'support_talks', outcome: 'granted', reasoning: 'Behov.', endedOn: null }],
    ]);
    expect(effectiveStatus({ status: 'active', decisionId: 'd1' }, decisions, today)).toBe('ended');
    expect(effectiveStatus({ status: 'active', decisionId: 'd1' }, decisions, '2026-05-31')).toBe('active');
    expect(effectiveStatus({ status: 'planned', decisionId: 'd2' }, decisions, today)).toBe('refused');
    expect(effectiveStatus({ status: 'active', decisionId: 'd3' }, decisions, today)).toBe('active');
    const ws = planWarnings(
      { measures: [m('housing', { decisionId: 'd1' }), m('trauma', { dependsOn: ['housing'] })], decisions: [...decisions.values()], followUps: [], consents: [] },
      today,
    );
    expect(ws.map((w) => w.key)).toEqual(['dependency:housing']);
  });
});

describe('warning: economic aid refused because of money from a sex buyer', () => {
  test('the reason is recognised in Swedish and English, and not without it', () => {
    expect(mentionsSexBuyerIncome('Har haft inkomster från sexköpare under månaden.')).toBe(true);
    expect(mentionsSexBuyerIncome('Fick pengar av en köpare')).toBe(true);
    expect(mentionsSexBuyerIncome('Income from a sex buyer this month')).toBe(true);
    expect(mentionsSexBuyerIncome('Har inkomst av arbete.')).toBe(false);
    expect(mentionsSexBuyerIncome(null)).toBe(false);
  });
  test('on a refused measure of the plan and on a refused decision of the case, and only on refusals of economic aid', () => {
    const measures = [
      eff(m('aid', { kind: 'economic_aid', status: 'refused', statusReason: 'Avslag: inkomst från sexköpare.' })),
      eff(m('aid2', { kind: 'economic_aid', status: 'active', statusReason: 'sexköpare' })),
      eff(m('talks', { kind: 'support_talks', status: 'refused', statusReason: 'sexköpare' })),
    ];
    const decisions: DecisionFacts[] = [
      { id: 'd1', supportType: 'economic_aid', outcome: 'refused', reasoning: 'Har fått betalt för sex.', endedOn: null },
      { id: 'd2', supportType: 'economic_aid', outcome: 'refused', reasoning: 'Har arbetsinkomst som räcker.', endedOn: null },
      { id: 'd3', supportType: 'economic_aid', outcome: 'granted', reasoning: 'Trots pengar från sexköpare beviljas bistånd.', endedOn: null },
    ];
    expect(economicAidWarnings(measures, decisions).map((w) => w.key)).toEqual(['economic_aid:measure:aid', 'economic_aid:decision:d1']);
  });
});

describe('warning: a follow-up overdue', () => {
  test('due before today and not held', () => {
    const ws = followUpWarnings(
      [
        { id: 'f1', dueOn: '2026-06-14', heldOn: null },
        { id: 'f2', dueOn: '2026-06-15', heldOn: null },
        { id: 'f3', dueOn: '2026-05-01', heldOn: '2026-05-02' },
      ],
      today,
    );
    expect(ws).toEqual([expect.objectContaining({ key: 'follow_up_overdue:f1', followUpId: 'f1', date: '2026-06-14' })]);
  });
});

describe('warning: a consent about to expire', () => {
  test('in force and ending within 14 days; withdrawn or far off does not warn here', () => {
    const ws = consentWarnings(
      [
        { id: 'c1', basis: 'consent', givenOn: '2026-01-01', expiresOn: '2026-06-29', withdrawnAt: null },
        { id: 'c2', basis: 'consent', givenOn: '2026-01-01', expiresOn: '2026-06-30', withdrawnAt: null },
        { id: 'c3', basis: 'consent', givenOn: '2026-01-01', expiresOn: '2026-06-20', withdrawnAt: '2026-06-01T00:00:00Z' },
      ],
      today,
    );
    expect(ws.map((w) => w.key)).toEqual(['consent_expiring:c1']);
  });
});

describe('acknowledging warnings', () => {
  test('only the warnings a change brings, not yet acknowledged, stop it', () => {
    const before = planWarnings({ measures: [m('a', { status: 'ended' }), m('b', { dependsOn: ['a'] })], decisions: [], followUps: [], consents: [] }, today);
    const after = planWarnings({ measures: [m('a', { status: 'ended' }), m('b', { dependsOn: ['a'] }), m('c', { status: 'ended' }), m('d', { dependsOn: ['c'] })], decisions: [], followUps: [], consents: [] }, today);
    expect(warningsToAcknowledge(before, after, new Set()).map((w) => w.key)).toEqual(['dependency:c']);
    expect(warningsToAcknowledge(before, after, new Set(['dependency:c']))).toEqual([]);
  });
  test('a reason is required', () => {
    expect(acknowledgementProblem('ok')).toBe('acknowledgementNeedsReason');
    expect(acknowledgementProblem('Personen har fått annat boende.')).toBeNull();
  });
});
