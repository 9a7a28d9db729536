/** Fixtures for outreach tests: a shift body and a contact body, fictional, with overrides. */
export function makeShiftBody(unitId: string, overrides: Record<string, unknown> = {}) {
  return {
    unitId,
    kind: 'joint_police',
    area: 'Centralstationen (fiktiv)',
    startsAt: '2026-12-04T18:00:00+01:00',
    endsAt: '2026-12-04T23:00:00+01:00',
    participants: [{ organisation: 'police', name: 'Polisassistent Testsson (fiktiv)', organisationName: 'Polisen, region Test' }],
    ...overrides,
  };
}

export function makeOutreachContact(overrides: Record<string, unknown> = {}) {
  return { ageBand: '18_21', gender: 'woman', personRole: 'exposed', placeType: 'street', offered: ['support_talk', 'medical'], accepted: ['support_talk'], ...overrides };
}
