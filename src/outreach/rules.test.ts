import { describe, expect, test } from 'vitest';
import { acceptedProblem, defaultIntakeChannel, intakeSummary, shiftReport, shiftTimesProblem, type ContactFacts } from './rules.ts';

const contact = (o: Partial<ContactFacts> = {}): ContactFacts => ({ ageBand: '18_21', personRole: 'exposed', placeType: 'street', offered: [], accepted: [], followUp: null, intakeContactId: null, ...o });

describe('outreach rules', () => {
  test('only what was offered can be accepted', () => {
    expect(acceptedProblem(['support_talk', 'medical'], ['medical'])).toBeNull();
    expect(acceptedProblem(['support_talk'], ['shelter'])).toBe('acceptedNotOffered');
    expect(acceptedProblem([], [])).toBeNull();
  });

  test('a shift ends after it starts and lasts at most an action week of 14 days', () => {
    const at = (h: number) => new Date(Date.UTC(2026, 11, 4) + h * 3600_000);
    expect(shiftTimesProblem(at(18), at(23))).toBeNull();
    expect(shiftTimesProblem(at(18), at(18))).toBe('shiftEndsBeforeStart');
    expect(shiftTimesProblem(at(0), at(14 * 24))).toBeNull();
    expect(shiftTimesProblem(at(0), at(14 * 24 + 1))).toBe('shiftTooLong');
  });

  test('online shifts enter intake as online outreach, all others as street outreach', () => {
    expect(defaultIntakeChannel('online')).toBe('online_outreach');
    expect(defaultIntakeChannel('joint_police')).toBe('street_outreach');
    expect(defaultIntakeChannel('police_action_week')).toBe('street_outreach');
  });

  test('the report counts contacts, children, offers, acceptances, follow-ups and intakes', () => {
    const r = shiftReport([
      contact({ ageBand: '15_17', offered: ['support_talk', 'shelter'], accepted: ['shelter'], followUp: 'fredag' }),
      contact({ ageBand: '0_14', placeType: 'social_media', offered: ['support_talk'], intakeContactId: 'x' }),
      contact({ ageBand: '26_plus', personRole: 'buys', offered: ['kast_talks'], accepted: ['kast_talks'] }),
    ]);
    expect(r).toMatchObject({ contacts: 3, children: 2, followUps: 1, intakes: 1, byRole: { exposed: 2, buys: 1 }, byAgeBand: { '15_17': 1, '0_14': 1, '26_plus': 1 } });
    expect(r.offered).toMatchObject({ support_talk: 2, shelter: 1, kast_talks: 1, medical: 0 });
    expect(r.accepted).toMatchObject({ shelter: 1, kast_talks: 1, support_talk: 0 });
    expect(r.byPlace).toMatchObject({ street: 2, social_media: 1, hotel: 0 });
    expect(shiftReport([]).contacts).toBe(0);
  });

  test('the intake summary names the shift, the place and the offers in the given words', () => {
    const s = intakeSummary({ shiftKind: 'joint_police', placeType: 'hotel', offered: ['medical'], accepted: [], followUp: 'ring tisdag', note: null }, (k) => `<${k}>`);
    expect(s.split('\n')).toEqual(['<shift>: <kinds.joint_police>', '<place>: <places.hotel>', '<offered>: <offers.medical>', '<followUp>: ring tisdag']);
  });
});
